"""`TradingRateLimits`: both layers, per request kind, re-synced from the server's headers.

A request is paced by its signer bucket (orders or cancels: rejected with 429 when exceeded)
and by the per-IP burst and sustained windows of its endpoint (throttled when exceeded). All
layers share one lock, so `try_acquire` is atomic across them. `AsyncTradingRateLimits` is the
asyncio twin (one event loop, no lock). SDK-free: `header_sync.py` and `header_sync_clob_v2.py`
connect it to the two SDKs.

Copy with: limits.py, rate_limiter.py, token_bucket.py
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
import threading
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, asynccontextmanager, contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, TypeVar

from .limits import IP_BURST_WINDOW_S, IP_SUSTAINED_WINDOW_S, SIGNER_TIERS, TRADING, Kind
from .rate_limiter import AsyncRateLimiter, Clock, RateLimiter, RateLimitTimeout
from .token_bucket import AsyncTokenBucket, TokenBucket

T = TypeVar("T")
R = TypeVar("R")
log = logging.getLogger(__name__)

#: The conservative preset keeps 20 % of every documented limit in reserve (see the page).
CONSERVATIVE = 0.8
#: With a 429 that carries neither Retry-After nor Reset, wait this long (polymarket-client's
#: own retry uses the same default: `_internal/retry.py`).
DEFAULT_RETRY_AFTER_S = 1.0
_ROUTES = {(e.method, e.path): e.kind for e in TRADING.values()}
_AFTER_THE_FACT: frozenset[Kind] = frozenset({"cancel_all", "cancel_market_orders"})


class BatchInterrupted(Exception):
    """A split request failed part-way: `done` holds the replies of the batches that were sent,
    `pending` the items never sent. Retry only `pending`; resending `done` duplicates orders."""

    def __init__(self, done: list[Any], pending: list[Any]) -> None:
        super().__init__(f"{len(done)} batch(es) sent, {len(pending)} item(s) not sent")
        self.done, self.pending = done, pending


@dataclass
class InFlight:
    """One request between pacing and its reply; the SDK hooks use it to know what they see."""

    limits: _Layers
    kind: Kind
    cost: int
    synced: bool = False  # did a Poly-RateLimit-Remaining header already account for it?

    def rejected(self, *, retry_after: float | None, reset: float | None = None) -> None:
        """The server answered 429: hold the bucket until it says a retry can succeed."""
        self.limits.sync(self, rejected=True, retry_after=retry_after, reset=reset)

    def settle(self, canceled: int) -> None:
        """cancel-all / cancel-market-orders: charge 1 token per order the reply lists as
        cancelled, unless the reply's Remaining header already did."""
        if self.kind in _AFTER_THE_FACT and not self.synced:
            self.limits.bucket(self.kind).debit(canceled)


_IN_FLIGHT: ContextVar[InFlight | None] = ContextVar("polymarket_in_flight", default=None)


L = TypeVar("L", bound="_Layers")


