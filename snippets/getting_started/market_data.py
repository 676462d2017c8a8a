"""Read one market and one order book with polymarket-client: read-only, no keys needed.

Requires: pip install polymarket-client
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from polymarket import PublicClient


# --8<-- [start:market]
@dataclass(frozen=True)
class MarketSummary:
    question: str
    condition_id: str
    version: str | None  # "v1": trade by CTF token id; "v2": by Protocol V2 position id
    neg_risk: bool
    tick_size: Decimal
    trading_ids: tuple[str, str] | None  # (YES, NO); None: no version, so do not trade it


def describe_market(client: PublicClient, market_id: str) -> MarketSummary:
    """Fetch a market from Gamma and pick the ids it trades by, from its `version` only."""
    market = client.get_market(id=market_id)
    version = market.version.value if market.version else None
    yes, no = market.outcomes.yes, market.outcomes.no
    ids = {
        "v1": (yes.token_id, no.token_id),
        "v2": (yes.position_id, no.position_id),
    }.get(version or "")
    if ids is not None and (ids[0] is None or ids[1] is None):
        raise ValueError(f"market {market_id} is {version} but lists no ids of that kind")
    return MarketSummary(
        question=market.question or "",
        condition_id=market.condition_id or "",
        version=version,
        neg_risk=bool(market.state.neg_risk),
        tick_size=market.trading.minimum_tick_size or Decimal("0.01"),
        trading_ids=(str(ids[0]), str(ids[1])) if ids else None,
    )


# --8<-- [end:market]


# --8<-- [start:book]
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


def describe_book(client: PublicClient, token_id: str) -> BookSummary:
    """Fetch the order book and the midpoint for one outcome token."""
    book = client.get_order_book(token_id=token_id)
    # The server lists bids lowest first and asks highest first: the best level is the last one.
    best_bid = max((level.price for level in book.bids), default=None)
    best_ask = min((level.price for level in book.asks), default=None)
    spread = best_ask - best_bid if best_bid is not None and best_ask is not None else None
    return BookSummary(
        token_id=token_id,
        best_bid=best_bid,
        best_ask=best_ask,
        midpoint=client.get_midpoint(token_id=token_id),
        spread=spread,
        tick_size=book.tick_size,
        min_order_size=book.min_order_size,
        neg_risk=book.neg_risk,
        last_trade_price=book.last_trade_price,
    )


# --8<-- [end:book]


if __name__ == "__main__":
    with PublicClient() as client:
        print(describe_market(client, "1812085"))
        token = "97986244429993405301006613239860350847262749399039648046285499627250726259070"
        print(describe_book(client, token))
