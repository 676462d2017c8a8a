"""The shared buckets and windows against a real redis-server on 127.0.0.1."""

from __future__ import annotations

import logging
import multiprocessing
import threading

import pytest
import redis
from redis.backoff import NoBackoff
from redis.retry import Retry

from .code.redis_limits import (
    LUA,
    FailClosed,
    FallBackLocal,
    SharedLimits,
    SharedLimitsConfigError,
    SharedLimitsUnavailable,
    SharedLimitTimeout,
)
from .conftest import RedisServer, SlowProxy, free_port
from .ideal import (
    US,
    IdealBucket,
    IdealWindow,
    fleet_worker,
    replay,
    server_time_us,
)


class FakeClock:
    """The client's own clock (for the failure policy only); its sleeps advance it."""

    def __init__(self) -> None:
        self.now, self.sleeps = 0.0, []  # type: float, list[float]

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


def old_epoch(server: RedisServer, prefix: str = "polyrl") -> None:
    """This Redis has known its state for an hour: a signer without keys starts full."""
    client = server.client()
    client.set(f"{prefix}:epoch", server_time_us(client) - 3600 * US)


def connect(url: str, **kwargs) -> SharedLimits:
    kwargs.setdefault("signer", "0xAbC")
    return SharedLimits.connect(url, **kwargs)


# --- one client --------------------------------------------------------------------------------


def test_bucket_contract(server: RedisServer) -> None:
    old_epoch(server)
    limits = connect(server.url)
    orders = limits.bucket("order", capacity=5, refill_per_second=1.0)
    assert [orders.try_acquire() for _ in range(6)] == [True] * 5 + [False]
    assert 0 < orders.wait_time() <= 1.0 and not orders.can_proceed()
    assert orders.level() < 1
    with pytest.raises(ValueError, match="exceeds the limit 5"):
        orders.try_acquire(6)
    with pytest.raises(ValueError, match="positive integer"):
        orders.try_acquire(0)
    orders.refund(2)
    assert 2 <= orders.level() < 3 and orders.try_acquire(2)
    assert repr(orders) == "RedisTokenBucket('polyrl:signer:0xabc:order', 5, 1/s)"
    assert limits.stats.state_losses == 0


def test_negative_cancel_balance_and_sync(server: RedisServer) -> None:
    old_epoch(server)
    cancels = connect(server.url).bucket("cancel", 10, 0.1, negative_balance=True)
    cancels.debit(15)  # a cancel-all that cancelled 15 orders
    assert -5.1 < cancels.level() < -4.9
    with pytest.raises(ValueError, match=">= 0"):
        cancels.debit(-1)
    orders = connect(server.url).bucket("order", 10, 0.1)
    orders.debit(15)  # no negative balance: floors at zero
    assert 0 <= orders.level() < 0.1
    # The header re-sync lowers the SHARED level: another process sees it at once.
    other = connect(server.url).bucket("cancel", 10, 0.1, negative_balance=True)
    other.refund(10)
    cancels.sync(remaining=3)
    assert 2.9 < other.level() < 3.1
    cancels.sync(remaining=8)  # never raises it
    assert other.level() < 3.1
    cancels.sync(ready_in=2.0, cost=1)  # a 429 with Retry-After: 2
    assert 1.9 < other.wait_time() <= 2.0
    cancels.resize(20, 0.2)  # a tier change keeps at most the current level
    assert cancels.capacity == 20 and cancels.level() < 0.9  # 0.8 before: not more after


def test_one_decision_is_one_round_trip_and_these_server_commands(server: RedisServer) -> None:
    old_epoch(server)
    limits = connect(server.url)
    orders = limits.bucket("order", 100, 1.0)
    window = limits.window("post_order:burst", 100, 10.0)
    admin = server.client()
    for shared in (orders, window):
        shared.try_acquire()  # the cold path (first key, epoch read) is not what we count
        admin.config_resetstat()
        results = [shared.try_acquire() for _ in range(50)]
        stats = {
            k.removeprefix("cmdstat_"): v["calls"] for k, v in admin.info("commandstats").items()
        }
        stats.pop("config|resetstat", None)
        assert all(results) and stats["evalsha"] == 50  # one round trip each
        if shared is orders:
            assert stats == {"evalsha": 50, "time": 50, "get": 50, "set": 50}
        else:  # a window trims its list only now and then (100 past the limit)
            assert stats == {"evalsha": 50, "time": 50, "lindex": 50, "lpush": 50, "pexpire": 50}