# --8<-- [start:class]
class _Layers:
    """What both twins share: the limits of a tier, costs, splitting and re-syncing."""

    _lock: AbstractContextManager[Any]
    _buckets: dict[str, Any]  # "order" / "cancel" -> TokenBucket or AsyncTokenBucket
    _windows: dict[Kind, tuple[Any, Any]]  # per-IP (burst, sustained) windows per kind

    def _build(
        self,
        tier: str,
        headroom: float,
        wall_clock: Clock,
        bucket: Callable[[int, float, bool], Any],
        window: Callable[[int, float], Any],
    ) -> None:
        if not 0 < headroom <= 1:
            raise ValueError(f"headroom must be in (0, 1], got {headroom!r}")
        self.headroom, self._wall_clock = headroom, wall_clock
        self.tier = t = self._tier(tier)
        self.warnings = 0  # responses with Poly-RateLimit-Warning: true
        self._buckets = {
            "order": bucket(self._scaled(t.order_burst), t.order_rate * headroom, False),
            "cancel": bucket(
                self._scaled(t.cancel_burst), t.cancel_rate * headroom, t.negative_cancel_balance
            ),
        }
        self._windows = {
            kind: (
                window(self._scaled(e.ip_burst), IP_BURST_WINDOW_S),
                window(self._scaled(e.ip_sustained), IP_SUSTAINED_WINDOW_S),
            )
            for kind, e in TRADING.items()
        }

    @classmethod
    def conservative(cls: type[L], tier: str = "standard", **kwargs: Any) -> L:
        """80 % of every documented limit: the preset to run with."""
        return cls(tier, headroom=CONSERVATIVE, **kwargs)

    @classmethod
    def exact(cls: type[L], tier: str = "standard", **kwargs: Any) -> L:
        """100 % of the documented limits: only if this process alone uses the signer and IP."""
        return cls(tier, headroom=1.0, **kwargs)

    @staticmethod
    def _tier(name: str) -> Any:
        try:
            return SIGNER_TIERS[name.strip().lower()]
        except KeyError:
            known = ", ".join(SIGNER_TIERS)
            raise ValueError(f"unknown tier {name!r}; known tiers: {known}") from None

    def _scaled(self, limit: float) -> int:
        return max(1, math.floor(limit * self.headroom + 1e-9))

    def bucket(self, kind: Kind) -> Any:
        """The signer bucket (orders or cancels) that `kind` draws from: a `TokenBucket`, or an
        `AsyncTokenBucket` in the asyncio twin."""
        return self._buckets[TRADING[kind].bucket]

    def cost(self, kind: Kind, count: int = 1) -> int:
        """The up-front token cost of one request, checked against every limit it must fit."""
        endpoint = TRADING[kind]
        if endpoint.max_items is None:
            if count != 1:
                raise ValueError(f"{endpoint.method} {endpoint.path} carries one item, not {count}")
            return 1
        if count < 1:
            raise ValueError(f"{endpoint.method} {endpoint.path} needs at least one item")
        if count > endpoint.max_items:
            raise ValueError(
                f"{count} items exceed the per-request maximum of {endpoint.max_items} for "
                f"{endpoint.method} {endpoint.path}; split the request"
            )
        capacity = self.bucket(kind).capacity
        if count > capacity:
            raise ValueError(
                f"{count} items cost {count} tokens, more than the {endpoint.bucket} bucket's "
                f"burst of {capacity} ({self.tier.name} tier, headroom {self.headroom:g}); "
                "the server would reject it whatever the wait: split the request"
            )
        return count

    def split(self, kind: Kind, items: Sequence[T]) -> list[list[T]]:
        """Chunks that each fit the per-request maximum and the bucket's burst capacity."""
        endpoint = TRADING[kind]
        if endpoint.max_items is None:
            raise ValueError(f"{endpoint.method} {endpoint.path} does not take a list")
        size = min(endpoint.max_items, self.bucket(kind).capacity)
        return [list(items[i : i + size]) for i in range(0, len(items), size)]

    def try_acquire(self, kind: Kind, count: int = 1) -> bool:
        """Take every layer's allowance for one request in one atomic step, or take nothing."""
        cost = self.cost(kind, count)
        bucket, windows = self.bucket(kind), self._windows[kind]
        with self._lock:
            if not (bucket.can_proceed(cost) and all(w.can_proceed(1) for w in windows)):
                return False
            bucket.try_acquire(cost)
            for window in windows:
                window.try_acquire(1)
            return True

    def wait_time(self, kind: Kind, count: int = 1) -> float:
        """Seconds until every layer would admit one request of `kind` (0.0 if now)."""
        cost = self.cost(kind, count)
        with self._lock:
            waits = [w.wait_time(1) for w in self._windows[kind]]
            return max([self.bucket(kind).wait_time(cost), *waits])

    # --8<-- [end:class]

    # --8<-- [start:sync]
    def sync(
        self,
        flight: InFlight,
        *,
        remaining: float | None = None,
        reset: float | None = None,
        tier: str | None = None,
        warning: bool = False,
        retry_after: float | None = None,
        rejected: bool = False,
    ) -> None:
        """Re-sync from what the server reported about `flight`. Only ever lowers the local
        level; adopts a reported tier; counts warning-mode hits."""
        with self._lock:
            if warning:
                self.warnings += 1
            if tier is not None and tier.strip().lower() in SIGNER_TIERS:
                self._adopt(tier)
            ready_in = None
            if rejected:
                if retry_after is None and reset is not None:
                    retry_after = reset - self._wall_clock()
                ready_in = DEFAULT_RETRY_AFTER_S if retry_after is None else retry_after
            self.bucket(flight.kind).sync(remaining=remaining, ready_in=ready_in, cost=flight.cost)
            flight.synced = flight.synced or remaining is not None
        if rejected:
            log.warning(
                "429 on %s: %s bucket held for %.3f s",
                flight.kind,
                TRADING[flight.kind].bucket,
                ready_in,
                extra={
                    "kind": flight.kind,
                    "bucket": TRADING[flight.kind].bucket,
                    "hold_s": ready_in,
                    "retry_after": retry_after,
                    "remaining": remaining,
                    "tier": self.tier.name,
                },
            )
        elif warning:
            log.warning(
                "rate-limit warning mode on %s: enforcement would have rejected it",
                flight.kind,
                extra={"kind": flight.kind, "remaining": remaining, "tier": self.tier.name},
            )

    def _adopt(self, name: str) -> None:
        new = self._tier(name)
        if new is self.tier:
            return
        self.tier = new
        self._buckets["order"].resize(self._scaled(new.order_burst), new.order_rate * self.headroom)
        cancel = self._buckets["cancel"]
        cancel.resize(self._scaled(new.cancel_burst), new.cancel_rate * self.headroom)
        cancel.negative_balance = new.negative_cancel_balance

    def on_rate_limit_update(self, update: Any) -> None:
        """polymarket-client's `on_rate_limit_update` listener (a `RateLimitUpdate`)."""
        flight = _IN_FLIGHT.get()
        if flight is None or flight.limits is not self:
            return  # not a request this object paced: its bucket is unknown
        self.sync(
            flight,
            remaining=update.remaining,
            reset=update.reset,
            tier=update.tier,
            warning=update.warning,
        )

    def on_response(self, method: str, path: str, status: int, headers: Mapping[str, str]) -> None:
        """Re-sync from a raw reply (e.g. an httpx response hook) to a request this paced."""
        flight = _IN_FLIGHT.get()
        if (
            flight is None
            or flight.limits is not self
            or _ROUTES.get((method, path)) != flight.kind
        ):
            return
        h = {k.lower(): v for k, v in headers.items()}
        self.sync(
            flight,
            remaining=_number(h.get("poly-ratelimit-remaining")),
            reset=_number(h.get("poly-ratelimit-reset")),
            tier=h.get("poly-ratelimit-tier"),
            warning=h.get("poly-ratelimit-warning", "").strip().lower() == "true",
            retry_after=_number(h.get("retry-after")),
            rejected=status == 429,
        )

    # --8<-- [end:sync]

    def _in_flight(self, kind: Kind, count: int) -> tuple[InFlight, Any]:
        flight = InFlight(self, kind, self.cost(kind, count))
        return flight, _IN_FLIGHT.set(flight)


