"""What the Getting started samples return, whichever SDK fetched it. Standard library only."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class MarketSummary:
    question: str
    condition_id: str
    version: str | None  # "v1": trade by CTF token id; "v2": by Protocol V2 position id
    neg_risk: bool
    tick_size: Decimal
    trading_ids: tuple[str, str] | None  # (YES, NO); None: no version, so do not trade it


@dataclass(frozen=True)
class BookSummary:
    token_id: str
    best_bid: Decimal | None  # None when that side of the book is empty
    best_ask: Decimal | None
    midpoint: Decimal  # the server's midpoint
    spread: Decimal | None
    tick_size: Decimal
    min_order_size: Decimal
    neg_risk: bool
    last_trade_price: Decimal | None


def best_prices(
    bids: Iterable[Decimal], asks: Iterable[Decimal]
) -> tuple[Decimal | None, Decimal | None, Decimal | None]:
    """(best bid, best ask, spread). Do not rely on list order: take the max bid, the min ask."""
    bid, ask = max(bids, default=None), min(asks, default=None)
    return bid, ask, (ask - bid if bid is not None and ask is not None else None)
