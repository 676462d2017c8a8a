"""Read one market and one order book with polymarket-client: read-only, no keys needed.

Requires: pip install polymarket-client
Copy with: summaries.py
"""

from __future__ import annotations

from decimal import Decimal

from polymarket import PublicClient

from .summaries import BookSummary, MarketSummary, best_prices


# --8<-- [start:market]
def describe_market(client: PublicClient, market_id: str) -> MarketSummary:
    """Fetch a market from Gamma and pick the ids it trades by, from its `version` only."""
    market = client.get_market(id=market_id)
    version = market.version.value if market.version else None
    yes, no = market.outcomes.yes, market.outcomes.no
    ids = {  # (1)!
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
def describe_book(client: PublicClient, token_id: str) -> BookSummary:
    """Fetch the order book and the midpoint for one outcome token."""
    book = client.get_order_book(token_id=token_id)
    best_bid, best_ask, spread = best_prices(
        (level.price for level in book.bids), (level.price for level in book.asks)
    )
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
