"""pricing.py on real recorded order books (tests/snippets/price_interpretation/data/books.json:
each entry copied unchanged from a public recording, provenance inside), checked against the
CLOB's own recorded /midpoint and /price answers and against py-clob-client-v2's book walk."""

from __future__ import annotations

import json
from decimal import Decimal as D
from pathlib import Path

import pytest
from py_clob_client_v2.clob_types import OrderType
from py_clob_client_v2.order_builder.builder import OrderBuilder

from .code import pricing as P

DATA = json.loads((Path(__file__).parent / "data" / "books.json").read_text())["books"]


def book(name: str) -> P.Book:
    return P.Book.from_json(DATA[name]["book"])


def test_every_book_states_its_provenance() -> None:
    for entry in DATA.values():
        assert entry["provenance"]["verdict"].startswith("GENUINE")
        assert entry["provenance"]["file"].startswith("shared/recorded/")


@pytest.mark.parametrize(
    ("name", "bid", "ask", "spread", "mid", "last", "shown"),
    [
        ("thabris_tick_0_01", "0.51", "0.52", "0.01", "0.515", "0.510", "0.515"),
        ("thabris_neg_risk", "0.014", "0.015", "0.001", "0.0145", "0.986", "0.0145"),
        ("sdkext_v1_2026", "0.002", "0.004", "0.002", "0.003", "0.996", "0.003"),
        ("sdkext_deep_2024", "0.584", "0.585", "0.001", "0.5845", None, "0.5845"),
        # one-sided books: no spread, so the display rule falls back to the last trade
        ("thabris_no_bids", None, "0.001", None, None, "0.999", "0.999"),
        ("nautilus_empty_ask", "0.002", None, None, None, None, None),
    ],
)
def test_top_of_book(name, bid, ask, spread, mid, last, shown) -> None:  # type: ignore[no-untyped-def]
    b = book(name)
    dec = lambda v: None if v is None else D(v)  # noqa: E731
    assert P.best_bid(b) == dec(bid) and P.best_ask(b) == dec(ask)
    assert P.spread(b) == dec(spread) and P.midpoint(b) == dec(mid)
    assert b.last_trade == dec(last) and P.displayed_price(b) == dec(shown)


def test_rest_body_lists_the_best_level_last() -> None:
    raw = DATA["thabris_tick_0_01"]["book"]
    assert (raw["bids"][-1]["price"], raw["asks"][-1]["price"]) == ("0.51", "0.52")
    assert (raw["bids"][0]["price"], raw["asks"][0]["price"]) == ("0.01", "0.99")


@pytest.mark.parametrize("name", ["thabris_tick_0_01", "thabris_neg_risk", "thabris_no_bids"])
def test_matches_the_clobs_recorded_midpoint_and_price(name: str) -> None:
    entry, b = DATA[name], book(name)
    assert P.clob_midpoint(b) == D(entry["midpoint"]["mid"])
    # side=BUY answers the best BID, side=SELL the best ask (recorded, against intuition)
    assert P.clob_price(b, "BUY") == D(entry["price_buy"]["price"])
    assert P.clob_price(b, "SELL") == D(entry["price_sell"]["price"])


def test_one_sided_book_midpoint_counts_the_empty_side_as_zero() -> None:
    b = book("thabris_no_bids")
    assert P.midpoint(b) is None  # we refuse to invent a mid...
    assert P.clob_midpoint(b) == D("0.0005")  # ...the CLOB answered (0 + 0.001) / 2
    with pytest.raises(ValueError, match="empty ask side"):
        P.clob_midpoint(book("nautilus_empty_ask"))
    with pytest.raises(ValueError, match="empty ask side"):
        P.clob_price(book("nautilus_empty_ask"), "SELL")


@pytest.mark.parametrize(
    ("bid", "ask", "last", "shown"),
    [
        # docs.polymarket.com/concepts/prices-orderbook example: bid 0.34, ask 0.40 -> 0.37
        ("0.34", "0.40", "0.99", "0.37"),
        ("0.30", "0.40", "0.99", "0.35"),  # exactly $0.10 is not "wider than": midpoint
        ("0.29", "0.40", "0.99", "0.99"),  # $0.11: the last trade
    ],
)
def test_display_rule_boundary(bid: str, ask: str, last: str, shown: str) -> None:
    assert P.display_price(D(bid), D(ask), D(last)) == D(shown)


