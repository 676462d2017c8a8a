"""The order checks as plain functions."""

from __future__ import annotations

from decimal import Decimal

from .code import rules

D = Decimal


def test_decimals_of_six_decimal_amounts() -> None:
    assert [rules.decimals(u) for u in (5_000_000, 4_331_800, 1, 0)] == [0, 4, 6, 0]


def test_amounts_per_tick_and_order_kind() -> None:
    ok = dict(maker=5_000_000, taker=10_000_000, tick=D("0.01"))
    assert rules.amount_problem("BUY", market_order=False, **ok) is None
    assert rules.amount_problem("SELL", market_order=False, maker=10_000_000, taker=4_331_800,
                                tick=D("0.01")) is None  # fmt: skip
    assert (
        "max accuracy of 5 decimals"
        in rules.amount_problem(  # type: ignore[operator]
            "BUY", market_order=False, maker=1_234_567, taker=10_000_000, tick=D("0.001")
        )["error"]
    )


def test_price_size_expiration_balance() -> None:
    assert rules.price_problem("0x1", D("0.5"), D("0.01"), on_grid=True) is None
    assert rules.price_problem("0x1", D("0.505"), D("0.01"), on_grid=False) is None
    assert rules.price_problem("0x1", D("0.001"), D("0.01"), on_grid=False) is not None
    assert rules.size_problem("0x1", D(5), D(5)) is None
    assert rules.expiration_problem("GTC", 0, 1000.0) is None
    assert rules.expiration_problem("GTD", 1180, 1000.0) is None
    assert rules.balance_problem(balance=10, reserved=0, need=10, allowance=10) is None
    assert (
        "allowance is not enough"
        in rules.balance_problem(  # type: ignore[index]
            balance=10, reserved=0, need=10, allowance=9
        )["error"]
    )
