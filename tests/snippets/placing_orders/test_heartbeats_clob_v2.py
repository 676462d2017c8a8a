"""Order heartbeats with py-clob-client-v2, replayed (the recorded stale-id body)."""

from __future__ import annotations

import pytest
from py_clob_client_v2.exceptions import PolyApiException

from ..conftest import clob_v2_client
from .code import heartbeats_clob_v2 as V


@pytest.mark.vcr
def test_heartbeat() -> None:
    beat = V.Heartbeat(clob_v2_client())
    first = beat.beat()
    beat.heartbeat_id = first  # stale on purpose: the recorded wire shape names the expected id
    second = beat.beat()
    assert first == "3f0b9a52-1d7e-4c1a-9a57-0d6a8f2e0001"
    assert second == first  # the third reply of the cassette


def test_heartbeat_other_rejections_propagate() -> None:
    import httpx

    class Stub:
        def post_heartbeat(self, heartbeat_id: str) -> dict:
            raise PolyApiException(
                httpx.Response(401, json={"error": "Unauthorized/Invalid api key"})
            )

    with pytest.raises(PolyApiException):
        V.Heartbeat(Stub()).beat()  # type: ignore[arg-type]
