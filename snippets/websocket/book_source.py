"""The REST `/book` snapshot for MarketStream, fetched with polymarket-client (async).

Requires: pip install polymarket-client
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from polymarket import AsyncPublicClient

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


# --8<-- [start:fetch]
def book_fetcher(client: AsyncPublicClient) -> Callable[[str], Awaitable[dict[str, Any]]]:
    """Return `fetch_book(asset_id)`: the `/book` body as the server sent it (strings, ms)."""

    async def fetch_book(asset_id: str) -> dict[str, Any]:
        book = await client.get_order_book(token_id=asset_id)  # position ids work the same
        if book.timestamp is None:
            raise ValueError(f"/book for {asset_id} has no timestamp")
        level = lambda lv: {"price": str(lv.price), "size": str(lv.size)}  # noqa: E731
        return {
            "market": book.condition_id,
            "asset_id": book.asset_id,
            # The model parses the ms string into a datetime; the hash needs the ms back.
            "timestamp": str((book.timestamp - EPOCH) // timedelta(milliseconds=1)),
            "hash": book.hash,
            "bids": [level(lv) for lv in book.bids],
            "asks": [level(lv) for lv in book.asks],
            "min_order_size": str(book.min_order_size),
            "tick_size": str(book.tick_size),
            "neg_risk": book.neg_risk,
            # A book that never traded says "" (recorded 2026-08-03); the model says None.
            "last_trade_price": "" if book.last_trade_price is None else str(book.last_trade_price),
        }

    return fetch_book


# --8<-- [end:fetch]
