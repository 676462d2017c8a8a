"""MarketStream against a real WebSocket server on 127.0.0.1 replaying recorded V2 frames, with
faults injected; REST /book snapshots replayed from cassettes through polymarket-client."""

from __future__ import annotations

import asyncio
import json
import logging
import random
from collections.abc import Iterator
from typing import Any

import pytest
from polymarket import AsyncPublicClient

from .code import market_stream
from .code.book_source import book_fetcher
from .code.market_stream import (
    BookEvent,
    MarketStream,
    StreamConfig,
    backoff_delay,
)
from .code.order_book import LocalBook
from .conftest import (
    BOOKS,
    A,
    B,
    C,
    D,
    FaultServer,
    RecordingSleep,
    abort,
    books,
    close,
    half_open,
    hold,
    send,
    until,
    updates,
    updates_for,
    wait,
)

vcr = pytest.mark.vcr(allow_playback_repeats=True)


def config(server: FaultServer, **overrides: Any) -> StreamConfig:
    """Tiny timeouts: a PING every 20 ms; every hash checked. Stale after 1 s, so a loaded CI
    machine never mistakes a slow test for a dead socket; the half-open test shortens it."""
    base = dict(
        verify_every=0.0,
        url=server.url,
        ping_interval=0.02,
        stale_after=1.0,
        backoff_base=0.01,
        backoff_cap=0.08,
        open_timeout=1.0,
        close_timeout=0.05,
    )
    return StreamConfig(**(base | overrides))


@pytest.fixture(scope="module")
def fetch_book() -> Iterator[Any]:
    """One client for the module (building one takes ~0.3 s); vcr answers every request."""
    client = AsyncPublicClient()
    yield book_fetcher(client)
    asyncio.run(client.close())


def expected_after(frames: list[str], asset: str) -> LocalBook:
    """The book an independent replay of the recorded frames produces."""
    book = LocalBook(asset)
    book.replace(BOOKS[asset])
    for raw in frames:
        event = json.loads(raw)
        for change in event.get("price_changes", []):
            if change["asset_id"] == asset:
                book.apply_change(change, int(event["timestamp"]))
    return book


async def synced(stream: MarketStream, fetch: Any, *assets: str) -> None:
    """Every asset's book equals its REST snapshot."""
    for asset in assets:
        assert stream.books[asset].as_rest_body() == await fetch(asset)
        assert not stream.books[asset].stale


@vcr
async def test_streams_and_verifies_every_hash(fault_server: FaultServer, fetch_book: Any) -> None:
    frames = updates_for([A, B])
    async with MarketStream([A, B], fetch_book, config=config(fault_server)) as stream:
        await until(lambda: stream.stats.resyncs == 2 and fault_server.conns[0].sent_updates)
        await until(lambda: fault_server.conns[0].pings >= 2)  # keepalive on schedule
        await asyncio.sleep(0.03)
        stream.verify_now()
        for asset in (A, B):
            assert stream.books[asset].levels() == expected_after(frames, asset).levels()
        # Every price_change closing a timestamp was hash-checked, and none disagreed.
        assert stream.stats.hash_checks > 100
        assert stream.stats.hash_mismatches == 0
        assert stream.books[A].best_bid_ask is not None  # best_bid_ask events applied
        assert fault_server.conns[0].received[0] == {
            "type": "market",
            "assets_ids": [A, B],
            "custom_feature_enabled": True,
        }
    assert len(asyncio.all_tasks()) == 1  # clean shutdown: only this test's task is left


async def _fault_then_recover(
    server: FaultServer, fetch: Any, fault: Any, **overrides: Any
) -> MarketStream:
    release = asyncio.Event()
    server.scripts = [[books, updates(40), fault], [books, wait(release), updates(), hold]]
    sleep = RecordingSleep()
    stream = MarketStream([A, B], fetch, config=config(server, **overrides), sleep=sleep)
    await stream.__aenter__()
    try:
        await until(lambda: len(server.conns) == 2 and stream.subscribed.is_set())
        await until(lambda: stream.stats.resyncs >= 4)  # REST after the connect and reconnect
        await synced(stream, fetch, A, B)
        assert server.conns[1].received[0]["assets_ids"] == [A, B]  # resubscribed
        assert len(sleep.delays) == 1 and 0 <= sleep.delays[0] <= 0.01  # backoff base
        changes = stream.stats.hash_checks
        release.set()
        await until(lambda: stream.stats.hash_checks > changes + 20)  # streaming again
        assert stream.stats.hash_mismatches == 0
    except BaseException:  # a failed check leaves neither the stream reconnecting nor the
        release.set()  # server's script waiting (the server could not stop)
        await stream.close()
        raise
    return stream


