"""Price-time matching and the REST body's hash, against the recorded books."""

from __future__ import annotations

import json
from decimal import Decimal

from .code.book import Book, Order, fmt, hash_of
from .code.exchange import SEED_FILE

D = Decimal


def order(oid: str, side: str, price: str, size: str) -> Order:
    return Order(oid, "key", "0xm", "0xm", "0xc", "1", side, D(price), D(size))


def test_the_hash_reproduces_every_recorded_book() -> None:
    for market in json.loads(SEED_FILE.read_text())["markets"][:3]:  # the genuine ones
        assert hash_of(market["book"]) == market["book"]["hash"]


def test_price_then_time_priority() -> None:
    book = Book("0xc", "1", tick=D("0.01"), min_size=D(5), neg_risk=False)
    for o in (order("a", "SELL", "0.52", "5"), order("b", "SELL", "0.51", "5"),
              order("c", "SELL", "0.51", "5")):  # fmt: skip
        book.rest(o)
    assert book.fillable("BUY", D("0.52"), size=D(12), spend=None) == (D(12), D("6.14"))
    fills = book.match("BUY", D("0.52"), size=D(12))
    assert [(f.maker.id, f.size, f.price) for f in fills] == [
        ("b", D(5), D("0.51")), ("c", D(5), D("0.51")), ("a", D(2), D("0.52")),
    ]  # fmt: skip
    assert book.size_at("SELL", D("0.52")) == 3 and book.best("SELL") == D("0.52")
    assert book.best("BUY") is None and not book.crosses("SELL", D("0.6"))
    assert book.remove(fills[2].maker) and not book.remove(fills[0].maker)
    assert book.rest_body(5)["asks"] == [] and book.match("BUY", D("0.9"), size=D(1)) == []


def test_spending_dollars_buys_whole_cents_of_shares() -> None:
    book = Book("0xc", "1", tick=D("0.01"), min_size=D(5), neg_risk=False)
    book.rest(order("a", "SELL", "0.3", "100"))
    assert book.fillable("BUY", D("0.3"), size=None, spend=D(1)) == (D("3.33"), D("0.999"))
    assert [f.size for f in book.match("BUY", D("0.3"), spend=D(1))] == [D("3.33")]
    bids = Book("0xc", "1", tick=D("0.01"), min_size=D(5), neg_risk=False)
    bids.rest(order("b", "BUY", "0.4", "1"))
    assert bids.crosses("SELL", D("0.4")) and fmt(D("-0")) == "0" and fmt(D("2.50")) == "2.5"
    assert order("x", "BUY", "0.5", "10").body()["original_size"] == "10"
