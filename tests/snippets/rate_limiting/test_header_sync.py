"""polymarket-client, run for real: its listener and its RateLimitError feed TradingRateLimits.

The replies are DOCS-DERIVED (see scripts/cassette_specs/rate_limiting.py): no public recording
of these headers exists. The signer is a throwaway key made here; the API credentials are
placeholders, and every request is a cancel, whose body does not depend on time or salt.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass, field
from typing import Any

import pytest
from eth_account import Account
from polymarket import ApiKeyCreds, RateLimitError

from snippets.rate_limiting.header_sync import PacedSecureClient, connect
from snippets.rate_limiting.trading_limits import BatchInterrupted, TradingRateLimits

from .conftest import API_KEY, ORDER_IDS, RESET, FakeClock


def paced(clock: FakeClock) -> tuple[PacedSecureClient, TradingRateLimits]:
    signer = Account.create()  # throwaway: signs the L2 headers, which the cassette redacts
    limits = TradingRateLimits.exact(
        "standard", clock=clock, sleep=clock.sleep, wall_clock=lambda: RESET - 0.5
    )
    secret = base64.urlsafe_b64encode(b"placeholder-hmac-secret").decode()
    credentials = ApiKeyCreds(apiKey=API_KEY, secret=secret, passphrase="placeholder")
    client = connect(signer.key.hex(), limits, wallet=signer.address, credentials=credentials)
    return client, limits


@pytest.mark.vcr
def test_cancel_all_then_429(clock: FakeClock) -> None:
    client, limits = paced(clock)
    cancel = limits.bucket("cancel_all")

    reply = client.cancel_all()
    assert reply.canceled == ORDER_IDS
    # Local view: 120 - 1 = 119. The header says -3 (another process shares the signer):
    # the local bucket drops to the server's balance and is not debited a second time.
    assert cancel.level() == pytest.approx(-3)

    with pytest.raises(RateLimitError) as caught:
        client.cancel_order(ORDER_IDS[0])
    assert clock.sleeps == [pytest.approx(4 / 80)]  # paced: -3 -> +1 token at 80/s
    error = caught.value
    assert error.retry_after == 1.0
    assert error.rate_limit is not None and error.rate_limit.remaining == -0.6
    assert error.rate_limit.tier == "standard"
    # The 429 holds the bucket: the next cancel waits Retry-After, not just one token.
    assert limits.wait_time("cancel_order") == pytest.approx(1.0)
    assert limits.bucket("post_order").level() == 60  # the order bucket is untouched


@pytest.mark.vcr
def test_warning_mode_is_counted(clock: FakeClock) -> None:
    client, limits = paced(clock)
    replies = client.cancel_orders(list(ORDER_IDS[:2]))
    assert [r.canceled for r in replies] == [ORDER_IDS[:2]]
    assert limits.warnings == 1  # Poly-RateLimit-Warning: true: enforcement would reject it
    assert limits.bucket("cancel_orders").level() == pytest.approx(0.5)


@dataclass
class Reply:
    canceled: tuple[str, ...] = ()


@dataclass
class StubClient:
    """Stands in for SecureClient where no cassette is needed: records what was sent."""

    calls: list[tuple[str, Any]] = field(default_factory=list)
    fail_on: int | None = None

    def _call(self, name: str, arg: Any) -> Any:
        if self.fail_on is not None and len(self.calls) == self.fail_on:
            raise RateLimitError("rate limited", retry_after=None, rate_limit=None)
        self.calls.append((name, arg))
        return arg

    def post_order(self, order: Any) -> Any:
        return self._call("post_order", order)

    def post_orders(self, orders: list[Any]) -> tuple[Any, ...]:
        return tuple(self._call("post_orders", orders))

    def cancel_market_orders(self, *, market: str | None, asset_id: str | None) -> Reply:
        self._call("cancel_market_orders", (market, asset_id))
        return Reply(canceled=("a", "b", "c"))


def test_batches_are_split_and_a_429_part_way_reports_what_was_sent(clock: FakeClock) -> None:
    limits = TradingRateLimits.exact(clock=clock, sleep=clock.sleep)
    stub = StubClient()
    client = PacedSecureClient(stub, limits)  # type: ignore[arg-type]
    assert client.post_order("o") == "o"
    assert client.post_orders(list(range(20))) == list(range(20))
    assert [len(a) for name, a in stub.calls if name == "post_orders"] == [15, 5]
    assert client.cancel_market_orders(market="0xcond").canceled == ("a", "b", "c")
    assert limits.bucket("cancel_market_orders").level() == pytest.approx(120 - 1 - 3)

    stub = StubClient(fail_on=1)
    client = PacedSecureClient(stub, limits)  # type: ignore[arg-type]
    with pytest.raises(BatchInterrupted) as caught:
        client.post_orders(list(range(20)))
    assert caught.value.done == [tuple(range(15))] and caught.value.pending == list(range(15, 20))
    assert isinstance(caught.value.__cause__, RateLimitError)
    assert limits.wait_time("post_orders", 5) > 0  # held for the default second
