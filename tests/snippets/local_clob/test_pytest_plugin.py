"""The fixture readers load with `pytest_plugins = ["local_clob.pytest_plugin"]`."""

from __future__ import annotations

import httpx

from snippets.local_clob.app import LocalClob

pytest_plugins = ["snippets.local_clob.pytest_plugin"]


def test_sync_fixture(local_clob: LocalClob) -> None:
    assert httpx.get(f"{local_clob.url}/version").json() == {"version": 2}


async def test_async_fixture(async_local_clob: LocalClob) -> None:
    async with httpx.AsyncClient() as client:
        reply = await client.get(f"{async_local_clob.url}/time")
    assert reply.json() == int(async_local_clob.clock.now())
