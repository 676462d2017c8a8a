"""polymarket-client's own market stream in production: what to add around `subscribe()`.

The SDK reconnects, resubscribes and answers PING/PONG itself; it keeps no book, never reads the
REST snapshot, gives no reconnect signal, and notices a half-open socket only after 30-35 s.
This wrapper adds a local book, an idle timeout with REST resync, and counters.
No py-clob-client-v2 twin: it has no WebSocket client (market_stream.py is the one for it).
Copy with: order_book.py
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Iterable, Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

from polymarket import AsyncPublicClient
from polymarket.streams import MarketBookEvent, MarketPriceChangeEvent, MarketSpec

from .order_book import BookError, LocalBook, check_asset_id

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
log = logging.getLogger(__name__)


def _ms(when: datetime | None) -> int:
    return 0 if when is None else (when - EPOCH) // timedelta(milliseconds=1)


# --8<-- [start:keeper]
class SdkBookKeeper:
    """Local books fed by `AsyncPublicClient.subscribe(MarketSpec(...))`."""

    def __init__(
        self,
        client: AsyncPublicClient,
        asset_ids: Iterable[str],
        fetch_book: Callable[[str], Awaitable[Mapping[str, Any]]],
        *,
        idle_timeout: float = 15.0,  # the SDK alone stays blind to a half-open socket for 30-35 s
    ) -> None:
        self.books = {a: LocalBook(a) for a in map(check_asset_id, asset_ids)}
        self.client, self.fetch_book, self.idle_timeout = client, fetch_book, idle_timeout
        self.idle_resyncs = self.rejected = self.snapshots = 0

    async def resync(self) -> None:
        for asset, book in self.books.items():
            book.mark_stale()
            book.replace(await self.fetch_book(asset))

    async def run(self, on_update: Callable[[str], None] | None = None) -> None:
        spec = MarketSpec(asset_ids=list(self.books), custom_feature_enabled=True)
        handle = await self.client.subscribe(spec)
        async with handle:
            await self.resync()
            while True:
                try:
                    async with asyncio.timeout(self.idle_timeout):
                        event = await anext(handle)
                except TimeoutError:  # maybe half-open: the SDK has not noticed yet
                    self.idle_resyncs += 1
                    log.warning(
                        "sdk stream idle for %.1f s; resyncing from REST", self.idle_timeout
                    )
                    await self.resync()
                    continue
                try:
                    for asset in self.apply(event):
                        if on_update is not None:
                            on_update(asset)
                except BookError as exc:
                    self.rejected += 1
                    log.warning("sdk stream: event rejected: %s", exc)

    def apply(self, event: object) -> list[str]:
        """Apply a book or price_change event; return the assets whose book changed."""
        if isinstance(event, MarketBookEvent):
            p = event.payload
            book = self.books.get(p.asset_id)
            if book is None:
                return []
            # A book event after the first means the SDK reconnected and resubscribed:
            # the snapshot is fresh whatever the stream did before.
            book.mark_stale()
            level = lambda lv: {"price": str(lv.price), "size": str(lv.size)}  # noqa: E731
            book.replace(
                {
                    "asset_id": p.asset_id,
                    "market": p.condition_id,
                    "timestamp": _ms(p.timestamp),
                    "hash": p.hash or "",
                    "bids": [level(lv) for lv in p.bids],
                    "asks": [level(lv) for lv in p.asks],
                }
            )
            self.snapshots += 1
            return [p.asset_id]
        if isinstance(event, MarketPriceChangeEvent):
            changed = []
            for ch in event.payload.price_changes:
                book = self.books.get(ch.asset_id)
                change = {"price": str(ch.price), "size": str(ch.size), "side": ch.side}
                if book is not None and book.apply_change(change, _ms(event.payload.timestamp)):
                    changed.append(ch.asset_id)
            return changed
        return []  # tick size, best bid/ask, trades: read them from the event if you need them


# --8<-- [end:keeper]
