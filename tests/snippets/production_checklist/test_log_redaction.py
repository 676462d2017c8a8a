"""Secrets that the SDKs' own objects would print are redacted; ids and prices stay readable."""

from __future__ import annotations

import io
import json
import logging

import pytest
from eth_account import Account
from py_clob_client_v2 import ApiCreds, ClobClient, OrderArgs, PartialCreateOrderOptions
from py_clob_client_v2.order_utils.model.order_data_v2 import order_to_json_v2

from .code.log_redaction import REDACTED, install, redact

TOKEN = "97986244429993405301006613239860350847262749399039648046285499627250726259070"
CREDS = ApiCreds(
    api_key="5e1e9ad1-0bd1-4d2b-9d43-6b0e3a9c1f00",
    api_secret="c2VjcmV0LXNlY3JldC1zZWNyZXQ=",
    api_passphrase="a-long-passphrase-1",
)


@pytest.fixture
def log() -> tuple[logging.Logger, io.StringIO]:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    logger = logging.getLogger("bot.test_log_redaction")
    logger.handlers[:] = [handler]
    logger.propagate = False
    logger.setLevel(logging.DEBUG)
    install(handler)
    return logger, stream


def test_py_clob_client_v2_creds_repr_leaks_and_is_redacted(log) -> None:
    logger, stream = log
    assert CREDS.api_secret in repr(CREDS)  # the SDK's own repr prints the secret
    logger.info("using %r", CREDS)
    out = stream.getvalue()
    for secret in (CREDS.api_key, CREDS.api_secret, CREDS.api_passphrase):
        assert secret not in out
    assert out.count(REDACTED) == 3


def test_polymarket_client_creds_are_already_redacted_by_the_sdk() -> None:
    from polymarket import ApiKeyCreds

    creds = ApiKeyCreds(key=CREDS.api_key, secret=CREDS.api_secret, passphrase="p" * 12)
    assert CREDS.api_secret not in repr(creds) and CREDS.api_key not in str(creds)


@pytest.mark.vcr
def test_a_real_signed_order_body_keeps_ids_and_loses_owner_and_signature(log) -> None:
    logger, stream = log
    account = Account.create()
    client = ClobClient("https://clob.polymarket.com", chain_id=137, key=account.key.to_0x_hex())
    options = PartialCreateOrderOptions(tick_size="0.01", neg_risk=False, version=2)
    order = client.create_order(OrderArgs(token_id=TOKEN, price=0.51, size=10, side="BUY"), options)
    body = order_to_json_v2(order, CREDS.api_key, "GTC")
    logger.debug("posting %s", json.dumps(body))
    out = stream.getvalue()
    assert order.signature not in out and CREDS.api_key not in out
    assert TOKEN in out and '"makerAmount": "5100000"' in out and '"side": "BUY"' in out


def test_exception_tracebacks_are_redacted_too(log) -> None:
    logger, stream = log
    try:
        raise RuntimeError(f"auth failed with POLY_PASSPHRASE={CREDS.api_passphrase}")
    except RuntimeError:
        logger.exception("request failed")
    assert CREDS.api_passphrase not in stream.getvalue()


def test_private_keys_and_ws_auth_messages() -> None:
    key = Account.create().key.to_0x_hex()
    assert key[2:] not in redact(f"loaded private_key={key}")
    auth = {"auth": {"apiKey": CREDS.api_key, "secret": "s3cr3t-value", "passphrase": "pp-1234"}}
    clean = redact(json.dumps(auth))
    assert "s3cr3t-value" not in clean and CREDS.api_key not in clean and "pp-1234" not in clean
    tx = "0x" + "ab" * 32
    assert redact(f"order 0x{'cd' * 32} matched in {tx}") == f"order 0x{'cd' * 32} matched in {tx}"


def test_install_on_root_handlers() -> None:
    root = logging.getLogger()
    handler = logging.StreamHandler(io.StringIO())
    root.addHandler(handler)
    try:
        f = install()
        assert f in handler.filters
    finally:
        root.removeHandler(handler)
