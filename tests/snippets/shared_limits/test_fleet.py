"""fleet.py: the policy follows the fleet size; the counters are plain numbers."""

from __future__ import annotations

import pytest

from ..code.rate_limiting.trading_limits import TradingRateLimits
from .code.fleet import fleet_limits, health
from .code.redis_limits import FailClosed, FallBackLocal
from .conftest import RedisServer
from .test_redis_limits import old_epoch


def test_fleet_limits_and_health(server: RedisServer) -> None:
    old_epoch(server)
    shared = fleet_limits(server.url, signer="0xQuoter", ip="10.0.0.7", processes=4)
    assert shared.policy == FallBackLocal(share=0.25)
    limits = TradingRateLimits.conservative(shared=shared)
    assert limits.try_acquire("post_order")
    assert health(shared) == {
        "state_losses": 0, "failures": 0, "outages": 0, "local_decisions": 0,
        "script_reloads": 0, "unavailable": 0,
    }  # fmt: skip
    closed = fleet_limits(
        server.url, signer="0xQuoter", ip="10.0.0.7", processes=1, fall_back=False
    )
    assert closed.policy == FailClosed(wait=1.0) and closed.lost_windows == 0
    lenient = fleet_limits(
        server.url, signer="0xQ", ip="10.0.0.7", processes=2, lost_windows="empty"
    )
    assert lenient.lost_windows == 1
    with pytest.raises(ValueError, match="processes"):
        fleet_limits(server.url, signer="0xQuoter", ip="10.0.0.7", processes=0)
