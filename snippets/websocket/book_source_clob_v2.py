"""The REST `/book` snapshot for MarketStream, fetched with py-clob-client-v2 (sync, in a thread).

Requires: pip install py-clob-client-v2
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

from py_clob_client_v2 import ClobClient


# --8<-- [start:fetch]
def book_fetcher(client: ClobClient) -> Callable[[str], Awaitable[dict[str, Any]]]:
    """Return `fetch_book(asset_id)`: the `/book` body, a plain dict of the server's JSON."""

    async def fetch_book(asset_id: str) -> dict[str, Any]:
        # The client is blocking (httpx): keep it off the event loop that reads the socket.
        book = await asyncio.to_thread(client.get_order_book, asset_id)
        if not isinstance(book, dict) or "bids" not in book:
            raise ValueError(f"/book for {asset_id}: unexpected answer {book!r:.200}")
        return book

    return fetch_book


# --8<-- [end:fetch]
