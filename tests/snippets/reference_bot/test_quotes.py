"""quotes: around the mid, never crossing, inside the position limit, valid for the market."""

from __future__ import annotations

from decimal import Decimal

import pytest

from ..code.order_constraints.order_constraints import OrderRejected
from .code.quotes import BookView, QuoteConfig, best_without, quotes

D = Decimal
CFG = QuoteConfig(size=D(10), half_spread_ticks=2, max_position=D(30))


def view(bid: str | None, ask: str | None, tick: str = "0.01") -> BookView:
    return BookView(D(bid) if bid else None, D(ask) if ask else None, D(tick), D(5))


def test_two_sides_around_the_mid_snapped_outwards() -> None:
    bid, ask = quotes(view("0.45", "0.56"), position=D(0), held=D(50), cfg=CFG)
    assert (bid.side, bid.price, bid.amount) == ("BUY", D("0.48"), D(10))  # 0.505 - 0.02, down
    assert (ask.side, ask.price) == ("SELL", D("0.53"))  # 0.505 + 0.02, up
    assert (bid.maker_amount, bid.taker_amount) == (4_800_000, 10_000_000)


def test_a_tight_book_is_never_crossed() -> None:
    bid, ask = quotes(view("0.50", "0.51"), position=D(0), held=D(50), cfg=CFG)
    assert bid.price < D("0.51") and ask.price > D("0.50")
    assert (bid.price, ask.price) == (D("0.48"), D("0.53"))


def test_position_limit_and_holdings_drop_a_side() -> None:
    assert [q.side for q in quotes(view("0.4", "0.6"), position=D(25), held=D(50), cfg=CFG)] == [
        "SELL"
    ]
    assert [q.side for q in quotes(view("0.4", "0.6"), position=D(0), held=D(5), cfg=CFG)] == [
        "BUY"
    ]
    assert quotes(view("0.4", "0.6"), position=D(-25), held=D(0), cfg=CFG)[0].side == "BUY"


def test_no_mid_no_quote_and_bounds_respected() -> None:
    assert quotes(view(None, "0.6"), position=D(0), held=D(50), cfg=CFG) == []
    edge = quotes(view("0.001", "0.003", "0.001"), position=D(0), held=D(50), cfg=CFG)
    assert [q.side for q in edge] == ["SELL"]  # the bid would fall below the tick


def test_an_order_the_market_refuses_is_refused_before_signing() -> None:
    with pytest.raises(OrderRejected, match="size"):
        quotes(view("0.4", "0.6"), position=D(0), held=D(50), cfg=QuoteConfig(size=D(2)))


def test_own_orders_are_taken_out_of_the_book_before_pricing() -> None:
    bids = {"0.45": "20", "0.48": "10", "0.49": "3"}
    assert best_without(bids, {}, "BUY") == D("0.49")
    assert best_without(bids, {D("0.49"): D(3), D("0.48"): D(10)}, "BUY") == D("0.45")
    assert best_without({"0.52": "10", "0.55": "20"}, {D("0.52"): D(4)}, "SELL") == D("0.52")
    assert best_without({"0.52": "10"}, {D("0.52"): D(10)}, "SELL") is None
