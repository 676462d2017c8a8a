"""polymarket-client: on market_resolved the guard stops quoting, cancels, and prices redemption."""

from __future__ import annotations

from decimal import Decimal

import pytest
from polymarket.streams import MarketResolvedPayload

from snippets.resolution.on_resolved import ResolutionGuard

from .test_payout import NO, RESOLVED, YES


@pytest.mark.vcr
def test_cancels_and_computes_payout(secure_client) -> None:
    event = MarketResolvedPayload.model_validate(RESOLVED)  # as the SDK stream delivers it
    other = "0x" + "22" * 32
    with secure_client() as client:
        guard = ResolutionGuard(
            client,
            quoting={RESOLVED["market"], other},
            balances={YES: Decimal("25"), NO: Decimal(3)},
        )
        report = guard.on_market_resolved(event)
    assert guard.quoting == {other}
    assert report.canceled == (
        "0xabcdef1234567890abcdef1234567890abcdef12",
        "0xfedcba0987654321fedcba0987654321fedcba09",
    )
    assert report.not_canceled == {}
    assert (report.payout, report.should_redeem) == (Decimal(25), True)
