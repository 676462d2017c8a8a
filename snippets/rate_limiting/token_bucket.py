"""A token bucket for Polymarket's per-signer order and cancel limits (July 2026 onwards).

`TokenBucket(capacity, refill_per_second)` holds at most `capacity` tokens and refills
continuously; a request of cost `n` needs `n` tokens. With `negative_balance=True` an
after-the-fact `debit()` (cancel-all, cancel-market-orders) may push it below zero, as the
server does on the tiers that allow a negative cancel balance. Thread-safe, FIFO when
blocking; `AsyncTokenBucket` is the asyncio twin.

Copy with: rate_limiter.py
"""

from __future__ import annotations

import asyncio
import math
import threading
import time
from collections.abc import Awaitable, Callable

from .rate_limiter import Clock, _AsyncGate, _Gate, positive_float, positive_int


# --8<-- [start:bucket]
class _Bucket:
    """The bucket arithmetic, kept as ONE number: `_zero_at`, the time the level was (or will
    be) zero. The level at `now` is `(now - _zero_at) * rate`, capped at `capacity`; spending
    `n` tokens moves `_zero_at` later by `n / rate`. No per-call refill loop, no drift.
    """

    __slots__ = ()
    _clock: Clock
    capacity: int
    refill_per_second: float
    negative_balance: bool
    _interval: float
    _full_span: float
    _zero_at: float
    _next_at: (
        float  # `_zero_at + _interval` (inf while a caller is queued): 1 token refused till then
    )

    def _init_bucket(self, capacity: int, refill_per_second: float, negative_balance: bool) -> None:
        self.capacity = positive_int("capacity", capacity)
        self.refill_per_second = positive_float("refill_per_second", refill_per_second)
        self.negative_balance = negative_balance
        self._interval = 1.0 / self.refill_per_second  # seconds per token
        self._full_span = self.capacity * self._interval  # seconds from empty to full
        self._set_zero(self._clock() - self._full_span)  # starts full

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(capacity={self.capacity}, "
            f"refill_per_second={self.refill_per_second:g})"
        )

    def _check_cost(self, cost: int) -> None:
        positive_int("cost", cost)
        if cost > self.capacity:
            raise ValueError(
                f"cost {cost} exceeds the capacity {self.capacity} of {self!r}: "
                "it could never be admitted; split the request"
            )

    def _set_zero(self, zero: float) -> None:
        self._zero_at = zero
        self._next_at = self._next_at_locked()

    def _next_at_locked(self) -> float:
        if getattr(self, "_queue", None):  # someone is queued: the lock-free path refuses
            return math.inf
        return self._zero_at + self._interval

    def _settled_zero(self, now: float) -> float:
        return max(self._zero_at, now - self._full_span)  # a full bucket stops refilling

    def _wait_locked(self, cost: int, now: float) -> float:
        return self._settled_zero(now) + cost * self._interval - now

    def _record_locked(self, cost: int, now: float) -> None:
        self._set_zero(self._settled_zero(now) + cost * self._interval)

    def _level_locked(self, now: float) -> float:
        return (now - self._settled_zero(now)) * self.refill_per_second

    def _refund_locked(self, cost: int, now: float) -> None:
        refunded = self._settled_zero(now) - cost * self._interval
        self._set_zero(max(refunded, now - self._full_span))

    def _debit_locked(self, tokens: int, now: float) -> None:
        zero = self._settled_zero(now) + tokens * self._interval
        self._set_zero(zero if self.negative_balance else min(zero, now))

    def _sync_locked(self, remaining: float | None, ready_in: float | None, cost: int) -> None:
        now = self._clock()
        zero = self._settled_zero(now)
        if remaining is not None:  # never believe more tokens than the server reports
            floor = remaining if self.negative_balance else max(remaining, 0.0)
            zero = max(zero, now - floor * self._interval)
        if ready_in is not None:  # `cost` tokens exist again `ready_in` seconds from now
            zero = max(zero, now + max(ready_in, 0.0) - cost * self._interval)
        self._set_zero(zero)

    def _resize_locked(self, capacity: int, refill_per_second: float) -> None:
        positive_int("capacity", capacity)
        rate = positive_float("refill_per_second", refill_per_second)
        now = self._clock()
        level = min(self._level_locked(now), float(capacity))
        self.capacity, self.refill_per_second = capacity, rate
        self._interval = 1.0 / rate
        self._full_span = capacity * self._interval
        self._set_zero(now - level * self._interval)


_BUCKET_SLOTS = (
    "capacity", "refill_per_second", "negative_balance", "_interval", "_full_span", "_zero_at",
    "_next_at", "_clock", "_sleep", "_queue",
)  # fmt: skip


