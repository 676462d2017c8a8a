"""Seeded sessions of the bot against the local CLOB under a random fault schedule, judged by the
server's records, not by the bot.

    runner = SessionRunner("py-clob-client-v2")     # or "polymarket-client"
    result = await runner.run(seed=7)               # same seed, same schedule
    result.failed()                                 # [] when all seven invariants held
    await runner.close()

One SDK client serves every session (creating one is the slow part); each session gets a fresh
local CLOB on the same port, the bot's account funded again, and a counterparty that moves the
books and takes the bot's quotes. Markets: the local CLOB's standard, neg-risk and Exchange V3
markets, with a made-up thin ladder (five ticks either side of 0.50) so the bot's quotes are the
top of the book and get filled.
Copy with: bot.py, adapter.py, adapter_clob_v2.py, quotes.py
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import random
import socket
import time
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from eth_account import Account
from py_clob_client_v2 import ApiCreds, ClobClient, OrderArgs, PartialCreateOrderOptions

from ..local_clob.app import NEG_RISK_TOKEN, TOKEN, V3_TOKEN, LocalClob
from ..local_clob.exchange import HEARTBEAT_TIMEOUT_S, load_seed
from ..local_clob.records import Records
from ..local_clob.sdk_env import local_environment
from ..rate_limiting.trading_limits import TradingRateLimits
from ..websocket.market_stream import StreamConfig
from .bot import BotConfig, BotReport, MarketSpec, QuotingBot
from .quotes import QuoteConfig

INVARIANTS = (
    "1 no trading intent placed twice",
    "2 orders only on a live subscription, priced from a published book",
    "3 zero open orders after shutdown",
    "4 credentials only on authenticated calls and the user subscribe",
    "5 no 429 alone; nothing sent inside a Retry-After",
    "6 the bot's balance equals the server's",
    "7 orders survive short outages; re-sync after a long one",
)
#: The faults a session draws from (the local CLOB's control API).
FAULTS = (
    "drop_after_accept", "drop_before", "fail_500", "storm", "second_client", "ws_close_market",
    "ws_abort_market", "ws_abort_user", "short_outage", "long_outage", "cancel_only",
    "trade_fails",
)  # fmt: skip
ACTIONS = ("idle", "move", "take", "take", "retreat")
MARKETS = (MarketSpec(TOKEN, "v1"), MarketSpec(NEG_RISK_TOKEN, "v1"), MarketSpec(V3_TOKEN, "v2"))
#: Paths that must carry credentials; anything else must not (public data).
AUTHENTICATED = ("/order", "/orders", "/cancel", "/data/", "/balance-allowance", "/auth/",
                 "/v1/heartbeats", "/heartbeats", "/v1/user/")  # fmt: skip
HB_INTERVAL = 3.0
#: Survivable: the timeout minus the beat interval minus one step (the bot steps once a second).
SHORT_OUTAGE = HEARTBEAT_TIMEOUT_S - HB_INTERVAL - 2
LONG_OUTAGE = HEARTBEAT_TIMEOUT_S + 2


def session_markets() -> list[dict[str, Any]]:
    """The local CLOB's three market kinds with a thin made-up ladder around 0.50."""
    out = []
    for m in load_seed():
        if m["book"]["asset_id"] not in (TOKEN, NEG_RISK_TOKEN, V3_TOKEN):
            continue
        m = copy.deepcopy(m)
        book = m["book"]
        tick = Decimal(book["tick_size"])
        book["bids"] = [{"price": str(Decimal("0.5") - k * tick), "size": "20"} for k in (6, 5)]
        book["asks"] = [{"price": str(Decimal("0.5") + k * tick), "size": "20"} for k in (6, 5)]
        book["last_trade_price"] = ""
        out.append(m)
    return out


@dataclass
class SessionResult:
    seed: int
    sdk: str
    markets: list[str]
    schedule: list[tuple[str, str | None]]
    invariants: dict[str, bool] = field(default_factory=dict)
    details: dict[str, list[str]] = field(default_factory=dict)
    orders: int = 0
    fills: int = 0
    reposts: int = 0  # the same signed order posted again (the exchange keeps one)
    lookups: int = 0  # GET /data/order/{id}: an order looked up before any re-post
    rate_limited: int = 0
    seconds: float = 0.0
    report: BotReport | None = None

    def failed(self) -> list[str]:
        return [name for name, ok in self.invariants.items() if not ok]


