"""User-channel client on `websockets`: your orders and trades, with the market stream's
reconnect discipline (keepalive, stale timeout, capped backoff with full jitter, resubscribe).

No SDK needed; pass the CLOB API credentials either SDK gives you (key, secret, passphrase).
The credentials go into the auth message only, are never logged, and never appear in a repr.
Copy with: market_stream.py, order_book.py, frame_decoder.py
"""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import json
import logging
import random
from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import WebSocketException

from .market_stream import StreamConfig, StreamStats, backoff_delay, keepalive

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


# --8<-- [end:auth]


OnUserEvent = Callable[[Mapping[str, Any]], Awaitable[None] | None]


class UserStream:
    """Tracks `orders[id]` and `trades[id]` (latest event each); calls `on_event` for each."""

    def __init__(
        self,
        creds: ApiCredentials,
        markets: Iterable[str] = (),
        *,
        on_event: OnUserEvent | None = None,
        config: StreamConfig | None = None,
        rng: random.Random | None = None,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.config = config or StreamConfig(url=USER_URL)
        self.markets = list(markets)
        self.orders: dict[str, Mapping[str, Any]] = {}
        self.trades: dict[str, Mapping[str, Any]] = {}
        self.stats = StreamStats()
        self.subscribed = asyncio.Event()
        self._creds, self._on_event = creds, on_event
        self._rng, self._sleep = rng or random.Random(), sleep
        self._task: asyncio.Task[None] | None = None
        self._attempt = 0

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

    async def _run(self) -> None:
        cfg = self.config
        while True:
            try:
                async with connect(
                    cfg.url,
                    open_timeout=cfg.open_timeout,
                    close_timeout=cfg.close_timeout,
                    ping_interval=None,
                ) as ws:
                    await self._session(ws)
            except (OSError, TimeoutError, WebSocketException) as exc:
                log.warning("user stream: %s", type(exc).__name__)  # never the auth frame
            delay = backoff_delay(self._attempt, cfg.backoff_base, cfg.backoff_cap, self._rng)
            self._attempt += 1
            await self._sleep(delay)

    async def _session(self, ws: ClientConnection) -> None:
        await ws.send(auth_message(self._creds, self.markets))
        self.stats.connects += 1
        self.subscribed.set()
        pinger = asyncio.create_task(keepalive(ws, self.config.ping_interval))
        try:
            while True:
                try:
                    async with asyncio.timeout(self.config.stale_after):
                        frame = await ws.recv()
                except TimeoutError:
                    self.stats.stale_disconnects += 1
                    return
                await self._on_frame(frame)
        finally:
            self.subscribed.clear()
            self.stats.disconnects += 1
            pinger.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await pinger

    # --8<-- [start:events]
    async def _on_frame(self, frame: str | bytes) -> None:
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
