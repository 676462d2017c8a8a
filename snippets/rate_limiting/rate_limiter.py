"""An exact sliding-window rate limiter for Polymarket's per-IP (Cloudflare) limits.

`RateLimiter(max_calls, window_seconds)` admits at most `max_calls` units in ANY interval of
`window_seconds`, not just in aligned buckets. It keeps one 8-byte timestamp per unit in a ring
buffer, so its memory is fixed at `8 * max_calls` bytes. Thread-safe; `AsyncRateLimiter` is the
asyncio twin. Blocked callers are served first come, first served.

Standard library only.
"""

from __future__ import annotations

import asyncio
import contextlib
import math
import threading
import time
from array import array
from collections.abc import Awaitable, Callable

Clock = Callable[[], float]


class RateLimitTimeout(TimeoutError):
    """`wait_if_needed(timeout=...)` could not be admitted in time; nothing was recorded."""


def positive_int(name: str, value: int) -> int:
    """`value` if it is an int >= 1, else a ValueError naming the limit."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(f"{name} must be a positive integer, got {value!r}")
    return value


def positive_float(name: str, value: float) -> float:
    """`value` as a float if it is finite and > 0, else a ValueError naming the limit."""
    number = float(value)
    if not math.isfinite(number) or number <= 0:
        raise ValueError(f"{name} must be a positive number of seconds, got {value!r}")
    return number


# --8<-- [start:gate]
class _Gate:
    """First-come-first-served blocking on top of `_wait_locked` / `_record_locked`.

    Only the caller at the head of the queue may be admitted; it sleeps (outside the lock) for
    exactly the time the limit needs, then records. Everyone behind it waits on a condition, and
    non-blocking calls are refused while anyone is queued, so a large cost is never starved.
    """

    __slots__ = ()
    _clock: Clock
    _sleep: Callable[[float], object]
    _lock: threading.Lock | threading.RLock
    _cond: threading.Condition | None
    _queue: list[object]
    _next_at: float  # before this time a 1-unit `try_acquire` is refused without the lock

    def _init_gate(self, lock: threading.Lock | threading.RLock | None) -> None:
        self._lock = lock if lock is not None else threading.Lock()
        self._cond = None  # made on the first blocking call: an idle limiter stays small
        self._queue = []

    def _wait_locked(self, cost: int, now: float) -> float:
        raise NotImplementedError

    def _record_locked(self, cost: int, now: float) -> None:
        raise NotImplementedError

    def _check_cost(self, cost: int) -> None:
        raise NotImplementedError

    def _next_at_locked(self) -> float:
        raise NotImplementedError

    def wait_if_needed(self, cost: int = 1, timeout: float | None = None) -> float:
        """Block until `cost` units are admitted and record them; return the seconds waited.

        With `timeout`, raise `RateLimitTimeout` (recording nothing) as soon as it is clear the
        call cannot be admitted within `timeout` seconds.
        """
        self._check_cost(cost)
        ticket = object()
        with self._lock:
            if self._cond is None:
                self._cond = threading.Condition(self._lock)
            cond = self._cond
            start = self._clock()
            deadline = None if timeout is None else start + timeout
            self._queue.append(ticket)
            self._next_at = math.inf  # someone is queued: the lock-free path refuses
            try:
                while True:
                    now = self._clock()
                    if self._queue[0] is ticket:
                        wait = self._wait_locked(cost, now)
                        if wait <= 0:
                            self._record_locked(cost, now)
                            return now - start
                        if deadline is not None and now + wait > deadline:
                            raise RateLimitTimeout(
                                f"{self!r}: cost {cost} needs {wait:.3f}s more, beyond the "
                                f"{timeout}s timeout"
                            )
                        self._lock.release()
                        try:
                            self._sleep(wait)
                        finally:
                            self._lock.acquire()
                    elif deadline is not None and now >= deadline:
                        raise RateLimitTimeout(f"{self!r}: still queued after {timeout}s")
                    else:
                        cond.wait(None if deadline is None else deadline - now)
            finally:
                was_head = self._queue[0] is ticket
                self._queue.remove(ticket)
                self._next_at = math.inf if self._queue else self._next_at_locked()
                if was_head:
                    cond.notify_all()

    def can_proceed(self, cost: int = 1) -> bool:
        """Would `cost` be admitted now? Records nothing: a check, never a reservation."""
        self._check_cost(cost)
        with self._lock:
            return not self._queue and self._wait_locked(cost, self._clock()) <= 0

    def wait_time(self, cost: int = 1) -> float:
        """Seconds until `cost` could be admitted if nobody else came first (0.0 if now)."""
        self._check_cost(cost)
        with self._lock:
            return max(0.0, self._wait_locked(cost, self._clock()))

    def _try_acquire_slow(self, cost: int) -> bool:
        self._check_cost(cost)
        with self._lock:
            now = self._clock()
            if self._queue or self._wait_locked(cost, now) > 0:
                return False
            self._record_locked(cost, now)
            return True


# --8<-- [end:gate]


class _AsyncGate:
    """The asyncio twin of `_Gate`: one event loop, no locks, FIFO through a queue of tickets."""

    __slots__ = ()
    _clock: Clock
    _sleep: Callable[[float], Awaitable[object]]
    _queue: list[object]
    _changed: asyncio.Event

    def _init_gate(self) -> None:
        self._queue = []
        self._changed = asyncio.Event()

    def _wait_locked(self, cost: int, now: float) -> float:
        raise NotImplementedError

    def _record_locked(self, cost: int, now: float) -> None:
        raise NotImplementedError

    def _check_cost(self, cost: int) -> None:
        raise NotImplementedError

    async def wait_if_needed(self, cost: int = 1, timeout: float | None = None) -> float:
        """Wait until `cost` units are admitted and record them; return the seconds waited."""
        self._check_cost(cost)
        ticket = object()
        start = self._clock()
        deadline = None if timeout is None else start + timeout
        self._queue.append(ticket)
        try:
            while True:
                now = self._clock()
                if self._queue[0] is ticket:
                    wait = self._wait_locked(cost, now)
                    if wait <= 0:
                        self._record_locked(cost, now)
                        return now - start
                    if deadline is not None and now + wait > deadline:
                        raise RateLimitTimeout(
                            f"{self!r}: cost {cost} needs {wait:.3f}s more, beyond the "
                            f"{timeout}s timeout"
                        )
                    await self._sleep(wait)
                elif deadline is not None and now >= deadline:
                    raise RateLimitTimeout(f"{self!r}: still queued after {timeout}s")
                else:
                    changed = self._changed
                    remaining = None if deadline is None else deadline - now
                    with contextlib.suppress(TimeoutError):  # re-check the deadline
                        await asyncio.wait_for(changed.wait(), remaining)
        finally:
            was_head = self._queue[0] is ticket
            self._queue.remove(ticket)
            if was_head:
                self._changed.set()
                self._changed = asyncio.Event()

    def can_proceed(self, cost: int = 1) -> bool:
        """Would `cost` be admitted now? Records nothing."""
        self._check_cost(cost)
        return not self._queue and self._wait_locked(cost, self._clock()) <= 0

    def wait_time(self, cost: int = 1) -> float:
        """Seconds until `cost` could be admitted if nobody else came first (0.0 if now)."""
        self._check_cost(cost)
        return max(0.0, self._wait_locked(cost, self._clock()))

    def try_acquire(self, cost: int = 1) -> bool:
        """Check and record in one step: True if `cost` units were admitted now."""
        self._check_cost(cost)
        now = self._clock()
        if self._queue or self._wait_locked(cost, now) > 0:
            return False
        self._record_locked(cost, now)
        return True


# --8<-- [start:window]
class _Window:
    """The sliding-window arithmetic: a ring of when each of the last `max_calls` units leaves
    the window (its admission time + `window_seconds`).

    Units enter the ring in time order, so `ring[head]` is the first of the last `max_calls`
    units to leave. `cost` more units fit once the `cost`-th of them has left; then at most
    `max_calls - cost` remain inside any window that ends now.
    """

    __slots__ = ()
    max_calls: int
    window_seconds: float
    _ring: array[float]
    _head: int
    _last: float  # the latest leave time written: keeps the ring in order
    _next_at: float  # `ring[head]` (inf while a caller is queued): till then one more is refused

    def _init_window(self, max_calls: int, window_seconds: float) -> None:
        self.max_calls = positive_int("max_calls", max_calls)
        self.window_seconds = positive_float("window_seconds", window_seconds)
        self._ring = array("d", [-math.inf]) * self.max_calls  # 8 bytes per slot
        self._head = 0
        self._last = self._next_at = -math.inf

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.max_calls} per {self.window_seconds:g}s)"

    def _check_cost(self, cost: int) -> None:
        positive_int("cost", cost)
        if cost > self.max_calls:
            raise ValueError(
                f"cost {cost} exceeds max_calls {self.max_calls} of {self!r}: "
                "it could never be admitted; split the request"
            )

    def _wait_locked(self, cost: int, now: float) -> float:
        return self._ring[(self._head + cost - 1) % self.max_calls] - now

    def _next_at_locked(self) -> float:
        return self._ring[self._head]

    def _record_locked(self, cost: int, now: float) -> None:
        ring, head, size = self._ring, self._head, self.max_calls
        leaves = max(now + self.window_seconds, self._last)
        for _ in range(cost):
            ring[head] = leaves
            head = head + 1 if head + 1 < size else 0
        self._head, self._last, self._next_at = head, leaves, ring[head]

    def in_window(self) -> int:
        """How many units the current window holds (for monitoring and tests)."""
        now = self._clock()  # type: ignore[attr-defined]
        return sum(1 for leaves in self._ring if leaves > now)


_WINDOW_SLOTS = (
    "max_calls", "window_seconds", "_ring", "_head", "_last", "_next_at", "_clock", "_sleep",
    "_queue",
)  # fmt: skip


class RateLimiter(_Window, _Gate):
    """At most `max_calls` units in any `window_seconds`: exact, thread-safe, FIFO when blocking.

    `wait_if_needed()` blocks until admitted; `can_proceed()` only checks; `try_acquire()` checks
    and records atomically. Each takes an optional `cost` (units, default 1).
    """

    __slots__ = (*_WINDOW_SLOTS, "_lock", "_cond")

    def __init__(
        self,
        max_calls: int,
        window_seconds: float,
        *,
        clock: Clock = time.monotonic,
        sleep: Callable[[float], object] = time.sleep,
        lock: threading.Lock | threading.RLock | None = None,
    ) -> None:
        self._init_window(max_calls, window_seconds)
        self._clock, self._sleep = clock, sleep
        self._init_gate(lock)

    def try_acquire(self, cost: int = 1) -> bool:
        """Check and record in one atomic step: True if `cost` units were admitted now."""
        if cost != 1:
            return self._try_acquire_slow(cost)
        # A "no" needs no lock: `_next_at` is when the oldest of the last `max_calls` units
        # leaves (infinity while a blocked caller is queued), read before the clock, so a
        # refusal was right at the moment of that read. Locals, not attributes, from here on.
        next_at = self._next_at
        now = self._clock()
        if next_at > now:
            return False
        lock = self._lock
        lock.acquire()  # not `with`: this is the hot path, and acquire/release is cheaper
        try:
            if self._queue or self._next_at > now:  # a stale `now` only ever refuses more
                return False
            leaves = now + self.window_seconds
            last = self._last
            if leaves < last:  # a stale `now` must not put the ring out of order
                leaves = last
            ring = self._ring
            head = self._head
            ring[head] = self._last = leaves
            head += 1
            if head == self.max_calls:
                head = 0
            self._head = head
            self._next_at = ring[head]  # the one float read (boxed) per admission
            return True
        finally:
            lock.release()


# --8<-- [end:window]


class AsyncRateLimiter(_Window, _AsyncGate):
    """The asyncio twin of `RateLimiter`, for use inside one event loop (not across threads)."""

    __slots__ = (*_WINDOW_SLOTS, "_changed")

    def __init__(
        self,
        max_calls: int,
        window_seconds: float,
        *,
        clock: Clock = time.monotonic,
        sleep: Callable[[float], Awaitable[object]] = asyncio.sleep,
    ) -> None:
        self._init_window(max_calls, window_seconds)
        self._clock, self._sleep = clock, sleep
        self._init_gate()
