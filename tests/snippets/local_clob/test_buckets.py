"""Per-signer order and cancel buckets: costs, tiers, headers, 429 + Retry-After, warning mode."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from polymarket import RateLimitError
from py_clob_client_v2 import OrderType, PostOrdersV2Args

from .code.app import TOKEN, LocalClob
from .code.buckets import SignerLimits
from .code.clock import Clock
from .conftest import Trader

SIGNER = "0xAbC0000000000000000000000000000000000001"


@pytest.fixture
def clob() -> Iterator[LocalClob]:
    """A frozen server clock, so no token refills between two lines of a test."""
    with LocalClob(seed=7, start_time=1_795_824_000.0) as server:
        yield server


def test_bucket_refills_continuously_up_to_its_burst() -> None:
    clock = Clock(start=1_000.0)
    limits = SignerLimits(clock.now)
    for _ in range(60):  # standard tier: burst 60, 40 tokens per second
        assert limits.take(SIGNER, "order", 1).allowed
    denied = limits.take(SIGNER, "order", 1)
    assert not denied.allowed and denied.headers["Retry-After"] == "1"
    assert denied.headers["Poly-RateLimit-Tier"] == "standard"
    assert denied.headers["Poly-RateLimit-Reset"] == "1001"  # 0.025 s away, rounded up
    clock.advance(0.025)
    assert limits.take(SIGNER.lower(), "order", 1).allowed  # the signer, whatever its case
    clock.advance(100)
    assert limits.take(SIGNER, "order", 1).headers["Poly-RateLimit-Remaining"] == "59"
    assert not limits.take(SIGNER, "order", 61).allowed  # more than the burst: never


def test_tiers_negative_cancel_balance_and_warning_mode() -> None:
    clock = Clock(start=0.0)
    limits = SignerLimits(clock.now)
    limits.set_tier(SIGNER, "gold")
    assert limits.take(SIGNER, "order", 600).allowed
    with pytest.raises(ValueError, match="unknown tier"):
        limits.set_tier(SIGNER, "wood")
    assert limits.take(SIGNER, "cancel", 1).allowed
    assert limits.charge_after(SIGNER, "cancel", 1500)["Poly-RateLimit-Remaining"] == "-301"
    limits.set_tier(SIGNER, "platinum")  # no negative cancel balance on this tier
    limits.take(SIGNER, "cancel", 1)
    assert limits.charge_after(SIGNER, "cancel", 5000)["Poly-RateLimit-Remaining"] == "0"
    limits.warning_mode = True
    warned = limits.take(SIGNER, "cancel", 1)
    assert warned.allowed and warned.headers["Poly-RateLimit-Warning"] == "true"


def test_a_second_client_on_the_same_signer(clob: LocalClob, trader: Trader) -> None:
    clob.spend(trader.address, "order", 60)  # another process spent the whole bucket
    reply = trader.send("POST", "/order", trader.body(trader.order(TOKEN, 0.3, 5)))
    assert reply.status_code == 429 and reply.json() == {"error": "Too Many Requests"}
    assert reply.headers["Retry-After"] == "1"  # one token short at 40/s: 0.025 s, rounded up
    assert not clob.open_orders()
    again = trader.send("POST", "/order", trader.body(trader.order(TOKEN, 0.3, 5)))
    assert again.status_code == 429
    posts = [r for r in clob.records.requests if r.path == "/order"]
    assert [r.in_retry_after for r in posts] == [False, True]
    with pytest.raises(RateLimitError) as err:
        trader.polymarket().place_limit_order(token_id=TOKEN, price="0.3", size="5", side="BUY")
    assert err.value.retry_after is not None
    clob.advance(2)
    ok = trader.send("POST", "/order", trader.body(trader.order(TOKEN, 0.3, 5)))
    assert ok.status_code == 200 and ok.headers["Poly-RateLimit-Remaining"] == "59"


def test_batches_cost_one_per_order_and_are_admitted_whole(clob: LocalClob, trader: Trader) -> None:
    clob.spend(trader.address, "order", 58)
    batch = [trader.body(trader.order(TOKEN, 0.3, 5)) for _ in range(3)]
    assert trader.send("POST", "/orders", batch).status_code == 429
    assert not clob.open_orders()  # nothing of a refused batch is processed
    clob.advance(0.025)
    args = [PostOrdersV2Args(trader.order(TOKEN, 0.3, 5), OrderType.GTC) for _ in range(3)]
    assert all(r["success"] for r in trader.v2.post_orders(args))


def test_cancel_all_costs_one_plus_one_per_order(clob: LocalClob, trader: Trader) -> None:
    for _ in range(3):
        trader.v2.post_order(trader.order(TOKEN, 0.3, 5))
    reply = trader.send("DELETE", "/cancel-all")
    assert len(reply.json()["canceled"]) == 3
    assert reply.headers["Poly-RateLimit-Remaining"] == "116"  # 120 - 1 - 3
    ids = trader.send("DELETE", "/orders", ["0x1", "0x2"])
    assert ids.headers["Poly-RateLimit-Remaining"] == "114"


def test_warning_mode_lets_requests_through(clob: LocalClob, trader: Trader) -> None:
    clob.set_warning_mode(True)
    clob.spend(trader.address, "order", 60)
    reply = trader.send("POST", "/order", trader.body(trader.order(TOKEN, 0.3, 5)))
    assert reply.status_code == 200 and reply.headers["Poly-RateLimit-Warning"] == "true"
    assert not clob.records.rate_limited
