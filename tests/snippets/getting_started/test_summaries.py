"""Best prices come from the levels' values, never from their order."""

from __future__ import annotations

from decimal import Decimal as D

from snippets.getting_started.summaries import best_prices


def test_best_prices_ignore_list_order() -> None:
    assert best_prices([D("0.50"), D("0.51"), D("0.49")], [D("0.53"), D("0.52")]) == (
        D("0.51"),
        D("0.52"),
        D("0.01"),
    )


def test_an_empty_side_has_no_best_price_and_no_spread() -> None:
    # The recorded V2 book for token 3245…6973 had no bids at all (Thabris clob_books.json).
    assert best_prices([], [D("0.001")]) == (None, D("0.001"), None)
