"""User-channel client on `websockets`: your orders and trades, with the market stream's
reconnect discipline (keepalive, stale timeout, capped backoff with full jitter, resubscribe),
and after a gap, REST lookups of the orders and trades it missed.

No SDK needed; pass the CLOB API credentials either SDK gives you (key, secret, passphrase),
and for gap recovery the lookups of user_recovery.py. The credentials go into the auth message
only, sent only to the user channel, never logged, and never appear in a repr.
Copy with: market_stream.py, order_book.py, frame_decoder.py
"""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import json
import logging
import random
import time
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import WebSocketException

from .market_stream import (
    ConnectionChange,
    OnConnection,
    StreamConfig,
    StreamStats,
    backoff_delay,
    describe,
    keepalive,
    notify,
    stop_if_cancelled,
)

USER_URL = "wss://ws-subscriptions-clob.polymarket.com/ws/user"
log = logging.getLogger(__name__)

# --8<-- [start:statuses]
#: Trade lifecycle on the user channel (polymarket-client 0.14.0 `TradeStatus`).
TRADE_STATUSES = ("MATCHED", "MINED", "CONFIRMED", "RETRYING", "FAILED")
TERMINAL_TRADE_STATUSES = frozenset({"CONFIRMED", "FAILED"})  # settled on chain, or never


# --8<-- [end:statuses]


# --8<-- [start:auth]
@dataclass(frozen=True)
class ApiCredentials:
    api_key: str
    secret: str = field(repr=False)
    passphrase: str = field(repr=False)

    def __repr__(self) -> str:  # a stray log line shows only the key's first characters
        return f"ApiCredentials(api_key='{self.api_key[:4]}…')"


def auth_message(creds: ApiCredentials, markets: Iterable[str]) -> str:
    """The user-channel subscription: markets are condition ids (empty list: all markets)."""
    return json.dumps(
        {
            "auth": {
                "apiKey": creds.api_key,
                "secret": creds.secret,
                "passphrase": creds.passphrase,
            },
            "markets": list(markets),
            "type": "user",
        }
    )


def user_url(url: str) -> str:
    """The user channel of the host in `url`: presets carry the market channel's URL, and the
    auth message must never go there."""
    if url.endswith("/ws/market"):
        return url[: -len("market")] + "user"
    if url.endswith("/ws/user"):
        return url
    raise ValueError(f"{url!r} is not a /ws/market or /ws/user URL")


# --8<-- [end:auth]


OnUserEvent = Callable[[Mapping[str, Any]], Awaitable[None] | None]


# --8<-- [start:lookups]
class GapLookups(Protocol):
    """REST lookups for what the user channel missed (user_recovery.py has one per SDK).
    Records come back in the REST shape, as plain dicts."""

    async def open_orders(self, markets: Sequence[str]) -> list[Mapping[str, Any]]: ...

    async def order(self, order_id: str) -> Mapping[str, Any] | None: ...

    async def trades_since(
        self, after_s: int, markets: Sequence[str]
    ) -> list[Mapping[str, Any]]: ...


# --8<-- [end:lookups]