def test_last_trade_can_be_the_complement_of_this_tokens_price() -> None:
    """In two real books the last trade sits nowhere near the book but equals 1 - the far
    touch: read it as a trade in the paired token, not as this token's price."""
    neg = book("thabris_neg_risk")
    assert neg.last_trade == 1 - P.best_bid(neg) == D("0.986")  # type: ignore[operator]
    ext = book("sdkext_v1_2026")
    assert ext.last_trade == 1 - P.best_ask(ext) == D("0.996")  # type: ignore[operator]


def test_buy_walks_the_asks_up_and_sell_walks_the_bids_down() -> None:
    b = book("thabris_tick_0_01")
    buy = P.walk_book(b, "BUY", shares=D(100))
    # 10.22 @ 0.52 + 65 @ 0.53 + 24.78 @ 0.54 = 53.1456 pUSD
    assert (buy.cost, buy.average_price, buy.worst_price) == (
        D("53.1456"),
        D("0.531456"),
        D("0.54"),
    )
    assert buy.slippage == D("0.011456") and buy.complete
    sell = P.walk_book(b, "SELL", shares=D(100))
    assert (sell.average_price, sell.slippage) == (D("0.51"), D(0))  # 13,943 shares at 0.51
    big = P.walk_book(b, "SELL", shares=D(20000))
    assert big.worst_price == D("0.5") and big.slippage == D("0.0030283")
    assert P.midpoint(b) == D("0.515")  # neither side trades at the mid


def test_buy_by_pusd_spends_exactly_the_amount() -> None:
    fill = P.walk_book(book("thabris_tick_0_01"), "BUY", pusd=D(100))
    assert fill.cost == D(100) and fill.worst_price == D("0.54") and fill.complete
    assert D("186.767") < fill.shares < D("186.768")


def test_running_out_of_book_is_reported_not_hidden() -> None:
    b = book("nautilus_empty_ask")
    fill = P.walk_book(b, "SELL", shares=D(1000))
    assert not fill.complete and fill.shares == D("674.11")  # 667.12 + 6.99, all there is
    assert fill.worst_price == D("0.001")
    with pytest.raises(ValueError, match="no asks to buy against"):
        P.walk_book(b, "BUY", shares=D(1))
    with pytest.raises(ValueError, match="give shares="):
        P.walk_book(b, "SELL", pusd=D(1))
    with pytest.raises(ValueError, match="give shares="):
        P.walk_book(b, "BUY")


def test_slippage_grows_with_size_on_the_deep_book() -> None:
    b = book("sdkext_deep_2024")
    sizes = [D(10) ** k for k in range(1, 8)]
    curve = P.slippage_curve(b, "BUY", sizes)
    slips = [f.slippage for f in curve]
    assert slips == sorted(slips) and slips[:5] == [0] * 5  # 106,195 shares rest at 0.585
    assert slips[5] == D("0.00156551039") and curve[5].worst_price == D("0.587")
    assert slips[6] == D("0.31346824746") and curve[6].worst_price == D("0.999")


@pytest.mark.parametrize("name", ["thabris_tick_0_01", "thabris_neg_risk", "sdkext_deep_2024"])
@pytest.mark.parametrize("amount", ["1", "50", "1000", "25000"])
def test_worst_price_matches_py_clob_client_v2(name: str, amount: str) -> None:
    """The limit a FOK order needs equals what the SDK's own walk (`calculate_market_price`
    -> `calculate_buy/sell_market_price`) picks from the same REST body."""
    raw, b = DATA[name]["book"], book(name)
    builder = OrderBuilder(signer=None)  # type: ignore[arg-type]
    sdk_buy = builder.calculate_buy_market_price(raw["asks"], float(amount), OrderType.FOK)
    assert P.walk_book(b, "BUY", pusd=D(amount)).worst_price == D(str(sdk_buy))
    sdk_sell = builder.calculate_sell_market_price(raw["bids"], float(amount), OrderType.FOK)
    assert P.walk_book(b, "SELL", shares=D(amount)).worst_price == D(str(sdk_sell))


def test_sdk_fok_walk_fails_where_the_book_runs_out() -> None:
    raw = DATA["nautilus_empty_ask"]["book"]
    with pytest.raises(Exception, match="no match"):
        OrderBuilder(signer=None).calculate_sell_market_price(  # type: ignore[arg-type]
            raw["bids"], 1000.0, OrderType.FOK
        )
    assert not P.walk_book(book("nautilus_empty_ask"), "SELL", shares=D(1000)).complete
