"""Books that are right after every trade and never served as fresh while disconnected.

MarketStream on the loopback fault server (recorded V2 frames). The REST `/book` answer is
served by a local function: the recorded WebSocket `book` frame in the REST shape with the two
REST-only fields that make its SHA-1 equal the recorded hash (as the cassettes build it).
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Mapping
from typing import Any

from py_clob_client_v2.clob_types import OrderBookSummary, OrderSummary
from py_clob_client_v2.utilities import generate_orderbook_summary_hash

from .code.market_stream import (
    PRESETS,
    ConnectionChange,
    MarketStream,
    StreamConfig,
)
from .conftest import BOOKS, A, B, FaultServer, RecordingSleep, books, close, half_open, until
from .test_market_stream import config as market_config


def config(server: FaultServer, **overrides: Any) -> StreamConfig:
    """The stream tests' loopback settings, with a shorter backoff cap."""
    return market_config(server, **({"backoff_cap": 0.04} | overrides))


def rest(asset: str) -> dict[str, Any]:
    """The REST `/book` body for a recorded asset (event_type dropped, REST fields added)."""
    body = {k: v for k, v in BOOKS[asset].items() if k != "event_type"}
    return body | {"min_order_size": "5", "neg_risk": False}


async def served(asset: str) -> dict[str, Any]:
    return rest(asset)


async def settle() -> None:
    """Let every task that is ready run (no time passes)."""
    for _ in range(10):
        await asyncio.sleep(0)


# --- 1. a dead book is never served as fresh --------------------------------------------------


async def test_books_go_stale_and_the_user_is_told_when_the_connection_drops(
    fault_server: FaultServer,
) -> None:
    changes: list[ConnectionChange] = []
    stream = MarketStream([A, B], served, config=config(fault_server), on_connection=changes.append)
    async with stream:
        await until(lambda: stream.stats.resyncs == 2 and stream.subscribed.is_set())
        assert not any(book.stale for book in stream.books.values())
        await fault_server.stop()  # the connection drops; reconnects are refused
        await until(lambda: stream.stats.disconnects == 1)
        assert all(book.stale for book in stream.books.values())
        await until(lambda: stream.stats.connect_failures >= 3)
        assert all(book.stale for book in stream.books.values())  # the whole outage
        assert [c.connected for c in changes] == [True, False]
        assert changes[1].reason  # what ended the session
    assert not stream.connected


# --- 2. a trade does not cause a false divergence ----------------------------------------------


def server_hash(body: Mapping[str, Any]) -> str:
    """The hash py-clob-client-v2 computes for a REST `/book` body (an independent oracle)."""
    level = lambda lv: OrderSummary(price=lv["price"], size=lv["size"])  # noqa: E731
    summary = OrderBookSummary(
        market=body["market"],
        asset_id=body["asset_id"],
        timestamp=str(body["timestamp"]),
        bids=[level(lv) for lv in body["bids"]],
        asks=[level(lv) for lv in body["asks"]],
        min_order_size=body["min_order_size"],
        neg_risk=body["neg_risk"],
        tick_size=body["tick_size"],
        last_trade_price=body["last_trade_price"],
    )
    return generate_orderbook_summary_hash(summary)


def test_the_recorded_hash_covers_last_trade_price() -> None:
    body = rest(A)
    assert server_hash(body) == body["hash"]  # recorded frame, recorded hash
    assert server_hash(body | {"last_trade_price": "0.016"}) != body["hash"]


def trade_then_change(hash_with_new_price: bool) -> tuple[list[str], str]:
    """A crossing at A's best ask, built from the recorded book in the documented shapes:
    `last_trade_price` (docs.polymarket.com market channel) at the ask, then the
    `price_change` that shrinks the ask level, then a later change that closes its timestamp.
    Its hash is computed by the SDK's function with the new (or the old) last trade price."""
    body = rest(A)
    ask = body["asks"][-1]  # asks are listed highest first: the last is the best
    ts = int(body["timestamp"])
    left = f"{float(ask['size']) - 5:.2f}"
    trade = {
        "event_type": "last_trade_price",
        "asset_id": A,
        "market": body["market"],
        "price": ask["price"],
        "size": "5",
        "side": "BUY",
        "fee_rate_bps": "0",
        "timestamp": str(ts + 10),
    }
    after = body | {"timestamp": str(ts + 10), "asks": [*body["asks"][:-1], ask | {"size": left}]}
    if hash_with_new_price:
        after["last_trade_price"] = ask["price"]
    change = {
        "event_type": "price_change",
        "market": body["market"],
        "timestamp": str(ts + 10),
        "price_changes": [
            {
                "asset_id": A,
                "price": ask["price"],
                "size": left,
                "side": "SELL",
                "hash": server_hash(after),
                "best_bid": "0",
                "best_ask": ask["price"],
            },
        ],
    }
    return [json.dumps(trade), json.dumps(change)], ask["price"]