async def _yield(_: float) -> None:
    await asyncio.sleep(0)  # reconnect at once: the session's time is the server's clock


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class SessionRunner:
    """Runs sessions for one SDK; the bot's account and client live across sessions."""

    def __init__(self, sdk: str, steps: int = 8, bot_class: type[QuotingBot] = QuotingBot):
        if sdk not in ("polymarket-client", "py-clob-client-v2"):
            raise ValueError(f"unknown SDK {sdk!r}")
        self.sdk, self.steps, self.bot_class = sdk, steps, bot_class
        self.port = _free_port()
        self.account = Account.create()
        self.taker = Account.create()
        self.clob: LocalClob | None = None
        self.adapter: Any = None
        self._now_floor = 0.0
        self.limits = TradingRateLimits.conservative(
            clock=self.now, sleep=self.advance, wall_clock=self.now
        )

    def now(self) -> float:
        return self.clob.clock.now() if self.clob else self._now_floor

    def advance(self, seconds: float) -> None:
        if self.clob is not None and seconds > 0:
            self.clob.advance(seconds)

    def _connect(self, clob: LocalClob) -> Any:
        key = self.account.key.to_0x_hex()
        if self.sdk == "polymarket-client":
            from .adapter import PolymarketAdapter

            return PolymarketAdapter.connect(
                key, wallet=self.account.address, environment=local_environment(clob.url),
                limits=self.limits,
            )  # fmt: skip
        from .adapter_clob_v2 import ClobV2Adapter

        return ClobV2Adapter.connect(key, host=clob.url, limits=self.limits)

    async def close(self) -> None:
        if self.adapter is not None and hasattr(self.adapter, "remove_hook"):
            self.adapter.remove_hook()

    def plan(self, seed: int) -> tuple[random.Random, list[MarketSpec], list[tuple[str, Any]]]:
        """The session's markets and (action, fault) schedule: a function of the seed alone."""
        rng = random.Random(seed)
        markets = rng.sample(MARKETS, rng.choice((1, 2)))
        schedule = [
            (rng.choice(ACTIONS), rng.choice(FAULTS) if rng.random() < 0.5 else None)
            for _ in range(self.steps)
        ]
        return rng, markets, schedule

    async def run(self, seed: int) -> SessionResult:
        started = time.perf_counter()
        rng, markets, schedule = self.plan(seed)
        result = SessionResult(seed, self.sdk, [m.token_id[:8] for m in markets], schedule)
        clob = LocalClob(seed=0, markets=session_markets())
        clob.port = self.port
        clob.start()
        self.clob = clob
        try:
            clob.advance(max(0.0, self._now_floor - clob.clock.now()))  # time never runs back
            clob.fund(self.account.address, pusd=100, positions={m.token_id: 50 for m in MARKETS})
            clob.fund(self.taker.address, pusd=1000, positions={m.token_id: 500 for m in MARKETS})
            if self.adapter is None:
                self.adapter = await asyncio.to_thread(self._connect, clob)  # L1: credentials
            else:
                clob.add_api_key(self.account.address)  # the same key the SDK derived before
            self.adapter.reset_heartbeat()
            await self._session(clob, rng, markets, schedule, result)
        finally:
            self._now_floor = clob.clock.now()
            self.clob = None
            clob.stop()
        result.seconds = time.perf_counter() - started
        return result

    # --- one session ------------------------------------------------------------------------
    async def _session(self, clob, rng, markets, schedule, result: SessionResult) -> None:
        taker = _Taker(clob, self.taker)
        urls = {"url": clob.ws_market_url}
        config = BotConfig(
            markets=tuple(markets), quote=QuoteConfig(), heartbeat_interval=HB_INTERVAL,
            market_stream=StreamConfig(**urls), user_stream=StreamConfig(url=clob.ws_user_url),
        )  # fmt: skip
        bot = self.bot_class(
            self.adapter, config, clock=self.now, sleep=self.advance, stream_sleep=_yield,
            seed=rng.randrange(2**32),
        )  # fmt: skip
        await bot.start()
        tokens = [m.token_id for m in markets]
        await _books_settled(bot, clob, tokens)
        await bot.step()
        short: list[tuple[float, float]] = []
        allowed_429 = False
        for action, fault in schedule:
            await asyncio.to_thread(taker.act, action, rng, tokens, self.adapter.credentials)
            await _books_settled(bot, clob, tokens)
            if fault in ("short_outage", "long_outage"):
                window = await _outage(bot, clob, fault)
                if fault == "short_outage":
                    short.append(window)
                continue
            allowed_429 |= fault in ("storm", "second_client")
            await _inject(bot, clob, fault, self.account.address)
            await bot.step()
            clob.clear_faults()
            clob.set_mode("normal")
            clob.advance(1.0)
            await _books_settled(bot, clob, tokens)
        report = await bot.shutdown()
        result.report = report
        _judge(result, clob, bot, self._key(clob), self.account.address, allowed_429, short)

    def _key(self, clob: LocalClob) -> str:
        return clob.add_api_key(self.account.address).key


