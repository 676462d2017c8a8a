"""The token bucket: exact refill, costs, the negative cancel balance, FIFO for big costs."""

from __future__ import annotations

import asyncio
import sys
import threading

import pytest

from .code.rate_limiter import RateLimitTimeout
from .code.token_bucket import AsyncTokenBucket, TokenBucket
from .conftest import FakeClock
from .test_rate_limiter import _wait_for


def test_starts_full_spends_the_burst_then_refills_at_the_rate(clock: FakeClock) -> None:
    bucket = TokenBucket(8, 4.0, clock=clock)  # 4 tokens/s: one every 0.25 s
    assert sum(bucket.try_acquire() for _ in range(20)) == 8
    clock.advance(0.25 * 3)
    assert bucket.level() == 3.0
    assert [bucket.try_acquire() for _ in range(4)] == [True, True, True, False]
    clock.advance(100.0)
    assert bucket.level() == 8.0  # capped at capacity, however long it idles
    assert bucket.try_acquire() and bucket.level() == 7.0  # idling banked nothing extra


def test_cost_is_all_or_nothing(clock: FakeClock) -> None:
    bucket = TokenBucket(15, 4.0, clock=clock)
    assert bucket.try_acquire(10)
    assert not bucket.try_acquire(6)  # 5 left: the whole request is refused, nothing taken
    assert bucket.level() == 5.0
    assert bucket.wait_time(6) == 0.25
    assert bucket.can_proceed(5) and bucket.level() == 5.0  # a check takes nothing


def test_wait_if_needed_sleeps_exactly_until_the_tokens_exist(clock: FakeClock) -> None:
    bucket = TokenBucket(4, 2.0, clock=clock, sleep=clock.sleep)
    assert bucket.wait_if_needed(4) == 0.0
    assert bucket.wait_if_needed(1) == 0.5
    assert bucket.wait_if_needed(3) == 1.5
    assert clock.sleeps == [0.5, 1.5]
    assert bucket.level() == 0.0


def test_a_negative_balance_blocks_until_repaid(clock: FakeClock) -> None:
    """cancel-all: 1 token up front, then 1 per cancelled order, possibly into debt."""
    bucket = TokenBucket(8, 4.0, negative_balance=True, clock=clock)
    assert bucket.try_acquire()  # the up-front token
    bucket.debit(10)  # the reply listed 10 cancelled orders
    assert bucket.level() == -3.0
    assert not bucket.try_acquire()
    assert bucket.wait_time() == 1.0  # back to +1 token: 4 tokens at 4/s
    clock.advance(1.0)
    assert bucket.try_acquire()


def test_without_negative_balance_the_debit_floors_at_zero(clock: FakeClock) -> None:
    bucket = TokenBucket(8, 4.0, clock=clock)
    bucket.debit(100)
    assert bucket.level() == 0.0
    assert bucket.wait_time() == 0.25
    with pytest.raises(ValueError, match="tokens to debit must be >= 0, got -1"):
        bucket.debit(-1)


def test_sync_only_lowers_the_level(clock: FakeClock) -> None:
    bucket = TokenBucket(60, 40.0, negative_balance=True, clock=clock)
    bucket.sync(remaining=100)  # the server cannot give us more than capacity
    assert bucket.level() == 60.0
    bucket.sync(remaining=10)
    assert bucket.level() == pytest.approx(10.0)  # 1/40 s per token is not a binary fraction
    bucket.sync(remaining=-2)
    assert bucket.level() == pytest.approx(-2.0)
    bucket.sync(ready_in=2.0, cost=5)  # Retry-After: 5 tokens exist again in 2 s
    assert bucket.wait_time(5) == pytest.approx(2.0)
    flooring = TokenBucket(60, 40.0, clock=clock)
    flooring.sync(remaining=-7)  # a tier without the negative balance floors at zero
    assert flooring.level() == 0.0


