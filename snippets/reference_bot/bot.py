"""The quoting bot: every piece of the path comes from another folder; this file wires them.

    adapter = PolymarketAdapter.connect(private_key, environment=PRODUCTION)  # or ClobV2Adapter
    bot = QuotingBot(adapter, BotConfig(markets=(MarketSpec(token_id, version="v1"),)))
    report = await bot.run(stop=asyncio.Event())   # quotes until `stop` is set, then cancels

One step: heartbeat, re-sync open orders if the heartbeat chain broke, quote each market from a
fresh, hash-verified book (or pull its quotes), reconcile the balance now and then. Every
signed request waits out a server `Retry-After` first. Shutdown cancels everything and lists
what it could not cancel. The adapter (adapter.py, adapter_clob_v2.py) is the only SDK code.
Copy with: quotes.py, metrics.py, logs.py (and the folders they import; see the page)
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import logging
import random
import time
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Protocol

from ..error_handling.classify import Action, Decision, Failure, classify
from ..error_handling.retry import GaveUp, RetryPolicy, submit_once
from ..market_versions.exchanges import (
    MarketVersionError,
    OrderRoute,
    looks_like_position_id,
    route_for,
)
from ..order_constraints.order_constraints import OrderRejected
from ..partial_fills.tracker import FillTracker
from ..production_checklist.shutdown import GracefulShutdown, OnShutdown
from ..rate_limiting.trading_limits import BatchInterrupted, TradingRateLimits
from ..websocket.market_stream import BookEvent, ConnectionChange, MarketStream, StreamConfig
from ..websocket.order_book import LocalBook
from ..websocket.user_stream import USER_URL, ApiCredentials, UserStream
from .logs import decision, log
from .metrics import BotMetrics
from .quotes import BookView, QuoteConfig, best_without, quotes

UNIT = Decimal(1_000_000)  # pUSD and shares: 6-decimal integers on the exchange
#: "after ten seconds without an accepted send, the server attempts cancel-all"
#: (polymarket-client 0.14.0, `send_order_heartbeat` docstring).
HEARTBEAT_TIMEOUT_S = 10.0
OPEN = ("signed", "live", "unknown")
CancelResult = tuple[tuple[str, ...], dict[str, str]]


class Adapter(Protocol):
    """What the bot needs from an SDK (adapter.py, adapter_clob_v2.py)."""

    sdk: str
    signer: str
    credentials: ApiCredentials
    limits: TradingRateLimits
    fetch_book: Callable[[str], Awaitable[Mapping[str, Any]]]  # public GET /book, async

    def sign(self, token_id: str, route: OrderRoute, side: str, price: Decimal, size: Decimal):
        """(signed order, its order id): signed once, checked against the route's domain."""

    def submit(self, signed: Any, order_id: str, policy: RetryPolicy, sleep: Any) -> dict: ...
    def cancel(self, order_ids: Sequence[str]) -> CancelResult: ...
    def cancel_all(self) -> CancelResult: ...
    def open_orders(self) -> list[Mapping[str, Any]]: ...
    def poll(self, tracker: FillTracker) -> None: ...
    def beat(self) -> str: ...
    def reset_heartbeat(self) -> None: ...
    def pusd(self) -> Decimal: ...
    def shares(self, token_id: str, route: OrderRoute) -> Decimal: ...
    def decide(self, error: Exception) -> Decision: ...


@dataclass(frozen=True)
class MarketSpec:
    token_id: str
    version: str = "v1"  # Gamma's `version`: "v1" CTF market, "v2" Protocol V2 (Exchange V3)


@dataclass(frozen=True)
class BotConfig:
    markets: tuple[MarketSpec, ...]
    quote: QuoteConfig = field(default_factory=QuoteConfig)
    heartbeat_interval: float = 3.0  # orders survive outages up to timeout - interval
    heartbeat_timeout: float = HEARTBEAT_TIMEOUT_S
    pause_s: float = 5.0  # after cancel-only, post-only or "not ready": no new quotes this long
    reconcile_every: float = 30.0  # compare the ledger with the CLOB's balance this often
    step_interval: float = 1.0  # run(): seconds between steps
    ready_timeout: float = 10.0  # run(): wait this long for fresh books before the first step
    react_to_books: bool = False  # also requote a market as soon as its book changes
    dry_run: bool = False  # sign and log intents; post, cancel and heartbeat nothing
    market_stream: StreamConfig = field(default_factory=StreamConfig)
    user_stream: StreamConfig = field(default_factory=lambda: StreamConfig(url=USER_URL))
    retry: RetryPolicy = field(default_factory=lambda: RetryPolicy(base_s=0.1, budget_s=3.0))