class _Taker:
    """The other side: rests orders that move the mid, takes the bot's quotes, retreats."""

    def __init__(self, clob: LocalClob, account: Any) -> None:
        key = clob.add_api_key(account.address)
        creds = ApiCreds(key.key, key.secret, key.passphrase)
        self.clob = clob
        self.client = ClobClient(clob.url, chain_id=137, key=account.key.to_0x_hex(), creds=creds)
        self.owner = key.key

    def _post(self, token: str, side: str, price: Decimal, size: Decimal) -> None:
        ids = {"position_id": token} if token == V3_TOKEN else {"token_id": token}
        args = OrderArgs(price=float(price), size=float(size), side=side, **ids)
        with contextlib.suppress(Exception):  # a refused order is part of the game
            self.client.post_order(self.client.create_order(args, PartialCreateOrderOptions()))

    def act(self, action: str, rng: random.Random, tokens: list[str], bot_creds: Any) -> None:
        token = rng.choice(tokens)
        book = self.clob.exchange.books[token]
        tick = book.tick
        with self.clob.exchange.lock:
            bid, ask = book.best("BUY"), book.best("SELL")
            bot_orders = [
                o for o in self.clob.exchange.orders.values()
                if o.status == "LIVE" and o.owner == bot_creds.api_key and o.asset_id == token
            ]  # fmt: skip
        if action == "move" and bid is not None and ask is not None and ask - bid > 2 * tick:
            side = rng.choice(("BUY", "SELL"))
            price = bid + tick if side == "BUY" else ask - tick
            self._post(token, side, price, Decimal(5))
        elif action == "take" and bot_orders:
            target = rng.choice(bot_orders)
            size = min(Decimal(5), target.remaining)
            if size >= 5:  # the market's minimum order size
                side = "SELL" if target.side == "BUY" else "BUY"
                self._post(token, side, target.price, size)
        elif action == "retreat":
            with contextlib.suppress(Exception):
                self.client.cancel_all()


async def _books_settled(
    bot: QuotingBot, clob: LocalClob, tokens: list[str], timeout: float = 5.0
) -> None:
    """Wait (on the bot's book events, never a sleep) until its books hold the server's."""
    assert bot.market_stream is not None
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        with clob.exchange.lock:
            server = {t: clob.exchange.books[t].rest_body(clob.exchange.book_time[t])["hash"]
                      for t in tokens}  # fmt: skip
        books = bot.market_stream.books
        if bot.market_stream.connected and all(
            not books[t].stale and books[t].compute_hash() == server[t] for t in tokens
        ):
            return
        bot.book_changed.clear()
        left = deadline - loop.time()
        if left <= 0:
            return  # the bot will see a stale book and not quote: also a valid outcome
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(bot.book_changed.wait(), min(left, 0.05))


async def _inject(bot: QuotingBot, clob: LocalClob, fault: str | None, address: str) -> None:
    f = clob.faults
    if fault == "drop_after_accept":
        f.drop_after_accept("/order", method="POST")
    elif fault == "drop_before":
        f.drop_before("/order", method="POST")
    elif fault == "fail_500":
        f.fail("/order", 500, method="POST")
    elif fault == "storm":
        f.storm(times=2, retry_after=1, path="/order")
    elif fault == "second_client":
        clob.spend(address, "order", 60)  # another process on the signer empties the bucket
    elif fault == "cancel_only":
        clob.set_mode("cancel_only")
    elif fault == "trade_fails":
        clob.fail_next_trades(1)
    elif fault and fault.startswith("ws_"):
        channel = fault.rsplit("_", 1)[1]
        bot.market_down.clear()
        (f.ws_close if fault.startswith("ws_close") else f.ws_abrupt_close)(channel=channel)
        if channel == "market":  # the bot must have seen the close before it acts again
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(bot.market_down.wait(), 5.0)


async def _outage(bot: QuotingBot, clob: LocalClob, fault: str) -> tuple[float, float]:
    """Heartbeats lost for a while (nothing else happens); returns the outage's start and end."""
    await bot.step()  # let any requote from the last action land first
    start = clob.clock.now()
    clob.faults.drop_before("/v1/heartbeats", times=None)
    for _ in range(int(SHORT_OUTAGE if fault == "short_outage" else LONG_OUTAGE)):
        clob.advance(1.0)
        await bot.step()
    clob.clear_faults()
    end = clob.clock.now()
    await bot.step()
    return start, end


