"""The double-submit test, polymarket-client: the server accepts, the client times out, and
the order still exists exactly once. A real HTTP server on 127.0.0.1 holds the connection."""

from __future__ import annotations

import dataclasses

import httpx
import pytest
from polymarket.environments import PRODUCTION, _create_environment

from ..conftest import API_KEY, TOKEN, polymarket_secure_client
from .code.retry import RetryPolicy
from .code.safe_submit import place_exactly_once, wire_order
from .local_clob import LocalClob, server_hash

pytestmark = pytest.mark.usefixtures("frozen_orders")
NO_JITTER = RetryPolicy(base_s=0.01, cap_s=0.05, rng=lambda: 1.0)


@pytest.fixture
def clob(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    # polymarket-client's default read timeout is 10 s (clients/_transport.py _DEFAULT_TIMEOUT);
    # shorten it so the held POST times out in a fraction of a second.
    from polymarket.clients import _transport

    monkeypatch.setattr(_transport, "_DEFAULT_TIMEOUT", httpx.Timeout(1.0))
    with LocalClob(API_KEY) as server:
        yield server


def _client(url: str):  # type: ignore[no-untyped-def]
    config = dataclasses.replace(PRODUCTION._config, clob_url=url)
    return polymarket_secure_client(environment=_create_environment(name="local", config=config))


def _signed(client):  # type: ignore[no-untyped-def]
    from polymarket._internal.actions.orders import orders
    from polymarket._internal.actions.orders.types import OrderDraft

    draft = OrderDraft(
        chain_id=137,
        exchange_address="0xE111180000d2663C0091e4f400237545B87B996B",
        expiration=0,
        funder_address=client.wallet,
        offered_amount=5_000_000,
        order_type="GTC",
        side="BUY",
        signer=client.signer,
        requested_amount=10_000_000,
        asset_id=TOKEN,
    )
    return client._sign_order(draft, post_only=False), orders


def test_accepted_but_timed_out_ends_with_one_order(clob: LocalClob) -> None:
    clob.hold_first_post = True
    sleeps: list[float] = []
    with _client(clob.url) as client:
        signed, _ = _signed(client)
        result = place_exactly_once(
            client, signed, neg_risk=False, policy=NO_JITTER, sleep=sleeps.append
        )
    assert len(clob.orders) == 1 and clob.posts == 1  # looked up, not re-posted
    assert clob.lookups == 1 and sleeps == []
    assert result.id == next(iter(clob.orders)) == server_hash(_body(signed))
    assert result.status == "LIVE"


def test_not_accepted_is_reposted_as_the_same_order(clob: LocalClob) -> None:
    clob.drop_first_post = True
    sleeps: list[float] = []
    with _client(clob.url) as client:
        signed, _ = _signed(client)
        result = place_exactly_once(
            client, signed, neg_risk=False, policy=NO_JITTER, sleep=sleeps.append
        )
    assert clob.posts == 2 and clob.lookups == 1 and len(clob.orders) == 1
    assert result.ok and result.order_id in clob.orders
    assert sleeps == [0.01]  # one backoff step (jitter pinned to 1.0)


def test_signing_a_new_order_on_retry_would_double_submit(clob: LocalClob) -> None:
    """The trap the helper avoids: a naive retry that re-signs gets a new salt, a new id."""
    clob.hold_first_post = True
    with _client(clob.url) as client:
        first, orders = _signed(client)
        with pytest.raises(Exception):  # noqa: B017 - TransportError: read timed out
            client.post_order(first)
        orders._generate_salt = lambda: 42  # a new signature => a new salt, as unpinned code does
        second, _ = _signed(client)
        client.post_order(second)
    assert len(clob.orders) == 2  # the exchange now holds two orders


def _body(signed) -> dict:  # type: ignore[no-untyped-def]
    return wire_order(signed) | {"expiration": "0"}