def test_window_contract_and_reservation(server: RedisServer) -> None:
    old_epoch(server)
    limits = connect(server.url, ip="10.0.0.7")
    window = limits.window("post_orders:burst", 3, 0.2)
    assert [window.try_acquire() for _ in range(4)] == [True, True, True, False]
    assert repr(window) == "RedisSlidingWindow('polyrl:ip:10.0.0.7:post_orders:burst', 3 per 0.2s)"
    with pytest.raises(SharedLimitTimeout):
        window.wait_if_needed(1, timeout=0.0)
    slept: list[float] = []
    limits._sleep = slept.append  # see the waits; do not take them
    assert 0 < window.wait_if_needed(2) <= 0.2 == max(slept[-1], 0.2)
    assert window.wait_if_needed(3) > 0.2  # reserved behind the first reservation: FIFO


def test_signer_without_keys_starts_full_and_keys_expire(server: RedisServer) -> None:
    old_epoch(server)
    limits = connect(server.url, signer="0xNEW")
    bucket = limits.bucket("order", 3, 10.0)
    assert bucket.level() == 3.0  # no key yet: full, and nothing written by a peek
    admin = server.client()
    assert admin.keys("polyrl:signer:*") == []
    assert bucket.try_acquire(3)
    ttl = admin.pttl(bucket.key)
    assert 200 <= ttl <= 301  # the key lives until the bucket is full again: 0.3 s
    while admin.exists(bucket.key):  # the server expires it; we only watch
        pass
    assert bucket.level() == 3.0 and limits.stats.state_losses == 0


def test_loss_of_state_is_detected_and_never_starts_full(server: RedisServer, caplog) -> None:
    old_epoch(server)
    limits = connect(server.url)
    bucket = limits.bucket("order", 50, 10.0)
    window = limits.window("post_order:burst", 50, 60.0)
    assert bucket.try_acquire(50) and window.try_acquire(50)
    server.client().flushall()  # the state is gone (a flush, a restart, a failover...)
    with caplog.at_level(logging.WARNING, "shared_limits"):
        assert not bucket.try_acquire()  # empty, not full
    assert limits.stats.state_losses == 1  # FLUSHALL keeps the scripts
    assert "lost the shared rate-limit state" in caplog.text
    assert not window.can_proceed() and 59 < window.wait_time() <= 60  # full for one window
    assert bucket.level() < 1


def test_lost_windows_may_be_declared_empty(server: RedisServer) -> None:
    """The 10-minute IP windows would stay closed for 10 minutes after a loss; a fleet that
    prefers Cloudflare's delays to that pause says so, and trades at once."""
    old_epoch(server)
    strict = connect(server.url).window("post_order:sustained", 5, 600.0)
    lenient = connect(server.url, lost_windows="empty").window("post_order:sustained", 5, 600.0)
    assert strict.try_acquire()
    admin = server.client()
    admin.delete(strict.key)
    admin.set("polyrl:epoch", server_time_us(admin))  # lost, just now
    assert not strict.can_proceed() and not strict.try_acquire()
    assert lenient.can_proceed() and lenient.try_acquire()
    with pytest.raises(ValueError, match="lost_windows"):
        connect(server.url, lost_windows="half")


def test_a_lost_window_undoes_the_whole_decision(server: RedisServer) -> None:
    """One request, three layers: the bucket and the burst window have keys, the sustained
    window's key is gone shortly after a loss. Nothing may be recorded anywhere."""
    old_epoch(server)
    limits = connect(server.url)
    bucket = limits.bucket("order", 10, 1.0)
    burst = limits.window("post_order:burst", 10, 10.0)
    sustained = limits.window("post_order:sustained", 100, 600.0)
    assert bucket.try_acquire_with(1, [burst, sustained])
    admin = server.client()
    admin.delete(sustained.key)  # lost ...
    admin.set(limits.epoch_key, server_time_us(admin))  # ... just now
    level, queued = bucket.level(), admin.lrange(burst.key, 0, -1)
    assert not bucket.try_acquire_with(1, [burst, sustained])
    assert admin.lrange(burst.key, 0, -1) == queued and not admin.exists(sustained.key)
    assert bucket.level() >= level  # the bucket was not charged either
    assert 599 < sustained.wait_time() <= 600


def test_noscript_reloads_once(server: RedisServer) -> None:
    old_epoch(server)
    limits = connect(server.url)
    bucket = limits.bucket("order", 5, 1.0)
    server.client().script_flush()
    assert bucket.try_acquire() and limits.stats.script_reloads == 1
    assert bucket.try_acquire() and limits.stats.script_reloads == 1


