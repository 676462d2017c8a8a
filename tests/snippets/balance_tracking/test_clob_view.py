"""The CLOB's view through polymarket-client, replayed from docs-derived cassettes
(no public recording of GET /balance-allowance exists), fed into reconcile()."""

from __future__ import annotations

from decimal import Decimal

import pytest

from .clob_support import (
    POSITION,
    TOKEN,
    async_secure_client,
    secure_client,
)
from .code.clob_view import clob_view, clob_view_async
from .code.diagnosis import (
    EXCHANGE_V2,
    EXCHANGE_V3,
    ClobView,
    Outcome,
    Reading,
    diagnose,
)

BIG = Decimal(2**256 - 1).scaleb(-6)


def chain(pusd: str) -> Reading:
    """A chain reading built in the test (the chain side is covered by test_balance_tracker)."""
    return Reading(
        Decimal(pusd), Decimal(0), Decimal(0), Decimal(1), {EXCHANGE_V2: BIG}, 42, 0.0, None, "t"
    )


@pytest.mark.vcr
def test_collateral_view() -> None:
    with secure_client() as client:
        view = clob_view(client)
    assert view == ClobView("COLLATERAL", None, Decimal(250), view.allowances)
    assert view.allowance_for(EXCHANGE_V2.lower()) == BIG
    ok = diagnose(chain("250"), 250, 0, now=0, max_age=30, clob=view, spender=EXCHANGE_V2)
    assert ok.outcome is Outcome.OK
    behind = diagnose(chain("300"), 300, 0, now=0, max_age=30, clob=view)
    assert (behind.outcome, behind.source, behind.actual) == (Outcome.CLOB_BEHIND, "clob", 250)
    assert "/balance-allowance/update" in behind.fix


@pytest.mark.vcr
async def test_async_collateral_view() -> None:
    client = await async_secure_client()
    try:
        view = await clob_view_async(client)
    finally:
        await client.close()
    assert view.balance == 250 and view.asset_type == "COLLATERAL"


@pytest.mark.vcr
def test_conditional_view_and_unsettled_fill() -> None:
    with secure_client() as client:
        view = clob_view(client, "CONDITIONAL", TOKEN)
    assert (view.asset_id, view.balance) == (TOKEN, 40)
    # selling 50 right after buying 10 more: the buy has not settled yet
    fill = diagnose(None, 50, 0, now=0, max_age=30, clob=view, unsettled=10)
    assert (fill.outcome, fill.difference, fill.source) == (Outcome.UNSETTLED_FILL, -10, "clob")
    assert "CONFIRMED" in fill.fix
    assert diagnose(None, 50, 0, now=0, max_age=30, clob=view).outcome is Outcome.INSUFFICIENT
    assert diagnose(None, 40, 0, now=0, max_age=30, clob=view).outcome is Outcome.OK
    assert diagnose(None, 30, 0, now=0, max_age=30, clob=view).outcome is Outcome.SURPLUS


@pytest.mark.vcr
def test_conditional_v2_view() -> None:
    with secure_client() as client:
        view = clob_view(client, "CONDITIONAL-V2", POSITION)
    assert view.balance == Decimal("12.5")
    result = diagnose(None, "12.5", 0, now=0, max_age=30, clob=view, spender=EXCHANGE_V3)
    assert result.outcome is Outcome.MISSING_APPROVAL and EXCHANGE_V3 in result.detail
