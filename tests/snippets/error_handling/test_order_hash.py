"""The order id is the EIP-712 hash of the signed order: checked on genuine captures."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest
from py_clob_client_v2.order_utils.exchange_order_builder_v2 import ExchangeOrderBuilderV2
from py_clob_client_v2.order_utils.model.order_data_v2 import OrderV2

from scripts.cassette_format import load
from snippets.error_handling.order_hash import EXCHANGE_V1, EXCHANGE_V2, EXCHANGE_V3, order_id

HERE = Path(__file__).resolve()
CASSETTES = HERE.parents[3] / "cassettes" / "error_handling" / "test_order_hash"


@pytest.mark.vcr
@pytest.mark.parametrize("name", ["poly_full_fill_real.json", "poly_partial_fill_real.json"])
def test_v1_capture_order_id_is_the_hash(name: str) -> None:
    """GENUINE V1 POST /order exchanges (2026-01-20): hashing the posted order gives exactly
    the orderID the CLOB returned. The request is replayed, so the body below is the one that
    was sent (signature redacted: the hash does not include it)."""
    cassette = load(CASSETTES / f"test_v1_capture_order_id_is_the_hash[{name}].yaml")
    body = json.loads(cassette["interactions"][0]["request"]["body"])
    reply = httpx.post("https://clob.polymarket.com/order", json=body).json()
    assert reply["success"] and order_id(body["order"], EXCHANGE_V1) == reply["orderID"]


@pytest.mark.parametrize(("exchange", "version"), [(EXCHANGE_V2, "2"), (EXCHANGE_V3, "3")])
def test_v2_matches_the_sdk_hash(exchange: str, version: str) -> None:
    wire = {
        "salt": 897912000000,
        "maker": "0x60C69b838AFe891CeDA663fB5F4Efe0a36EC8d8A",
        "signer": "0x60C69b838AFe891CeDA663fB5F4Efe0a36EC8d8A",
        "tokenId": "97986244429993405301006613239860350847262749399039648046285499627250726259070",
        "makerAmount": "5000000",
        "takerAmount": "10000000",
        "side": "BUY",
        "signatureType": 0,
        "timestamp": "1795824000000",
        "metadata": "0x" + "00" * 32,
        "builder": "0x" + "00" * 32,
    }
    builder = ExchangeOrderBuilderV2(exchange, 137, None, domain_version=version)
    sdk_order = OrderV2(**(wire | {"side": 0, "salt": str(wire["salt"])}))
    expected = builder.build_order_hash(builder.build_order_typed_data(sdk_order))
    assert order_id(wire, exchange) == expected
    assert order_id(wire | {"side": "SELL"}, exchange) != expected
