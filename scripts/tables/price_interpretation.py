"""Tables for the "Price interpretation" page, computed by the snippet from the recorded books
the tests use (tests/snippets/price_interpretation/data/books.json)."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

from snippets.price_interpretation import pricing as P

DATA = Path(__file__).resolve().parents[2] / "tests/snippets/price_interpretation/data/books.json"


def _books() -> dict:
    return json.loads(DATA.read_text(encoding="utf-8"))["books"]


def _fmt(value: Decimal | None) -> str:
    return "—" if value is None else format(value.normalize(), "f")


def top_of_book_table() -> str:
    """Best bid/ask, spread, midpoint, last trade and displayed price of each recorded book."""
    rows = [
        "| recorded book | tick | best bid | best ask | spread | midpoint | last trade | "
        "displayed |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name, entry in _books().items():
        b = P.Book.from_json(entry["book"])
        verdict = entry["provenance"]["verdict"].split(";")[1].strip()
        rows.append(
            f"| `{name}` ({verdict}) | {_fmt(b.tick_size)} | {_fmt(P.best_bid(b))} | "
            f"{_fmt(P.best_ask(b))} | {_fmt(P.spread(b))} | {_fmt(P.midpoint(b))} | "
            f"{_fmt(b.last_trade)} | {_fmt(P.displayed_price(b))} |"
        )
    return "\n".join(rows)


def slippage_table() -> str:
    """Buying and selling N shares on the recorded V2 book `thabris_tick_0_01`."""
    b = P.Book.from_json(_books()["thabris_tick_0_01"]["book"])
    rows = [
        "| shares | BUY average | BUY worst level | BUY slippage | SELL average | "
        "SELL worst level | SELL slippage |",
        "|---|---|---|---|---|---|---|",
    ]
    for size in (10, 100, 1_000, 5_000, 20_000, 50_000):
        buy = P.walk_book(b, "BUY", shares=Decimal(size))
        sell = P.walk_book(b, "SELL", shares=Decimal(size))
        rows.append(
            f"| {size:,} | {buy.average_price:.4f} | {_fmt(buy.worst_price)} | "
            f"{buy.slippage:.4f} | {sell.average_price:.4f} | {_fmt(sell.worst_price)} | "
            f"{sell.slippage:.4f} |"
        )
    return "\n".join(rows)