@vcr
async def test_abrupt_close_resyncs_and_streams_again(
    fault_server: FaultServer, fetch_book: Any
) -> None:
    stream = await _fault_then_recover(fault_server, fetch_book, abort)
    assert stream.stats.disconnects == 1 and stream.stats.connects == 2
    await stream.close()


@vcr
async def test_close_1011_resyncs_and_streams_again(
    fault_server: FaultServer, fetch_book: Any, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING)
    stream = await _fault_then_recover(fault_server, fetch_book, close(1011, "internal error"))
    assert "1011" in caplog.text
    await stream.close()


@vcr
async def test_half_open_is_detected_by_the_stale_timeout(
    fault_server: FaultServer, fetch_book: Any
) -> None:
    stream = await _fault_then_recover(fault_server, fetch_book, half_open, stale_after=0.2)
    assert stream.stats.stale_disconnects == 1
    assert fault_server.conns[0].pings >= 1  # PINGs went unanswered
    await stream.close()


@vcr
async def test_refused_connections_back_off_then_recover(
    fault_server: FaultServer, fetch_book: Any
) -> None:
    sleep = RecordingSleep()
    cfg = config(fault_server)
    stream = MarketStream([A, B], fetch_book, config=cfg, sleep=sleep, rng=random.Random(7))
    async with stream:
        await until(lambda: stream.stats.resyncs == 2)
        await fault_server.stop()  # drops the connection and refuses new ones
        await until(lambda: stream.stats.connect_failures >= 5)
        # The reconnection gets the book and no updates, so the comparison with the REST
        # snapshot below cannot race a price_change.
        fault_server.scripts = [[books, hold]]
        await fault_server.start()  # same port
        await until(lambda: stream.subscribed.is_set() and stream.stats.resyncs >= 4)
        await synced(stream, fetch_book, A, B)
    # Full jitter under a doubling cap: each delay is within [0, min(cap, base * 2**n)].
    for n, delay in enumerate(sleep.delays[:5]):
        assert 0 <= delay <= min(cfg.backoff_cap, cfg.backoff_base * 2**n)
    assert max(sleep.delays) <= cfg.backoff_cap
    assert backoff_delay(50, 0.5, 30.0, random.Random(1)) <= 30.0


@vcr
async def test_bad_input_is_counted_never_fatal(
    fault_server: FaultServer, fetch_book: Any, caplog: pytest.LogCaptureFixture
) -> None:
    bad_price = {
        "event_type": "price_change",
        "market": BOOKS[A]["market"],
        "timestamp": "1779223999999",
        "price_changes": [{"asset_id": A, "price": "1.5", "size": "10", "side": "BUY"}],
    }
    junk = [
        "{not json",
        b"\xff\xfe",
        json.dumps({"event_type": "surprise", "asset_id": A}),
        json.dumps(bad_price),
        json.dumps([1, {"event_type": "book"}]),  # not an object; a book with no fields
        json.dumps({"event_type": "new_market", "id": "1"}),
        # A trade at the recorded last trade price (the recorded hashes cover that field).
        json.dumps(
            {"event_type": "last_trade_price", "asset_id": A, "price": BOOKS[A]["last_trade_price"]}
        ),
    ]
    fault_server.scripts = [[books, *(send(j) for j in junk), updates(), hold]]  # type: ignore[arg-type]
    events: list[BookEvent] = []
    async with MarketStream(
        [A, B], fetch_book, config=config(fault_server), on_event=events.append
    ) as stream:
        await until(lambda: stream.stats.hash_checks > 100)
        assert stream.stats.malformed == 2
        assert stream.stats.unknown == 1
        assert stream.stats.rejected == 3  # out-of-range price, non-object, incomplete book
        assert stream.stats.disconnects == 0  # the same connection streams on
        assert {"new_market", "last_trade_price", "price_change"} <= {e.kind for e in events}
    assert "outside (0, 1)" in caplog.text
    with pytest.raises(ValueError, match="invalid asset id"):
        MarketStream(["not-a-token"], fetch_book)
    with pytest.raises(ValueError, match="invalid asset id"):
        await stream.subscribe(["0x123"])


