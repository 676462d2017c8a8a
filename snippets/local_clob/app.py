"""A stateful CLOB V2 on 127.0.0.1: HTTP API and both WebSocket channels on one random port.

    with LocalClob(seed=7) as clob:                       # sync: runs in a background thread
        creds = clob.add_api_key(account.address)          # or POST /auth/api-key with L1 headers
        clob.fund(account.address, pusd=100)
        client = ClobClient(clob.url, chain_id=137, key=..., creds=...)  # py-clob-client-v2

    async with LocalClob(seed=7) as clob: ...              # async: runs on the current loop

Constructor: `seed` (API keys and ids derive from it), `markets=` (default: the recorded books
in seed_books.json; `TOKEN`, `NEG_RISK_TOKEN`, `V3_TOKEN` name one of each kind),
`start_time=` (freeze the server clock there), `page_size=`, `settle="auto" | "manual"`,
`auth_clock=` (what L1/L2 timestamps are checked against; default the wall clock).
Setup: `fund(address, pusd=, positions={token: shares})`, `set_allowance(address, exchange,
units)`, `add_api_key(address) -> ApiKey`, `set_tier(signer, tier)`.
Control: `advance(seconds)` moves the server clock (heartbeat timeouts, GTD expiry, bucket
refill), `set_mode("cancel_only" | "disabled" | "post_only" | "restarting" | "normal")`,
`change_tick_size(token, tick)`, `set_accepting_orders(condition_id, False)`,
`settle_trade(id, status)` with `settle="manual"`, `fail_next_trades(n)`,
`spend(signer, "order" | "cancel", n)` (a second client on the same signer),
`set_warning_mode(on)`, and `faults` (faults.py).
Reading state: `records` (records.py), `balances(address)`, `open_orders()`, `url`,
`ws_market_url`, `ws_user_url`, `exchange` (everything, under `exchange.lock`).
Over HTTP the control calls are `POST /_control/<name>` with keyword arguments as JSON, and
the records `GET /_control/records`.
Copy with: the whole folder (exchange.py, channels.py, faults.py, auth.py, records.py,
clock.py, book.py, rules.py, signing.py, buckets.py, seed_books.json).
"""

from __future__ import annotations

import asyncio
import base64
import dataclasses
import json
import threading
import time
from collections.abc import Awaitable, Callable
from decimal import Decimal
from typing import Any

from aiohttp import web

from .auth import L1_HEADERS, L2_HEADERS, ApiKey, AuthError
from .book import fmt
from .channels import Channels
from .clock import Clock
from .exchange import Exchange, load_seed
from .faults import Faults, apply_mutation
from .records import RequestRecord, RetryWindow
from .rules import MAX_BATCH
from .signing import EXCHANGES

TOKEN = "97986244429993405301006613239860350847262749399039648046285499627250726259070"
NEG_RISK_TOKEN = "57748138085022719760345772310040703848567377822400132842014290209986511882046"
V3_TOKEN = "719975933196953153479451074212216146913267758697617460687455287637002158080"
START, END = "MA==", "LTE="  # pagination cursors (py-clob-client-v2 1.2.1 constants.py)
INVALID_PAYLOAD = {"error": "Invalid payload"}  # docs error-codes page (POST /books)
CONTROL = frozenset(
    {
        *("fund", "set_allowance", "add_api_key", "set_tier", "advance", "set_mode"),
        *("change_tick_size", "settle_trade", "spend", "set_warning_mode", "clear_faults"),
        "set_accepting_orders",
        *("drop_before", "drop_after_accept", "delay", "fail", "storm", "mutate"),
        *("ws_abrupt_close", "ws_close", "ws_half_open", "fail_next_trades"),
    }
)


class HttpError(Exception):
    def __init__(self, status: int, body: Any, headers: dict[str, str] | None = None) -> None:
        super().__init__(status)
        self.status, self.body, self.headers = status, body, headers or {}


