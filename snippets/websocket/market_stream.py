# --8<-- [start:usage]
"""Market-channel client on `websockets`: books you can trust, or know you cannot.

    async with MarketStream([yes_id, no_id], book_fetcher(client), on_connection=print) as s:
        book = s.books[yes_id]  # quote only while s.connected and not book.stale
        bid, ask = book.best_bid(), book.best_ask()

Keepalive, stale detection, backoff, resubscribe, hash-checked books. No SDK needed: the
REST `/book` snapshot comes from the function you pass as `fetch_book` (book_source.py has one
per SDK). Works for CTF token ids and Protocol V2 position ids alike.
Copy with: order_book.py, frame_decoder.py (msgspec optional)
"""
# --8<-- [end:usage]

from __future__ import annotations

import asyncio
import contextlib
import inspect
import json
import logging
import random
from bisect import bisect_left
from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, NamedTuple

from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import WebSocketException

from .frame_decoder import (
    Change,
    DecodeError,
    change_from_dict,
    change_to_dict,
    decode_books,
    parse_json,
    price_change_decoder,
    split_levels,
    to_builtins,
)
from .order_book import (
    INF,
    LEVEL_JSON,
    UNSET,
    BookError,
    LocalBook,
    check_asset_id,
    check_price,
    size_value,
)

new_change = tuple.__new__
MARKET_URL = "wss://ws-subscriptions-clob.polymarket.com/ws/market"
log = logging.getLogger(__name__)


# --8<-- [start:config]
@dataclass(frozen=True)
class StreamConfig:
    url: str = MARKET_URL
    ping_interval: float = 10.0  # send the text "PING" this often (docs: every 10 s)
    stale_after: float = 12.0  # no frame at all (PONG included) for this long: reconnect
    backoff_base: float = 0.5  # first retry waits uniform(0, base); doubles per failure
    backoff_cap: float = 30.0  # ...up to uniform(0, cap)
    open_timeout: float = 10.0  # TCP + TLS + WebSocket handshake
    close_timeout: float = 1.0  # how long a close handshake may take before it is cut
    queue_size: int = 1000  # events waiting for your callback; the oldest go first
    custom_features: bool = True  # also receive best_bid_ask, new_market, market_resolved
    verify_hashes: bool = True  # compare the book's SHA-1 with the server's hash
    verify_every: float = 0.1  # at most one check per asset per this much server time (0: all)


#: Starting points per use case (the page explains each choice).
PRESETS = {
    "market maker": StreamConfig(stale_after=12.0, backoff_base=0.1, backoff_cap=5.0),
    "trading bot": StreamConfig(stale_after=12.0, backoff_base=0.5, backoff_cap=15.0),
    "dashboard": StreamConfig(stale_after=30.0, backoff_base=1.0, backoff_cap=60.0),
}


async def keepalive(ws: ClientConnection, interval: float) -> None:
    """Send the text PING every `interval` seconds until the connection closes."""
    with contextlib.suppress(WebSocketException):
        while True:
            await asyncio.sleep(interval)
            await ws.send("PING")


def stop_if_cancelled() -> None:
    """Raise CancelledError when the running task is being cancelled. A cancel that lands while
    a session ends can be replaced by another error (one raised in a callback or a `finally`);
    without this check the loop would count that error and reconnect, and never stop."""
    task = asyncio.current_task()
    if task is not None and task.cancelling():
        raise asyncio.CancelledError


def backoff_delay(attempt: int, base: float, cap: float, rng: random.Random) -> float:
    """Capped exponential backoff with full jitter: uniform(0, min(cap, base * 2**attempt))."""
    return rng.uniform(0.0, min(cap, base * 2 ** min(attempt, 32)))


# --8<-- [end:config]


@dataclass
class StreamStats:
    connects: int = 0
    connect_failures: int = 0
    disconnects: int = 0
    stale_disconnects: int = 0
    malformed: int = 0  # frames that are not JSON
    rejected: int = 0  # JSON events with bad or missing fields, out-of-range prices
    unknown: int = 0  # event types this client does not know
    hash_checks: int = 0
    hash_mismatches: int = 0
    resyncs: int = 0  # REST snapshots applied
    resync_failures: int = 0
    resync_retries: int = 0  # REST fetches repeated after a failure
    resync_wait_s: float = 0.0  # backoff slept before those retries
    dropped_events: int = 0  # events your callback was too slow to take
    callback_errors: int = 0
    loop_errors: int = 0  # bugs caught in the stream's own loop (logged with traceback)


