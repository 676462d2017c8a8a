"""polymarket-client's own market stream against the same loopback fault server: what it handles
by itself, and what SdkBookKeeper adds. The SDK is pointed at 127.0.0.1 through its Environment."""

from __future__ import annotations

import asyncio
import dataclasses
import json
from collections.abc import AsyncIterator
from typing import Any

import pytest
from polymarket import AsyncPublicClient
from polymarket.environments import PRODUCTION, _create_environment

from .code.book_source import book_fetcher
from .code.sdk_streams import SdkBookKeeper
from .conftest import (
    BOOKS,
    A,
    B,
    C,
    FaultServer,
    abort,
    books,
    close,
    half_open,
    hold,
    send,
    until,
    updates,
    updates_for,
)
from .test_market_stream import expected_after

vcr = pytest.mark.vcr(allow_playback_repeats=True)


@pytest.fixture
async def client(fault_server: FaultServer) -> AsyncIterator[AsyncPublicClient]:
    config = dataclasses.replace(PRODUCTION._config, clob_market_ws_url=fault_server.url)
    environment = _create_environment(name="loopback", config=config)
    async with AsyncPublicClient(environment=environment) as client:
        yield client


async def run(keeper: SdkBookKeeper, updated: list[str] | None = None) -> asyncio.Task[None]:
    return asyncio.create_task(keeper.run(None if updated is None else updated.append))


async def stop(task: asyncio.Task[None]) -> None:
    task.cancel()
    await asyncio.gather(task, return_exceptions=True)


@vcr
async def test_sdk_stream_reconnects_after_abrupt_close(
    fault_server: FaultServer, client: AsyncPublicClient
) -> None:
    fault_server.scripts = [[books, updates(40), abort], [books, updates(), hold]]
    keeper = SdkBookKeeper(client, [A, B], book_fetcher(client))
    updated: list[str] = []
    task = await run(keeper, updated)
    # The SDK reconnects by itself (its backoff: uniform(0, 0.25 s) first) and resubscribes.
    await until(lambda: len(fault_server.conns) == 2 and fault_server.conns[1].sent_updates > 0)
    assert fault_server.conns[1].received[0] == {
        "type": "market",
        "assets_ids": sorted([A, B]),
        "custom_feature_enabled": True,
    }
    await asyncio.sleep(0.05)
    assert set(updated) == {A, B}
    assert keeper.snapshots == 4  # the server's `book` on each subscribe, seen by the wrapper
    for asset in (A, B):
        expected = expected_after(updates_for([A, B]), asset)
        assert keeper.books[asset].levels() == expected.levels()
    await stop(task)


@vcr
async def test_sdk_stream_on_close_1011_and_bad_frames(
    fault_server: FaultServer, client: AsyncPublicClient
) -> None:
    bad_price = {
        "event_type": "price_change",
        "market": BOOKS[A]["market"],
        "timestamp": "1779223999999",
        "price_changes": [{"asset_id": A, "price": "1.5", "size": "10", "side": "BUY"}],
    }
    fault_server.scripts = [
        [
            books,
            send(json.dumps([BOOKS[C]])),  # a book for an asset we did not ask for
            send("{not json"),
            send(json.dumps({"event_type": "surprise", "asset_id": A})),
            send(json.dumps(bad_price)),
            close(1011, "internal error"),
        ],
        [books, hold],
    ]
    keeper = SdkBookKeeper(client, [A, B], book_fetcher(client))
    task = await run(keeper)
    await until(lambda: len(fault_server.conns) == 2 and keeper.snapshots == 4)
    assert keeper.books.keys() == {A, B}  # the SDK filtered out the book for C
    manager: Any = client._market_manager
    # Evidence: non-JSON is skipped without a count; an unknown event type is counted as
    # dropped; an out-of-range price passes the SDK's models and reaches your code.
    assert manager.dropped_events == 1
    assert keeper.rejected == 1
    await stop(task)


@vcr
async def test_sdk_stream_half_open_needs_its_watchdog(
    fault_server: FaultServer, client: AsyncPublicClient
) -> None:
    fault_server.scripts = [[books, half_open]]
    keeper = SdkBookKeeper(client, [A, B], book_fetcher(client), idle_timeout=0.1)
    task = await run(keeper)
    await until(lambda: keeper.idle_resyncs >= 2)
    # The SDK sends PING every 10 s and calls the socket stale after 30 s without PONG,
    # checked every 5 s: in this short window it has neither pinged nor reconnected.
    assert len(fault_server.conns) == 1 and fault_server.conns[0].pings == 0
    assert not keeper.books[A].stale  # the wrapper's REST resync kept the book usable
    await stop(task)


def test_events_for_other_assets_and_other_kinds_change_nothing() -> None:
    from polymarket.models.clob.market_events import parse_market_event

    async def never(asset: str) -> Any:
        raise AssertionError

    keeper = SdkBookKeeper(None, [A], never)  # type: ignore[arg-type]
    assert keeper.apply(parse_market_event(BOOKS[C])) == []
    assert keeper.apply(parse_market_event(BOOKS[A])) == [A]
    assert keeper.apply(object()) == []
