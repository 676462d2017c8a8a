"""What a resolved market pays, and the redemption call data, without sending anything.

SDK-free (eth_abi / eth_utils). Redemption targets follow polymarket-client 0.14.0
(`SecureClient.redeem_positions`): CTF markets call `redeemPositions` on the collateral
adapter (neg-risk or not) with pUSD as collateral; Protocol V2 positions call the Router's
`redeem(bytes31 conditionId, uint256 outcomeIndex, uint256 amount)`. Read 2026-11-28.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from eth_abi import encode
from eth_utils import keccak

PUSD = "0xC011a7E12a19f7B1f670d46F03B03f3342E82DFB"
CTF_COLLATERAL_ADAPTER = "0xAdA100Db00Ca00073811820692005400218FcE1f"
NEG_RISK_CTF_COLLATERAL_ADAPTER = "0xadA2005600Dec949baf300f4C6120000bDB6eAab"
PROTOCOL_V2_ROUTER = "0x12121212006e4CD160D18e3f00711DA5c3372600"


# --8<-- [start:payout]
@dataclass(frozen=True)
class ResolvedMarket:
    condition_id: str
    asset_ids: tuple[str, ...]  # in outcome order: YES first
    winning_asset_id: str | None


def from_market_resolved(message: Mapping[str, Any]) -> ResolvedMarket:
    """Parse a `market_resolved` frame from the CLOB market channel."""
    if message.get("event_type") != "market_resolved":
        raise ValueError(f"not a market_resolved event: {message.get('event_type')!r}")
    return ResolvedMarket(
        condition_id=str(message["market"]),
        asset_ids=tuple(message.get("assets_ids") or message.get("asset_ids") or ()),
        winning_asset_id=message.get("winning_asset_id"),
    )


def payout_per_share(
    market: ResolvedMarket, payout_numerators: Sequence[int] | None = None
) -> dict[str, Decimal]:
    """pUSD per share for each outcome. The event names a winner (1 and 0); a 50/50 resolution
    is only visible on-chain, as CTF payoutNumerators such as [1, 1] (0.5 each)."""
    if payout_numerators is not None:
        total = sum(payout_numerators)
        if len(payout_numerators) != len(market.asset_ids) or total <= 0:
            raise ValueError(f"bad payout numerators {list(payout_numerators)}")
        return {
            a: Decimal(n) / total for a, n in zip(market.asset_ids, payout_numerators, strict=True)
        }
    if market.winning_asset_id not in market.asset_ids:
        raise ValueError(f"winner {market.winning_asset_id} is not one of {market.asset_ids}")
    return {a: Decimal(a == market.winning_asset_id) for a in market.asset_ids}


def redemption_value(
    balances: Mapping[str, Decimal],
    market: ResolvedMarket,
    payout_numerators: Sequence[int] | None = None,
) -> Decimal:
    """pUSD that redeeming every share of this market you hold would return."""
    per_share = payout_per_share(market, payout_numerators)
    return sum((balances.get(a, Decimal(0)) * p for a, p in per_share.items()), Decimal(0))


@dataclass(frozen=True)
class ResolutionReport:
    condition_id: str
    canceled: tuple[str, ...]
    not_canceled: dict[str, str]  # order id -> reason, from the cancel response
    payout: Decimal  # pUSD that redeeming will return
    should_redeem: bool


def resolution_report(
    market: ResolvedMarket,
    canceled: Iterable[str],
    not_canceled: Mapping[str, str],
    balances: Mapping[str, Decimal],
) -> ResolutionReport:
    """What the handler did (the cancel response) and what redeeming will pay."""
    payout = redemption_value(balances, market)
    return ResolutionReport(
        market.condition_id, tuple(canceled), dict(not_canceled), payout, payout > 0
    )


# --8<-- [end:payout]


# --8<-- [start:calldata]
def _selector(signature: str) -> bytes:
    return keccak(text=signature)[:4]


def redeem_ctf_call(condition_id: str, neg_risk: bool) -> tuple[str, str]:
    """(to, data) for redeeming a CTF market's positions: both index sets [1, 2]."""
    condition = bytes.fromhex(condition_id.removeprefix("0x"))
    if len(condition) != 32:
        raise ValueError(f"condition id must be 32 bytes, got {len(condition)}")
    to = NEG_RISK_CTF_COLLATERAL_ADAPTER if neg_risk else CTF_COLLATERAL_ADAPTER
    args = encode(
        ["address", "bytes32", "bytes32", "uint256[]"], [PUSD, b"\x00" * 32, condition, [1, 2]]
    )
    selector = _selector("redeemPositions(address,bytes32,bytes32,uint256[])")
    return to, "0x" + (selector + args).hex()


def redeem_v2_call(position_id: str, amount: int) -> tuple[str, str]:
    """(to, data) for redeeming `amount` base units (6 decimals) of a Protocol V2 position.
    A position id is the 31-byte condition id followed by the outcome index byte."""
    raw = int(position_id).to_bytes(32, "big")
    condition, outcome_index = raw[:31], raw[31]
    if outcome_index not in (0, 1) or amount <= 0:
        raise ValueError(f"outcome index {outcome_index} / amount {amount} not redeemable")
    args = encode(["bytes31", "uint256", "uint256"], [condition, outcome_index, amount])
    return PROTOCOL_V2_ROUTER, "0x" + (_selector("redeem(bytes31,uint256,uint256)") + args).hex()


# --8<-- [end:calldata]
