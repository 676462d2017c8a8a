"""Which exchange, signing domain and id an order uses: CTF markets vs Protocol V2 markets.

SDK-free (eth_account only). Addresses: docs.polymarket.com/resources/contracts and the SDKs'
own config (polymarket `environments.py`, py-clob-client-v2 `config.py`), read 2026-11-28.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from eth_account import Account
from eth_account.messages import encode_typed_data

POLYGON = 137
# --8<-- [start:addresses]
EXCHANGE_V2 = "0xE111180000d2663C0091e4f400237545B87B996B"  # CTF Exchange (CLOB V2)
NEG_RISK_EXCHANGE_V2 = "0xe2222d279d744050d28e00520010520000310F59"  # Neg Risk CTF Exchange
EXCHANGE_V3 = "0xe3333700cA9d93003F00f0F71f8515005F6c00Aa"  # Protocol V2 positions
NEG_RISK_ADAPTER = "0xd91E80cF2E7be2e162c6513ceD06f1dD0dA35296"  # "CLOB v1, deprecated"
CONDITIONAL_TOKENS = "0x4D97DCd97eC945f40cF65F87097ACe5EA0476045"  # CTF (ERC-1155)
PUSD = "0xC011a7E12a19f7B1f670d46F03B03f3342E82DFB"  # collateral
CTF_COLLATERAL_ADAPTER = "0xAdA100Db00Ca00073811820692005400218FcE1f"
NEG_RISK_CTF_COLLATERAL_ADAPTER = "0xadA2005600Dec949baf300f4C6120000bDB6eAab"
PROTOCOL_V2_ROUTER = "0x12121212006e4CD160D18e3f00711DA5c3372600"
POSITION_MANAGER = "0x006F54F7f9A22e0000CC2AB60031000000ae9fEF"
# --8<-- [end:addresses]

Version = Literal["v1", "v2"]
Outcome = Literal["yes", "no"]


class MarketVersionError(ValueError):
    """The market's version or ids do not say unambiguously what to trade."""


# --8<-- [start:route]
@dataclass(frozen=True)
class OrderRoute:
    """Everything about a market that decides how its orders are signed and funded."""

    version: Version
    exchange: str  # the EIP-712 verifyingContract
    domain_version: str  # the EIP-712 domain version: "2" for CTF, "3" for Protocol V2
    balance_asset_type: str  # what /balance-allowance calls the outcome tokens


def route_for(version: Version, neg_risk: bool) -> OrderRoute:
    """CTF ("v1") markets: Exchange V2, or the neg-risk exchange when flagged.
    Protocol V2 ("v2") markets: Exchange V3 whatever neg_risk says."""
    if version == "v2":
        return OrderRoute("v2", EXCHANGE_V3, "3", "CONDITIONAL-V2")
    if version == "v1":
        exchange = NEG_RISK_EXCHANGE_V2 if neg_risk else EXCHANGE_V2
        return OrderRoute("v1", exchange, "2", "CONDITIONAL")
    raise MarketVersionError(f"unsupported market version {version!r} (expected 'v1' or 'v2')")


# --8<-- [end:route]


# --8<-- [start:trading-id]
_DECIMAL = re.compile(r"[0-9]+")
_V2_RESERVED_BITS = ((1 << 64) - 1) << 40  # always zero in a Protocol V2 position id


def looks_like_position_id(asset_id: str) -> bool:
    """True when an id sits in the Protocol V2 position-id space (reserved bits all zero).
    A CTF token id is a hash: its reserved bits are never all zero in practice."""
    return bool(_DECIMAL.fullmatch(asset_id)) and int(asset_id) & _V2_RESERVED_BITS == 0


def _ids(raw: Any, field: str) -> list[str]:
    ids = json.loads(raw) if isinstance(raw, str) else raw  # clobTokenIds is JSON text
    if not isinstance(ids, list) or not all(
        isinstance(i, str) and _DECIMAL.fullmatch(i) for i in ids
    ):
        raise MarketVersionError(f"{field} is missing or not a list of decimal strings: {raw!r}")
    return ids


def trading_id(market: Mapping[str, Any], outcome: str) -> tuple[str, OrderRoute]:
    """The id to put in an order for `outcome` of a raw Gamma market, and how to sign it.

    Chooses by `version`, never by which id field is present (both can be)."""
    version = market.get("version")
    if version not in ("v1", "v2"):
        raise MarketVersionError(
            f"market {market.get('id')}: missing or unsupported version {version!r}"
        )
    labels = [str(label).lower() for label in json.loads(market.get("outcomes") or "[]")]
    if outcome.lower() not in labels:
        raise MarketVersionError(f"market {market.get('id')} has no outcome {outcome!r}: {labels}")
    field = "positionIds" if version == "v2" else "clobTokenIds"
    ids = _ids(market.get(field), field)
    if len(ids) != len(labels):
        raise MarketVersionError(f"{field} has {len(ids)} ids for {len(labels)} outcomes")
    asset_id = ids[labels.index(outcome.lower())]
    if looks_like_position_id(asset_id) != (version == "v2"):
        raise MarketVersionError(f"{field} id {asset_id} does not look like a {version} id")
    return asset_id, route_for(version, bool(market.get("negRisk")))


# --8<-- [end:trading-id]


# --8<-- [start:verify]
ORDER_FIELDS = [
    {"name": "salt", "type": "uint256"},
    {"name": "maker", "type": "address"},
    {"name": "signer", "type": "address"},
    {"name": "tokenId", "type": "uint256"},
    {"name": "makerAmount", "type": "uint256"},
    {"name": "takerAmount", "type": "uint256"},
    {"name": "side", "type": "uint8"},
    {"name": "signatureType", "type": "uint8"},
    {"name": "timestamp", "type": "uint256"},
    {"name": "metadata", "type": "bytes32"},
    {"name": "builder", "type": "bytes32"},
]


def recover_order_signer(
    message: Mapping[str, Any], signature: str, route: OrderRoute, chain_id: int = POLYGON
) -> str:
    """The address that signed `message` (an EOA order) under `route`'s EIP-712 domain.

    If it is not your signer, the order was signed for another exchange or domain and the
    CLOB would reject it (or, worse, it targets the wrong market type)."""
    typed = {
        "types": {
            "EIP712Domain": [
                {"name": "name", "type": "string"},
                {"name": "version", "type": "string"},
                {"name": "chainId", "type": "uint256"},
                {"name": "verifyingContract", "type": "address"},
            ],
            "Order": ORDER_FIELDS,
        },
        "primaryType": "Order",
        "domain": {
            "name": "Polymarket CTF Exchange",
            "version": route.domain_version,
            "chainId": chain_id,
            "verifyingContract": route.exchange,
        },
        "message": dict(message),
    }
    return Account.recover_message(encode_typed_data(full_message=typed), signature=signature)


# --8<-- [end:verify]