def fetched_by(calls: list[str]) -> Any:
    async def fetch(asset: str) -> Any:
        calls.append(asset)
        return rest(asset)

    return fetch


async def test_a_trade_between_changes_keeps_the_hash_check_green() -> None:
    for new_price in (True, False):  # the server's hash may or may not have seen the trade yet
        fetched: list[str] = []
        stream = MarketStream([A], fetched_by(fetched), config=StreamConfig(verify_every=0.0))
        stream.subscribed.set()  # as inside a session
        stream.books[A].replace(rest(A))
        frames, price = trade_then_change(new_price)
        for raw in frames:
            stream._on_frame(raw)
        stream.verify_now()
        book = stream.books[A]
        assert stream.stats.hash_checks == 1 and stream.stats.hash_mismatches == 0, new_price
        assert not book.stale and book.last_trade_price == price and fetched == []
        await stream.close()


# --- 3. resyncs of a dead session never bring books back ---------------------------------------


async def test_resyncs_of_a_dead_session_never_revive_books(fault_server: FaultServer) -> None:
    gate = asyncio.Event()
    returned: list[str] = []

    async def slow_fetch(asset: str) -> Any:
        await gate.wait()
        returned.append(asset)
        return rest(asset)

    fault_server.scripts = [[close(1011, "overloaded")] for _ in range(1000)]
    stream = MarketStream([A, B], slow_fetch, config=config(fault_server))
    async with stream:
        await until(lambda: stream.stats.disconnects >= 3)
        await fault_server.stop()  # from now on, no subscription can exist
        await until(lambda: not stream.subscribed.is_set() and stream.stats.connect_failures)
        gate.set()  # the REST answers for the dead sessions arrive now
        await settle()
        assert all(book.stale for book in stream.books.values())
        assert stream.stats.resyncs == 0 and returned == []  # cancelled when the session ended


# --- 4. a failed REST fetch is retried until the hash can be checked ---------------------------


async def test_failed_first_fetch_is_retried_with_backoff_until_hashes_check(
    fault_server: FaultServer,
) -> None:
    calls: list[str] = []

    async def flaky(asset: str) -> Any:
        calls.append(asset)
        if len(calls) == 1:
            raise ConnectionError("REST down")
        return rest(asset)

    sleep = RecordingSleep()  # the WebSocket `book` arrives and clears `stale` meanwhile
    async with MarketStream([A], flaky, config=config(fault_server), sleep=sleep) as stream:
        await until(lambda: stream.stats.hash_checks > 10)
        assert stream.stats.resync_failures == 1 and stream.stats.resync_retries == 1
        assert stream.stats.resync_wait_s == sleep.delays[0] <= 0.01  # the backoff base
        assert calls == [A, A] and stream.stats.hash_mismatches == 0


# --- 5. a silent connection is noticed within the keepalive interval + 2 s ---------------------


def test_default_detects_a_silent_connection_within_keepalive_plus_two_seconds() -> None:
    default = StreamConfig()
    assert default.stale_after <= default.ping_interval + 2.0
    for name in ("market maker", "trading bot"):  # the presets a quoting bot starts from
        preset = PRESETS[name]
        assert preset.stale_after <= preset.ping_interval + 2.0, name


async def test_a_silent_connection_is_dropped_after_stale_after(fault_server: FaultServer) -> None:
    """Same rule, scaled down: PING every 20 ms, stale after PING + 20 ms."""
    fault_server.scripts = [[books, half_open]]
    changes: list[ConnectionChange] = []
    cfg = config(fault_server, stale_after=0.04)
    async with MarketStream([A], served, config=cfg, on_connection=changes.append) as stream:
        await until(lambda: len(changes) >= 2)
        assert stream.stats.stale_disconnects >= 1
        assert changes[1] == ConnectionChange(False, "no frame for 0.04 s")
