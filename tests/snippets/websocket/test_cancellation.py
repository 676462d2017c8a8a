"""A stream is stopped by cancelling it, even while it reconnects to a port that refuses at
once and its injected sleep returns at once (a test clock, or a zero backoff): each retry must
hand control back to the event loop, or the cancel is never delivered and the loop spins."""

from __future__ import annotations

import asyncio
import socket

from snippets.websocket.market_stream import MarketStream, StreamConfig
from snippets.websocket.user_stream import ApiCredentials, UserStream

A = "1" * 70


def refused_url(path: str) -> str:
    """A loopback address nobody listens on: connecting fails at once."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"ws://127.0.0.1:{port}{path}"


async def instant(_: float) -> None:
    """A sleep that returns without waiting and without yielding."""


async def no_book(_: str) -> dict:
    raise AssertionError("never reached: no connection is ever made")


async def stops_when_cancelled(stream: UserStream | MarketStream) -> None:
    async with stream:
        await asyncio.sleep(0.05)  # it is retrying now, as fast as it can
    # __aexit__ cancelled it and waited: we are here, so the cancel landed.


async def test_a_reconnecting_user_stream_stops_when_cancelled() -> None:
    creds = ApiCredentials("11111111-2222-3333-4444-555555555555", "c2VjcmV0", "pass")
    cfg = StreamConfig(url=refused_url("/ws/user"), backoff_base=0.0, backoff_cap=0.0)
    stream = UserStream(creds, config=cfg, sleep=instant)
    await asyncio.wait_for(stops_when_cancelled(stream), timeout=5)
    assert stream.stats.loop_errors == 0


async def test_a_reconnecting_market_stream_stops_when_cancelled() -> None:
    cfg = StreamConfig(url=refused_url("/ws/market"), backoff_base=0.0, backoff_cap=0.0)
    stream = MarketStream([A], no_book, config=cfg, sleep=instant)
    await asyncio.wait_for(stops_when_cancelled(stream), timeout=5)
    assert stream.stats.connect_failures > 0


async def test_a_cancel_swallowed_by_a_callback_still_stops_the_stream() -> None:
    """The cancel lands inside `on_connection` while a session ends, and the callback turns it
    into another error: the stream must still stop instead of reconnecting for ever."""
    from websockets.asyncio.server import serve

    async def close_at_once(ws) -> None:
        await ws.recv()  # the subscription
        await ws.close()

    ending = asyncio.Event()

    async def on_connection(change) -> None:
        if change.connected:
            return
        ending.set()
        try:
            await asyncio.sleep(10)
        except asyncio.CancelledError:
            raise RuntimeError("cleanup failed") from None  # the cancel is lost here

    async with serve(close_at_once, "127.0.0.1", 0) as server:
        port = server.sockets[0].getsockname()[1]
        cfg = StreamConfig(url=f"ws://127.0.0.1:{port}/ws/user", backoff_base=0.0, backoff_cap=0.0)
        creds = ApiCredentials("11111111-2222-3333-4444-555555555555", "c2VjcmV0", "pass")
        stream = UserStream(creds, config=cfg, on_connection=on_connection)

        async def cancel_while_ending() -> None:
            async with stream:
                await ending.wait()

        await asyncio.wait_for(cancel_while_ending(), timeout=5)
    assert stream.stats.callback_errors == 1
