"""TradingRateLimits and its asyncio twin: costs, splitting, both layers at once, and the re-sync
from headers, on an injected clock whose sleeps advance time."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

import pytest

from .code.limits import SIGNER_TIERS, TRADING
from .code.rate_limiter import RateLimitTimeout
from .code.trading_limits import (
    DEFAULT_RETRY_AFTER_S,
    AsyncTradingRateLimits,
    BatchInterrupted,
    TradingRateLimits,
    _number,
)
from .conftest import FakeClock


def make(clock: FakeClock, tier: str = "standard", exact: bool = True) -> TradingRateLimits:
    preset = TradingRateLimits.exact if exact else TradingRateLimits.conservative
    return preset(tier, clock=clock, sleep=clock.sleep, wall_clock=lambda: 1_800_000_000.0)


def test_presets_scale_every_limit(clock: FakeClock) -> None:
    exact, safe = make(clock), make(clock, exact=False)
    assert (exact.bucket("post_order").capacity, exact.bucket("post_order").refill_per_second) == (
        60,
        40,
    )
    assert (safe.bucket("post_order").capacity, safe.bucket("post_order").refill_per_second) == (
        48,
        32,
    )
    assert safe.bucket("cancel_all").capacity == 96
    assert safe._windows["post_order"][0].max_calls == 4_000  # 80 % of 5,000 per 10 s
    assert safe._windows["post_order"][1].max_calls == 96_000  # 80 % of 120,000 per 10 min
    assert make(clock, "diamond", exact=False).bucket("post_order").capacity == 629  # 787 * 0.8
    with pytest.raises(ValueError, match=r"headroom must be in \(0, 1\], got 1.5"):
        TradingRateLimits(headroom=1.5)
    with pytest.raises(ValueError, match="unknown tier 'tin'; known tiers: standard, copper"):
        TradingRateLimits("tin")


def test_costs_and_bad_batches_fail_before_any_request(clock: FakeClock) -> None:
    limits = make(clock)
    assert limits.cost("post_orders", 15) == 15
    assert limits.cost("cancel_all") == 1
    with pytest.raises(ValueError, match=r"16 items exceed the per-request maximum of 15 for POST"):
        limits.cost("post_orders", 16)
    with pytest.raises(ValueError, match="DELETE /order carries one item, not 2"):
        limits.cost("cancel_order", 2)
    with pytest.raises(ValueError, match="DELETE /orders needs at least one item"):
        limits.cost("cancel_orders", 0)
    with pytest.raises(
        ValueError, match=r"121 items cost 121 tokens, more than the cancel bucket's burst of 120"
    ):
        limits.acquire("cancel_orders", 121)
    assert limits.bucket("cancel_order").level() == 120  # nothing was taken


def test_split_fits_the_request_maximum_and_the_burst(clock: FakeClock) -> None:
    limits = make(clock)
    assert [len(c) for c in limits.split("post_orders", list(range(40)))] == [15, 15, 10]
    assert [len(c) for c in limits.split("cancel_orders", list(range(300)))] == [120, 120, 60]
    with pytest.raises(ValueError, match="POST /order does not take a list"):
        limits.split("post_order", [1])


def test_try_acquire_takes_all_layers_or_none(clock: FakeClock) -> None:
    limits = make(clock)
    assert sum(limits.try_acquire("post_orders", 15) for _ in range(10)) == 4  # 60 tokens
    assert limits.bucket("post_orders").level() == pytest.approx(0, abs=1e-9)
    assert limits._windows["post_orders"][0].in_window() == 4  # IP windows count requests
    # cancel-all is limited per IP to 250 per 10 s: the 251st fails on the IP layer, and
    # takes no cancel token
    limits = make(clock, "elite")
    assert sum(limits.try_acquire("cancel_all") for _ in range(251)) == 250
    assert limits.bucket("cancel_all").level() == pytest.approx(1_800 - 250)
    assert limits.wait_time("cancel_all") == pytest.approx(10.0)


def test_acquire_waits_for_the_slower_layer(clock: FakeClock) -> None:
    limits = make(clock)
    for _ in range(4):
        assert limits.acquire("post_orders", 15) == 0.0
    assert limits.acquire("post_orders", 15) == pytest.approx(15 / 40)
    assert clock.sleeps == [pytest.approx(0.375)]


def test_acquire_timeout_on_the_ip_layer_refunds_the_token(clock: FakeClock) -> None:
    limits = make(clock, "elite")
    for _ in range(250):
        limits.acquire("cancel_all")
    before = limits.bucket("cancel_all").level()
    with pytest.raises(RateLimitTimeout, match=r"RateLimiter\(250 per 10s\)"):
        limits.acquire("cancel_all", timeout=1.0)
    assert limits.bucket("cancel_all").level() == before


@dataclass
class Update:  # the shape of polymarket-client's RateLimitUpdate
    remaining: float | None = None
    reset: float | None = None
    tier: str | None = None
    warning: bool = False


def test_listener_syncs_only_requests_this_object_paced(clock: FakeClock) -> None:
    limits, other = make(clock), make(clock)
    limits.on_rate_limit_update(Update(remaining=0))  # not inside `sending`: ignored
    with other.sending("post_order"):
        limits.on_rate_limit_update(Update(remaining=0))  # another signer's request: ignored
    assert limits.bucket("post_order").level() == 60
    with limits.sending("post_order") as flight:
        limits.on_rate_limit_update(Update(remaining=3, tier="Standard", warning=True))
    assert flight.synced and limits.warnings == 1
    assert limits.bucket("post_order").level() == pytest.approx(3)
    assert limits.bucket("cancel_order").level() == 120  # the other bucket is untouched


def test_cancel_all_settles_after_the_fact_unless_the_header_did(clock: FakeClock) -> None:
    limits = make(clock)
    with limits.sending("cancel_all") as flight:
        flight.settle(canceled=150)  # no header seen: debit 1 per cancelled order
    assert limits.bucket("cancel_all").level() == pytest.approx(120 - 1 - 150)
    limits = make(clock)
    with limits.sending("cancel_all") as flight:
        limits.on_rate_limit_update(Update(remaining=-31))
        flight.settle(canceled=150)  # the header already counted them
    assert limits.bucket("cancel_all").level() == pytest.approx(-31)
    with limits.sending("cancel_order", timeout=None) as flight:
        pass
    assert flight.cost == 1


def test_a_429_holds_the_bucket_until_retry_after(clock: FakeClock) -> None:
    limits = make(clock)
    with limits.sending("post_orders", 5) as flight:
        limits.on_response(
            "POST",
            "/orders",
            429,
            {"Retry-After": "2", "Poly-RateLimit-Remaining": "1", "Poly-RateLimit-Tier": "gold"},
        )
    assert limits.tier is SIGNER_TIERS["gold"]  # the reported tier is adopted
    assert limits.bucket("post_orders").capacity == 600
    assert limits.wait_time("post_orders", 5) == pytest.approx(2.0)
    assert flight.synced


def test_a_429_without_retry_after_uses_reset_or_one_second(clock: FakeClock) -> None:
    limits = make(clock)
    with limits.sending("cancel_order") as flight:
        flight.rejected(retry_after=None, reset=1_800_000_003.0)  # wall clock is 1_800_000_000
    assert limits.wait_time("cancel_order") == pytest.approx(3.0)
    limits = make(clock)
    with limits.sending("cancel_order") as flight:
        flight.rejected(retry_after=None)
    assert limits.wait_time("cancel_order") == pytest.approx(DEFAULT_RETRY_AFTER_S)


def test_on_response_ignores_other_routes_and_odd_headers(clock: FakeClock) -> None:
    limits = make(clock)
    with limits.sending("post_order"):
        limits.on_response("GET", "/book", 200, {"Poly-RateLimit-Remaining": "0"})
        limits.on_response(
            "POST",
            "/order",
            200,
            {
                "poly-ratelimit-remaining": "nan",
                "retry-after": "Wed, 21 Oct 2026 07:28:00 GMT",
                "Poly-RateLimit-Tier": "unobtanium",
                "Poly-RateLimit-Warning": "TRUE",
            },
        )
    assert limits.bucket("post_order").level() == pytest.approx(59)
    assert limits.tier.name == "Standard" and limits.warnings == 1
    assert (_number(None), _number("x"), _number("-3.5")) == (None, None, -3.5)


def test_send_in_batches_reports_what_was_sent_when_a_batch_fails(clock: FakeClock) -> None:
    limits = make(clock)
    sent: list[list[int]] = []

    def send(chunk: list[int]) -> int:
        if len(sent) == 2:
            raise RuntimeError("429")
        sent.append(chunk)
        return len(chunk)

    with pytest.raises(BatchInterrupted, match=r"2 batch\(es\) sent, 10 item\(s\) not sent") as e:
        limits.send_in_batches("post_orders", list(range(40)), send)
    assert e.value.done == [15, 15] and e.value.pending == list(range(30, 40))
    assert isinstance(e.value.__cause__, RuntimeError)
    assert limits.send_in_batches("post_orders", [1, 2], lambda c: c) == [[1, 2]]


def test_every_endpoint_draws_from_its_documented_bucket(clock: FakeClock) -> None:
    limits = make(clock)
    assert {
        k: limits.bucket(k) is limits._buckets[e.bucket] for k, e in TRADING.items()
    } == dict.fromkeys(TRADING, True)


# --- AsyncTradingRateLimits ----------------------------------------------------------------
def make_async(clock: FakeClock, tier: str = "standard") -> AsyncTradingRateLimits:
    return AsyncTradingRateLimits.exact(
        tier, clock=clock, sleep=clock.async_sleep, wall_clock=lambda: 1_800_000_000.0
    )


async def test_async_acquire_waits_for_the_bucket(clock: FakeClock) -> None:
    limits = make_async(clock)
    assert AsyncTradingRateLimits.conservative().bucket("post_order").capacity == 48
    for _ in range(4):
        assert await limits.acquire("post_orders", 15) == 0.0
    assert not limits.try_acquire("post_order")  # the same checks as the threaded class
    assert limits.wait_time("post_orders", 15) == pytest.approx(15 / 40)
    assert await limits.acquire("post_orders", 15) == pytest.approx(15 / 40)
    assert clock.sleeps == [pytest.approx(0.375)]


async def test_async_timeout_on_the_ip_layer_refunds_the_tokens(clock: FakeClock) -> None:
    limits = make_async(clock, "elite")
    for _ in range(250):
        assert limits.try_acquire("cancel_all")
    before = limits.bucket("cancel_all").level()
    with pytest.raises(RateLimitTimeout, match=r"AsyncRateLimiter\(250 per 10s\)"):
        await limits.acquire("cancel_all", timeout=1.0)
    assert limits.bucket("cancel_all").level() == before


async def test_async_each_task_syncs_only_its_own_request(clock: FakeClock) -> None:
    """The in-flight marker is a context variable: every asyncio task has its own."""
    limits = make_async(clock)

    async def send(kind: str, remaining: float) -> None:
        async with limits.sending(kind) as flight:  # type: ignore[arg-type]
            await asyncio.sleep(0)  # let the other task run in between
            limits.on_rate_limit_update(Update(remaining=remaining, tier="gold"))
        assert flight.synced

    await asyncio.gather(send("post_order", 7), send("cancel_order", -4))
    assert limits.tier is SIGNER_TIERS["gold"]  # the reported tier resized both buckets
    assert limits.bucket("post_order").capacity == 600
    assert limits.bucket("post_order").level() == pytest.approx(7)
    assert limits.bucket("cancel_order").level() == pytest.approx(-4)


async def test_async_a_429_holds_the_bucket(clock: FakeClock) -> None:
    limits = make_async(clock)
    async with limits.sending("post_order"):
        limits.on_response("POST", "/order", 429, {"Retry-After": "2"})
    assert limits.wait_time("post_order") == pytest.approx(2.0)
    assert await limits.acquire("post_order") == pytest.approx(2.0)


async def test_async_send_in_batches_reports_what_was_sent(clock: FakeClock) -> None:
    limits = make_async(clock)
    calls: list[list[int]] = []

    async def send(chunk: list[int]) -> int:
        async with limits.sending("post_orders", len(chunk)):
            calls.append(chunk)
            if len(calls) == 3:  # the third request fails
                raise ConnectionError("reset by peer")
            return len(chunk)

    with pytest.raises(BatchInterrupted) as caught:
        await limits.send_in_batches("post_orders", list(range(40)), send)
    assert caught.value.done == [15, 15] and caught.value.pending == list(range(30, 40))
    assert await limits.send_in_batches("post_orders", [1, 2], send) == [2]  # ok again
