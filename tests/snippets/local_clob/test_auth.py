"""L1 and L2 checks with headers both SDKs build."""

from __future__ import annotations

import time

import pytest
from eth_account import Account
from polymarket._internal.hmac import build_hmac_signature
from py_clob_client_v2.clob_types import RequestArgs
from py_clob_client_v2.headers.headers import create_level_1_headers, create_level_2_headers
from py_clob_client_v2.signer import Signer

from .code.auth import INVALID_API_KEY, INVALID_L1, ApiKeys, AuthError


def test_keys_derive_from_seed_address_and_nonce() -> None:
    keys = ApiKeys(seed=7)
    address = Account.create().address
    created = keys.create(address)
    assert created is not None and keys.create(address) is None
    assert keys.derive(address.lower()) == created
    assert (
        ApiKeys(seed=7)._make(address, 0) == created
        and ApiKeys(seed=8)._make(address, 0) != created
    )
    keys.delete(created.key)
    assert keys.derive(address) is None and keys.keys_of(address) == []


def test_l1_headers_of_py_clob_client_v2() -> None:
    keys, account = ApiKeys(), Account.create()
    signer = Signer(account.key.to_0x_hex(), 137)
    headers = create_level_1_headers(signer, nonce=4)
    assert keys.check_l1(headers, time.time()) == (account.address, 4)
    with pytest.raises(AuthError) as err:
        keys.check_l1(headers, time.time() + 3600)  # stale
    assert err.value.body == INVALID_L1
    for broken in ({**headers, "POLY_NONCE": "x"}, {"POLY_ADDRESS": account.address},
                   {**headers, "POLY_ADDRESS": Account.create().address},
                   {**headers, "POLY_TIMESTAMP": "soon"}):  # fmt: skip
        with pytest.raises(AuthError):
            keys.check_l1(broken, time.time())


def test_l2_headers_of_both_sdks() -> None:
    keys, account = ApiKeys(), Account.create()
    key = keys.create(account.address)
    assert key is not None
    from py_clob_client_v2 import ApiCreds

    creds = ApiCreds(key.key, key.secret, key.passphrase)
    args = RequestArgs("DELETE", "/order", {"orderID": "0x1"}, '{"orderID":"0x1"}')
    headers = create_level_2_headers(Signer(account.key.to_0x_hex(), 137), creds, args)
    now = time.time()
    assert keys.check_l2(headers, "DELETE", "/order", '{"orderID":"0x1"}', now) == key
    ts = int(now)
    pm = build_hmac_signature(secret=key.secret, timestamp=ts, method="GET", path="/data/orders")
    pm_headers = {**headers, "POLY_SIGNATURE": pm, "POLY_TIMESTAMP": str(ts)}
    assert keys.check_l2(pm_headers, "GET", "/data/orders", "", now) == key
    for broken, method in (
        (headers, "GET"),  # signed for another request
        ({**headers, "POLY_PASSPHRASE": "x"}, "DELETE"),
        ({**headers, "POLY_API_KEY": "nope"}, "DELETE"),
        ({k: v for k, v in headers.items() if k != "POLY_SIGNATURE"}, "DELETE"),
    ):
        with pytest.raises(AuthError) as err:
            keys.check_l2(broken, method, "/order", '{"orderID":"0x1"}', now)
        assert err.value.body == INVALID_API_KEY
    with pytest.raises(AuthError):
        keys.check_l2(headers, "DELETE", "/order", '{"orderID":"0x1"}', now + 60)  # stale
    with pytest.raises(AuthError):
        keys.check_l2({**headers, "POLY_TIMESTAMP": "noon"}, "DELETE", "/order", "", now)