def test_unknown_op_is_an_error(server: RedisServer) -> None:
    limits = connect(server.url)
    with pytest.raises(redis.ResponseError, match="unknown op"):
        limits.bucket("order", 5, 1.0).decide(1, "grab")
    assert server.client().script_exists(limits._sha) == [True]
    assert LUA.count("redis.call('TIME')") == 1


# --- a fleet -----------------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize(("processes", "threads"), [(4, 8), (16, 1)])
def test_fleet_admits_exactly_what_one_ideal_limit_would(
    server: RedisServer, processes: int, threads: int
) -> None:
    """Every process and thread decides on the same signer; three runs of a bucket and three of
    a window. Each decision's server time goes to the oracle, which must decide the same,
    request by request."""
    ctx = multiprocessing.get_context("fork")
    calls = 480 // (processes * threads)
    with ctx.Pool(processes) as pool:
        for layer in ("bucket", "window"):
            spec = ("bucket", 10, 2000.0) if layer == "bucket" else ("window", 40, 0.05)
            for run in range(3):
                prefix = f"fleet-{layer}-{run}"
                old_epoch(server, prefix)
                jobs = [(server.url, prefix, threads, calls, spec)] * processes
                decisions = [d for part in pool.starmap(fleet_worker, jobs) for d in part]
                assert len(decisions) == processes * threads * calls
                assert len({at for at, _ in decisions}) == len(decisions)  # one at a time
                ours = [admitted for _, admitted in sorted(decisions)]
                start = min(at for at, _ in decisions)
                oracle = (
                    IdealBucket(10, 500, start) if layer == "bucket" else IdealWindow(40, 50_000)
                )
                assert ours == replay(oracle, decisions)  # not one more or fewer, nor another
                assert 0 < sum(ours) < len(ours)  # the limit was reached and refilled


# --- a restart, slow links, bad configuration ------------------------------------------------


def _hammer(shared, stop: threading.Event, out: list, ready: threading.Semaphore) -> None:
    while not stop.is_set():
        try:
            decision = shared.decide(1)
        except SharedLimitsUnavailable as error:
            out.append(error)
            continue
        out.append(decision)
        ready.release()


@pytest.mark.slow
def test_restart_mid_run_fail_closed_then_no_over_admission(fresh_redis: RedisServer) -> None:
    old_epoch(fresh_redis)
    limits = connect(fresh_redis.url, policy=FailClosed(wait=5.0, retry_every=0.005))
    bucket = limits.bucket("order", 20, 1000.0)
    stop, out, ready = threading.Event(), [], threading.Semaphore(0)
    threads = [threading.Thread(target=_hammer, args=(bucket, stop, out, ready)) for _ in range(4)]
    for t in threads:
        t.start()
    for _ in range(300):
        ready.acquire()
    fresh_redis.restart()  # killed by PID, started again empty on the same port
    for _ in range(300):
        ready.acquire()
    stop.set()
    for t in threads:
        t.join()
    assert not [d for d in out if isinstance(d, Exception)]  # the outage was shorter than 5 s
    assert limits.stats.failures >= 1 and limits.stats.outages >= 1
    assert limits.stats.state_losses == 1  # the new connection also loaded the script (EVAL)
    admitted = sorted(d.at_us for d in out if d.admitted)
    epoch = int(float(fresh_redis.client().get("polyrl:epoch")))  # set by the first call after
    assert sum(d.at_us < epoch for d in out) >= 300 and sum(d.at_us >= epoch for d in out) >= 100
    # Fed only our admissions, the ideal bucket (which never lost anything) admits every one.
    oracle = IdealBucket(20, 1000, admitted[0])
    assert all(oracle.take(1, at) for at in admitted)
    # After the restart the bucket started empty: the first admission waited for a refill.
    after = [at for at in admitted if at >= epoch]
    assert after and after[0] - epoch >= 1000


def test_a_restart_from_an_old_snapshot_is_detected(fresh_redis: RedisServer, caplog) -> None:
    """Redis comes back from disk with a copy of the state taken before the fleet used its
    bucket: the old copy would admit 9 more. The server's run id differs, so it is dropped."""
    old_epoch(fresh_redis)
    limits = connect(fresh_redis.url, policy=FailClosed(wait=5.0, retry_every=0.005))
    bucket = limits.bucket("order", 10, 0.1)
    window = limits.window("post_order:burst", 10, 600.0)
    assert bucket.try_acquire() and window.try_acquire()
    fresh_redis.client().save()  # the snapshot: 9 tokens left, 9 window places
    assert bucket.try_acquire(9) and window.try_acquire(9)  # used after the snapshot
    fresh_redis.restart()  # killed; comes back from the snapshot
    restored = fresh_redis.client()
    assert restored.exists(bucket.key, window.key) == 2  # the old copy is back
    with caplog.at_level(logging.WARNING, "shared_limits"):
        assert not bucket.try_acquire() and not window.try_acquire()
    assert limits.stats.state_losses == 1 and "lost the shared" in caplog.text
    # A process started after the restart agrees: nothing is reset twice.
    late = connect(fresh_redis.url)
    assert late.stats.state_losses == 0 and not late.bucket("order", 10, 0.1).try_acquire()


