"""The CLOB's view through py-clob-client-v2, and its refresh, from docs-derived cassettes."""

from __future__ import annotations

from decimal import Decimal

import pytest

from .clob_support import POSITION, clob_v2_client
from .code.clob_view_clob_v2 import clob_view, refresh_clob_view
from .code.diagnosis import EXCHANGE_V2, EXCHANGE_V3, Outcome, Reading, diagnose

BIG = Decimal(2**256 - 1).scaleb(-6)
CHAIN = Reading(Decimal(250), None, None, None, {EXCHANGE_V2: BIG}, 42, 0.0, "test", "t")


@pytest.mark.vcr
def test_collateral_view() -> None:
    view = clob_view(clob_v2_client())
    assert (view.asset_type, view.balance, view.allowance_for(EXCHANGE_V2)) == (
        "COLLATERAL",
        250,
        BIG,
    )


@pytest.mark.vcr
def test_conditional_v2_view() -> None:
    view = clob_view(clob_v2_client(), "CONDITIONAL-V2", POSITION)
    assert view.balance == Decimal("12.5") and view.allowance_for(EXCHANGE_V3) == 0


@pytest.mark.vcr
def test_refresh_fixes_a_clob_behind_the_chain() -> None:
    client = clob_v2_client()
    stale = clob_view(client)
    before = diagnose(CHAIN, 250, 0, now=0, max_age=30, clob=stale, spender=EXCHANGE_V2)
    assert before.outcome is Outcome.CLOB_BEHIND and before.actual == 0
    fresh = refresh_clob_view(client)
    after = diagnose(CHAIN, 250, 0, now=0, max_age=30, clob=fresh, spender=EXCHANGE_V2)
    assert after.outcome is Outcome.OK and after.within_tolerance
