"""The sliding window: exact with an injected clock, atomic under threads, FIFO when blocking."""

from __future__ import annotations

import asyncio
import sys
import threading
import time

import pytest

from .code.rate_limiter import (
    AsyncRateLimiter,
    RateLimiter,
    RateLimitTimeout,
)
from .conftest import FakeClock


def test_admits_exactly_max_calls_in_any_window(clock: FakeClock) -> None:
    limiter = RateLimiter(3, 10.0, clock=clock, sleep=clock.sleep)
    admitted = []
    for _ in range(60):  # a call every 0.5 s for 30 s
        if limiter.try_acquire():
            admitted.append(clock.now)
        clock.advance(0.5)
    # never more than 3 in any half-open 10-second interval, and no admission wasted
    for i, t in enumerate(admitted):
        assert sum(1 for s in admitted[i:] if s < t + 10.0) <= 3
    assert len(admitted) == 9
    assert admitted[:4] == [1000.0, 1000.5, 1001.0, 1010.0]  # the 4th waits for the 1st to leave


def test_a_unit_leaves_the_window_exactly_window_seconds_later(clock: FakeClock) -> None:
    limiter = RateLimiter(1, 2.0, clock=clock)
    assert limiter.try_acquire()
    clock.advance(1.999)
    assert not limiter.try_acquire()
    assert limiter.wait_time() == pytest.approx(0.001)
    clock.advance(0.001)
    assert limiter.try_acquire()


def test_can_proceed_records_nothing(clock: FakeClock) -> None:
    limiter = RateLimiter(2, 1.0, clock=clock)
    assert all(limiter.can_proceed() for _ in range(100))
    assert limiter.in_window() == 0
    assert limiter.try_acquire(2)
    assert not limiter.can_proceed()
    assert limiter.in_window() == 2


def test_cost_counts_units(clock: FakeClock) -> None:
    limiter = RateLimiter(5, 1.0, clock=clock)
    assert limiter.try_acquire(3)
    assert not limiter.try_acquire(3)  # 3 + 3 > 5: all or nothing
    assert limiter.try_acquire(2)
    assert limiter.wait_time(4) == 1.0
    clock.advance(1.0)
    assert limiter.try_acquire(5)


def test_wait_if_needed_sleeps_exactly_the_gap(clock: FakeClock) -> None:
    limiter = RateLimiter(2, 10.0, clock=clock, sleep=clock.sleep)
    assert limiter.wait_if_needed() == 0.0
    clock.advance(4.0)
    assert limiter.wait_if_needed() == 0.0
    assert limiter.wait_if_needed() == 6.0  # the first unit leaves at +10
    assert limiter.wait_if_needed(2) == 10.0  # both others must leave
    assert clock.sleeps == [6.0, 10.0]