def test_fail_closed_waits_then_refuses_clearly(fresh_redis: RedisServer, caplog) -> None:
    clock = FakeClock()
    limits = connect(
        fresh_redis.url,
        policy=FailClosed(wait=0.2, retry_every=0.05),
        clock=clock,
        sleep=clock.sleep,
    )
    bucket = limits.bucket("order", 5, 1.0)
    fresh_redis.stop()
    with (
        caplog.at_level(logging.WARNING, "shared_limits"),
        pytest.raises(SharedLimitsUnavailable, match=r"unreachable for 0.2s .*nothing admitted"),
    ):
        bucket.try_acquire()
    assert clock.sleeps == pytest.approx([0.05] * 4) and limits.stats.failures == 5
    assert limits.stats.unavailable == 1 and limits.stats.outages == 1
    assert "Redis unreachable" in caplog.text
    fresh_redis.start()
    assert not bucket.try_acquire()  # back, state lost: empty
    assert limits.stats.state_losses == 1


def test_fall_back_to_a_local_share_then_resume(fresh_redis: RedisServer) -> None:
    clock = FakeClock()
    old_epoch(fresh_redis)
    policy = FallBackLocal(share=0.25, probe_every=0.5)
    limits = connect(fresh_redis.url, policy=policy, clock=clock, sleep=clock.sleep)
    bucket = limits.bucket("order", 40, 10.0)
    window = limits.window("post_order:burst", 8, 1.0)
    fresh_redis.stop()
    assert not bucket.try_acquire()  # local share: 10 tokens at 2.5/s, starting EMPTY
    assert bucket.decide(1).local and limits.stats.local_decisions == 2
    assert limits.stats.failures == 1  # no new attempt before the probe interval
    clock.now += 0.4
    assert bucket.try_acquire() and not bucket.try_acquire()
    assert not window.try_acquire()  # a local window starts full for one window length
    clock.now += 1.0
    assert window.try_acquire() and window.try_acquire()  # 2 = 25 % of 8
    assert not window.try_acquire()
    assert bucket.can_proceed() and bucket.wait_time() == 0.0
    assert bucket.wait_if_needed(1) == 0.0
    bucket.debit(1)  # not recorded while Redis is down
    fresh_redis.start()
    clock.now += 0.5  # the next probe is due
    assert not bucket.try_acquire()  # resumed: held empty until every process has probed
    assert limits.stats.local_decisions == 11 and limits.stats.state_losses == 1
    assert window.wait_time() > 1.0  # held full: local units may still be inside it
    assert bucket.wait_time() <= 0.5 + 0.1  # the hold, then one token at 10/s


def test_fallback_share_is_checked() -> None:
    with pytest.raises(ValueError, match="share"):
        FallBackLocal(share=1.5)


