"""Payouts and redemption call data, cross-checked with polymarket-client's own builders."""

from __future__ import annotations

from decimal import Decimal

import pytest
from eth_utils import keccak
from polymarket import PRODUCTION
from polymarket._internal.actions.relayer.calls import (
    ctf_redeem_positions_call,
    router_redeem_call,
)

from snippets.resolution import payout as p

#: The docs-derived Protocol V2 position ids of tests/snippets/market_versions/v2_market.py,
#: rebuilt here so that this folder's tests run on their own: module byte 1 (binary), a
#: keccak-labelled condition, 12 zero bytes, then the outcome byte (0 YES, 1 NO).
_CONDITION31 = (
    b"\x01"
    + keccak(text="polymarket-field-guide docs-derived Protocol V2 example")[:18]
    + b"\x00" * 12
)
V2_CONDITION_ID = "0x" + (_CONDITION31 + b"\x00").hex()
V2_YES = str(int.from_bytes(_CONDITION31 + b"\x00", "big"))
V2_NO = str(int.from_bytes(_CONDITION31 + b"\x01", "big"))

#: The docs-derived market_resolved example (nautilus_trader ws_market_resolved_msg.json).
RESOLVED = {
    "event_type": "market_resolved",
    "id": "1031769",
    "market": "0x311d0c4b6671ab54af4970c06fcf58662516f5168997bdda209ec3db5aa6b0c1",
    "assets_ids": [
        "76043073756653678226373981964075571318267289248134717369284518995922789326425",
        "31690934263385727664202099278545688007799199447969475608906331829650099442770",
    ],
    "winning_asset_id": (
        "76043073756653678226373981964075571318267289248134717369284518995922789326425"
    ),
    "winning_outcome": "Yes",
    "timestamp": "1766790415550",
    "tags": ["stocks"],
}
YES, NO = RESOLVED["assets_ids"]
assert RESOLVED["winning_asset_id"] == YES
SDK = PRODUCTION._config


def test_addresses_match_the_sdk() -> None:
    assert SDK.collateral_token == p.PUSD
    assert (
        SDK.collateral_adapter,
        SDK.neg_risk_collateral_adapter,
    ) == (p.CTF_COLLATERAL_ADAPTER, p.NEG_RISK_CTF_COLLATERAL_ADAPTER)
    assert SDK.protocol_v2_router == p.PROTOCOL_V2_ROUTER


def test_winner_pays_one_loser_nothing() -> None:
    market = p.from_market_resolved(RESOLVED)
    assert market.condition_id == RESOLVED["market"]
    assert p.payout_per_share(market) == {YES: Decimal(1), NO: Decimal(0)}
    holdings = {YES: Decimal("120.5"), NO: Decimal("40")}
    assert p.redemption_value(holdings, market) == Decimal("120.5")


def test_fifty_fifty_from_payout_numerators() -> None:
    market = p.from_market_resolved(RESOLVED)
    per_share = p.payout_per_share(market, [1, 1])
    assert per_share == {YES: Decimal("0.5"), NO: Decimal("0.5")}
    assert p.redemption_value({YES: Decimal(10), NO: Decimal(4)}, market, [1, 1]) == Decimal(7)


@pytest.mark.parametrize(
    ("message", "numerators", "error"),
    [
        (dict(RESOLVED, event_type="new_market"), None, "not a market_resolved event"),
        (dict(RESOLVED, winning_asset_id="1"), None, "winner 1 is not one of"),
        (RESOLVED, [0, 0], r"bad payout numerators \[0, 0\]"),
        (RESOLVED, [1], r"bad payout numerators \[1\]"),
    ],
)
def test_bad_resolutions_are_refused(message, numerators, error) -> None:
    with pytest.raises(ValueError, match=error):
        p.payout_per_share(p.from_market_resolved(message), numerators)


@pytest.mark.parametrize("neg_risk", [False, True])
def test_ctf_redeem_call_matches_the_sdk(neg_risk: bool) -> None:
    to, data = p.redeem_ctf_call(RESOLVED["market"], neg_risk)
    adapter = SDK.neg_risk_collateral_adapter if neg_risk else SDK.collateral_adapter
    sdk = ctf_redeem_positions_call(
        ctf=adapter, collateral=SDK.collateral_token, condition_id=RESOLVED["market"]
    )
    assert (to, data) == (sdk.to, sdk.data)
    assert data.startswith("0x01b7037c")  # redeemPositions(address,bytes32,bytes32,uint256[])


def test_v2_redeem_call_matches_the_sdk() -> None:
    to, data = p.redeem_v2_call(V2_NO, 2_500_000)
    sdk = router_redeem_call(
        router=SDK.protocol_v2_router,
        condition_id=V2_CONDITION_ID,
        outcome_index=1,
        amount=2_500_000,
    )
    assert (to, data) == (sdk.to, sdk.data)
    assert p.redeem_v2_call(V2_YES, 1)[1] != p.redeem_v2_call(V2_NO, 1)[1]


@pytest.mark.parametrize(
    ("call", "error"),
    [
        (lambda: p.redeem_ctf_call("0x1234", False), "must be 32 bytes, got 2"),
        (lambda: p.redeem_v2_call(V2_YES, 0), "amount 0 not redeemable"),
        (lambda: p.redeem_v2_call(str(int(V2_YES) + 7), 1), "outcome index 7"),
    ],
)
def test_bad_redeem_calls_are_refused(call, error) -> None:
    with pytest.raises(ValueError, match=error):
        call()