def _number(value: Decimal) -> int | float:
    """A JSON number as the server writes it: 5, not 5.0 (recorded /clob-markets bodies)."""
    return int(value) if value == value.to_integral_value() else float(value)


def _cursor(offset: int) -> str:
    return base64.b64encode(str(offset).encode()).decode()


def _offset(cursor: str) -> int:
    if not cursor or cursor == START:
        return 0
    try:
        return max(0, int(base64.b64decode(cursor, validate=True).decode()))
    except ValueError:
        raise HttpError(400, {"error": "invalid next_cursor"}) from None  # GUESS wording


class LocalClob:
    def __init__(
        self,
        *,
        seed: int = 0,
        markets: list[dict[str, Any]] | None = None,
        start_time: float | None = None,
        page_size: int = 100,  # the recorded /data/trades body says "limit": 100
        settle: str = "auto",
        auth_clock: Callable[[], float] = time.time,
    ) -> None:
        self.clock = Clock(start_time)
        self.exchange = Exchange(self.clock, seed)
        self.exchange.settle = settle
        self.exchange.seed_markets(load_seed() if markets is None else markets)
        self.faults = Faults()
        self.page_size = page_size
        self.auth_clock = auth_clock
        self.port = 0
        self.channels: Channels | None = None
        self._runner: web.AppRunner | None = None
        self._server: asyncio.base_events.Server | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None

    # --- public state -----------------------------------------------------------------------
    @property
    def records(self):
        """What the server saw (records.py). Reading it first applies the time that passed."""
        self._tick()
        return self.exchange.records

    def _tick(self) -> None:
        """Heartbeat timeouts and GTD expiry happen when the server is next asked: any request,
        `advance()`, or reading `records`, `balances()` or `open_orders()`."""
        with self.exchange.lock:
            self.exchange.tick()

    @property
    def limits(self):
        return self.exchange.limits

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def ws_market_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/ws/market"

    @property
    def ws_user_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/ws/user"

    def fund(self, address: str, pusd: float = 0, positions: dict[str, float] | None = None):
        with self.exchange.lock:
            self.exchange.fund(address, pusd, positions)

    def balances(self, address: str) -> dict[str, Any]:
        """pUSD and positions of `address`, in 6-decimal units, as the server holds them."""
        self._tick()
        with self.exchange.lock:
            acct = self.exchange.account(address)
            return {"pusd": acct.pusd, "positions": dict(acct.positions)}

    def set_allowance(self, address: str, exchange: str, units: int) -> None:
        with self.exchange.lock:
            self.exchange.account(address).allowances[exchange] = units

    def add_api_key(self, address: str, nonce: int = 0) -> ApiKey:
        with self.exchange.lock:
            return self.exchange.keys.derive(address, nonce) or self.exchange.keys.create(
                address, nonce
            )  # type: ignore[return-value]

    def set_tier(self, signer: str, tier: str) -> None:
        with self.exchange.lock:
            self.exchange.limits.set_tier(signer, tier)

    def spend(self, signer: str, bucket: str, tokens: float) -> None:
        """A second client on the same signer spends `tokens` from its `bucket`."""
        with self.exchange.lock:
            self.exchange.limits.spend(signer, bucket, tokens)

    def set_warning_mode(self, on: bool = True) -> None:
        self.exchange.limits.warning_mode = on

    def advance(self, seconds: float) -> None:
        with self.exchange.lock:
            self.clock.advance(seconds)
            self.exchange.tick()

    def set_mode(self, mode: str) -> None:
        if mode not in ("normal", "cancel_only", "disabled", "post_only", "restarting"):
            raise ValueError(f"unknown mode {mode!r}")
        self.exchange.mode = mode

    def change_tick_size(self, token: str, tick: str) -> None:
        with self.exchange.lock:
            self.exchange.change_tick_size(token, tick)

    def set_accepting_orders(self, condition_id: str, accepting: bool) -> None:
        """A market that is not (yet) accepting orders answers every new order with
        "the market is not yet ready to process new orders"."""
        with self.exchange.lock:
            self.exchange.markets[condition_id].accepting_orders = accepting

    def settle_trade(self, trade_id: str, status: str) -> None:
        with self.exchange.lock:
            self.exchange.settle_trade(trade_id, status)

    def fail_next_trades(self, count: int = 1) -> None:
        self.exchange.fail_next_trades = count

    def open_orders(self) -> list[dict[str, Any]]:
        self._tick()
        with self.exchange.lock:
            return [o.body() for o in self.exchange.orders.values() if o.status == "LIVE"]

    def __getattr__(self, name: str) -> Any:
        # Faults by name for the HTTP control API (`drop_before`, `storm`, `ws_close`, ...).
        if name in CONTROL and hasattr(Faults, name):
            return getattr(self.faults, name)
        raise AttributeError(name)

    def clear_faults(self) -> None:
        self.faults.clear()

    # --- lifecycle --------------------------------------------------------------------------
    def _app(self) -> web.Application:
        app = web.Application(middlewares=[self._middleware], client_max_size=2**20)
        r = app.router
        get, post, delete = r.add_get, r.add_post, r.add_delete
        for path, handler in (
            ("/", self.ok), ("/ok", self.ok), ("/time", self.time), ("/version", self.version),
            ("/book", self.book), ("/tick-size", self.tick_size), ("/neg-risk", self.neg_risk),
            ("/fee-rate", self.fee_rate), ("/midpoint", self.midpoint), ("/price", self.price),
            ("/spread", self.spread), ("/last-trade-price", self.last_trade_price),
            ("/markets/{cid}", self.market), ("/markets-by-token/{token}", self.market_by_token),
            ("/clob-markets/{cid}", self.clob_market), ("/auth/derive-api-key", self.derive_key),
            ("/auth/api-keys", self.api_keys), ("/auth/ban-status/closed-only", self.closed_only),
            ("/data/order/{id}", self.get_order), ("/data/orders", self.get_orders),
            ("/data/trades", self.get_trades), ("/balance-allowance", self.balance),
            ("/balance-allowance/update", self.balance_update),
            ("/v1/user/rate-limit-tier", self.tier), ("/_control/records", self.control_records),
        ):  # fmt: skip
            get(path, handler)
        post("/books", self.books)
        post("/auth/api-key", self.create_key)
        delete("/auth/api-key", self.delete_key)
        post("/order", self.post_order)
        post("/orders", self.post_orders)
        delete("/order", self.cancel_order)
        delete("/orders", self.cancel_orders)
        delete("/cancel-all", self.cancel_all)
        delete("/cancel-market-orders", self.cancel_market)
        post("/v1/heartbeats", self.heartbeat)
        post("/heartbeats", self.heartbeat)  # the docs page's path; both SDKs use /v1/
        post("/_control/{name}", self.control)
        assert self.channels is not None
        get("/ws/market", self.channels.market)
        get("/ws/user", self.channels.user)
        return app

    async def start_async(self) -> LocalClob:
        self._loop = asyncio.get_running_loop()
        self.channels = Channels(self.exchange, self._loop, self.faults)
        self.faults.ws_hook = self.channels.fault
        self.faults.listen_hook = self._listen_hook
        self._runner = web.AppRunner(self._app(), access_log=None, handle_signals=False)
        await self._runner.setup()
        await self._listen()
        return self

    async def _listen(self) -> None:
        assert self._loop and self._runner and self._runner.server
        self._server = await self._loop.create_server(
            self._runner.server, "127.0.0.1", self.port, reuse_address=True
        )
        self.port = self._server.sockets[0].getsockname()[1]

    def _listen_hook(self, accept: bool) -> None:
        assert self._loop is not None

        async def toggle() -> None:
            if accept and self._server is None:
                await self._listen()
            elif not accept and self._server is not None:
                self._server.close()
                self._server = None

        if self._thread is not None and threading.current_thread() is not self._thread:
            asyncio.run_coroutine_threadsafe(toggle(), self._loop).result(5)
        else:
            self._loop.create_task(toggle())

    async def stop_async(self) -> None:
        self.faults.clear()
        if self._server is not None:
            self._server.close()
            self._server = None
        if self.channels:
            for conn in list(self.channels.conns):
                await conn.ws.close()
        if self._runner is not None:
            await self._runner.cleanup()

    async def __aenter__(self) -> LocalClob:
        return await self.start_async()

    async def __aexit__(self, *exc: object) -> None:
        await self.stop_async()

    def start(self) -> LocalClob:
        """Run the server on its own event loop in a daemon thread."""
        loop = asyncio.new_event_loop()
        ready = threading.Event()

        def run() -> None:
            asyncio.set_event_loop(loop)
            loop.run_until_complete(self.start_async())
            ready.set()
            loop.run_forever()

        self._thread = threading.Thread(target=run, name="local-clob", daemon=True)
        self._thread.start()
        ready.wait(10)
        return self

    def stop(self) -> None:
        assert self._loop is not None and self._thread is not None
        asyncio.run_coroutine_threadsafe(self.stop_async(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)
        self._loop.close()

    def __enter__(self) -> LocalClob:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # --- plumbing ---------------------------------------------------------------------------
    @web.middleware
    async def _middleware(self, request: web.Request, handler: Callable[..., Awaitable[Any]]):
        ex = self.exchange
        headers = request.headers
        body_text = "" if request.path.startswith("/ws/") else await request.text()
        with ex.lock:
            ex.tick()
            now = self.clock.now()
            signer = headers.get("POLY_ADDRESS", "")
            record = RequestRecord(
                request.method,
                request.path,
                request.query_string,
                now,
                tuple(h for h in dict.fromkeys(L1_HEADERS + L2_HEADERS) if h in headers),
                signer,
                headers.get("POLY_API_KEY", ""),
                in_retry_after=bool(signer) and ex.records.inside_retry_window(signer, now),
                body=body_text,
            )
            ex.records.requests.append(record)
        method, path = request.method, request.path
        if self.faults.take(method, path, ("drop_before",)):
            return self._cut(request)
        storm = self.faults.take(method, path, ("storm",))
        if storm:
            return self._reply(record, 429, {"error": "Too Many Requests"}, {
                "Retry-After": str(storm.args["retry_after"])
            })  # fmt: skip
        failure = self.faults.take(method, path, ("fail",))
        if failure:
            return self._reply(record, failure.args["status"], failure.args["body"], {})
        delay = self.faults.take(method, path, ("delay",))
        if delay:
            await asyncio.sleep(delay.args["seconds"])
        try:
            result = await handler(request)
        except HttpError as err:
            result = (err.status, err.body, err.headers)
        except AuthError as err:
            result = (401, err.body, {})
        except web.HTTPException as err:  # unknown path, wrong method
            result = (err.status, {"error": err.reason}, {})
        if isinstance(result, web.StreamResponse):
            return result  # WebSocket
        status, body, extra = result
        hold = self.faults.take(method, path, ("hold",))
        if hold:
            release: threading.Event = hold.args["release"]
            while not release.is_set():
                await asyncio.sleep(0.005)
        if self.faults.take(method, path, ("drop_after",)):
            record.status = status
            return self._cut(request)
        mutation = self.faults.take(method, path, ("mutate",))
        if mutation:
            body = apply_mutation(json.loads(json.dumps(body)), mutation.args)
        return self._reply(record, status, body, extra)

    def _cut(self, request: web.Request) -> web.Response:
        if request.transport is not None:
            request.transport.abort()
        return web.Response(status=500)  # never reaches the client

    def _reply(self, record: RequestRecord, status: int, body: Any, headers: dict[str, str]):
        record.status = status
        if status == 429 and record.signer:
            wait = float(headers.get("Retry-After", "0"))
            with self.exchange.lock:
                self.records.retry_windows.append(
                    RetryWindow(record.signer.lower(), record.time, record.time + wait)
                )
        if isinstance(body, str | bytes) and not (isinstance(body, str) and status == 200):
            return web.Response(status=status, body=body, headers=headers)
        text = json.dumps(body, separators=(",", ":"))
        return web.Response(
            status=status, text=text, content_type="application/json", headers=headers
        )

    async def _json(self, request: web.Request, bad: dict[str, str] = INVALID_PAYLOAD):
        text = await request.text()
        try:
            return text, json.loads(text) if text else None
        except ValueError:
            raise HttpError(400, bad) from None

    def _l2(self, request: web.Request, text: str = "") -> ApiKey:
        with self.exchange.lock:
            return self.exchange.keys.check_l2(
                request.headers, request.method, request.path, text, self.auth_clock()
            )

    def _limit(self, key: ApiKey, bucket: str, cost: int) -> dict[str, str]:
        verdict = self.exchange.limits.take(key.address, bucket, cost)
        if not verdict.allowed:
            raise HttpError(429, {"error": "Too Many Requests"}, verdict.headers)
        return verdict.headers

    def _book(self, token: str | None):
        if not token:
            raise HttpError(400, {"error": "Invalid token id"})  # docs error-codes page
        if token not in self.exchange.books:
            raise HttpError(404, {"error": "No orderbook exists for the requested token id"})
        return self.exchange.books[token]

    def _market(self, cid: str):
        market = self.exchange.markets.get(cid)
        if market is None:
            raise HttpError(404, {"error": "market not found"})  # GUESS wording
        return market

    # --- public endpoints -------------------------------------------------------------------
    async def ok(self, request: web.Request):
        return 200, "OK", {}

    async def time(self, request: web.Request):
        return 200, int(self.clock.now()), {}  # a bare number (docs get-server-time example)

    async def version(self, request: web.Request):
        return 200, {"version": 2}, {}  # py-clob-client-v2 reads `version`

    async def book(self, request: web.Request):
        token = request.query.get("token_id")
        with self.exchange.lock:
            self._book(token)
            return 200, self.exchange.book_body(token), {}  # type: ignore[arg-type]

    async def books(self, request: web.Request):
        _, payload = await self._json(request)
        if not isinstance(payload, list) or not all(isinstance(p, dict) for p in payload):
            raise HttpError(400, INVALID_PAYLOAD)
        if len(payload) > 500:  # GUESS: the docs name "Payload exceeds the limit", no number
            raise HttpError(400, {"error": "Payload exceeds the limit"})
        with self.exchange.lock:
            tokens = [str(p.get("token_id", "")) for p in payload]
            return 200, [self.exchange.book_body(t) for t in tokens if t in self.exchange.books], {}

    async def tick_size(self, request: web.Request):
        with self.exchange.lock:
            book = self._book(request.query.get("token_id"))
            return 200, {"minimum_tick_size": float(book.tick)}, {}

    async def neg_risk(self, request: web.Request):
        with self.exchange.lock:
            return 200, {"neg_risk": self._book(request.query.get("token_id")).neg_risk}, {}

    async def fee_rate(self, request: web.Request):
        with self.exchange.lock:
            self._book(request.query.get("token_id"))
        return 200, {"base_fee": 0}, {}

    def _best(self, token: str | None) -> tuple[Decimal | None, Decimal | None]:
        book = self._book(token)
        return book.best("BUY"), book.best("SELL")

    async def midpoint(self, request: web.Request):
        with self.exchange.lock:
            bid, ask = self._best(request.query.get("token_id"))
        mid = ((bid or Decimal(0)) + (ask if ask is not None else Decimal(0))) / 2
        return 200, {"mid": fmt(mid)}, {}

    async def price(self, request: web.Request):
        """`side=BUY` answers the best bid, `SELL` the best ask (recorded: Thabris probe)."""
        side = request.query.get("side", "")
        if side not in ("BUY", "SELL"):
            raise HttpError(400, {"error": "Invalid side"})  # GUESS wording
        with self.exchange.lock:
            bid, ask = self._best(request.query.get("token_id"))
        value = bid if side == "BUY" else ask
        return 200, {"price": fmt(value) if value is not None else "0"}, {}

    async def spread(self, request: web.Request):
        with self.exchange.lock:
            bid, ask = self._best(request.query.get("token_id"))
        return 200, {"spread": fmt((ask or Decimal(1)) - (bid or Decimal(0)))}, {}

    async def last_trade_price(self, request: web.Request):
        with self.exchange.lock:
            book = self._book(request.query.get("token_id"))
        return 200, {"price": book.last_trade_price, "side": ""}, {}

    async def market_by_token(self, request: web.Request):
        with self.exchange.lock:
            book = self._book(request.match_info["token"])
        return 200, {"condition_id": book.market}, {}

    async def clob_market(self, request: web.Request):
        """Short-key shape of GET /clob-markets (docs get-clob-market-info; site cassettes)."""
        with self.exchange.lock:
            m = self._market(request.match_info["cid"])
            return 200, {
                "gst": None, "r": {},
                "t": [{"t": t["token_id"], "o": t["outcome"]} for t in m.tokens],
                "mos": _number(m.min_size), "mts": _number(m.tick), "mbf": 0, "tbf": 0,
                "rfqe": False, "ibce": False, "fd": {"r": 0, "e": 0, "to": True}, "oas": 0,
                "nr": m.neg_risk,
            }, {}  # fmt: skip

    async def market(self, request: web.Request):
        """GET /markets/{condition_id}: the fields of the recorded body (site cassette
        getting_started/test_market_data_clob_v2), texts left empty."""
        with self.exchange.lock:
            m = self._market(request.match_info["cid"])
            books = self.exchange.books
            tokens = [
                {
                    "outcome": t["outcome"],
                    "price": float(books[t["token_id"]].last_trade_price or 0),
                    "token_id": t["token_id"],
                    "winner": False,
                }
                for t in m.tokens
            ]
        return 200, {
            "accepting_order_timestamp": None, "accepting_orders": m.accepting_orders,
            "active": True, "archived": False, "closed": False, "condition_id": m.condition_id,
            "description": "", "enable_order_book": True, "end_date_iso": None, "fpmm": "",
            "game_start_time": None, "icon": "", "image": "", "is_50_50_outcome": False,
            "maker_base_fee": 0, "market_slug": "", "minimum_order_size": _number(m.min_size),
            "minimum_tick_size": float(m.tick), "neg_risk": m.neg_risk,
            "neg_risk_market_id": "", "neg_risk_request_id": "", "notifications_enabled": True,
            "question": "", "question_id": "", "rewards": {"max_spread": 0, "min_size": 0,
            "rates": []}, "seconds_delay": 0, "tags": [], "taker_base_fee": 0,
            "tokens": tokens,
        }, {}  # fmt: skip

    # --- auth -------------------------------------------------------------------------------
    async def create_key(self, request: web.Request):
        with self.exchange.lock:
            address, nonce = self.exchange.keys.check_l1(request.headers, self.auth_clock())
            key = self.exchange.keys.create(address, nonce)
        if key is None:
            return 400, {"error": "Could not create api key"}, {}  # recorded (cassette)
        return 200, key.creds(), {}

    async def derive_key(self, request: web.Request):
        with self.exchange.lock:
            address, nonce = self.exchange.keys.check_l1(request.headers, self.auth_clock())
            key = self.exchange.keys.derive(address, nonce)
        if key is None:
            return 400, {"error": "Could not derive api key!"}, {}  # GUESS wording
        return 200, key.creds(), {}

    async def api_keys(self, request: web.Request):
        key = self._l2(request)
        with self.exchange.lock:
            return 200, {"apiKeys": self.exchange.keys.keys_of(key.address)}, {}

    async def delete_key(self, request: web.Request):
        key = self._l2(request)
        with self.exchange.lock:
            self.exchange.keys.delete(key.key)
        return 200, "OK", {}

    async def closed_only(self, request: web.Request):
        self._l2(request)
        return 200, {"closed_only": False}, {}

    async def tier(self, request: web.Request):
        """GUESS shape: the docs page shows no response body."""
        key = self._l2(request)
        return 200, {"tier": self.exchange.limits.tier(key.address)}, {}

    # --- trading ----------------------------------------------------------------------------
    async def post_order(self, request: web.Request):
        text, payload = await self._json(request, {"error": "Invalid order payload"})
        key = self._l2(request, text)
        with self.exchange.lock:
            headers = self._limit(key, "order", 1)
            status, body = self.exchange.post_order(key, payload)
        if isinstance(body, dict) and "retry_after_seconds" in body:
            headers = dict(headers, **{"Retry-After": str(body["retry_after_seconds"])})
        return status, body, headers

    async def post_orders(self, request: web.Request):
        text, payload = await self._json(request, {"error": "Invalid order payload"})
        key = self._l2(request, text)
        if not isinstance(payload, list) or not payload:
            raise HttpError(400, {"error": "Invalid order payload"})
        if len(payload) > MAX_BATCH:  # docs error-codes page
            raise HttpError(
                400, {"error": f"Too many orders in payload: {len(payload)}, max allowed: 15"}
            )
        with self.exchange.lock:
            headers = self._limit(key, "order", len(payload))
            replies = []
            for entry in payload:
                status, body = self.exchange.post_order(key, entry)
                if status != 200:  # in a batch each entry answers in the list
                    body = {
                        "errorMsg": body["error"] if isinstance(body, dict) else str(body),
                        "orderID": "", "takingAmount": "", "makingAmount": "",
                        "status": "", "success": False,
                    }  # fmt: skip
                replies.append(body)
        return 200, replies, headers

    def _ids(self, payload: Any, one: bool) -> list[str]:
        if one:
            if not isinstance(payload, dict) or not isinstance(payload.get("orderID"), str):
                raise HttpError(400, INVALID_PAYLOAD)
            return [payload["orderID"]]
        if not isinstance(payload, list) or not all(isinstance(i, str) for i in payload):
            raise HttpError(400, INVALID_PAYLOAD)
        return payload

    async def cancel_order(self, request: web.Request):
        text, payload = await self._json(request)
        key = self._l2(request, text)
        ids = self._ids(payload, one=True)
        with self.exchange.lock:
            headers = self._limit(key, "cancel", 1)
            return 200, self.exchange.cancel(key, ids), headers

    async def cancel_orders(self, request: web.Request):
        text, payload = await self._json(request)
        key = self._l2(request, text)
        ids = self._ids(payload, one=False)
        if len(ids) > 3000:  # polymarket-client 0.14.0 _MAX_CANCEL_BATCH (GUESS wording)
            raise HttpError(400, {"error": f"Too many orders in payload: {len(ids)}"})
        with self.exchange.lock:
            headers = self._limit(key, "cancel", max(1, len(ids)))
            return 200, self.exchange.cancel(key, ids), headers

    async def _cancel_where(self, key: ApiKey, market: str = "", asset_id: str = ""):
        with self.exchange.lock:
            self._limit(key, "cancel", 1)
            ids = [o.id for o in self.exchange.live_orders(key, market, asset_id)]
            body = self.exchange.cancel(key, ids)
            headers = self.exchange.limits.charge_after(key.address, "cancel", len(ids))
        return 200, body, headers

    async def cancel_all(self, request: web.Request):
        key = self._l2(request, await request.text())
        return await self._cancel_where(key)

    async def cancel_market(self, request: web.Request):
        text, payload = await self._json(request)
        key = self._l2(request, text)
        if not isinstance(payload, dict):
            raise HttpError(400, INVALID_PAYLOAD)
        market, asset = payload.get("market") or "", payload.get("asset_id") or ""
        if not isinstance(market, str) or not isinstance(asset, str):
            raise HttpError(400, INVALID_PAYLOAD)
        return await self._cancel_where(key, market, asset)

    async def heartbeat(self, request: web.Request):
        text, payload = await self._json(request)
        key = self._l2(request, text)
        hb = payload.get("heartbeat_id", "") if isinstance(payload, dict) else None
        with self.exchange.lock:
            status, body = self.exchange.heartbeat(key, hb)
        return status, body, {}

    # --- account data -----------------------------------------------------------------------
    def _page(self, request: web.Request, items: list[dict[str, Any]]):
        start = _offset(request.query.get("next_cursor", ""))
        page = items[start : start + self.page_size]
        more = start + self.page_size < len(items)
        return (
            200,
            {
                "limit": self.page_size,
                "count": len(page),
                "next_cursor": _cursor(start + self.page_size) if more else END,
                "data": page,
            },
            {},
        )

    async def get_order(self, request: web.Request):
        key = self._l2(request)
        with self.exchange.lock:
            order = self.exchange.orders.get(request.match_info["id"])
            if order is None or order.owner != key.key:
                raise HttpError(404, {"error": "order not found"})  # GUESS: undocumented
            return 200, order.body(), {}

    async def get_orders(self, request: web.Request):
        key = self._l2(request)
        q = request.query
        with self.exchange.lock:
            orders = self.exchange.live_orders(key, q.get("market", ""), q.get("asset_id", ""))
            items = [o.body() for o in orders if q.get("id") in (None, "", o.id)]
        return self._page(request, items)

    async def get_trades(self, request: web.Request):
        key = self._l2(request)
        q = request.query
        with self.exchange.lock:
            items = [
                t.body(key.key)
                for t in self.exchange.trades_of(key)
                if q.get("id") in (None, "", t.id)
                and q.get("market") in (None, "", t.taker.market)
                and q.get("asset_id") in (None, "", t.taker.asset_id)
                and (not q.get("before", "").isdigit() or t.match_time < int(q["before"]))
                and (not q.get("after", "").isdigit() or t.match_time > int(q["after"]))
            ]
        return self._page(request, items)

    async def balance(self, request: web.Request):
        """{"balance", "allowances": {exchange: units}} in 6-decimal units (polymarket-client
        0.14.0 models/clob/account.py BalanceAllowance). Balance of the key's address."""
        key = self._l2(request)
        q = request.query
        asset_type = q.get("asset_type", "")
        if asset_type not in ("COLLATERAL", "CONDITIONAL", "CONDITIONAL-V2"):
            raise HttpError(400, {"error": "Invalid asset type"})  # third-party reports
        with self.exchange.lock:
            acct = self.exchange.account(key.address)
            if asset_type == "COLLATERAL":
                balance = acct.pusd
            else:
                balance = acct.positions.get(q.get("token_id", ""), 0)
            allowances = {ex: str(acct.allowances.get(ex, 0)) for ex in EXCHANGES}
        return 200, {"balance": str(balance), "allowances": allowances}, {}

    async def balance_update(self, request: web.Request):
        self._l2(request)
        return 200, "", {}  # recorded: an empty body (site cassette)

    # --- control ----------------------------------------------------------------------------
    async def control(self, request: web.Request):
        name = request.match_info["name"]
        if name not in CONTROL:
            raise HttpError(404, {"error": f"no control {name!r}"})
        _, kwargs = await self._json(request)
        try:
            result = await asyncio.to_thread(getattr(self, name), **(kwargs or {}))
        except (TypeError, ValueError, KeyError, StopIteration) as exc:
            raise HttpError(400, {"error": repr(exc)}) from None
        if dataclasses.is_dataclass(result):
            result = dataclasses.asdict(result)  # type: ignore[arg-type]
        return 200, {"ok": True, "result": result if not hasattr(result, "set") else None}, {}

    async def control_records(self, request: web.Request):
        with self.exchange.lock:
            data = dataclasses.asdict(self.records)
        return 200, data, {}