# --8<-- [start:connection]
class ConnectionChange(NamedTuple):
    """Given to `on_connection`: subscribed (True), or the session ended and why (False)."""

    connected: bool
    reason: str = ""


@dataclass(frozen=True)
class BookEvent:
    kind: str  # book, price_change, tick_size_change, best_bid_ask, last_trade_price, resync...
    asset_id: str
    payload: Mapping[str, Any]


FetchBook = Callable[[str], Awaitable[Mapping[str, Any]]]
OnEvent = Callable[[BookEvent], Awaitable[None] | None]
OnConnection = Callable[[ConnectionChange], Awaitable[None] | None]
Sleep = Callable[[float], Awaitable[None]]


async def notify(
    callback: OnConnection | None, change: ConnectionChange, stats: StreamStats
) -> None:
    """Tell the user the connection went up or down; a raising callback is logged, counted."""
    if callback is None:
        return
    try:
        result = callback(change)
        if inspect.isawaitable(result):
            await result
    except Exception:
        stats.callback_errors += 1
        log.exception("stream: on_connection raised; the stream goes on")


# --8<-- [end:connection]


def describe(exc: BaseException) -> str:
    """What ended a session, for logs and `ConnectionChange.reason` (never a frame's content)."""
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__


class MarketStream:
    """Keeps `books[asset_id]` current; calls `on_event` (never with a transport error) and
    `on_connection` when the subscription goes live or the session ends."""

    def __init__(
        self,
        asset_ids: Iterable[str],
        fetch_book: FetchBook,
        *,
        on_event: OnEvent | None = None,
        on_connection: OnConnection | None = None,
        config: StreamConfig | None = None,
        rng: random.Random | None = None,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self.config = config or StreamConfig()
        self.books = {a: LocalBook(a) for a in map(check_asset_id, asset_ids)}
        self.stats = StreamStats()
        self.subscribed = asyncio.Event()  # set while a connection is open and subscribed
        self._fetch_book, self._on_event, self._on_connection = fetch_book, on_event, on_connection
        self._rng, self._sleep = rng or random.Random(), sleep
        self._queue: asyncio.Queue[BookEvent] = asyncio.Queue(self.config.queue_size)
        self._verify_ms = round(self.config.verify_every * 1000)
        self._resyncing: dict[str, asyncio.Task[None]] = {}
        self._ws: ClientConnection | None = None
        self._tasks: list[asyncio.Task[None]] = []
        self._attempt = 0
        # Without a callback, changes are decoded without the fields only callbacks read.
        self._decode_changes = price_change_decoder(lean=on_event is None)  # None: no msgspec
        # Hash checks off and no callback: the same steps without the hash's bookkeeping.
        plain = not self.config.verify_hashes and on_event is None
        self._apply_changes = self._apply_plain if plain else self._on_price_change

    @property
    def connected(self) -> bool:
        """True while subscribed; books are fresh only then (and when not `stale`)."""
        return self.subscribed.is_set()

    async def __aenter__(self) -> MarketStream:
        self._tasks.append(asyncio.create_task(self._run(), name="market-stream"))
        if self._on_event is not None:
            self._tasks.append(asyncio.create_task(self._dispatch(), name="market-callbacks"))
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()

    # --8<-- [start:close]
    async def close(self) -> None:
        """Stop everything this stream started; no task is left running."""
        tasks = [*self._tasks, *self._resyncing.values()]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        self._tasks.clear()
        self._resyncing.clear()

    # --8<-- [end:close]

    # --8<-- [start:subscribe]
    async def subscribe(self, asset_ids: Iterable[str]) -> None:
        """Add assets while connected (or before): books start empty and resync from REST."""
        new = [a for a in map(check_asset_id, asset_ids) if a not in self.books]
        for asset in new:
            self.books[asset] = LocalBook(asset)
        if new and self._ws is not None:
            await self._send(
                {
                    "operation": "subscribe",
                    "assets_ids": new,
                    "custom_feature_enabled": self.config.custom_features,
                }
            )
            for asset in new:
                self._resync(asset)

    async def unsubscribe(self, asset_ids: Iterable[str]) -> None:
        gone = [a for a in map(check_asset_id, asset_ids) if self.books.pop(a, None)]
        if gone and self._ws is not None:
            await self._send({"operation": "unsubscribe", "assets_ids": gone})

    # --8<-- [end:subscribe]

    async def _send(self, message: Mapping[str, Any]) -> None:
        ws = self._ws
        if ws is not None:
            with contextlib.suppress(WebSocketException):  # the next connect resubscribes
                await ws.send(json.dumps(message))

    # --8<-- [start:run]
    async def _run(self) -> None:
        """Connect, stream until the connection dies or goes stale, back off, repeat."""
        cfg = self.config
        while True:
            connects = self.stats.connects
            try:
                async with connect(
                    cfg.url,
                    open_timeout=cfg.open_timeout,
                    close_timeout=cfg.close_timeout,
                    ping_interval=None,  # the server wants the text PING, not protocol pings
                    max_queue=64,  # frames buffered by websockets before TCP backpressure
                ) as ws:
                    await self._session(ws)
            except (OSError, TimeoutError, WebSocketException) as exc:
                self.stats.connect_failures += self.stats.connects == connects
                log.warning("market stream: %s", describe(exc))
            except Exception:  # a bug here must not end the stream silently
                self.stats.loop_errors += 1
                log.exception("market stream: unexpected error; reconnecting")
            stop_if_cancelled()
            delay = backoff_delay(self._attempt, cfg.backoff_base, cfg.backoff_cap, self._rng)
            self._attempt += 1
            log.info("market stream: reconnecting in %.3f s (attempt %d)", delay, self._attempt)
            await self._sleep(delay)

    async def _session(self, ws: ClientConnection) -> None:
        await ws.send(
            json.dumps(
                {
                    "type": "market",
                    "assets_ids": list(self.books),
                    "custom_feature_enabled": self.config.custom_features,
                }
            )
        )
        self._ws = ws
        self.stats.connects += 1
        self.subscribed.set()
        reason = "closed"
        pinger = asyncio.create_task(keepalive(ws, self.config.ping_interval), name="market-ping")
        try:
            await notify(self._on_connection, ConnectionChange(True), self.stats)
            for asset in self.books:
                self._resync(asset)  # REST snapshot after every (re)connect
            while True:
                try:  # asyncio.timeout, not wait_for: 3.11's wait_for can swallow a cancel
                    async with asyncio.timeout(self.config.stale_after):
                        frame = await ws.recv()
                except TimeoutError:
                    self.stats.stale_disconnects += 1
                    reason = f"no frame for {self.config.stale_after:g} s"
                    log.warning("market stream: %s", reason)
                    return
                self._on_frame(frame)
        except BaseException as exc:
            reason = describe(exc)
            raise
        finally:
            # Events are lost from now on: no book may be read as fresh, and no REST answer
            # started by this session may make it fresh again.
            self._ws = None
            self.subscribed.clear()
            self.stats.disconnects += 1
            for book in self.books.values():
                book.mark_stale()
            resyncs = list(self._resyncing.values())
            self._resyncing.clear()
            for task in [pinger, *resyncs]:
                task.cancel()
            await asyncio.gather(pinger, *resyncs, return_exceptions=True)
            await notify(self._on_connection, ConnectionChange(False, reason), self.stats)

    # --8<-- [end:run]

    # --8<-- [start:events]
    def _on_frame(self, frame: str | bytes) -> None:
        decode = self._decode_changes  # msgspec's decoder of `price_change` frames, if installed
        if decode is not None:
            try:
                event = decode(frame)
            except DecodeError:  # not a price_change: a book, another event, PONG, not JSON
                snapshots = decode_books(frame)
                if snapshots is not None:
                    self._attempt = 0
                    self._on_books(snapshots if type(snapshots) is list else [snapshots])
                    return
            else:
                self._attempt = 0  # real data arrived: this connection is healthy
                try:
                    self._apply_changes(event.timestamp, event.price_changes)
                except (BookError, ValueError) as exc:
                    self.stats.rejected += 1
                    log.warning("market stream: event rejected: %s", exc)
                return
        if frame == "PONG":
            return
        try:
            data = parse_json(frame)  # json.loads, minus its overhead on a plain frame
        except ValueError:  # JSONDecodeError and UnicodeDecodeError
            self.stats.malformed += 1
            log.warning("market stream: non-JSON frame of %d bytes ignored", len(frame))
            return
        self._attempt = 0
        for event in data if isinstance(data, list) else [data]:
            try:
                self._on_event_data(event)
            except (BookError, KeyError, TypeError, ValueError) as exc:
                self.stats.rejected += 1
                log.warning("market stream: event rejected: %s", exc)

    def _on_books(self, snapshots: list[Any]) -> None:
        """`book` structs decoded by msgspec (the subscribe answer is a list of them)."""
        keep_text = self.config.verify_hashes  # the level texts serve only the hash check
        for snapshot in snapshots:
            try:
                book = self.books.get(snapshot.asset_id)
                applied = book is not None and book.replace_levels(
                    snapshot, split_levels, keep_text
                )
                if applied and self._on_event is not None:
                    self._emit("book", snapshot.asset_id, to_builtins(snapshot))
            except (BookError, ValueError) as exc:
                self.stats.rejected += 1
                log.warning("market stream: event rejected: %s", exc)

    def _on_price_change(self, timestamp: int, changes: Iterable[Change]) -> None:
        """The hot path: one V2 `price_change`, several changes, maybe several assets.
        `LocalBook.apply` and `Side.set`, inlined. A changed size of a held level only notes
        the size for the level texts (`Side.pending`): the next hash check formats it once."""
        books, emit, verify = self.books, self._on_event is not None, self.config.verify_hashes
        verify_ms = self._verify_ms
        for change in changes:
            book = books.get(change.asset_id)
            if book is None:
                continue
            if book.stale:
                if book.asset_id not in self._resyncing and self._ws is not None:
                    self._resync(book.asset_id)  # e.g. a REST answer rejected as invalid
                continue
            if book.timestamp != timestamp:  # a new timestamp for this book
                if timestamp < book.timestamp:
                    continue  # already inside the snapshot held
                if not book.hash_checked:  # only while checks are on (below)
                    book.hash_checked = True
                    if book.timestamp - book.checked_at >= verify_ms:
                        self._verify(book)
                        if book.stale:
                            continue
            price, size = change.price, change.size
            if change.side == "BUY":
                side = book._bids
            elif change.side == "SELL":
                side = book._asks
            else:
                raise BookError(f"side {change.side!r} is not BUY or SELL")
            try:
                value = float(size)
            except ValueError:
                value = -1.0
            if not 0 <= value < INF:
                size_value(size)  # raises the precise BookError
            sizes = side.sizes
            if sizes is None:  # still the snapshot's text: split it now
                sizes = side.materialize()
            texts = side.texts
            if price in sizes:
                if value:
                    sizes[price] = size
                    if texts is not None:
                        side.pending[price] = size
                else:
                    del sizes[price]
                    i = bisect_left(side.prices, price)
                    del side.prices[i]
                    if texts is not None:
                        del texts[i]
                        side.pending.pop(price, None)
            elif value:
                i = bisect_left(side.prices, check_price(price))
                sizes[price] = size
                side.prices.insert(i, price)
                if texts is not None:
                    texts.insert(i, LEVEL_JSON % (price, size))
            else:
                check_price(price)  # removing a level not held: only the hash moves
            side.text = None
            book.timestamp, book.hash = timestamp, change.hash
            if verify:
                book.hash_checked = not change.hash
            if emit:
                self._emit("price_change", book.asset_id, change_to_dict(change))

    def _apply_plain(self, timestamp: int, changes: Iterable[Change]) -> None:
        """`_on_price_change` with hash checks off and no callback: the same checks and steps,
        without noting level texts or checking hashes (texts built by a `compute_hash` call
        are dropped on the next change and built again if asked for)."""
        books = self.books
        for change in changes:
            try:
                book = books[change.asset_id]
            except KeyError:
                continue  # not an asset of this stream
            if book.stale:
                if book.asset_id not in self._resyncing and self._ws is not None:
                    self._resync(book.asset_id)
                continue
            if timestamp < book.timestamp:
                continue  # already inside the snapshot held
            price, size, side = change.price, change.size, change.side
            if side == "BUY":
                side = book._bids
            elif side == "SELL":
                side = book._asks
            else:
                raise BookError(f"side {side!r} is not BUY or SELL")
            try:
                value = float(size)
            except ValueError:
                value = -1.0
            if not 0 <= value < INF:
                size_value(size)  # raises the precise BookError
            sizes = side.sizes
            if sizes is None:  # still the snapshot's text: split it now
                sizes = side.materialize()
            if price in sizes:
                if value:
                    sizes[price] = size
                else:
                    del sizes[price]
                    del side.prices[bisect_left(side.prices, price)]
            elif value:
                side.prices.insert(bisect_left(side.prices, check_price(price)), price)
                sizes[price] = size
            else:
                check_price(price)  # removing a level not held: only the hash moves
            if side.texts is not None:
                side.texts = side.text = None
            book.timestamp = timestamp
            book.hash = change.hash

    def _on_event_data(self, event: Any) -> None:
        if not isinstance(event, dict):
            raise TypeError(f"event is a {type(event).__name__}, not an object")
        kind = event.get("event_type")
        if kind == "price_change":
            if self._on_event is None:  # the book needs five fields; callbacks get all seven
                changes = [
                    new_change(  # tuple.__new__ in C, not Change's own __new__ in Python
                        Change,
                        (
                            str(c["asset_id"]),
                            str(c["price"]),
                            str(c["size"]),
                            str(c["side"]),
                            str(c.get("hash", "")),
                        ),
                    )
                    for c in event["price_changes"]
                ]
            else:
                changes = [change_from_dict(c) for c in event["price_changes"]]
            self._apply_changes(int(event["timestamp"]), changes)
            return
        if kind in ("new_market", "market_resolved"):
            self._emit(kind, "", event)
            return
        if kind not in ("book", "tick_size_change", "best_bid_ask", "last_trade_price"):
            self.stats.unknown += 1
            log.info("market stream: unknown event type %r ignored", kind)
            return
        book = self.books.get(event["asset_id"])  # an event for no asset is rejected
        if book is None:
            return
        if kind == "book":
            if book.replace(event):
                self._emit(kind, book.asset_id, event)
            return
        if kind == "tick_size_change":
            book.set_tick_size(event["new_tick_size"])
        elif kind == "best_bid_ask":
            book.best_bid_ask = (str(event["best_bid"]), str(event["best_ask"]))
        else:  # last_trade_price: the hash covers it, so the book must follow every trade
            book.set_last_trade_price(str(event["price"]))
        self._emit(kind, book.asset_id, event)

    # --8<-- [end:events]

    # --8<-- [start:hash]
    # The hash check, inlined in `_on_price_change` before the first change of a new timestamp
    # (changes sharing a timestamp carry the hash of the book after the last of them, so the
    # book then matches `book.hash`): at most one check per `verify_every` of server time per
    # asset, the rest skipped. `hash_checked` is False only while checks are on.

    def verify_now(self) -> None:
        """Check every book's latest unchecked hash, whatever the interval (call when quiet)."""
        for book in list(self.books.values()):
            if not book.hash_checked and self.config.verify_hashes:
                book.hash_checked = True
                self._verify(book)

    def _verify(self, book: LocalBook) -> None:
        if not book.can_hash():
            return  # no REST snapshot yet: min_order_size and neg_risk unknown
        self.stats.hash_checks += 1
        book.checked_at = book.timestamp
        before, book.ltp_before = book.ltp_before, UNSET
        if book.compute_hash() == book.hash:
            return
        # A trade seen since the last check: the server may have hashed just before it.
        if before is not UNSET and book.compute_hash(last_trade_price=before) == book.hash:
            return
        self.stats.hash_mismatches += 1
        log.warning("market stream: book %s diverged from the server; resyncing", book.asset_id)
        book.mark_stale()  # do not trade on it until the REST snapshot lands
        self._resync(book.asset_id)

    def _resync(self, asset: str) -> None:
        if asset not in self._resyncing:
            self._resyncing[asset] = asyncio.create_task(self._resync_one(asset))

    async def _resync_one(self, asset: str) -> None:
        """Fetch the REST snapshot; on failure retry with backoff until the book is fresh and
        hash-checkable. Cancelled when the session ends, so an answer never lands without a
        live subscription."""
        cfg, attempt = self.config, 0
        try:
            while True:
                try:
                    body = await self._fetch_book(asset)
                    book = self.books.get(asset)
                    if book is None or not self.subscribed.is_set():
                        return
                    if book.replace(body):
                        self.stats.resyncs += 1
                        self._emit("resync", asset, body)
                    if not book.stale and book.can_hash():
                        return
                except Exception as exc:  # BookError, transport errors, a bad answer...
                    self.stats.resync_failures += 1
                    log.warning("market stream: REST resync of %s failed: %r", asset, exc)
                delay = backoff_delay(attempt, cfg.backoff_base, cfg.backoff_cap, self._rng)
                attempt += 1
                self.stats.resync_retries += 1
                self.stats.resync_wait_s += delay
                await self._sleep(delay)
        finally:
            if self._resyncing.get(asset) is asyncio.current_task():
                del self._resyncing[asset]

    # --8<-- [end:hash]

    # --8<-- [start:dispatch]
    def _emit(self, kind: str, asset_id: str, payload: Mapping[str, Any]) -> None:
        if self._on_event is None:
            return
        if self._queue.full():  # a slow consumer loses the oldest events, never memory
            self._queue.get_nowait()
            self.stats.dropped_events += 1
        self._queue.put_nowait(BookEvent(kind, asset_id, payload))

    async def _dispatch(self) -> None:
        assert self._on_event is not None
        while True:
            event = await self._queue.get()
            try:
                result = self._on_event(event)
                if inspect.isawaitable(result):
                    await result
            except Exception:
                self.stats.callback_errors += 1
                log.exception("market stream: on_event raised; the stream goes on")

    # --8<-- [end:dispatch]