def test_refund_and_resize(clock: FakeClock) -> None:
    bucket = TokenBucket(10, 2.0, clock=clock)
    assert bucket.try_acquire(4)
    bucket.refund(4)
    assert bucket.level() == 10.0
    bucket.refund(4)  # never above capacity
    assert bucket.level() == 10.0
    bucket.resize(4, 8.0)  # a lower tier: keep the level, capped
    assert (bucket.capacity, bucket.level(), bucket.wait_time(1)) == (4, 4.0, 0.0)
    assert bucket.try_acquire(4) and bucket.wait_time(1) == 0.125
    bucket.resize(100, 8.0)  # a higher tier: the level carries over, then refills to 100
    assert bucket.level() == 0.0
    with pytest.raises(ValueError, match="refill_per_second must be a positive number"):
        bucket.resize(5, 0)
    assert bucket.capacity == 100  # a refused resize changes nothing


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((0, 1.0), "capacity must be a positive integer, got 0"),
        ((10, -1.0), "refill_per_second must be a positive number of seconds, got -1.0"),
        ((10, float("nan")), "refill_per_second must be a positive number"),
    ],
)
def test_bad_limits_are_refused(args: tuple, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        TokenBucket(*args)


def test_a_cost_above_capacity_is_refused_before_anything_is_sent() -> None:
    bucket = TokenBucket(60, 40.0)
    with pytest.raises(
        ValueError,
        match=r"cost 61 exceeds the capacity 60 of TokenBucket\(capacity=60, "
        r"refill_per_second=40\): it could never be admitted; split the request",
    ):
        bucket.wait_if_needed(61)


def test_try_acquire_is_exact_under_thread_contention(clock: FakeClock) -> None:
    bucket = TokenBucket(4_000, 1.0, clock=clock)  # the fake clock stands still: no refill
    counts = [0] * 8
    start = threading.Barrier(8)

    def worker(i: int) -> None:
        start.wait()
        counts[i] = sum(bucket.try_acquire() for _ in range(1_000))

    old = sys.getswitchinterval()
    sys.setswitchinterval(1e-5)
    try:
        threads = [threading.Thread(target=worker, args=(i,)) for i in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(10)
    finally:
        sys.setswitchinterval(old)
    assert sum(counts) == 4_000


def test_a_batch_is_never_starved_by_single_orders_behind_it() -> None:
    """A 15-token batch waits at the head; singles arriving later queue behind it even when
    enough tokens for them exist, so the batch's tokens accumulate and it goes first."""
    clock = FakeClock(gated=True)
    bucket = TokenBucket(15, 1.0, clock=clock, sleep=clock.sleep)
    assert bucket.try_acquire(15)
    order: list[str] = []

    def call(name: str, cost: int) -> None:
        bucket.wait_if_needed(cost)
        order.append(name)

    batch = threading.Thread(target=call, args=("batch", 15))
    batch.start()
    _wait_for(lambda: len(bucket._queue) == 1)
    singles = [threading.Thread(target=call, args=(f"single-{i}", 1)) for i in range(3)]
    for i, t in enumerate(singles):
        t.start()
        _wait_for(lambda i=i: len(bucket._queue) == 2 + i)
    clock.advance(5.0)  # 5 tokens: enough for every single, but they are behind the batch
    assert not bucket.try_acquire() and not bucket.can_proceed()
    clock.gate.set()
    for t in [batch, *singles]:
        t.join(5)
    assert order == ["batch", "single-0", "single-1", "single-2"]
    assert clock.sleeps == [15.0, 1.0, 1.0, 1.0]  # batch slept its full wait from t=0 (the
    # fake sleep adds to the 5 s advanced meanwhile); each single then waits one token


def test_a_timeout_gives_up_without_taking_tokens(clock: FakeClock) -> None:
    bucket = TokenBucket(10, 1.0, clock=clock, sleep=clock.sleep)
    bucket.try_acquire(10)
    with pytest.raises(RateLimitTimeout, match=r"cost 5 needs 5\.000s more"):
        bucket.wait_if_needed(5, timeout=4.9)
    assert bucket.wait_if_needed(5, timeout=5.0) == 5.0


async def test_async_twin(clock: FakeClock) -> None:
    bucket = AsyncTokenBucket(15, 4.0, negative_balance=True, clock=clock, sleep=clock.async_sleep)
    assert bucket.try_acquire(15)
    order: list[str] = []

    async def call(name: str, cost: int) -> None:
        await bucket.wait_if_needed(cost)
        order.append(name)

    await asyncio.gather(call("batch", 15), call("single", 1))
    assert order == ["batch", "single"]
    assert clock.sleeps == [3.75, 0.25]
    bucket.debit(3)
    assert bucket.level() == -3.0
    bucket.sync(remaining=-5)
    assert bucket.level() == -5.0 and not bucket.can_proceed()
    with pytest.raises(ValueError, match="tokens to debit must be >= 0"):
        bucket.debit(-1)
    assert repr(bucket) == "AsyncTokenBucket(capacity=15, refill_per_second=4)"


def test_the_locked_recheck_sees_what_changed_after_the_lock_free_check() -> None:
    from .test_rate_limiter import Racing

    clock = Racing(0.0, lambda: bucket._queue.append(object()))
    bucket = TokenBucket(2, 1.0, clock=clock)
    clock.calls = 1
    assert bucket.try_acquire() is False  # someone queued meanwhile

    clock = Racing(0.0, lambda: bucket._record_locked(2, 0.0))
    bucket = TokenBucket(2, 1.0, clock=clock)
    clock.calls = 1
    assert bucket.try_acquire() is False  # someone took both tokens meanwhile
    assert bucket.level() == 0.0