def test_timeout_raises_before_waiting_and_records_nothing(clock: FakeClock) -> None:
    limiter = RateLimiter(1, 10.0, clock=clock, sleep=clock.sleep)
    limiter.try_acquire()
    with pytest.raises(RateLimitTimeout, match=r"RateLimiter\(1 per 10s\): cost 1 needs 10.000s"):
        limiter.wait_if_needed(timeout=5.0)
    assert clock.sleeps == []
    assert limiter.in_window() == 1
    assert limiter.can_proceed() is False and not limiter._queue  # the queue is left clean


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((0, 10.0), "max_calls must be a positive integer, got 0"),
        ((2.5, 10.0), "max_calls must be a positive integer, got 2.5"),
        ((True, 10.0), "max_calls must be a positive integer, got True"),
        ((5, 0), "window_seconds must be a positive number of seconds, got 0"),
        ((5, float("inf")), "window_seconds must be a positive number of seconds, got inf"),
    ],
)
def test_bad_limits_are_refused(args: tuple, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        RateLimiter(*args)


def test_a_cost_above_the_limit_is_refused_by_every_method() -> None:
    limiter = RateLimiter(15, 10.0)
    for method in (limiter.try_acquire, limiter.can_proceed, limiter.wait_if_needed):
        with pytest.raises(ValueError, match=r"cost 16 exceeds max_calls 15 of RateLimiter"):
            method(16)
    with pytest.raises(ValueError, match="cost must be a positive integer, got 0"):
        limiter.try_acquire(0)


def test_check_then_act_over_admits_but_try_acquire_does_not(clock: FakeClock) -> None:
    """Two callers both see can_proceed() == True before either sends: 2 requests go out on a
    limit of 1. (Shown deterministically; under threads it happens whenever a thread switch
    falls between the check and the send.) try_acquire() checks and records in one step."""
    limiter = RateLimiter(1, 10.0, clock=clock)
    sent = [caller for caller in ("a", "b") if limiter.can_proceed()]
    assert sent == ["a", "b"]  # both would send: over-admitted
    assert [limiter.try_acquire(), limiter.try_acquire()] == [True, False]


def test_try_acquire_is_exact_under_thread_contention() -> None:
    limiter = RateLimiter(5_000, 3600.0)
    counts = [0] * 8
    start = threading.Barrier(8)

    def worker(i: int) -> None:
        start.wait()
        counts[i] = sum(limiter.try_acquire() for _ in range(1_500))

    old = sys.getswitchinterval()
    sys.setswitchinterval(1e-5)  # switch threads as often as possible
    try:
        threads = [threading.Thread(target=worker, args=(i,)) for i in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(10)
    finally:
        sys.setswitchinterval(old)
    assert sum(counts) == 5_000  # 12,000 attempts; not one more, not one fewer


def test_blocked_callers_are_served_first_come_first_served() -> None:
    clock = FakeClock(gated=True)
    limiter = RateLimiter(3, 10.0, clock=clock, sleep=clock.sleep)
    assert limiter.try_acquire(3)
    order: list[str] = []

    def call(name: str, cost: int) -> None:
        limiter.wait_if_needed(cost)
        order.append(name)

    big = threading.Thread(target=call, args=("big", 3))
    big.start()
    _wait_for(lambda: len(limiter._queue) == 1)
    small = threading.Thread(target=call, args=("small", 1))
    small.start()
    _wait_for(lambda: len(limiter._queue) == 2)
    clock.advance(10.0)  # the window is free again, yet the queue keeps its order:
    assert limiter.try_acquire() is False and limiter.can_proceed() is False
    clock.gate.set()
    big.join(5)
    small.join(5)
    assert order == ["big", "small"]


def test_a_queued_caller_times_out_without_blocking_the_head() -> None:
    clock = FakeClock(gated=True)
    limiter = RateLimiter(1, 10.0, clock=clock, sleep=clock.sleep)
    limiter.try_acquire()
    head = threading.Thread(target=limiter.wait_if_needed)
    head.start()
    _wait_for(lambda: len(limiter._queue) == 1)
    with pytest.raises(RateLimitTimeout, match=r"still queued after 0\.01s"):
        _real_deadline(clock, lambda: limiter.wait_if_needed(timeout=0.01))
    clock.gate.set()
    head.join(5)
    assert limiter._queue == type(limiter._queue)()


def _real_deadline(clock: FakeClock, call: object) -> None:
    """Advance the fake clock while a queued caller waits on its (real) condition timeout."""
    stop = threading.Event()

    def tick() -> None:
        while not stop.wait(0.005):
            clock.advance(0.01)

    ticker = threading.Thread(target=tick)
    ticker.start()
    try:
        call()  # type: ignore[operator]
    finally:
        stop.set()
        ticker.join(5)


def _wait_for(condition: object, limit: float = 5.0) -> None:
    deadline = time.monotonic() + limit
    while not condition():  # type: ignore[operator]
        assert time.monotonic() < deadline, "condition never became true"
        time.sleep(0)  # yield to the other threads; no real waiting


async def test_async_twin_waits_exactly_and_keeps_fifo(clock: FakeClock) -> None:
    limiter = AsyncRateLimiter(3, 10.0, clock=clock, sleep=clock.async_sleep)
    assert limiter.try_acquire(3) and not limiter.try_acquire()
    order: list[str] = []

    async def call(name: str, cost: int) -> None:
        await limiter.wait_if_needed(cost)
        order.append(name)

    await asyncio.gather(call("big", 3), call("small", 1), call("small-2", 1))
    assert order == ["big", "small", "small-2"]
    assert clock.sleeps == [10.0, 10.0]  # big waits for all 3 to leave; the smalls for big's
    assert limiter.can_proceed() and limiter.wait_time() == 0.0


async def test_async_timeouts(clock: FakeClock) -> None:
    limiter = AsyncRateLimiter(1, 10.0, clock=clock, sleep=clock.async_sleep)
    limiter.try_acquire()
    with pytest.raises(RateLimitTimeout, match=r"needs 10\.000s more"):
        await limiter.wait_if_needed(timeout=1.0)

    release = asyncio.Event()

    async def held_sleep(seconds: float) -> None:
        await release.wait()
        clock.now += seconds

    async def tick() -> None:  # the fake clock moves while the queued caller waits
        while True:
            await asyncio.sleep(0.005)
            clock.now += 0.01

    limiter._sleep = held_sleep
    head = asyncio.create_task(limiter.wait_if_needed())
    await asyncio.sleep(0)
    ticker = asyncio.create_task(tick())
    with pytest.raises(RateLimitTimeout, match=r"still queued after 0\.01s"):
        await limiter.wait_if_needed(timeout=0.01)
    ticker.cancel()
    release.set()
    await head
    assert len(limiter._queue) == 0
    assert repr(limiter) == "AsyncRateLimiter(1 per 10s)"


class Racing:
    """A clock whose first reading lets "another thread" act between the lock-free check and
    the lock: the deterministic version of the races the locked re-check exists for."""

    def __init__(self, now: float, act: object) -> None:
        self.now, self.act, self.calls = now, act, 0

    def __call__(self) -> float:
        self.calls += 1
        if self.calls == 2:  # 1: the constructor / set-up; 2: try_acquire's lock-free read
            self.act()  # type: ignore[operator]
        return self.now


def test_the_locked_recheck_sees_what_changed_after_the_lock_free_check() -> None:
    clock = Racing(0.0, lambda: limiter._queue.append(object()))  # someone starts waiting
    limiter = RateLimiter(5, 1.0, clock=clock)
    clock.calls = 1
    assert limiter.try_acquire() is False  # refused for the queue, not by the stale check

    clock = Racing(0.0, lambda: limiter._record_locked(1, 0.0))  # someone takes the last unit
    limiter = RateLimiter(1, 1.0, clock=clock)
    clock.calls = 1
    assert limiter.try_acquire() is False
    assert limiter.in_window() == 1

    clock = Racing(0.0, lambda: limiter._record_locked(1, 0.5))  # a later admission first
    limiter = RateLimiter(2, 1.0, clock=clock)
    clock.calls = 1
    assert limiter.try_acquire() is True  # admitted with the stale reading 0.0, yet it
    assert list(limiter._ring) == [1.5, 1.5]  # leaves no earlier than the later one: in order
