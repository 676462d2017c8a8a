"""Routes, ids and signer recovery, checked against both SDKs' own configuration and parsers."""

from __future__ import annotations

import json

import pytest
from eth_account import Account
from eth_account.messages import encode_typed_data
from polymarket import PRODUCTION
from polymarket._internal.protocol import is_v2_position_id
from py_clob_client_v2.config import get_contract_config

from snippets.market_versions import exchanges as ex
from tests.snippets.market_versions.v2_market import V2_GAMMA_MARKET, V2_NO, V2_YES

SDK = PRODUCTION._config
CLOB_V2 = get_contract_config(137)
CTF_YES = "22978793223071892222859460592277435458011604214087068523744633723809814935807"


def test_addresses_match_both_sdks() -> None:
    assert ex.EXCHANGE_V2 == SDK.standard_exchange == CLOB_V2.exchange_v2
    assert ex.NEG_RISK_EXCHANGE_V2 == SDK.neg_risk_exchange == CLOB_V2.neg_risk_exchange_v2
    assert ex.EXCHANGE_V3 == SDK.exchange_v3 == CLOB_V2.exchange_v3
    assert ex.NEG_RISK_ADAPTER == SDK.neg_risk_adapter == CLOB_V2.neg_risk_adapter
    assert ex.CONDITIONAL_TOKENS == SDK.conditional_tokens == CLOB_V2.conditional_tokens
    assert ex.PUSD == SDK.collateral_token == CLOB_V2.collateral
    assert SDK.collateral_adapter == ex.CTF_COLLATERAL_ADAPTER
    assert SDK.neg_risk_collateral_adapter == ex.NEG_RISK_CTF_COLLATERAL_ADAPTER
    assert SDK.protocol_v2_router == ex.PROTOCOL_V2_ROUTER
    assert SDK.position_manager == ex.POSITION_MANAGER


@pytest.mark.parametrize(
    ("version", "neg_risk", "exchange", "domain", "asset_type"),
    [
        ("v1", False, ex.EXCHANGE_V2, "2", "CONDITIONAL"),
        ("v1", True, ex.NEG_RISK_EXCHANGE_V2, "2", "CONDITIONAL"),
        ("v2", False, ex.EXCHANGE_V3, "3", "CONDITIONAL-V2"),
        ("v2", True, ex.EXCHANGE_V3, "3", "CONDITIONAL-V2"),  # neg-risk ignored on V2
    ],
)
def test_route_for(version, neg_risk, exchange, domain, asset_type) -> None:
    route = ex.route_for(version, neg_risk)
    assert (route.exchange, route.domain_version, route.balance_asset_type) == (
        exchange,
        domain,
        asset_type,
    )


def test_unknown_version_is_refused() -> None:
    with pytest.raises(ex.MarketVersionError, match="unsupported market version 'v3'"):
        ex.route_for("v3", False)  # type: ignore[arg-type]


@pytest.mark.parametrize("asset_id", [V2_YES, V2_NO, CTF_YES, "12", "0x01", "-5"])
def test_position_id_check_agrees_with_sdk(asset_id: str) -> None:
    expected = is_v2_position_id(asset_id) and asset_id.isdigit()
    assert ex.looks_like_position_id(asset_id) is expected


def test_v2_market_uses_position_ids_even_when_token_ids_are_present() -> None:
    both = dict(V2_GAMMA_MARKET, clobTokenIds=json.dumps([CTF_YES, "1"]))
    asset_id, route = ex.trading_id(both, "No")
    assert asset_id == V2_NO and route.exchange == ex.EXCHANGE_V3


def test_v1_market_uses_clob_token_ids() -> None:
    market = {
        "id": "1",
        "version": "v1",
        "negRisk": True,
        "outcomes": '["Yes", "No"]',
        "clobTokenIds": json.dumps([CTF_YES, "2" * 77]),
    }
    assert ex.trading_id(market, "yes") == (CTF_YES, ex.route_for("v1", True))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"version": None}, "missing or unsupported version None"),
        ({"version": "v9"}, "unsupported version 'v9'"),
        ({"positionIds": None}, "positionIds is missing"),
        ({"positionIds": ["0x12", "3"]}, "not a list of decimal strings"),
        ({"positionIds": [V2_YES]}, "1 ids for 2 outcomes"),
        ({"positionIds": [CTF_YES, V2_NO]}, f"id {CTF_YES} does not look like a v2 id"),
        ({"outcomes": '["Trump", "Harris"]'}, "has no outcome 'yes'"),
    ],
)
def test_ambiguous_markets_are_refused(change: dict, message: str) -> None:
    with pytest.raises(ex.MarketVersionError, match=message.replace("(", r"\(")):
        ex.trading_id(dict(V2_GAMMA_MARKET) | change, "yes")


def test_v1_market_with_a_position_id_is_refused() -> None:
    market = {"id": "1", "version": "v1", "outcomes": '["Yes","No"]'}
    market["clobTokenIds"] = json.dumps([V2_YES, V2_NO])
    with pytest.raises(ex.MarketVersionError, match="does not look like a v1 id"):
        ex.trading_id(market, "yes")


def test_recover_order_signer_proves_the_domain() -> None:
    signer = Account.create()
    message = {
        "salt": 1,
        "maker": signer.address,
        "signer": signer.address,
        "tokenId": int(V2_YES),
        "makerAmount": 5_000_000,
        "takerAmount": 10_000_000,
        "side": 0,
        "signatureType": 0,
        "timestamp": 1_795_000_000_000,
        "metadata": "0x" + "00" * 32,
        "builder": "0x" + "00" * 32,
    }
    v3 = ex.route_for("v2", False)
    typed = {
        "types": {
            "EIP712Domain": [
                {"name": "name", "type": "string"},
                {"name": "version", "type": "string"},
                {"name": "chainId", "type": "uint256"},
                {"name": "verifyingContract", "type": "address"},
            ],
            "Order": ex.ORDER_FIELDS,
        },
        "primaryType": "Order",
        "domain": {
            "name": "Polymarket CTF Exchange",
            "version": "3",
            "chainId": 137,
            "verifyingContract": ex.EXCHANGE_V3,
        },
        "message": message,
    }
    signature = signer.sign_message(encode_typed_data(full_message=typed)).signature.to_0x_hex()
    assert ex.recover_order_signer(message, signature, v3) == signer.address
    # the same signature checked against Exchange V2 / domain "2" recovers somebody else
    assert ex.recover_order_signer(message, signature, ex.route_for("v1", False)) != signer.address