# --8<-- [start:threads]
class TradingRateLimits(_Layers):
    """Per-signer buckets plus per-IP windows for every trading request kind; thread-safe."""

    def __init__(
        self,
        tier: str = "standard",
        *,
        headroom: float = CONSERVATIVE,
        clock: Clock = time.monotonic,
        sleep: Callable[[float], object] = time.sleep,
        wall_clock: Clock = time.time,
    ) -> None:
        self._lock = lock = threading.RLock()  # shared by every layer below
        self._build(
            tier,
            headroom,
            wall_clock,
            lambda capacity, rate, negative: TokenBucket(
                capacity, rate, negative_balance=negative, clock=clock, sleep=sleep, lock=lock
            ),
            lambda calls, window: RateLimiter(calls, window, clock=clock, sleep=sleep, lock=lock),
        )

    def acquire(self, kind: Kind, count: int = 1, timeout: float | None = None) -> float:
        """Block until one request of `kind` may be sent; return the seconds waited."""
        cost = self.cost(kind, count)
        bucket = self.bucket(kind)
        waited = bucket.wait_if_needed(cost, timeout)
        try:
            for window in self._windows[kind]:
                left = None if timeout is None else max(0.0, timeout - waited)
                waited += window.wait_if_needed(1, left)  # the IP layer counts requests
        except RateLimitTimeout:
            bucket.refund(cost)
            raise
        _log_wait(kind, cost, waited)
        return waited

    @contextmanager
    def sending(
        self, kind: Kind, count: int = 1, timeout: float | None = None
    ) -> Iterator[InFlight]:
        """Pace one request, then let the SDK hooks attribute its reply headers to it."""
        self.acquire(kind, count, timeout)
        flight, token = self._in_flight(kind, count)
        try:
            yield flight
        finally:
            _IN_FLIGHT.reset(token)

    def send_in_batches(
        self, kind: Kind, items: Sequence[T], send: Callable[[list[T]], R]
    ) -> list[R]:
        """Split `items`, call `send` per chunk; on failure raise `BatchInterrupted`."""
        chunks = self.split(kind, items)
        done: list[R] = []
        for i, chunk in enumerate(chunks):
            try:
                done.append(send(chunk))
            except Exception as error:
                raise BatchInterrupted(done, [x for c in chunks[i:] for x in c]) from error
        return done


