"""The market and user WebSocket channels on the server's own port (`/ws/market`, `/ws/user`).

    clob.ws_market_url   # ws://127.0.0.1:PORT/ws/market
    # send {"assets_ids": [token], "type": "market", "custom_feature_enabled": true}
    # receive [{"event_type": "book", ...}], then price_change / last_trade_price / best_bid_ask

Protocol (docs.polymarket.com/market-data/websocket/overview, market-channel and user-channel,
read 2026-12-02; the recorded frames of the site's websocket tests): the text `PING` is
answered `PONG`; the first market subscription gets a JSON array of `book` events; `operation`
"subscribe"/"unsubscribe" changes a live connection; `best_bid_ask` only with
`custom_feature_enabled`. The user channel wants `{"auth": {"apiKey", "secret", "passphrase"},
"markets": [condition ids], "type": "user"}` and then gets `order` and `trade` events of that
key only (no `markets` = all). Uses aiohttp.
Copy with: exchange.py, records.py, faults.py.
"""

from __future__ import annotations

import asyncio
import itertools
import json
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSMsgType, web

from .exchange import Exchange
from .faults import Faults, apply_mutation
from .records import ConnectionRecord, Subscription

_ids = itertools.count(1)


@dataclass
class Conn:
    ws: web.WebSocketResponse
    request: web.Request
    record: ConnectionRecord
    queue: asyncio.Queue[str | None] = field(default_factory=asyncio.Queue)
    topics: set[str] = field(default_factory=set)  # market: asset ids; user: condition ids
    all_markets: bool = False
    api_key: str = ""
    custom: bool = False
    silent: bool = False


class Channels:
    def __init__(self, exchange: Exchange, loop: asyncio.AbstractEventLoop, faults: Faults):
        self.ex = exchange
        self.loop = loop
        self.faults = faults  # `faults.mutate("ws:book", ...)` changes `book` frames
        self.conns: list[Conn] = []
        exchange.listeners.append(self.route)

    # --- delivery ---------------------------------------------------------------------------
    def _send(self, conn: Conn, frame: Any) -> None:
        for event in frame if isinstance(frame, list) else [frame]:
            rule = self.faults.take("WS", "ws:" + event["event_type"], ("mutate",))
            if rule:
                apply_mutation(event, rule.args)
        text = json.dumps(frame, separators=(",", ":"))
        self.loop.call_soon_threadsafe(conn.queue.put_nowait, text)

    def route(self, channel: str, topic: str, frame: dict[str, Any]) -> None:
        """Called under the exchange lock, on any thread: pick the connections now."""
        for conn in list(self.conns):
            if conn.record.channel != channel or conn.silent:
                continue
            if channel == "market":
                wanted = topic in conn.topics and (
                    frame["event_type"] != "best_bid_ask" or conn.custom
                )
            else:
                wanted = conn.api_key == topic and (
                    conn.all_markets or frame.get("market") in conn.topics
                )
            if wanted:
                self._send(conn, dict(frame))

    # --- faults -----------------------------------------------------------------------------
    def fault(self, kind: str, channel: str | None, code: int) -> None:
        for conn in list(self.conns):
            if channel not in (None, conn.record.channel):
                continue
            if kind == "silence":
                conn.silent = True
            elif kind == "abort":
                transport = conn.request.transport
                if transport is not None:
                    self.loop.call_soon_threadsafe(transport.abort)
            else:
                conn.record.close_code = code
                self.loop.call_soon_threadsafe(conn.queue.put_nowait, None)

    # --- handlers ---------------------------------------------------------------------------
    async def market(self, request: web.Request) -> web.WebSocketResponse:
        return await self._serve(request, "market")

    async def user(self, request: web.Request) -> web.WebSocketResponse:
        return await self._serve(request, "user")

    async def _serve(self, request: web.Request, channel: str) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(autoping=False)
        with self.ex.lock:  # registered before the handshake reply: faults see it at once
            record = ConnectionRecord(next(_ids), channel, self.ex.clock.now())
            self.ex.records.connections.append(record)
            conn = Conn(ws, request, record)
            self.conns.append(conn)
        sender = asyncio.ensure_future(self._sender(conn))
        try:
            await ws.prepare(request)
            async for msg in ws:
                if msg.type == WSMsgType.PING and not conn.silent:
                    await ws.pong(msg.data)
                elif msg.type == WSMsgType.TEXT:
                    self._on_text(conn, msg.data)
        finally:
            sender.cancel()
            with self.ex.lock:
                self.conns.remove(conn)
                now = self.ex.clock.now()
                record.closed = now
                for sub in record.subscriptions:
                    sub.end = now if sub.end is None else sub.end
        return ws

    async def _sender(self, conn: Conn) -> object:
        while True:
            text = await conn.queue.get()
            if text is None:
                return await conn.ws.close(code=conn.record.close_code or 1000)
            if not conn.silent:
                await conn.ws.send_str(text)

    def _on_text(self, conn: Conn, text: str) -> None:
        if text == "PING":
            if not conn.silent:
                self.loop.call_soon_threadsafe(conn.queue.put_nowait, "PONG")
            return
        try:
            message = json.loads(text)
        except ValueError:
            return  # GUESS: the real server's reply to junk is not documented
        if not isinstance(message, dict):
            return
        with self.ex.lock:
            if conn.record.channel == "market":
                self._market_message(conn, message)
            else:
                self._user_message(conn, message)

    def _names(self, message: dict[str, Any], key: str) -> list[str]:
        names = message.get(key)
        if not isinstance(names, list):
            return []
        return [n for n in names if isinstance(n, str)]

    def _subscribe(self, conn: Conn, names: list[str]) -> list[str]:
        now = self.ex.clock.now()
        new = [n for n in names if n not in conn.topics]
        for name in new:
            conn.topics.add(name)
            conn.record.subscriptions.append(Subscription(name, now))
        return new

    def _unsubscribe(self, conn: Conn, names: list[str]) -> None:
        now = self.ex.clock.now()
        for name in names:
            conn.topics.discard(name)
            for sub in conn.record.subscriptions:
                if sub.asset_or_market == name and sub.end is None:
                    sub.end = now

    def _market_message(self, conn: Conn, message: dict[str, Any]) -> None:
        if "auth" in message:  # a secret sent where it does not belong: keep it in the records
            conn.record.credentials_sent = True
        names = self._names(message, "assets_ids")
        if message.get("operation") == "unsubscribe":
            self._unsubscribe(conn, names)
            return
        if "custom_feature_enabled" in message:
            conn.custom = message["custom_feature_enabled"] is True
        known = [n for n in self._subscribe(conn, names) if n in self.ex.books]
        if known and not conn.silent:
            self._send(conn, [self.ex.ws_book(a) for a in known])

    def _user_message(self, conn: Conn, message: dict[str, Any]) -> None:
        auth = message.get("auth")
        if isinstance(auth, dict):
            conn.record.credentials_sent = True
            key = self.ex.keys.by_key.get(str(auth.get("apiKey")))
            if key is None or (auth.get("secret"), auth.get("passphrase")) != (
                key.secret,
                key.passphrase,
            ):
                conn.record.close_code = 1008  # GUESS: the real reply to bad auth is undocumented
                self.loop.call_soon_threadsafe(conn.queue.put_nowait, None)
                return
            conn.api_key = conn.record.api_key = key.key
        if not conn.api_key:
            return
        names = self._names(message, "markets")
        if message.get("operation") == "unsubscribe":
            self._unsubscribe(conn, names)
            return
        if not names and "operation" not in message:
            conn.all_markets = True
            self._subscribe(conn, ["*"])
        self._subscribe(conn, names)