def _judge(
    result: SessionResult,
    clob: LocalClob,
    bot: QuotingBot,
    key: str,
    address: str,
    allowed_429: bool,
    short_outages: list[tuple[float, float]],
) -> None:
    rec: Records = clob.records
    mine = {oid: o for oid, o in rec.orders.items() if o.owner == key}
    intents = {i.order_id: i for i in bot.intents}
    details: dict[str, list[str]] = {name: [] for name in INVARIANTS}
    inv = dict(zip(range(1, 8), INVARIANTS, strict=True))
    # 1: every accepted order is the one signed order of exactly one intent.
    details[inv[1]] += [f"order {oid} matches no intent" for oid in mine if oid not in intents]
    # 2: a live market subscription when accepted, and a book hash the server published.
    published: dict[str, set[str]] = {}
    for asset, _, digest, _ in rec.published:
        published.setdefault(asset, set()).add(digest)
    for oid, order in mine.items():
        if not rec.subscribed(order.asset_id, at=order.accepted_at):
            details[inv[2]].append(f"{oid} accepted with no live subscription")
        intent = intents.get(oid)
        if intent and intent.book_hash not in published.get(order.asset_id, set()):
            details[inv[2]].append(f"{oid} priced from unpublished book {intent.book_hash}")
    # 3
    details[inv[3]] += [f"{o['id']} still open" for o in clob.open_orders() if o["owner"] == key]
    # 4
    for r in rec.requests:
        authed = r.path.startswith(AUTHENTICATED)
        if r.credentials and not authed:
            details[inv[4]].append(f"credentials on {r.method} {r.path}")
    details[inv[4]] += [
        f"credentials on market connection {c.id}"
        for c in rec.connections
        if c.channel == "market" and c.credentials_sent
    ]
    # 5
    signer = [r for r in rec.requests if r.signer.lower() == address.lower()]
    limited = [r for r in signer if r.status == 429]
    result.rate_limited = len(limited)
    if limited and not allowed_429:
        details[inv[5]].append(f"{len(limited)} x 429 with no other client and no storm")
    details[inv[5]] += [
        f"{r.method} {r.path} inside Retry-After" for r in signer if r.in_retry_after
    ]
    # 6
    server = clob.balances(address)["pusd"]
    report = result.report
    if report is None or report.pusd_units != server:
        got = report.pusd_units if report else None
        details[inv[6]].append(f"bot {got} units, server {server} units")
    # 7: short outages kept every order; after a heartbeat timeout, a re-sync before posting.
    beats = [r.time for r in signer if r.path.endswith("heartbeats") and r.status == 200]
    for start, _end in short_outages:
        before = max((b for b in beats if b <= start), default=None)
        after = min((b for b in beats if b >= start), default=None)
        if before is None or after is None or after - before > HEARTBEAT_TIMEOUT_S:
            details[inv[7]].append(f"short outage at {start:.1f}: the exchange cancelled")
    details[inv[7]] += _resync_problems(beats, signer)
    result.details = {k: v for k, v in details.items() if v}
    result.invariants = {name: not details[name] for name in INVARIANTS}
    result.orders = len(mine)
    result.reposts = sum(o.posts - 1 for o in mine.values())
    result.fills = sum(len(i.tracker.fills) for i in bot.intents)
    result.lookups = sum(r.path.startswith("/data/order/") for r in signer)


def _resync_problems(beats: list[float], signer_requests: list[Any]) -> list[str]:
    """From the request log: when accepted heartbeats stop for longer than the timeout, the
    exchange cancels at last + timeout; the next order POST needs a GET /data/orders after it."""
    problems = []
    for last, after in zip(beats, [*beats[1:], float("inf")], strict=True):
        cancel_at = last + HEARTBEAT_TIMEOUT_S
        if after <= cancel_at:
            continue
        later = [r for r in signer_requests if r.time >= cancel_at]
        post = next((r for r in later if r.method == "POST" and r.path == "/order"), None)
        if post is None:
            continue
        synced = any(r.path == "/data/orders" and r.time <= post.time for r in later)
        if not synced:
            problems.append(f"order posted at {post.time:.1f} without a re-sync after timeout")
    return problems


def run_many(sdk: str, seeds: range, steps: int = 8) -> list[SessionResult]:
    """Run `seeds` sessions of one SDK on a fresh event loop (for scripts)."""

    async def main() -> list[SessionResult]:
        runner = SessionRunner(sdk, steps)
        try:
            return [await runner.run(seed) for seed in seeds]
        finally:
            await runner.close()

    return asyncio.run(main())
