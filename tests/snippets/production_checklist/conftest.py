"""Ids the production-checklist cassettes use (the shared fixtures are in tests/snippets)."""

from __future__ import annotations

import pytest

TEST_KEY_ID = "00000000-0000-0000-0000-000000000000"  # the id the cassettes list
CANCELED = (
    "0xabcdef1234567890abcdef1234567890abcdef12",
    "0xfedcba0987654321fedcba0987654321fedcba09",
)


@pytest.fixture
def quoting() -> list[str]:
    """Records the order of shutdown steps."""
    return []
