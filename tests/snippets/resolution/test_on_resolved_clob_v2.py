"""py-clob-client-v2: on market_resolved the guard stops quoting, cancels, and prices redemption."""

from __future__ import annotations

from decimal import Decimal

import pytest

from snippets.resolution.on_resolved_clob_v2 import ResolutionGuard

from .test_payout import NO, RESOLVED


@pytest.mark.vcr
def test_cancels_and_computes_payout(clob_client) -> None:
    guard = ResolutionGuard(clob_client, quoting={RESOLVED["market"]}, balances={NO: Decimal(8)})
    report = guard.on_market_resolved(RESOLVED)  # the raw market-channel frame
    assert guard.quoting == set()
    assert len(report.canceled) == 2 and report.not_canceled == {}
    assert (report.payout, report.should_redeem) == (Decimal(0), False)  # only losing shares