@pytest.mark.slow
def test_latency_through_a_slow_proxy(server: RedisServer) -> None:
    old_epoch(server)
    proxy = SlowProxy(server.port, delay=0.03)
    try:
        url = f"redis://127.0.0.1:{proxy.port}/0"
        limits = connect(url, timeout=1.0)
        bucket = limits.bucket("order", 5, 1.0)
        results: list[bool] = []
        threads = [
            threading.Thread(target=lambda: results.append(bucket.try_acquire())) for _ in range(8)
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert sorted(results) == [False] * 3 + [True] * 5  # slow, still exact
        clock = FakeClock()
        hurried = connect(
            url, timeout=1.0, policy=FailClosed(wait=0.0), clock=clock, sleep=clock.sleep
        )
        hurried.client = redis.Redis(
            port=proxy.port, socket_timeout=0.02, retry=Retry(NoBackoff(), 0)
        )
        with pytest.raises(SharedLimitsUnavailable, match="Timeout"):
            hurried.bucket("order", 5, 1.0).try_acquire()  # 60 ms round trip > 20 ms timeout
        with pytest.raises(SharedLimitsConfigError, match=r"cannot reach Redis .*Timeout"):
            connect(url, timeout=0.02)  # too slow for the timeout: said at start
    finally:
        proxy.close()


def test_bad_configuration_fails_at_start(tmp_path) -> None:
    with pytest.raises(SharedLimitsConfigError, match=r"cannot reach Redis at 127.0.0.1:\d+/0"):
        connect(f"redis://127.0.0.1:{free_port()}/0")
    with pytest.raises(SharedLimitsConfigError, match="not a Redis URL"):
        connect("http://127.0.0.1:6379")
    locked = RedisServer(tmp_path, password="right")
    locked.start()
    try:
        url = f"redis://:wrong@127.0.0.1:{locked.port}/0"
        with pytest.raises(SharedLimitsConfigError, match="refused the credentials") as caught:
            connect(url)
        assert "wrong" not in str(caught.value)  # the password never reaches a log
        with pytest.raises(SharedLimitsConfigError, match="refused the credentials"):
            connect(f"redis://127.0.0.1:{locked.port}/0")  # none given
        assert connect(locked.url).bucket("order", 1, 1.0).try_acquire() in (True, False)
    finally:
        locked.stop()


def test_blocking_callers_reserve_in_order_on_the_ideal_schedule(server: RedisServer) -> None:
    """Eight threads block on one bucket: each reserves the next slot in one round trip (FIFO)
    and sleeps until it; the reserved times are exactly the ideal bucket's schedule."""
    old_epoch(server)
    limits = connect(server.url)
    bucket = limits.bucket("order", 4, 10.0)
    slept: list[float] = []
    limits._sleep = slept.append  # keep the waits, do not take them
    decisions = []
    real_decide = bucket.decide

    def decide(cost=1, op="take", max_wait=0.0):
        decision = real_decide(cost, op, max_wait)
        decisions.append(decision)
        return decision

    bucket.decide = decide  # type: ignore[method-assign]
    threads = [threading.Thread(target=bucket.wait_if_needed) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    decisions.sort(key=lambda d: d.at_us)  # the order Redis served them in
    slots = [d.at_us + round(d.wait * US) for d in decisions]
    oracle = IdealBucket(4, 100_000, decisions[0].at_us)
    assert all(oracle.take(1, at) for at in slots)  # none before the ideal bucket allows it
    # and none later: each takes the first slot the ideal bucket frees after the ones before it
    # (threads arrive over a few ms, or more on a loaded machine; the schedule follows them)
    expected, zero = [], decisions[0].at_us - 4 * 100_000
    for d in decisions:
        zero = max(zero, d.at_us - 4 * 100_000) + 100_000
        expected.append(max(d.at_us, zero))
    assert [abs(s - e) <= 1 for s, e in zip(slots, expected, strict=True)] == [True] * 8
    waits = sorted(e - d.at_us for e, d in zip(expected, decisions, strict=True) if e > d.at_us)
    assert sorted(slept) == pytest.approx([w / US for w in waits], abs=2e-6)
    if decisions[-1].at_us - decisions[0].at_us < 100_000:  # all came within one token
        assert len(waits) == 4 and slots[-1] - decisions[0].at_us == pytest.approx(400_000, abs=1)


def test_trading_rate_limits_on_shared_buckets_and_windows(server: RedisServer) -> None:
    """Two processes' `TradingRateLimits` (the unchanged class) share one signer and one IP."""
    from ..code.rate_limiting.trading_limits import InFlight, TradingRateLimits

    old_epoch(server)
    a = TradingRateLimits.exact(shared=connect(server.url, ip="bot"))
    b = TradingRateLimits.exact(shared=connect(server.url, ip="bot"))
    assert a.bucket("post_order").capacity == 60  # standard tier: 60 burst, 40/s
    admin = server.client()
    start = server_time_us(admin)
    admitted = [x.try_acquire("post_order") for _ in range(60) for x in (a, b)]
    refilled = 40 * (server_time_us(admin) - start) / US  # tokens refilled meanwhile
    assert 60 <= admitted.count(True) <= 60 + refilled  # one bucket for both, not 60 each
    assert not a.try_acquire("post_orders", 15)
    # A reply's Poly-RateLimit-Remaining in process b lowers the level process a sees.
    a.bucket("cancel_order").refund(120)
    b.sync(InFlight(b, "cancel_order", 1), remaining=7)
    assert 6.9 < a.bucket("cancel_order").level() < 7.5
    b.on_response("DELETE", "/order", 429, {"Retry-After": "3"})  # not paced by b: ignored
    with b.sending("cancel_order") as flight:
        flight.rejected(retry_after=3.0)
    assert 2.9 < a.wait_time("cancel_order") <= 3.0
    with pytest.raises(TimeoutError):
        a.acquire("cancel_order", timeout=0.5)  # nothing taken: the slot is 3 s away