# --8<-- [start:async]
class AsyncTradingRateLimits(_Layers):
    """The asyncio twin of `TradingRateLimits`, for one event loop (not across threads).

    Same limits, presets, `try_acquire`, `wait_time`, `sync` and listeners; `acquire`,
    `sending` and `send_in_batches` are awaited. polymarket-client's `AsyncSecureClient` takes
    the same `on_rate_limit_update=limits.on_rate_limit_update` listener.
    """

    def __init__(
        self,
        tier: str = "standard",
        *,
        headroom: float = CONSERVATIVE,
        clock: Clock = time.monotonic,
        sleep: Callable[[float], Awaitable[object]] = asyncio.sleep,
        wall_clock: Clock = time.time,
    ) -> None:
        self._lock = contextlib.nullcontext()  # one event loop: no thread to exclude
        self._build(
            tier,
            headroom,
            wall_clock,
            lambda capacity, rate, negative: AsyncTokenBucket(
                capacity, rate, negative_balance=negative, clock=clock, sleep=sleep
            ),
            lambda calls, window: AsyncRateLimiter(calls, window, clock=clock, sleep=sleep),
        )

    async def acquire(self, kind: Kind, count: int = 1, timeout: float | None = None) -> float:
        """Wait until one request of `kind` may be sent; return the seconds waited."""
        cost = self.cost(kind, count)
        bucket = self.bucket(kind)
        waited = await bucket.wait_if_needed(cost, timeout)
        try:
            for window in self._windows[kind]:
                left = None if timeout is None else max(0.0, timeout - waited)
                waited += await window.wait_if_needed(1, left)
        except RateLimitTimeout:
            bucket.refund(cost)
            raise
        _log_wait(kind, cost, waited)
        return waited

    @asynccontextmanager
    async def sending(
        self, kind: Kind, count: int = 1, timeout: float | None = None
    ) -> AsyncIterator[InFlight]:
        """Pace one request, then let the SDK hooks attribute its reply headers to it."""
        await self.acquire(kind, count, timeout)
        flight, token = self._in_flight(kind, count)
        try:
            yield flight
        finally:
            _IN_FLIGHT.reset(token)

    async def send_in_batches(
        self, kind: Kind, items: Sequence[T], send: Callable[[list[T]], Awaitable[R]]
    ) -> list[R]:
        """Split `items`, await `send` per chunk; on failure raise `BatchInterrupted`."""
        chunks = self.split(kind, items)
        done: list[R] = []
        for i, chunk in enumerate(chunks):
            try:
                done.append(await send(chunk))
            except Exception as error:
                raise BatchInterrupted(done, [x for c in chunks[i:] for x in c]) from error
        return done


# --8<-- [end:async]


def _log_wait(kind: Kind, cost: int, waited: float) -> None:
    if waited > 0:
        log.info(
            "paced %s: waited %.3f s",
            kind,
            waited,
            extra={"kind": kind, "cost": cost, "waited_s": waited},
        )


def _number(value: str | None) -> float | None:
    """A header's number, or None when absent or not a finite number (e.g. an HTTP date)."""
    try:
        number = float(value) if value is not None else None
    except ValueError:
        return None
    return number if number is not None and math.isfinite(number) else None
