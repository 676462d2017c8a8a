"""Order heartbeats with polymarket-client, replayed (docs-derived replies)."""

from __future__ import annotations

import pytest

from snippets.placing_orders import heartbeats as P
from tests.snippets.placing_orders.support import polymarket_secure_client


@pytest.mark.vcr
def test_heartbeat() -> None:
    seen: list[str] = []
    with polymarket_secure_client() as client:
        beat = P.Heartbeat(client, on_beat=seen.append)
        first = beat.beat()
        second = beat.beat()
        beat.heartbeat_id = first  # simulate a stale id: the server answers with the expected one
        third = beat.beat()
    assert seen == [first, second, third]
    assert third == first  # the fourth reply of the cassette
