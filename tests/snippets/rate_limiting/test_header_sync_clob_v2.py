"""py-clob-client-v2, run for real: an httpx response hook feeds TradingRateLimits.

The replies are DOCS-DERIVED (see scripts/cassette_specs/rate_limiting.py). The API credentials
are placeholders. The cancel tests sign with a key made here; the order test signs for real with
the throwaway key of tests/snippets/placing_orders/support.py, with the SDK's own salt source and
clock pinned, so the cassette can match the signed body strictly.
"""

from __future__ import annotations

import base64
import logging
from collections.abc import Iterator
from typing import Any

import pytest
from eth_account import Account
from py_clob_client_v2 import (
    ApiCreds,
    ClobClient,
    OrderArgs,
    PartialCreateOrderOptions,
    PostOrdersV2Args,
)
from py_clob_client_v2.exceptions import PolyApiException
from py_clob_client_v2.http_helpers import helpers

from snippets.rate_limiting.header_sync_clob_v2 import PacedClobClient, install_hook
from snippets.rate_limiting.trading_limits import TradingRateLimits
from tests.snippets.placing_orders.support import CONDITION, TOKEN, clob_v2_client

from .conftest import API_KEY, ORDER_IDS, RESET, FakeClock, order_ids

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
def test_cancel_all_then_429(
    limits: TradingRateLimits, clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="snippets.rate_limiting")
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
    (held,) = [r for r in caplog.records if r.name.startswith("snippets.")]
    assert (held.kind, held.hold_s, held.tier) == ("cancel_order", 1.0, "Standard")


@pytest.mark.vcr
def test_warning_mode_is_counted(limits: TradingRateLimits) -> None:
    replies = paced(limits).cancel_orders(list(ORDER_IDS[:2]))
    assert [r["canceled"] for r in replies] == [list(ORDER_IDS[:2])]
    assert limits.warnings == 1
    assert limits.bucket("cancel_orders").level() == pytest.approx(0.5)


@pytest.mark.vcr
def test_market_cancel_goes_negative(limits: TradingRateLimits, clock: FakeClock) -> None:
    client = paced(limits)
    client.cancel_orders(list(ORDER_IDS[:2]))  # the server says 0.5 tokens are left
    reply = client.cancel_market_orders(market=CONDITION)
    assert reply["canceled"] == list(ORDER_IDS[2:])
    assert clock.sleeps == [pytest.approx(0.5 / 80)]
    assert limits.bucket("cancel_market_orders").level() == pytest.approx(-2)  # no double debit


@pytest.mark.vcr
@pytest.mark.usefixtures("frozen_orders")
def test_orders_resync_and_429(limits: TradingRateLimits, clock: FakeClock) -> None:
    sdk = clob_v2_client()
    client = PacedClobClient(sdk, limits)
    orders = limits.bucket("post_order")
    options = PartialCreateOrderOptions(tick_size="0.01", neg_risk=False)

    def sign(price: float) -> Any:
        return sdk.create_order(
            OrderArgs(token_id=TOKEN, price=price, size=10, side="BUY"), options
        )

    single = sign(0.50)
    assert client.post_order(single)["orderID"] == order_ids(1, 0xAF)[0]
    assert orders.level() == pytest.approx(30)  # 60 - 1 = 59 locally; the header says 30

    batch = [PostOrdersV2Args(order=sign((30 + i) / 100), orderType="GTC") for i in range(16)]
    replies = client.post_orders(batch)  # sent as 15 + 1: the per-request maximum is 15
    assert [r["orderID"] for r in replies] == order_ids(15) + order_ids(1, 0xBF)
    assert orders.level() == pytest.approx(5)  # 30 - 15 -> header 10; 10 - 1 -> header 5
    assert clock.sleeps == []

    with pytest.raises(PolyApiException) as caught:
        client.post_order(single)
    assert caught.value.status_code == 429
    # The SDK parses no header; the hook read Retry-After before the SDK raised.
    assert limits.wait_time("post_order") == pytest.approx(1.0)
    assert limits.wait_time("post_orders", 15) == pytest.approx(1.0 + 14 / 40)


@pytest.mark.usefixtures("frozen_orders")
def test_get_order_is_a_plain_read(clock: FakeClock, monkeypatch: pytest.MonkeyPatch) -> None:
    """The paced client can look an order up (what place_exactly_once needs); the read draws
    on no signer bucket. Run against the local CLOB stand-in of the error-handling tests."""
    from tests.snippets.error_handling.local_clob import LocalClob
    from tests.snippets.error_handling.twins import TWINS, short_timeouts
    from tests.snippets.placing_orders.support import API_KEY as KEY

    twin = next(t for t in TWINS if t.name == "py-clob-client-v2")
    short_timeouts(monkeypatch)
    limits = TradingRateLimits.exact("standard", clock=clock, sleep=clock.sleep)
    with LocalClob(KEY) as clob, twin.session(clob, limits) as client:
        assert client.holds_after_429 is True
        reply = client.post_order(twin.sign(client, TOKEN, False))
        oid = twin.reply_id(reply)
        found = client.get_order(oid)
    assert twin.reply_id(found) == oid and clob.lookups == 1
    assert limits.bucket("post_order").level() == pytest.approx(59)  # the post, not the read
