"""polymarket-client, run for real: its listener and its RateLimitError feed TradingRateLimits.

The replies are DOCS-DERIVED (see scripts/cassette_specs/rate_limiting.py): no public recording
of these headers exists. The API credentials are placeholders. The cancel tests sign with a key
made here (cancel bodies do not depend on time or salt); the order test signs for real with the
throwaway key of tests/snippets/placing_orders/support.py, with the SDK's own salt generator and
signing clock pinned, so the cassette can match the signed body strictly.
"""

from __future__ import annotations

import base64
import logging
from decimal import Decimal

import pytest
from eth_account import Account
from polymarket import ApiKeyCreds, RateLimitError

from snippets.rate_limiting.header_sync import PacedSecureClient, connect
from snippets.rate_limiting.trading_limits import TradingRateLimits
from tests.snippets.placing_orders.support import CONDITION, TOKEN, polymarket_secure_client

from .conftest import API_KEY, ORDER_IDS, RESET, FakeClock, order_ids


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
def test_cancel_all_then_429(clock: FakeClock, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="snippets.rate_limiting")
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
    ours = [r for r in caplog.records if r.name.startswith("snippets.")]
    waited, held = ours  # the pacing wait, then the hold: structured fields
    assert (waited.kind, waited.waited_s) == ("cancel_order", pytest.approx(4 / 80))
    assert (held.kind, held.bucket, held.hold_s, held.retry_after) == (
        "cancel_order",
        "cancel",
        1.0,
        1.0,
    )


@pytest.mark.vcr
def test_warning_mode_is_counted(clock: FakeClock) -> None:
    client, limits = paced(clock)
    replies = client.cancel_orders(list(ORDER_IDS[:2]))
    assert [r.canceled for r in replies] == [ORDER_IDS[:2]]
    assert limits.warnings == 1  # Poly-RateLimit-Warning: true: enforcement would reject it
    assert limits.bucket("cancel_orders").level() == pytest.approx(0.5)


@pytest.mark.vcr
def test_market_cancel_goes_negative(clock: FakeClock) -> None:
    client, limits = paced(clock)
    client.cancel_orders(list(ORDER_IDS[:2]))  # the server says 0.5 tokens are left
    reply = client.cancel_market_orders(market=CONDITION)
    assert reply.canceled == ORDER_IDS[2:]
    assert clock.sleeps == [pytest.approx(0.5 / 80)]  # waited for its 1 up-front token
    # The reply's Remaining (-2) already counts the two orders it cancelled: no second debit.
    assert limits.bucket("cancel_market_orders").level() == pytest.approx(-2)


@pytest.mark.vcr
@pytest.mark.usefixtures("frozen_orders")
def test_orders_resync_and_429(clock: FakeClock) -> None:
    limits = TradingRateLimits.exact(
        "standard", clock=clock, sleep=clock.sleep, wall_clock=lambda: RESET - 0.5
    )
    sdk = polymarket_secure_client(on_rate_limit_update=limits.on_rate_limit_update)
    client = PacedSecureClient(sdk, limits)
    orders = limits.bucket("post_order")

    def sign(price: str) -> object:
        return sdk.create_limit_order(
            token_id=TOKEN, price=Decimal(price), size=Decimal("10"), side="BUY"
        )

    single = sign("0.50")
    assert client.post_order(single).order_id == order_ids(1, 0xAF)[0]
    assert orders.level() == pytest.approx(30)  # 60 - 1 = 59 locally; the header says 30

    batch = [sign(f"0.{30 + i}") for i in range(16)]
    replies = client.post_orders(batch)  # sent as 15 + 1: the per-request maximum is 15
    assert [r.order_id for r in replies] == order_ids(15) + order_ids(1, 0xBF)
    assert orders.level() == pytest.approx(5)  # 30 - 15 -> header 10; 10 - 1 -> header 5
    assert clock.sleeps == []  # every request fitted the local bucket

    with pytest.raises(RateLimitError) as caught:
        client.post_order(single)
    assert caught.value.retry_after == 1.0
    assert caught.value.rate_limit is not None and caught.value.rate_limit.remaining == 0.4
    # Held for Retry-After, whatever the level said: a batch of 15 waits 1 s plus 14 tokens.
    assert limits.wait_time("post_order") == pytest.approx(1.0)
    assert limits.wait_time("post_orders", 15) == pytest.approx(1.0 + 14 / 40)
    assert limits.bucket("cancel_order").level() == 120  # the cancel bucket is untouched


@pytest.mark.usefixtures("frozen_orders")
def test_get_order_is_a_plain_read(clock: FakeClock, monkeypatch: pytest.MonkeyPatch) -> None:
    """The paced client can look an order up (what place_exactly_once needs); the read draws
    on no signer bucket. Run against the local CLOB stand-in of the error-handling tests."""
    from tests.snippets.error_handling.local_clob import LocalClob
    from tests.snippets.error_handling.twins import TWINS, short_timeouts
    from tests.snippets.placing_orders.support import API_KEY as KEY

    twin = next(t for t in TWINS if t.name == "polymarket-client")
    short_timeouts(monkeypatch)
    limits = TradingRateLimits.exact("standard", clock=clock, sleep=clock.sleep)
    with LocalClob(KEY) as clob, twin.session(clob, limits) as client:
        assert client.holds_after_429 is True
        reply = client.post_order(twin.sign(client, TOKEN, False))
        oid = twin.reply_id(reply)
        found = client.get_order(order_id=oid)
    assert twin.reply_id(found) == oid and clob.lookups == 1
    assert limits.bucket("post_order").level() == pytest.approx(59)  # the post, not the read