@vcr
async def test_tick_size_change_mid_stream_then_resync(
    fault_server: FaultServer, fetch_book: Any
) -> None:
    tick = {
        "event_type": "tick_size_change",
        "asset_id": A,
        "market": BOOKS[A]["market"],
        "old_tick_size": "0.01",
        "new_tick_size": "0.001",
        "timestamp": "1779223899200",
    }
    after_tick = asyncio.Event()
    fault_server.scripts = [
        [books, updates(10), send(json.dumps(tick)), wait(after_tick), hold],
    ]
    events: list[BookEvent] = []
    async with MarketStream(
        [A, B], fetch_book, config=config(fault_server), on_event=events.append
    ) as stream:
        await until(lambda: any(e.kind == "tick_size_change" for e in events))
        assert stream.books[A].tick_size == "0.001"
        # The recorded hashes were made with tick 0.01: the hash check sees the divergence.
        stream.verify_now()
        assert stream.stats.hash_mismatches == 1
        await until(lambda: stream.stats.resyncs >= 3)
        await synced(stream, fetch_book, A)
        assert stream.books[A].tick_size == "0.01"  # what the REST snapshot says
        after_tick.set()
        await until(lambda: fault_server.conns[0].pings >= 2)
        assert stream.subscribed.is_set()


@vcr
async def test_subscribe_and_unsubscribe_while_connected(
    fault_server: FaultServer, fetch_book: Any
) -> None:
    async with MarketStream([A], fetch_book, config=config(fault_server)) as stream:
        await until(lambda: stream.stats.resyncs == 1)
        await stream.subscribe([C, D, A])  # A is already there: not sent again
        await until(lambda: stream.stats.resyncs == 3)
        conn = fault_server.conns[0]
        assert conn.received[1] == {
            "operation": "subscribe",
            "assets_ids": [C, D],
            "custom_feature_enabled": True,
        }
        await synced(stream, fetch_book, C, D)
        await stream.unsubscribe([C, "1" * 77])  # an id we never had is ignored
        await until(lambda: len(conn.received) == 3)
        assert conn.received[2] == {"operation": "unsubscribe", "assets_ids": [C]}
        assert set(stream.books) == {A, D}


@vcr
async def test_slow_callback_drops_oldest_and_raising_callback_is_isolated(
    fault_server: FaultServer, fetch_book: Any
) -> None:
    seen: list[BookEvent] = []

    async def slow_and_flaky(event: BookEvent) -> None:
        seen.append(event)
        if len(seen) == 1:
            raise RuntimeError("bug in the consumer")
        await asyncio.sleep(0.05)

    cfg = config(fault_server, queue_size=8)
    async with MarketStream([A, B], fetch_book, config=cfg, on_event=slow_and_flaky) as stream:
        await until(lambda: stream.stats.hash_checks > 100)
        assert stream.stats.callback_errors == 1
        assert stream.stats.dropped_events > 100  # the queue never held more than 8
        assert stream._queue.qsize() <= 8
        assert stream.stats.hash_mismatches == 0  # books stay right whatever the consumer does
        assert stream.stats.disconnects == 0
        assert len(seen) >= 2  # the callback kept being called after it raised


@vcr
async def test_failed_rest_resync_is_retried(fault_server: FaultServer, fetch_book: Any) -> None:
    calls: list[str] = []
    failed = asyncio.Event()

    async def flaky_fetch(asset: str) -> Any:
        calls.append(asset)
        if len(calls) == 1:
            failed.set()
            raise ConnectionError("REST down")
        return await fetch_book(asset)

    # No `book` frame and no change: only the REST retry (after a backoff draw) can fill it.
    fault_server.scripts = [[wait(failed), hold]]
    sleep = RecordingSleep()
    cfg = config(fault_server)
    async with MarketStream([A], flaky_fetch, config=cfg, sleep=sleep) as stream:
        await until(lambda: stream.stats.resyncs == 1)
        assert stream.stats.resync_failures == 1 and stream.stats.resync_retries == 1
        assert calls == [A, A] and len(sleep.delays) == 1
        assert 0 <= sleep.delays[0] <= cfg.backoff_base
        await synced(stream, fetch_book, A)


def test_hash_check_waits_for_the_rest_fields() -> None:
    async def never(asset: str) -> Any:
        raise AssertionError("no REST call expected")

    stream = MarketStream([A], never)
    stream._on_frame(json.dumps([BOOKS[A]]))  # WebSocket book: no min_order_size / neg_risk
    for raw in updates_for([A])[:5]:
        stream._on_frame(raw)
    stream.verify_now()
    assert stream.stats.hash_checks == 0 and not stream.books[A].stale


@vcr
async def test_unexpected_error_is_logged_and_retried(
    fault_server: FaultServer, fetch_book: Any, caplog: pytest.LogCaptureFixture
) -> None:
    sleep = RecordingSleep()
    stream = MarketStream([A], fetch_book, config=config(fault_server), sleep=sleep)
    original = stream._session

    async def buggy_once(ws: Any) -> None:
        if not sleep.delays:
            raise RuntimeError("bug")
        await original(ws)

    stream._session = buggy_once  # type: ignore[method-assign]
    async with stream:
        await until(lambda: stream.stats.resyncs == 1)
    assert "unexpected error" in caplog.text and len(sleep.delays) == 1


