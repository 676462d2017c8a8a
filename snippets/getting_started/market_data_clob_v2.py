"""Read one market and one order book with py-clob-client-v2: read-only, no keys needed.

Requires: pip install py-clob-client-v2
Copy with: summaries.py
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from py_clob_client_v2 import ClobClient

from .summaries import BookSummary, MarketSummary, best_prices

HOST = "https://clob.polymarket.com"
POLYGON = 137


# --8<-- [start:market]
def describe_market(client: ClobClient, condition_id: str) -> MarketSummary:
    """Fetch a market from the CLOB (by condition id) and pick its ids from `version` only."""
    market: dict[str, Any] = client.get_market(condition_id)
    version = market.get("version")
    key = {"v1": "token_id", "v2": "position_id"}.get(version or "")  # (1)!
    ids = tuple(str(t[key]) for t in market["tokens"] if t.get(key)) if key else None
    if ids is not None and len(ids) != 2:
        raise ValueError(f"market {condition_id} is {version} but lists {len(ids)} {key}s")
    return MarketSummary(
        question=market["question"],
        condition_id=market["condition_id"],
        version=version,
        neg_risk=bool(market["neg_risk"]),
        tick_size=Decimal(str(market["minimum_tick_size"])),
        trading_ids=(ids[0], ids[1]) if ids else None,
    )


# --8<-- [end:market]


# --8<-- [start:book]
def describe_book(client: ClobClient, token_id: str) -> BookSummary:
    """Fetch the order book and the midpoint for one outcome token."""
    book: dict[str, Any] = client.get_order_book(token_id)  # a plain dict of strings
    # Prices arrive as strings: parse them as Decimal, never float, before comparing.
    best_bid, best_ask, spread = best_prices(
        (Decimal(level["price"]) for level in book["bids"]),
        (Decimal(level["price"]) for level in book["asks"]),
    )
    last = book.get("last_trade_price")
    return BookSummary(
        token_id=token_id,
        best_bid=best_bid,
        best_ask=best_ask,
        midpoint=Decimal(client.get_midpoint(token_id)["mid"]),
        spread=spread,
        tick_size=Decimal(book["tick_size"]),
        min_order_size=Decimal(book["min_order_size"]),
        neg_risk=bool(book["neg_risk"]),
        last_trade_price=Decimal(last) if last else None,
    )


# --8<-- [end:book]


# --8<-- [start:server-time]
def server_time(client: ClobClient) -> int:
    """The CLOB's clock, in Unix seconds: compare it with yours before signing GTD orders."""
    return int(client.get_server_time())


# --8<-- [end:server-time]


if __name__ == "__main__":
    client = ClobClient(HOST, chain_id=POLYGON)
    print(server_time(client))
    print(
        describe_market(
            client, "0xd57eed0d44f5b8ca54925d8d6ff440b146b3e6e071da18136ee3ee572d34479e"
        )
    )
    token = "97986244429993405301006613239860350847262749399039648046285499627250726259070"
    print(describe_book(client, token))
