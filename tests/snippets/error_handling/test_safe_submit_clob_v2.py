"""The double-submit test, py-clob-client-v2: accepted by the server, timed out at the client,
and still exactly one order. A real HTTP server on 127.0.0.1 holds the connection."""

from __future__ import annotations

import httpx
import pytest
from py_clob_client_v2 import OrderArgs, PartialCreateOrderOptions
from py_clob_client_v2.exceptions import PolyApiException

from ..conftest import API_KEY, TOKEN, clob_v2_client
from .code.retry import RetryPolicy
from .code.safe_submit_clob_v2 import place_exactly_once
from .local_clob import LocalClob

pytestmark = pytest.mark.usefixtures("frozen_orders")
NO_JITTER = RetryPolicy(base_s=0.01, cap_s=0.05, rng=lambda: 1.0)


@pytest.fixture
def clob(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    # py-clob-client-v2 sends through one module-level httpx.Client with httpx's default 5 s
    # timeout (http_helpers/helpers.py `_http_client`); swap in one with a short timeout.
    from py_clob_client_v2.http_helpers import helpers

    monkeypatch.setattr(helpers, "_http_client", httpx.Client(timeout=1.0))
    with LocalClob(API_KEY) as server:
        yield server


def _signed(client):  # type: ignore[no-untyped-def]
    options = PartialCreateOrderOptions(tick_size="0.01", neg_risk=False, version=2)
    client._ClobClient__tick_sizes[TOKEN] = "0.01"  # no GET /tick-size: the stand-in lacks it
    return client.create_order(OrderArgs(token_id=TOKEN, price=0.5, size=10, side="BUY"), options)


def test_accepted_but_timed_out_ends_with_one_order(clob: LocalClob) -> None:
    clob.hold_first_post = True
    client = clob_v2_client(clob.url)
    result = place_exactly_once(
        client, _signed(client), neg_risk=False, policy=NO_JITTER, sleep=lambda s: None
    )
    assert len(clob.orders) == 1 and clob.posts == 1 and clob.lookups == 1
    assert result["id"] in clob.orders and result["status"] == "LIVE"


def test_not_accepted_is_reposted_as_the_same_order(clob: LocalClob) -> None:
    clob.drop_first_post = True
    client = clob_v2_client(clob.url)
    result = place_exactly_once(
        client, _signed(client), neg_risk=False, policy=NO_JITTER, sleep=lambda s: None
    )
    assert clob.posts == 2 and len(clob.orders) == 1
    assert result["success"] and result["orderID"] in clob.orders


def test_builtin_retry_on_error_reposts_without_looking(clob: LocalClob) -> None:
    """retry_on_error=True re-posts the same bytes once after a timeout: no lookup, but the
    same signed order, so the exchange still keeps one order."""
    clob.hold_first_post = True
    client = clob_v2_client(clob.url, retry_on_error=True)
    reply = client.post_order(_signed(client), "GTC")
    assert clob.posts == 2 and clob.lookups == 0 and len(clob.orders) == 1
    assert reply["orderID"] in clob.orders


def test_a_timeout_surfaces_without_a_status(clob: LocalClob) -> None:
    clob.hold_first_post = True
    client = clob_v2_client(clob.url)
    with pytest.raises(PolyApiException) as raised:
        client.post_order(_signed(client), "GTC")
    assert (raised.value.status_code, raised.value.error_msg) == (None, "Request exception!")
