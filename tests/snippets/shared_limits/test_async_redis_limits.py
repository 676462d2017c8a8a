"""The asyncio twin against the same real redis-server."""

from __future__ import annotations

import asyncio

import pytest

from .code.async_redis_limits import AsyncSharedLimits
from .code.redis_limits import (
    FailClosed,
    FallBackLocal,
    SharedLimitsConfigError,
    SharedLimitsUnavailable,
    SharedLimitTimeout,
)
from .conftest import RedisServer, free_port
from .ideal import US, IdealBucket
from .test_redis_limits import FakeClock, old_epoch


class AsyncFakeClock(FakeClock):
    async def asleep(self, seconds: float) -> None:
        self.sleep(seconds)


async def test_async_bucket_and_window(server: RedisServer) -> None:
    old_epoch(server)
    limits = await AsyncSharedLimits.connect(server.url, signer="0xA5")
    try:
        bucket = limits.bucket("cancel", 4, 0.1, negative_balance=True)
        window = limits.window("cancel_order:burst", 3, 60.0)
        assert await bucket.try_acquire_with(1, [window])
        assert [await bucket.try_acquire() for _ in range(4)] == [True] * 3 + [False]
        assert not await bucket.can_proceed() and 0 < await bucket.wait_time() <= 10.0
        await bucket.refund(2)
        assert 2 <= await bucket.level() < 2.1
        await bucket.debit(6)  # a cancel-all: negative balance
        assert -4.1 < await bucket.level() < -3.9
        with pytest.raises(ValueError, match=">= 0"):
            await bucket.debit(-1)
        await bucket.sync(remaining=-5)
        assert await bucket.level() < -4.9
        await bucket.sync(ready_in=1.0)
        assert await bucket.wait_time() > 5.0  # the debt (-5) first: already longer
        await bucket.resize(8, 2.0)  # a new tier: never more than the level it had
        assert bucket.capacity == 8 and await bucket.level() < -4.5
        assert [await window.try_acquire() for _ in range(3)] == [True, True, False]
        with pytest.raises(SharedLimitTimeout):
            await window.wait_if_needed(1, timeout=1.0)
        server.client().script_flush()
        assert not await window.try_acquire() and limits.stats.script_reloads == 1
    finally:
        await limits.aclose()


async def test_async_reservations_follow_the_ideal_schedule(server: RedisServer) -> None:
    old_epoch(server)
    clock = AsyncFakeClock()
    limits = await AsyncSharedLimits.connect(server.url, signer="0xA5", sleep=clock.asleep)
    try:
        bucket = limits.bucket("order", 2, 10.0)
        decisions = []
        real_decide = bucket.decide

        async def decide(cost=1, op="take", max_wait=0.0):
            decisions.append(await real_decide(cost, op, max_wait))
            return decisions[-1]

        bucket.decide = decide  # type: ignore[method-assign]
        waits = await asyncio.gather(*(bucket.wait_if_needed() for _ in range(5)))
        assert sorted(waits)[:2] == [0.0, 0.0] and sorted(waits)[-1] == pytest.approx(0.3, abs=0.05)
        assert clock.sleeps == [w for w in waits if w > 0]  # in the order they were reserved
        oracle = IdealBucket(2, 100_000, decisions[0].at_us)
        slots = sorted(d.at_us + round(d.wait * US) for d in decisions)
        assert all(oracle.take(1, at) for at in slots)
    finally:
        await limits.aclose()


async def test_async_fail_closed_then_loss(fresh_redis: RedisServer) -> None:
    clock = AsyncFakeClock()
    policy = FailClosed(wait=0.1, retry_every=0.05)
    limits = await AsyncSharedLimits.connect(
        fresh_redis.url, signer="0xA5", policy=policy, clock=clock, sleep=clock.asleep
    )
    try:
        bucket = limits.bucket("order", 5, 1.0)
        fresh_redis.stop()
        with pytest.raises(SharedLimitsUnavailable):
            await bucket.try_acquire()
        assert limits.stats.unavailable == 1 and clock.sleeps == pytest.approx([0.05, 0.05])
        fresh_redis.start()
        assert not await bucket.try_acquire() and limits.stats.state_losses == 1
    finally:
        await limits.aclose()


async def test_async_fall_back_then_resume(fresh_redis: RedisServer) -> None:
    clock = AsyncFakeClock()
    old_epoch(fresh_redis)
    limits = await AsyncSharedLimits.connect(
        fresh_redis.url,
        signer="0xA5",
        policy=FallBackLocal(share=0.5, probe_every=0.5),
        clock=clock,
        sleep=clock.asleep,
    )
    try:
        bucket = limits.bucket("order", 4, 10.0)
        fresh_redis.stop()
        assert not await bucket.try_acquire()  # the local half starts empty
        clock.now += 0.2
        assert await bucket.try_acquire() and (await bucket.decide()).local
        await bucket.debit(1)  # not recorded while down
        fresh_redis.start()
        clock.now += 0.5
        assert not await bucket.try_acquire()  # resumed: held empty for the probe interval
        assert limits.stats.local_decisions == 3 and limits.stats.outages == 1
    finally:
        await limits.aclose()


async def test_async_bad_configuration(tmp_path) -> None:
    with pytest.raises(SharedLimitsConfigError, match="cannot reach Redis"):
        await AsyncSharedLimits.connect(f"redis://127.0.0.1:{free_port()}/0", signer="0x1")
    with pytest.raises(SharedLimitsConfigError, match="not a Redis URL"):
        await AsyncSharedLimits.connect("http://127.0.0.1:1", signer="0x1")
    locked = RedisServer(tmp_path, password="right")
    locked.start()
    try:
        with pytest.raises(SharedLimitsConfigError, match="refused the credentials"):
            await AsyncSharedLimits.connect(
                f"redis://:wrong@127.0.0.1:{locked.port}/0", signer="0x1"
            )
    finally:
        locked.stop()