def _replayed(stream: MarketStream) -> MarketStream:
    """Feed the recorded book frame and every update to `stream` (no server needed)."""
    stream._on_frame(json.dumps([BOOKS[A], BOOKS[B]]))
    for asset in (A, B):  # the two REST-only fields, as the cassettes give them
        stream.books[asset].min_order_size, stream.books[asset].neg_risk = "5", False
    for raw in updates_for([A, B]):
        stream._on_frame(raw)
    stream.verify_now()
    return stream


async def test_standard_library_path_matches_the_msgspec_path(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    async def never(asset: str) -> Any:
        raise AssertionError("no REST call expected")

    cfg = StreamConfig(verify_every=0.0)
    fast = _replayed(MarketStream([A, B], never, config=cfg, on_event=print))
    monkeypatch.setattr(market_stream, "price_change_decoder", lambda lean: None)  # no msgspec
    slow = _replayed(MarketStream([A, B], never, config=cfg, on_event=print))
    for asset in (A, B):
        assert slow.books[asset].as_rest_body() == fast.books[asset].as_rest_body()
    assert slow.stats == fast.stats and fast.stats.hash_checks == 140 + 2  # + verify_now
    assert fast.stats.hash_mismatches == 0 and fast.stats.rejected == 0
    queued = [  # what the callback task would be given (it is not started here)
        [e.payload for e in s._queue._queue if e.kind == "price_change"]  # type: ignore[attr-defined]
        for s in (fast, slow)
    ]
    assert queued[0] == queued[1] and len(queued[0]) == 168
    assert set(queued[0][0]) == {
        "asset_id",
        "price",
        "size",
        "side",
        "hash",
        "best_bid",
        "best_ask",
    }


async def test_verify_every_bounds_checks_and_still_catches_divergence() -> None:
    fetched: list[str] = []

    async def fetch(asset: str) -> Any:
        fetched.append(asset)
        return BOOKS[asset] | {"min_order_size": "5", "neg_risk": False}

    # Default: at most one check per 100 ms of server time per asset.
    assert StreamConfig().verify_every == 0.1
    stream = _replayed(MarketStream([A, B], fetch))
    assert 0 < stream.stats.hash_checks < 40 and stream.stats.hash_mismatches == 0
    off = _replayed(MarketStream([A, B], fetch, config=StreamConfig(verify_hashes=False)))
    assert off.stats.hash_checks == 0
    # A level lost locally: the next check due (here 100 ms of server time later) catches it.
    stream = MarketStream([A], fetch)
    stream.subscribed.set()  # as inside a session: a REST answer may land
    stream._on_frame(json.dumps([BOOKS[A]]))
    book = stream.books[A]
    book.min_order_size, book.neg_risk = "5", False
    book._bids.set(book._bids.prices[0], "0")  # divergence the server does not know about
    frames = updates_for([A])
    first = int(json.loads(frames[0])["timestamp"])
    for raw in frames:
        stream._on_frame(raw)
        if stream.stats.hash_mismatches:
            break
    assert stream.stats.hash_mismatches == 1 and book.stale
    assert int(json.loads(raw)["timestamp"]) - first >= 100
    await until(lambda: stream.stats.resyncs == 1)
    assert fetched == [A] and not book.stale


def test_checks_fall_due_by_server_timestamps_not_wall_time() -> None:
    """`verify_every` counts the events' own timestamps: a replay (far faster than real time)
    makes exactly the checks a live stream of the same events makes."""

    async def never(asset: str) -> Any:
        raise AssertionError("no REST call expected")

    expected = 0
    for asset in (A, B):  # one check per asset when a new timestamp arrives, if one is due
        stamps: list[int] = []
        for raw in updates_for([A, B]):
            event = json.loads(raw)
            ours = event["event_type"] == "price_change" and any(
                c["asset_id"] == asset and c.get("hash") for c in event["price_changes"]
            )
            if ours and int(event["timestamp"]) not in stamps:
                stamps.append(int(event["timestamp"]))
        checked_at = int(BOOKS[asset]["timestamp"])
        for stamp in stamps[:-1]:  # the last one is checked by verify_now (below)
            if stamp - checked_at >= 100:
                expected, checked_at = expected + 1, stamp
    stream = MarketStream([A, B], never)
    stream._on_frame(json.dumps([BOOKS[A], BOOKS[B]]))
    for asset in (A, B):
        stream.books[asset].min_order_size, stream.books[asset].neg_risk = "5", False
    for raw in updates_for([A, B]):
        stream._on_frame(raw)
    assert stream.stats.hash_checks == expected > 10
    assert stream.stats.hash_mismatches == 0
