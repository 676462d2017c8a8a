"""py-clob-client-v2, run for real: an httpx response hook feeds TradingRateLimits.

The replies are DOCS-DERIVED (see scripts/cassette_specs/rate_limiting.py). The signer is a
throwaway key made here and the API credentials are placeholders.
"""

from __future__ import annotations

import base64
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from eth_account import Account
from py_clob_client_v2 import ApiCreds, ClobClient
from py_clob_client_v2.exceptions import PolyApiException
from py_clob_client_v2.http_helpers import helpers

from snippets.rate_limiting.header_sync_clob_v2 import PacedClobClient, install_hook
from snippets.rate_limiting.trading_limits import TradingRateLimits

from .conftest import API_KEY, ORDER_IDS, RESET, FakeClock

HOST = "https://clob.polymarket.com"


@pytest.fixture
def limits(clock: FakeClock) -> Iterator[TradingRateLimits]:
    limits = TradingRateLimits.exact(
        "standard", clock=clock, sleep=clock.sleep, wall_clock=lambda: RESET - 0.5
    )
    remove = install_hook(limits)
    yield limits
    remove()
    assert helpers._http_client.event_hooks["response"] == []  # the hook is gone


def paced(limits: TradingRateLimits) -> PacedClobClient:
    secret = base64.urlsafe_b64encode(b"placeholder-hmac-secret").decode()
    creds = ApiCreds(api_key=API_KEY, api_secret=secret, api_passphrase="placeholder")
    client = ClobClient(HOST, chain_id=137, key=Account.create().key.hex(), creds=creds)
    return PacedClobClient(client, limits)


@pytest.mark.vcr
def test_cancel_all_then_429(limits: TradingRateLimits, clock: FakeClock) -> None:
    client = paced(limits)
    reply = client.cancel_all()
    assert reply["canceled"] == list(ORDER_IDS)
    assert limits.bucket("cancel_all").level() == pytest.approx(-3)  # from the header

    with pytest.raises(PolyApiException) as caught:
        client.cancel_order(ORDER_IDS[0])
    assert caught.value.status_code == 429
    assert caught.value.error_msg == {"error": "Too Many Requests"}
    assert clock.sleeps == [pytest.approx(4 / 80)]
    # The SDK parses no header; the hook read Retry-After before the SDK raised.
    assert limits.wait_time("cancel_order") == pytest.approx(1.0)


@pytest.mark.vcr
def test_warning_mode_is_counted(limits: TradingRateLimits) -> None:
    replies = paced(limits).cancel_orders(list(ORDER_IDS[:2]))
    assert [r["canceled"] for r in replies] == [list(ORDER_IDS[:2])]
    assert limits.warnings == 1
    assert limits.bucket("cancel_orders").level() == pytest.approx(0.5)


@dataclass
class StubClient:
    """Stands in for ClobClient where no cassette is needed."""

    calls: list[tuple[str, Any]] = field(default_factory=list)

    def post_order(self, order: Any, order_type: str) -> dict[str, Any]:
        self.calls.append(("post_order", (order, order_type)))
        return {"success": True}

    def post_orders(self, args: list[Any]) -> list[dict[str, Any]]:
        self.calls.append(("post_orders", args))
        return [{"success": True}] * len(args)

    def cancel_market_orders(self, params: Any) -> dict[str, Any]:
        self.calls.append(("cancel_market_orders", (params.market, params.asset_id)))
        return {"canceled": ["a", "b"], "not_canceled": {}}


def test_orders_and_market_cancels_are_paced(limits: TradingRateLimits) -> None:
    stub = StubClient()
    client = PacedClobClient(stub, limits)  # type: ignore[arg-type]
    assert client.post_order("signed") == {"success": True}
    assert stub.calls[0] == ("post_order", ("signed", "GTC"))
    assert len(client.post_orders(list(range(31)))) == 31
    assert [len(a) for name, a in stub.calls if name == "post_orders"] == [15, 15, 1]
    assert limits.bucket("post_order").level() == pytest.approx(60 - 1 - 31)
    client.cancel_market_orders(asset_id="123")
    assert stub.calls[-1] == ("cancel_market_orders", (None, "123"))
    assert limits.bucket("cancel_market_orders").level() == pytest.approx(120 - 1 - 2)
