"""What a Polymarket order book says about price: best bid and ask, midpoint, spread, last
trade, the price polymarket.com displays, and what a BUY or SELL of a given size really pays.

Works on the JSON of `GET /book` (or a WebSocket `book` event), as both SDKs return it:
py-clob-client-v2 `get_order_book()` gives that dict, polymarket-client `get_order_book()` a
model whose `.model_dump(mode="json")` is that dict. Decimal only, no network.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal

Side = Literal["BUY", "SELL"]
#: docs.polymarket.com/concepts/prices-orderbook: "The displayed price is the midpoint of the
#: bid-ask spread. If the spread is wider than $0.10, the last traded price is shown instead."
DISPLAY_SPREAD_LIMIT = Decimal("0.10")


@dataclass(frozen=True)
class Level:
    price: Decimal
    size: Decimal  # shares resting at this price


@dataclass(frozen=True)
class Book:
    """A book with each side sorted best first (the REST body lists the best level LAST)."""

    bids: tuple[Level, ...]
    asks: tuple[Level, ...]
    last_trade: Decimal | None
    tick_size: Decimal | None

    @classmethod
    def from_json(cls, body: Mapping[str, Any]) -> Book:
        def side(rows: Iterable[Mapping[str, Any]], best_high: bool) -> tuple[Level, ...]:
            levels = [Level(Decimal(r["price"]), Decimal(r["size"])) for r in rows]
            return tuple(sorted(levels, key=lambda lv: lv.price, reverse=best_high))

        last = body.get("last_trade_price") or None  # "" when the market never traded
        tick = body.get("tick_size")
        return cls(
            bids=side(body.get("bids") or [], best_high=True),
            asks=side(body.get("asks") or [], best_high=False),
            last_trade=Decimal(last) if last is not None else None,
            tick_size=Decimal(tick) if tick else None,
        )


# --8<-- [start:top]
def best_bid(book: Book) -> Decimal | None:
    return book.bids[0].price if book.bids else None


def best_ask(book: Book) -> Decimal | None:
    return book.asks[0].price if book.asks else None


def spread(book: Book) -> Decimal | None:
    bid, ask = best_bid(book), best_ask(book)
    return None if bid is None or ask is None else ask - bid


def midpoint(book: Book) -> Decimal | None:
    """(best bid + best ask) / 2, or None when a side is empty (a one-sided book has no mid)."""
    bid, ask = best_bid(book), best_ask(book)
    return None if bid is None or ask is None else (bid + ask) / 2


def display_price(
    bid: Decimal | None, ask: Decimal | None, last_trade: Decimal | None
) -> Decimal | None:
    """Polymarket's displayed price: the midpoint, unless the spread is wider than $0.10, then
    the last trade. A one-sided book has no spread; we treat it as wide (our choice)."""
    if bid is not None and ask is not None and ask - bid <= DISPLAY_SPREAD_LIMIT:
        return (bid + ask) / 2
    return last_trade


def displayed_price(book: Book) -> Decimal | None:
    return display_price(best_bid(book), best_ask(book), book.last_trade)


# --8<-- [end:top]


# --8<-- [start:server]
def clob_price(book: Book, side: Side) -> Decimal:
    """What `GET /price?side=` answers, as recorded: side=BUY gives the best BID (the best
    resting BUY order), side=SELL the best ask; an empty bid side gives 0."""
    if side == "BUY":
        return best_bid(book) or Decimal(0)
    ask = best_ask(book)
    if ask is None:
        raise ValueError("no recorded /price answer for an empty ask side")
    return ask


def clob_midpoint(book: Book) -> Decimal:
    """What `GET /midpoint` answers, as recorded: an empty bid side counts as 0."""
    ask = best_ask(book)
    if ask is None:
        raise ValueError("no recorded /midpoint answer for an empty ask side")
    return ((best_bid(book) or Decimal(0)) + ask) / 2


# --8<-- [end:server]


# --8<-- [start:walk]
@dataclass(frozen=True)
class Fill:
    """The result of sweeping one side of the book."""

    side: Side
    shares: Decimal  # shares bought or sold
    cost: Decimal  # pUSD paid (BUY) or received (SELL), before fees
    best_price: Decimal  # the first level touched
    worst_price: Decimal  # the last level touched: the limit a FOK/FAK order needs
    complete: bool  # False when the book ran out first

    @property
    def average_price(self) -> Decimal:
        return self.cost / self.shares

    @property
    def slippage(self) -> Decimal:
        """How much worse than the best level the average is, per share (>= 0)."""
        gap = self.average_price - self.best_price
        return gap if self.side == "BUY" else -gap


def walk_book(
    book: Book, side: Side, shares: Decimal | None = None, pusd: Decimal | None = None
) -> Fill:
    """Sweep the asks (BUY) or the bids (SELL) for `shares`, or, for a BUY, for `pusd` to
    spend (what a market BUY's amount means). Raises ValueError on an empty side."""
    if (shares is None) == (pusd is None) or (pusd is not None and side == "SELL"):
        raise ValueError("give shares=, or pusd= for a BUY")
    levels = book.asks if side == "BUY" else book.bids
    if not levels:
        raise ValueError(f"no {'asks' if side == 'BUY' else 'bids'} to {side.lower()} against")
    got, cost, worst = Decimal(0), Decimal(0), levels[0].price
    for level in levels:
        worst = level.price
        if shares is not None:
            take = min(level.size, shares - got)
            got, cost = got + take, cost + take * level.price
            done = got == shares
        else:
            assert pusd is not None
            done = level.size * level.price >= pusd - cost
            take = (pusd - cost) / level.price if done else level.size
            got, cost = got + take, (pusd if done else cost + take * level.price)
        if done:
            return Fill(side, got, cost, levels[0].price, worst, True)
    return Fill(side, got, cost, levels[0].price, worst, False)


def slippage_curve(book: Book, side: Side, sizes: Iterable[Decimal]) -> list[Fill]:
    """`walk_book` for each size in shares, in order (for a table or a plot)."""
    return [walk_book(book, side, shares=size) for size in sizes]


# --8<-- [end:walk]