@dataclass
class Market:
    spec: MarketSpec
    route: OrderRoute
    condition_id: str
    tick: Decimal
    min_size: Decimal
    held_at_start: Decimal
    unfresh_since: float | None = None


@dataclass
class Intent:
    """One quote the bot decided to rest: signed once, stamped with the book it priced from."""

    key: str
    token_id: str
    side: str
    price: Decimal
    size: Decimal
    book_hash: str  # SHA-1 of the local book the price came from (verified equal to the server's)
    book_timestamp: int
    order_id: str
    signed: Any = field(repr=False)
    state: str = "signed"  # signed -> live | unknown | rejected | done | dry
    tracker: FillTracker = field(init=False)

    def __post_init__(self) -> None:
        self.tracker = FillTracker(self.order_id)


@dataclass
class BotReport:
    canceled: tuple[str, ...]
    not_canceled: dict[str, str]  # id -> reason: what shutdown could not cancel
    pusd_units: int  # the bot's ledger: pUSD in 6-decimal units
    positions: dict[str, Decimal]
    drift: Decimal | None  # ledger minus the CLOB's balance, pUSD
    intents: int


class QuotingBot:
    def __init__(
        self,
        adapter: Adapter,
        config: BotConfig,
        *,
        metrics: BotMetrics | None = None,
        clock: Callable[[], float] = time.time,
        sleep: Callable[[float], None] = time.sleep,  # blocking waits (Retry-After, limiter)
        stream_sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        timer: Callable[[], float] = time.perf_counter,
        seed: int | None = None,
    ) -> None:
        self.adapter, self.config = adapter, config
        self.metrics = metrics or BotMetrics()
        self.clock, self.sleep, self.timer = clock, sleep, timer
        self._stream_sleep, self._rng = stream_sleep, random.Random(seed)
        self.markets: dict[str, Market] = {}
        self.intents: list[Intent] = []
        self.by_id: dict[str, Intent] = {}
        self.hold_until = 0.0  # no signed request before this (a server Retry-After)
        self.paused_until = 0.0
        self.halted = ""  # why the bot stopped quoting for good ("" = quoting)
        self.need_resync = True  # read open orders before quoting: at start, after a timeout
        self.fills_behind = False  # the user channel had a gap: poll trackers by REST
        self.last_beat_ok: float | None = None
        self.last_reconcile = 0.0
        self.pusd_at_start = 0
        self.book_seen: dict[str, float] = {}  # asset -> timer() when its last book event arrived
        self.book_changed = asyncio.Event()
        self.market_down = asyncio.Event()
        self.stopping = False
        self._lock = asyncio.Lock()
        self._seq = itertools.count(1)
        self._reacting: set[str] = set()
        self.market_stream: MarketStream | None = None
        self.user_stream: UserStream | None = None

    # --- start ------------------------------------------------------------------------------
    async def start(self) -> None:
        """Market metadata, starting balances, then both streams."""
        for spec in self.config.markets:
            if looks_like_position_id(spec.token_id) != (spec.version == "v2"):
                raise MarketVersionError(f"{spec.token_id} does not look like a {spec.version} id")
            body = await self.adapter.fetch_book(spec.token_id)
            route = route_for(spec.version, bool(body["neg_risk"]))  # type: ignore[arg-type]
            held = await self._call(self.adapter.shares, spec.token_id, route)
            self.markets[spec.token_id] = Market(
                spec, route, str(body["market"]), Decimal(str(body["tick_size"])),
                Decimal(str(body["min_order_size"])), held,
            )  # fmt: skip
            decision(
                log, "market", asset=spec.token_id[:10], version=spec.version,
                exchange=route.exchange, domain=route.domain_version, tick=body["tick_size"],
                neg_risk=body["neg_risk"], held=held,
            )  # fmt: skip
        self.pusd_at_start = int(await self._call(self.adapter.pusd) * UNIT)
        self.last_reconcile = self.clock()
        self.market_stream = MarketStream(
            list(self.markets), self.adapter.fetch_book, on_event=self._on_book,
            on_connection=self._on_market_connection, config=self.config.market_stream,
            rng=self._rng, sleep=self._stream_sleep,
        )  # fmt: skip
        self.user_stream = UserStream(
            self.adapter.credentials, sorted({m.condition_id for m in self.markets.values()}),
            on_event=self._on_user, on_connection=self._on_user_connection,
            config=self.config.user_stream, rng=self._rng, sleep=self._stream_sleep,
        )  # fmt: skip
        await self.market_stream.__aenter__()
        await self.user_stream.__aenter__()

    async def wait_ready(self, timeout: float = 10.0) -> bool:
        """Wait (on book events) until every book is fresh and verified; False on timeout."""
        if self.market_stream is None:
            return False  # not started
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while any(self.fresh(self.market_stream.books.get(t)) for t in self.markets):
            self.book_changed.clear()
            left = deadline - loop.time()
            if left <= 0:
                return False
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.book_changed.wait(), min(left, 0.1))
        return True

    # --- signed calls -----------------------------------------------------------------------
    def _wait_hold(self) -> None:
        wait = self.hold_until - self.clock()
        if wait > 0:
            self.metrics.count("holds")
            self.metrics.count("hold_seconds", wait)
            decision(log, "holding for Retry-After", seconds=round(wait, 3))
            self.sleep(wait)

    async def _call(self, fn: Callable[..., Any], *args: Any) -> Any:
        """A signed request, after any Retry-After the server asked for."""

        def run() -> Any:
            self._wait_hold()
            return fn(*args)

        return await asyncio.to_thread(run)

    def _decide(self, error: Exception, what: str) -> Decision:
        if isinstance(error, BatchInterrupted) and isinstance(error.__cause__, Exception):
            error = error.__cause__  # the 429 or transport error behind the split request
        try:
            d = error.decision if isinstance(error, GaveUp) else self.adapter.decide(error)
        except Exception:  # not an SDK error (e.g. a route check): nothing reached the server
            d = classify(Failure(None, f"{type(error).__name__}: {error}", sent=False))
        if d.rule == "rate_limited":
            self.metrics.count("rate_limited")
            self.hold_until = max(self.hold_until, self.clock() + (d.retry_after or 1.0))
        level = logging.INFO if d.action is Action.RETRY_SAFELY else logging.WARNING
        decision(
            log, f"{what} failed", level, rule=d.rule, action=d.action.name,
            status=d.failure.status, error=d.failure.message[:120],
        )  # fmt: skip
        if d.action is Action.REDERIVE_CREDENTIALS:
            self.halted = f"credentials: {d.rule}"
        elif d.action in (Action.CANCEL_ONLY, Action.POST_ONLY_MODE, Action.MARKET_NOT_TRADABLE):
            self.paused_until = self.clock() + self.config.pause_s
        return d

    # --- one step ---------------------------------------------------------------------------
    async def step(self) -> None:
        async with self._lock:
            await self._heartbeat()
            if self.need_resync:
                await self._resync()
            for intent in [i for i in self.intents if i.state == "unknown"]:
                await self._submit(intent)
            if self.fills_behind:
                await self._poll_fills()
            for market in self.markets.values():
                await self._quote(market)
            if self.clock() - self.last_reconcile >= self.config.reconcile_every:
                await self.reconcile()
            self._gauges()

    async def _heartbeat(self) -> None:
        now = self.clock()
        if self.config.dry_run or (
            self.last_beat_ok is not None
            and now - self.last_beat_ok < self.config.heartbeat_interval
        ):
            return  # after a failure: every step, until one is accepted
        try:
            await self._call(self.adapter.beat)
        except Exception as error:
            d = self._decide(error, "heartbeat")
            if d.rule != "heartbeat_id":
                if self._beats_lapsed():
                    self.need_resync = True
                return
            # The server no longer knows our chain: it timed out, and took our orders with it.
            self.adapter.reset_heartbeat()
            self.need_resync = True
            try:
                await self._call(self.adapter.beat)
            except Exception as again:
                self._decide(again, "heartbeat")
                return
        self.last_beat_ok = self.clock()

    def _beats_lapsed(self) -> bool:
        return (
            self.last_beat_ok is not None
            and self.clock() - self.last_beat_ok >= self.config.heartbeat_timeout
        )

    async def _resync(self) -> None:
        """Read open orders from the server; forget what is gone, cancel what is not ours."""
        try:
            server = await self._call(self.adapter.open_orders)
        except Exception as error:
            self._decide(error, "open-orders resync")
            return
        open_ids = {str(o["id"]) for o in server}
        for intent in self.intents:
            if intent.state in OPEN:
                intent.state = "live" if intent.order_id in open_ids else "done"
        strangers = sorted(open_ids - set(self.by_id))
        if strangers:
            await self._cancel(strangers, "not placed by this run")
        self.need_resync = False
        self.fills_behind = True
        decision(log, "open orders re-synced", open=len(open_ids), strangers=len(strangers))

    # --- quoting ----------------------------------------------------------------------------
    def fresh(self, book: LocalBook | None) -> str:
        """ "" when the book may be priced from, else why not."""
        stream = self.market_stream
        if stream is None or not stream.connected:
            return "no live market subscription"
        if book is None or book.stale or not book.can_hash():
            return "book not fresh"
        if not book.hash_checked:
            stream.verify_now()  # a mismatch marks it stale and resyncs from REST
        if book.stale or book.compute_hash() != book.hash:
            return "book hash not verified"
        return ""

    def position(self, token_id: str, statuses: tuple[str, ...] = ("CONFIRMED",)) -> Decimal:
        total = Decimal(0)
        for i in self.intents:
            if i.token_id == token_id:
                filled = i.tracker.size_with(*statuses)
                total += filled if i.side == "BUY" else -filled
        return total

    def ledger_units(self) -> int:
        """pUSD the bot believes it holds: the start balance plus every CONFIRMED fill."""
        cash = self.pusd_at_start
        for i in self.intents:
            for fill in i.tracker.fills.values():
                if fill.status == "CONFIRMED":
                    money = int(fill.size * i.price * UNIT)
                    cash += -money if i.side == "BUY" else money
        return cash

    def _loss(self) -> Decimal:
        pnl = Decimal(self.ledger_units() - self.pusd_at_start) / UNIT
        for token in self.markets:
            book = self.market_stream.books.get(token) if self.market_stream else None
            bid, ask = (book.best_bid(), book.best_ask()) if book else (None, None)
            mark = (bid + ask) / 2 if bid is not None and ask is not None else Decimal(0)
            pnl += self.position(token) * mark
        return -pnl

    async def _quote(self, market: Market) -> None:
        token = market.spec.token_id
        book = self.market_stream.books.get(token) if self.market_stream else None
        mine = [i for i in self.intents if i.token_id == token and i.state in (*OPEN, "dry")]
        why = self.halted or ("stopping" if self.stopping else "") or self.fresh(book)
        if why:
            if market.unfresh_since is None:
                market.unfresh_since = self.clock()
                decision(log, "not quoting", asset=token[:10], reason=why)
            await self._cancel([i.order_id for i in mine if i.state != "dry"], why, mine)
            return
        assert book is not None
        market.unfresh_since = None
        if self.need_resync or self.clock() < self.paused_until or self._beats_lapsed():
            return  # keep what rests; place nothing until the server's state is known
        if self.last_beat_ok is None and not self.config.dry_run:
            return
        if self._loss() > self.config.quote.max_loss:
            self.halted = "loss limit"
            decision(log, "halting: loss limit", logging.ERROR, loss=self._loss())
            await self._cancel([i.order_id for i in mine], "loss limit", mine)
            return
        own: dict[str, dict[Decimal, Decimal]] = {"BUY": {}, "SELL": {}}
        for i in mine:
            if i.state == "live":  # resting on the server, so in the book
                left = i.size - i.tracker.size_matched
                own[i.side][i.price] = own[i.side].get(i.price, Decimal(0)) + left
        view = BookView(
            best_without(book.bids, own["BUY"], "BUY"),
            best_without(book.asks, own["SELL"], "SELL"),
            market.tick,
            market.min_size,
        )
        held = market.held_at_start + self.position(token)
        exposure = self.position(token, ("MATCHED", "MINED", "CONFIRMED", "RETRYING"))
        try:
            wanted = quotes(view, position=exposure, held=held, cfg=self.config.quote)
        except OrderRejected as rejected:
            decision(log, "no valid quote", logging.WARNING, asset=token[:10], why=rejected)
            wanted = []
        keep = {(q.side, q.price) for q in wanted}
        stale = [i for i in mine if (i.side, i.price) not in keep]
        await self._cancel([i.order_id for i in stale if i.state != "dry"], "requote", stale)
        have = {(i.side, i.price) for i in mine if i.state in (*OPEN, "dry") and i not in stale}
        for q in wanted:
            if (q.side, q.price) not in have:
                await self._place(market, book, q.side, q.price, q.amount)

    async def _place(
        self, market: Market, book: LocalBook, side: str, price: Decimal, size: Decimal
    ) -> None:
        token = market.spec.token_id
        stamp, ts = book.compute_hash(), book.timestamp
        try:
            signed, order_id = await asyncio.to_thread(
                self.adapter.sign, token, market.route, side, price, size
            )
        except Exception as error:
            self._decide(error, f"signing {side} {price}")
            return
        intent = Intent(
            f"{next(self._seq)}:{token[:8]}:{side}", token, side, price, size, stamp, ts,
            order_id, signed,
        )  # fmt: skip
        self.intents.append(intent)
        self.by_id[order_id] = intent
        decision(
            log, "intent", key=intent.key, side=side, price=price, size=size, order=order_id,
            book=stamp, dry_run=self.config.dry_run,
        )  # fmt: skip
        if self.config.dry_run:
            intent.state = "dry"
            return
        await self._submit(intent)

    async def _submit(self, intent: Intent) -> None:
        """Exactly once: the same signed order every time; after an ambiguous failure the id
        is looked up before it is posted again (error_handling/retry.py)."""
        started = self.timer()
        try:
            reply = await self._call(
                self.adapter.submit, intent.signed, intent.order_id, self.config.retry, self.sleep
            )
        except Exception as error:
            d = self._decide(error, f"order {intent.key}")
            retry = d.action in (Action.RETRY_SAFELY, Action.BACK_OFF)
            intent.state = "unknown" if retry else "rejected"
            self.metrics.count("orders", label=intent.state)
            return
        self.metrics.observe("order_latency_seconds", self.timer() - started)
        status = str(reply.get("status", "")).upper()
        intent.state = "live" if status in ("LIVE", "DELAYED", "UNMATCHED") else "done"
        self.metrics.count("orders", label="placed")
        decision(log, "order accepted", key=intent.key, order=intent.order_id, status=status)

    async def _cancel(self, ids: list[str], why: str, intents: Sequence[Intent] = ()) -> None:
        for i in intents:
            if i.state in ("dry", "signed"):
                i.state = "done"
        if not ids:
            return
        try:
            canceled, not_canceled = await self._call(self.adapter.cancel, ids)
        except Exception as error:
            self._decide(error, "cancel")
            return
        for oid in [*canceled, *not_canceled]:  # not canceled: already gone (filled, expired)
            if oid in self.by_id:
                self.by_id[oid].state = "done"
        decision(log, "canceled", reason=why, canceled=len(canceled), gone=len(not_canceled))

    # --- events -----------------------------------------------------------------------------
    async def _on_book(self, event: BookEvent) -> None:
        self.book_seen[event.asset_id] = self.timer()
        self.book_changed.set()
        market = self.markets.get(event.asset_id)
        if self.config.react_to_books and market and event.asset_id not in self._reacting:
            self._reacting.add(event.asset_id)
            try:
                async with self._lock:
                    await self._quote(market)
            finally:
                self._reacting.discard(event.asset_id)

    def _on_market_connection(self, change: ConnectionChange) -> None:
        if change.connected:
            self.market_down.clear()
            return
        self.market_down.set()
        self.metrics.count("reconnects", label="market")
        decision(log, "market stream down", logging.WARNING, reason=change.reason)

    def _on_user_connection(self, change: ConnectionChange) -> None:
        if not change.connected:
            self.fills_behind = True  # events may be lost: poll the trackers by REST
            self.metrics.count("reconnects", label="user")
            decision(log, "user stream down", logging.WARNING, reason=change.reason)

    def _on_user(self, event: Mapping[str, Any]) -> None:
        kind = event.get("event_type")
        if kind == "order":
            intent = self.by_id.get(str(event.get("id")))
            if intent is not None:
                intent.tracker.on_order(event)
                if intent.tracker.order_done and intent.state in OPEN:
                    intent.state = "done"
        elif kind == "trade":
            ids = [event.get("taker_order_id")]
            ids += [m.get("order_id") for m in event.get("maker_orders") or []]
            for oid in dict.fromkeys(ids):
                intent = self.by_id.get(str(oid))
                if intent is not None:
                    intent.tracker.on_trade(event)
                    decision(log, "fill", key=intent.key, trade=event.get("id"),
                             status=event.get("status"))  # fmt: skip

    async def _poll_fills(self) -> None:
        """REST for every order whose fills may be incomplete (partial_fills)."""
        for intent in self.intents:
            if intent.state in ("done", "live", "unknown") and not intent.tracker.final:
                try:
                    await self._call(self.adapter.poll, intent.tracker)
                except Exception as error:
                    self._decide(error, f"poll {intent.key}")
                    return
        self.fills_behind = False

    # --- balance, metrics -------------------------------------------------------------------
    async def reconcile(self) -> Decimal | None:
        """The ledger against the CLOB's balance; the difference is exported as drift."""
        self.last_reconcile = self.clock()
        try:
            clob = await self._call(self.adapter.pusd)
        except Exception as error:
            self._decide(error, "balance")
            return None
        drift = Decimal(self.ledger_units()) / UNIT - clob
        self.metrics.set("balance_drift", float(drift))
        level = logging.WARNING if drift else logging.INFO
        decision(log, "balance reconciled", level, ledger=self.ledger_units(), drift=drift)
        return drift

    def _gauges(self) -> None:
        m = self.metrics
        m.set("open_orders", sum(i.state in OPEN for i in self.intents))
        for bucket in ("post_order", "cancel_order"):
            m.set("bucket_level", self.adapter.limits.bucket(bucket).level(), label=bucket)
        if self.market_stream is not None:
            m.set("hash_mismatches", self.market_stream.stats.hash_mismatches)
        for token, market in self.markets.items():
            since = market.unfresh_since
            m.set("seconds_stale", 0 if since is None else self.clock() - since, label=token[:10])

    # --- run, shutdown ----------------------------------------------------------------------
    async def run(self, stop: asyncio.Event, max_steps: int | None = None) -> BotReport:
        """Start, step every `step_interval` seconds until `stop` is set (or `max_steps` ran),
        then shut down, whatever ended the loop."""
        await self.start()
        if not await self.wait_ready(self.config.ready_timeout):
            decision(log, "books not fresh yet; quoting starts when they are", logging.WARNING)
        try:
            for _ in itertools.repeat(None) if max_steps is None else range(max_steps):
                if stop.is_set():
                    break
                await self.step()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), self.config.step_interval)
        finally:
            report = await self.shutdown()
        return report

    async def shutdown(self) -> BotReport:
        """Stop quoting, cancel everything (retried), check the server holds nothing open,
        settle the fills and reconcile. The report lists what could not be cancelled."""
        self.stopping = True
        async with self._lock:
            canceled: tuple[str, ...] = ()
            not_canceled: dict[str, str] = {}
            if not self.config.dry_run:

                def cancel_all() -> CancelResult:
                    self._wait_hold()
                    return submit_once(
                        post=self.adapter.cancel_all, lookup=lambda: None,
                        decide=self.adapter.decide, policy=self.config.retry, sleep=self.sleep,
                    )  # fmt: skip

                stop = GracefulShutdown(
                    OnShutdown.CANCEL_ALL, stop_quoting=lambda: None, cancel_all=cancel_all
                )
                try:
                    report = await asyncio.to_thread(stop.finish)
                    canceled, not_canceled = report.canceled, dict(report.not_canceled)
                except Exception as error:
                    self._decide(error, "cancel-all")
                try:
                    left = await self._call(self.adapter.open_orders)
                    not_canceled.update({str(o["id"]): "still open after cancel-all" for o in left})
                except Exception as error:
                    d = self._decide(error, "open orders after cancel-all")
                    not_canceled["?"] = f"could not list open orders: {d.rule}"
                for oid in canceled:
                    if oid in self.by_id:
                        self.by_id[oid].state = "done"
                for oid, reason in not_canceled.items():
                    decision(log, "NOT canceled", logging.ERROR, order=oid, reason=reason)
                for intent in self.intents:
                    if intent.state in OPEN and intent.order_id not in not_canceled:
                        intent.state = "done"
                await self._poll_fills()
            drift = await self.reconcile() if not self.config.dry_run else None
            for stream in (self.market_stream, self.user_stream):
                if stream is not None:
                    await stream.__aexit__(None, None, None)
            self._gauges()
        positions = {t: self.position(t) for t in self.markets}
        decision(
            log, "stopped", canceled=len(canceled), not_canceled=len(not_canceled),
            ledger=self.ledger_units(), drift=drift,
        )  # fmt: skip
        return BotReport(
            canceled, not_canceled, self.ledger_units(), positions, drift, len(self.intents)
        )
