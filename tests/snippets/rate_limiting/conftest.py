"""A fake clock per test (its sleeps advance time instead of waiting: the tests never sleep for
real) and the ids the rate-limiting cassettes use."""

from __future__ import annotations

import pytest

from ..conftest import FakeClock


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