class UserStream:
    """Tracks `orders[id]` and `trades[id]` (latest event each); calls `on_event` for each,
    and `on_connection` when the subscription goes live or the session ends."""

    def __init__(
        self,
        creds: ApiCredentials,
        markets: Iterable[str] = (),
        *,
        on_event: OnUserEvent | None = None,
        on_connection: OnConnection | None = None,
        lookups: GapLookups | None = None,
        config: StreamConfig | None = None,
        rng: random.Random | None = None,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.config = config or StreamConfig(url=USER_URL)
        self.url = user_url(self.config.url)  # a market-channel preset still reaches /ws/user
        self.markets = list(markets)
        self.orders: dict[str, Mapping[str, Any]] = {}
        self.trades: dict[str, Mapping[str, Any]] = {}
        self.stats = StreamStats()
        self.recovered = 0  # orders and trades learnt from REST after a gap
        self.subscribed = asyncio.Event()
        self._creds, self._on_event, self._on_connection = creds, on_event, on_connection
        self._lookups, self._clock = lookups, clock
        self._rng, self._sleep = rng or random.Random(), sleep
        self._task: asyncio.Task[None] | None = None
        self._attempt = 0
        self._gap_since: float | None = None  # last frame before a gap not yet recovered
        self._last_frame_at = clock()

    async def __aenter__(self) -> UserStream:
        self._task = asyncio.create_task(self._run(), name="user-stream")
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)

    def unsettled_trades(self) -> list[str]:
        """Trades matched but not yet CONFIRMED or FAILED: do not count them as final."""
        return [t for t, e in self.trades.items() if e["status"] not in TERMINAL_TRADE_STATUSES]

    # --8<-- [start:run]
    async def _run(self) -> None:
        cfg = self.config
        while True:
            try:
                async with connect(
                    self.url,
                    open_timeout=cfg.open_timeout,
                    close_timeout=cfg.close_timeout,
                    ping_interval=None,
                ) as ws:
                    await self._session(ws)
            except (OSError, TimeoutError, WebSocketException) as exc:
                log.warning("user stream: %s", type(exc).__name__)  # never the auth frame
            except Exception:  # a bug in this loop: logged, counted, told; the stream goes on
                self.stats.loop_errors += 1
                log.exception("user stream: unexpected error; reconnecting")
            stop_if_cancelled()
            delay = backoff_delay(self._attempt, cfg.backoff_base, cfg.backoff_cap, self._rng)
            self._attempt += 1
            await self._sleep(delay)

    async def _session(self, ws: ClientConnection) -> None:
        await ws.send(auth_message(self._creds, self.markets))
        self.stats.connects += 1
        self.subscribed.set()
        reason = "closed"
        pinger = asyncio.create_task(keepalive(ws, self.config.ping_interval))
        try:
            await notify(self._on_connection, ConnectionChange(True), self.stats)
            if self._gap_since is not None:
                await self._recover(self._gap_since)
            while True:
                try:
                    async with asyncio.timeout(self.config.stale_after):
                        frame = await ws.recv()
                except TimeoutError:
                    self.stats.stale_disconnects += 1
                    reason = f"no frame for {self.config.stale_after:g} s"
                    return
                await self._on_frame(frame)
        except BaseException as exc:
            reason = describe(exc)
            raise
        finally:
            self.subscribed.clear()
            self.stats.disconnects += 1
            if self._gap_since is None:
                self._gap_since = self._last_frame_at  # events may be lost from here on
            pinger.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await pinger
            await notify(self._on_connection, ConnectionChange(False, reason), self.stats)

    async def _recover(self, since: float) -> None:
        """After a gap: open orders, the final state of orders that closed meanwhile, and every
        trade since the last frame before the gap. Retried at the next connect if it fails."""
        if self._lookups is None:
            self._gap_since = None
            return
        try:
            open_now = {o["id"]: o for o in await self._lookups.open_orders(self.markets)}
            closed = [
                order_id
                for order_id, event in self.orders.items()
                if order_id not in open_now and event.get("type") != "CANCELLATION"
            ]
            records = list(open_now.values())
            for order_id in closed:
                record = await self._lookups.order(order_id)
                if record is not None:
                    records.append(record)
            trades = await self._lookups.trades_since(int(since) - 1, self.markets)
        except Exception as exc:
            self.stats.resync_failures += 1
            log.warning(
                "user stream: gap recovery failed (%s); retried at the next connect",
                type(exc).__name__,
            )
            return
        self._gap_since = None
        for record in records:
            await self._learn("order", record, self.orders)
        for record in trades:
            await self._learn("trade", record, self.trades)

    async def _learn(self, kind: str, record: Mapping[str, Any], into: dict[str, Any]) -> None:
        known = into.get(record["id"])
        same = known is not None and known.get("status") == record.get("status")
        if same and (kind == "trade" or known.get("size_matched") == record.get("size_matched")):
            return  # nothing was missed
        event = {**record, "event_type": kind, "recovered": True}
        into[record["id"]] = event
        self.recovered += 1
        self.stats.resyncs += 1
        await self._deliver(event)

    # --8<-- [end:run]

    # --8<-- [start:events]
    async def _on_frame(self, frame: str | bytes) -> None:
        self._last_frame_at = self._clock()
        if frame == "PONG":
            return
        try:
            data = json.loads(frame)
        except ValueError:
            self.stats.malformed += 1
            return
        self._attempt = 0
        for event in data if isinstance(data, list) else [data]:
            kind = event.get("event_type") if isinstance(event, dict) else None
            if kind == "trade" and event.get("status") in TRADE_STATUSES and "id" in event:
                self.trades[event["id"]] = event
            elif kind == "order" and "id" in event:
                self.orders[event["id"]] = event  # PLACEMENT, UPDATE or CANCELLATION
            elif kind in ("trade", "order") or not isinstance(event, dict):
                self.stats.rejected += 1  # unknown trade status, no id, not an object
                continue
            else:
                self.stats.unknown += 1
                continue
            await self._deliver(event)

    async def _deliver(self, event: Mapping[str, Any]) -> None:
        if self._on_event is None:
            return
        try:
            result = self._on_event(event)
            if inspect.isawaitable(result):
                await result
        except Exception:
            self.stats.callback_errors += 1
            log.exception("user stream: on_event raised; the stream goes on")

    # --8<-- [end:events]
