"""A `local_clob` pytest fixture: a fresh local CLOB per test, stopped afterwards.

    # conftest.py
    pytest_plugins = ["local_clob.pytest_plugin"]

    def test_my_bot(local_clob):
        local_clob.fund(address, pusd=100)
        run_my_bot(clob_url=local_clob.url)
        assert not local_clob.open_orders()

`local_clob_options` (override it in your conftest) passes keyword arguments to `LocalClob`,
e.g. a fixed `seed` or `start_time`. Async tests get `async_local_clob`, on the test's loop.
Copy with: app.py.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest

from .app import LocalClob


@pytest.fixture
def local_clob_options() -> dict[str, Any]:
    return {"seed": 0}


@pytest.fixture
def local_clob(local_clob_options: dict[str, Any]) -> Iterator[LocalClob]:
    with LocalClob(**local_clob_options) as clob:
        yield clob


@pytest.fixture
async def async_local_clob(local_clob_options: dict[str, Any]) -> AsyncIterator[LocalClob]:
    async with LocalClob(**local_clob_options) as clob:
        yield clob
