"""diagnose(): every outcome from hand-built readings (no I/O), and the input rules."""

from __future__ import annotations

from decimal import Decimal

import pytest

from .code.diagnosis import (
    EXCHANGE_V2,
    EXCHANGES,
    FIXES,
    ClobView,
    Outcome,
    Reading,
    diagnose,
    to_decimal,
    units,
)


def reading(pusd: str, usdce: str | None = "0", usdc: str | None = "0", allow: str = "1e9"):
    allowances = dict.fromkeys(EXCHANGES.values(), Decimal(allow))
    return Reading(Decimal(pusd), usdce and Decimal(usdce), usdc and Decimal(usdc), None,
                   allowances, 7, 100.0, "t", "x")  # fmt: skip


def test_every_outcome_has_a_cause_and_a_fix() -> None:
    assert set(FIXES) == set(Outcome)
    assert all(cause and fix for cause, fix in FIXES.values())


@pytest.mark.parametrize(
    ("r", "expected", "outcome"),
    [
        (reading("100"), "100", Outcome.OK),
        (reading("100"), "99.999", Outcome.SURPLUS),
        (reading("10", usdce="100"), "100", Outcome.NOT_WRAPPED),
        (reading("10", usdce=None, usdc="95"), "100", Outcome.NOT_WRAPPED),
        (reading("10", usdce=None, usdc=None), "100", Outcome.INSUFFICIENT),
        (reading("100", allow="5"), "100", Outcome.MISSING_APPROVAL),
    ],
)
def test_chain_outcomes(r: Reading, expected: str, outcome: Outcome) -> None:
    result = diagnose(r, expected, 0, now=100.0, max_age=30, spender=EXCHANGE_V2)
    assert result.outcome is outcome and result.block_number == 7
    # within_tolerance is about the amount only: a missing approval can have the right balance
    assert result.within_tolerance is (outcome in (Outcome.OK, Outcome.MISSING_APPROVAL))


def test_stale_is_never_within_tolerance() -> None:
    result = diagnose(reading("100"), 100, 0, now=131.0, max_age=30)
    assert result.outcome is Outcome.STALE_READING and not result.within_tolerance
    assert "31.0 s old" in result.detail


def test_clob_allowance_behind_the_chain() -> None:
    view = ClobView("COLLATERAL", None, Decimal(100), {EXCHANGE_V2: Decimal(0)})
    result = diagnose(reading("100"), 100, 0, now=100, max_age=30, clob=view, spender=EXCHANGE_V2)
    assert result.outcome is Outcome.CLOB_BEHIND and "allowance 0" in result.detail


def test_shares_approved_view_is_ok() -> None:
    view = ClobView("CONDITIONAL", "1", Decimal(5), {EXCHANGE_V2: Decimal(1)})
    assert diagnose(None, 5, 0, now=0, max_age=1, clob=view, spender=EXCHANGE_V2).outcome is (
        Outcome.OK
    )


def test_bad_inputs() -> None:
    with pytest.raises(ValueError, match="tolerance must be >= 0"):
        diagnose(reading("1"), 1, "-0.01", now=0, max_age=1)
    with pytest.raises(ValueError, match="not an exchange"):
        diagnose(reading("1"), 1, 0, now=100, max_age=1, spender="0x" + "11" * 20)
    with pytest.raises(ValueError, match="is not a number"):
        to_decimal("ten")
    with pytest.raises(ValueError, match="is not finite"):
        to_decimal("NaN", "expected")
    assert ClobView("COLLATERAL", None, Decimal(1)).allowance_for(EXCHANGE_V2) == 0
    assert to_decimal(0.1) == Decimal("0.1") and units("1234567") == Decimal("1.234567")
