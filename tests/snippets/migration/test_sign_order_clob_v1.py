"""V1 (py-clob-client) builds and signs offline, and its order differs from V2 as documented."""

from __future__ import annotations

import pytest
from eth_account.signers.local import LocalAccount

from .code.sign_order_clob_v1 import sign_limit_order_v1
from .code.sign_order_clob_v2 import sign_limit_order
from .conftest import TOKEN
from .eip712 import EXCHANGE, recover, v1_message, v2_message


@pytest.mark.vcr
def test_v1_signs_with_domain_version_1(account: LocalAccount, key: str) -> None:
    body = sign_limit_order_v1(key, TOKEN, price=0.55, size=10)
    assert body["maker"] == body["signer"] == account.address
    assert body["side"] == "BUY"
    assert (body["makerAmount"], body["takerAmount"]) == ("5500000", "10000000")  # 5.5 for 10
    assert (body["nonce"], body["feeRateBps"]) == ("0", "0")
    assert body["taker"] == "0x" + "0" * 40
    message = v1_message(body)
    assert recover(message, body["signature"], "1", EXCHANGE["1"]) == account.address
    # The same bytes under the V2 domain version do not recover the signer.
    assert recover(message, body["signature"], "2", EXCHANGE["1"]) != account.address


@pytest.mark.vcr
def test_v1_and_v2_orders_differ_in_fields_and_domain(account: LocalAccount, key: str) -> None:
    v1 = sign_limit_order_v1(key, TOKEN, price=0.55, size=10)
    v2 = sign_limit_order(key, TOKEN, price=0.55, size=10)
    v2_fields = set(vars(v2))
    assert set(v1) - v2_fields == {"nonce", "feeRateBps", "taker"}
    assert v2_fields - set(v1) == {"timestamp", "metadata", "builder"}
    # Same economics: the amounts do not change between versions.
    assert (v1["makerAmount"], v1["takerAmount"]) == (v2.makerAmount, v2.takerAmount)
    # Each signature verifies only under its own domain version and exchange.
    m2 = v2_message(**vars(v2))
    assert recover(m2, v2.signature, "2", EXCHANGE["2"]) == account.address
    assert recover(m2, v2.signature, "1", EXCHANGE["2"]) != account.address
    assert recover(m2, v2.signature, "2", EXCHANGE["1"]) != account.address
    assert v1["signature"] != v2.signature
