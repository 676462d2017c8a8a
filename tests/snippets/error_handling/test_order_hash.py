"""The order id is the EIP-712 hash of the signed order: checked on genuine captures."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest
from py_clob_client_v2.config import get_contract_config
from py_clob_client_v2.order_utils.exchange_order_builder_v2 import ExchangeOrderBuilderV2
from py_clob_client_v2.order_utils.model.order_data_v2 import OrderV2

from scripts.cassette_format import load
from snippets.error_handling.order_hash import (
    AMOY,
    EXCHANGE_V1,
    EXCHANGE_V2,
    EXCHANGE_V3,
    NEG_RISK_EXCHANGE_V2,
    POLYGON,
    domain_version,
    exchange_for,
    is_position_id,
    order_id,
)

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


AMOY_CONFIG = get_contract_config(AMOY)
SDK_EXCHANGES = [
    (chain, getattr(get_contract_config(chain), name), version)
    for chain in (POLYGON, AMOY)
    for name, version in (("exchange_v2", "2"), ("neg_risk_exchange_v2", "2"), ("exchange_v3", "3"))
]


@pytest.mark.parametrize(("chain", "exchange", "version"), SDK_EXCHANGES)
def test_v2_matches_the_sdk_hash(chain: int, exchange: str, version: str) -> None:
    """Every exchange of py-clob-client-v2's config, on Polygon and on Amoy: same hash as the
    SDK's own builder with the domain version it signs with ("3" on either Exchange V3)."""
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
    builder = ExchangeOrderBuilderV2(exchange, chain, None, domain_version=version)
    sdk_order = OrderV2(**(wire | {"side": 0, "salt": str(wire["salt"])}))
    expected = builder.build_order_hash(builder.build_order_typed_data(sdk_order))
    assert domain_version(exchange) == version
    assert order_id(wire, exchange, chain) == expected
    assert order_id(wire | {"side": "SELL"}, exchange, chain) != expected


POSITION = str((1 << 248) | (0xABCDEF << 104))
TOKEN = "97986244429993405301006613239860350847262749399039648046285499627250726259070"


@pytest.mark.parametrize(
    ("token", "neg_risk", "chain", "expected"),
    [
        (TOKEN, False, POLYGON, EXCHANGE_V2),
        (TOKEN, True, POLYGON, NEG_RISK_EXCHANGE_V2),
        (POSITION, True, POLYGON, EXCHANGE_V3),  # a position ignores neg_risk, as the SDKs do
        (POSITION, False, AMOY, AMOY_CONFIG.exchange_v3),
        (TOKEN, True, AMOY, AMOY_CONFIG.neg_risk_exchange_v2),
    ],
)
def test_exchange_comes_from_the_market(
    token: str, neg_risk: bool, chain: int, expected: str
) -> None:
    assert exchange_for(token, neg_risk=neg_risk, chain_id=chain) == expected


@pytest.mark.parametrize("token", [TOKEN, POSITION, "0x" + "00" * 31 + "07", "0b101", "junk", "-1"])
def test_position_ids_are_told_apart_like_the_sdk(token: str) -> None:
    from polymarket._internal.protocol import is_v2_position_id

    assert is_position_id(token) == is_v2_position_id(token)


def test_an_unknown_chain_is_refused() -> None:
    with pytest.raises(ValueError, match="chain 1"):
        exchange_for(TOKEN, neg_risk=False, chain_id=1)