class TokenBucket(_Bucket, _Gate):
    """`capacity` tokens, refilled at `refill_per_second`; thread-safe, FIFO when blocking.

    `wait_if_needed(cost)` blocks until `cost` tokens are taken; `can_proceed(cost)` only checks;
    `try_acquire(cost)` checks and takes atomically. `debit()` charges after the fact;
    `sync()` lowers the local level to what the server reported.
    """

    __slots__ = (*_BUCKET_SLOTS, "_lock", "_cond")

    def __init__(
        self,
        capacity: int,
        refill_per_second: float,
        *,
        negative_balance: bool = False,
        clock: Clock = time.monotonic,
        sleep: Callable[[float], object] = time.sleep,
        lock: threading.Lock | threading.RLock | None = None,
    ) -> None:
        self._clock, self._sleep = clock, sleep
        self._init_bucket(capacity, refill_per_second, negative_balance)
        self._init_gate(lock)

    def try_acquire(self, cost: int = 1) -> bool:
        """Check and take in one atomic step: True if `cost` tokens were taken now."""
        if cost != 1:
            return self._try_acquire_slow(cost)
        # A "no" needs no lock: `_next_at` (infinity while a blocked caller is queued) is read
        # before the clock, so a refusal was right at the moment of that read.
        next_at = self._next_at
        now = self._clock()
        if next_at > now:
            return False
        lock = self._lock
        lock.acquire()  # not `with`: this is the hot path
        try:
            if self._queue:
                return False
            # `now` may be a little stale if the lock was contended: that only ever means fewer
            # tokens (the refill is counted up to an earlier time), never more.
            zero = self._zero_at
            floor = now - self._full_span
            if zero < floor:
                zero = floor
            zero += self._interval
            if zero > now:
                return False
            self._zero_at = zero
            self._next_at = zero + self._interval
            return True
        finally:
            lock.release()

    def level(self) -> float:
        """Tokens available now (negative while a cancel debt is being repaid)."""
        with self._lock:
            return self._level_locked(self._clock())

    def refund(self, cost: int) -> None:
        """Give back tokens taken for a request that was never sent."""
        with self._lock:
            self._refund_locked(cost, self._clock())

    def debit(self, tokens: int) -> None:
        """Charge `tokens` after the fact (e.g. one per order cancel-all cancelled).

        Without `negative_balance` the level floors at zero, as the server's other tiers do.
        """
        if tokens < 0:
            raise ValueError(f"tokens to debit must be >= 0, got {tokens}")
        with self._lock:
            self._debit_locked(tokens, self._clock())

    def sync(
        self, *, remaining: float | None = None, ready_in: float | None = None, cost: int = 1
    ) -> None:
        """Lower the local level to the server's view; never raise it.

        `remaining` is `Poly-RateLimit-Remaining`; `ready_in` the seconds until a request of
        `cost` tokens is admitted again (`Retry-After` on a 429).
        """
        with self._lock:
            self._sync_locked(remaining, ready_in, cost)

    def resize(self, capacity: int, refill_per_second: float) -> None:
        """Adopt another tier's capacity and rate, keeping the current level (capped)."""
        with self._lock:
            self._resize_locked(capacity, refill_per_second)


# --8<-- [end:bucket]


class AsyncTokenBucket(_Bucket, _AsyncGate):
    """The asyncio twin of `TokenBucket`, for use inside one event loop (not across threads)."""

    __slots__ = (*_BUCKET_SLOTS, "_changed")

    def __init__(
        self,
        capacity: int,
        refill_per_second: float,
        *,
        negative_balance: bool = False,
        clock: Clock = time.monotonic,
        sleep: Callable[[float], Awaitable[object]] = asyncio.sleep,
    ) -> None:
        self._clock, self._sleep = clock, sleep
        self._init_bucket(capacity, refill_per_second, negative_balance)
        self._init_gate()

    def level(self) -> float:
        """Tokens available now (negative while a cancel debt is being repaid)."""
        return self._level_locked(self._clock())

    def refund(self, cost: int) -> None:
        """Give back tokens taken for a request that was never sent."""
        self._refund_locked(cost, self._clock())

    def debit(self, tokens: int) -> None:
        """Charge `tokens` after the fact; floors at zero unless `negative_balance`."""
        if tokens < 0:
            raise ValueError(f"tokens to debit must be >= 0, got {tokens}")
        self._debit_locked(tokens, self._clock())

    def sync(
        self, *, remaining: float | None = None, ready_in: float | None = None, cost: int = 1
    ) -> None:
        """Lower the local level to the server's view; never raise it."""
        self._sync_locked(remaining, ready_in, cost)

    def resize(self, capacity: int, refill_per_second: float) -> None:
        """Adopt another tier's capacity and rate, keeping the current level (capped)."""
        self._resize_locked(capacity, refill_per_second)
