"""The fixture readers load with `pytest_plugins = ["local_clob.pytest_plugin"]`."""

from __future__ import annotations

import asyncio

import httpx
import pytest
import websockets

from . import code
from .code.app import LocalClob

pytest_plugins = [f"{code.__name__}.pytest_plugin"]


def test_sync_fixture(local_clob: LocalClob) -> None:
    assert httpx.get(f"{local_clob.url}/version").json() == {"version": 2}


async def test_async_fixture(async_local_clob: LocalClob) -> None:
    async with httpx.AsyncClient() as client:
        before = int(async_local_clob.clock.now())
        reply = await client.get(f"{async_local_clob.url}/time")
        # the server's clock, in whole seconds (a second may tick over during the request)
        assert before <= reply.json() <= int(async_local_clob.clock.now())
    async_local_clob.faults.refuse_connections()  # on the server's own loop
    await asyncio.sleep(0)  # let the loop run the listener change
    async with httpx.AsyncClient() as client:
        with pytest.raises(httpx.ConnectError):
            await client.get(f"{async_local_clob.url}/time")
    async_local_clob.limits.warning_mode = True
    assert async_local_clob.exchange.limits.warning_mode


async def test_stopping_closes_open_websockets() -> None:
    clob = await LocalClob().start_async()
    ws = await websockets.connect(clob.ws_market_url)
    await clob.stop_async()
    with pytest.raises(websockets.ConnectionClosed):
        await ws.recv()
