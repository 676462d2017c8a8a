"""A fake clock whose sleeps advance time instead of waiting: the tests never sleep for real."""

from __future__ import annotations

import asyncio
import threading

import pytest

# Pins each SDK's salt generator and signing clock for the order tests (see that module).
from tests.snippets.placing_orders.support import frozen_orders  # noqa: F401


class FakeClock:
    """`clock()` returns `now`; `sleep(d)` records `d` and advances `now` by it.

    With `gated=True`, a sleep first waits (really, briefly) until `gate` is set, so a test can
    hold a blocked caller in place while others queue up behind it.
    """

    def __init__(self, start: float = 1000.0, gated: bool = False) -> None:
        self.now = start
        self.sleeps: list[float] = []
        self.gate = threading.Event()
        if not gated:
            self.gate.set()
        self._lock = threading.Lock()

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        with self._lock:
            self.now += seconds

    def sleep(self, seconds: float) -> None:
        assert self.gate.wait(5), "gate never opened"
        with self._lock:
            self.sleeps.append(seconds)
            self.now += seconds

    async def async_sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds
        await asyncio.sleep(0)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


# The values the docs-derived cassettes were built with (scripts/cassette_specs/rate_limiting.py).
# Repeated here, not imported: tests replay the committed cassettes and never need the builder.
API_KEY = "00000000-0000-0000-0000-000000000000"  # a placeholder, never a real credential
ORDER_IDS = tuple(f"0x{n:064x}" for n in (0xA1, 0xA2, 0xA3, 0xA4))
RESET = 1795867200  # 2026-11-28 12:00:00 UTC, the Poly-RateLimit-Reset in the replies


def order_ids(n: int, first: int = 0xB0) -> list[str]:
    """The order ids in the order replies (as scripts/cassette_specs/rate_limiting.py)."""
    return [f"0x{first + i:064x}" for i in range(n)]
