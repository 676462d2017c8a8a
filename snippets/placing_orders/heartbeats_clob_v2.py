"""Order heartbeats with py-clob-client-v2: keep the chain of heartbeat ids going.

Copy with: heartbeat_loop.py (it also runs the beats every few seconds)
"""

from __future__ import annotations

import logging

from py_clob_client_v2 import ClobClient
from py_clob_client_v2.exceptions import PolyApiException

from .heartbeat_loop import expected_heartbeat_id

log = logging.getLogger(__name__)


# --8<-- [start:heartbeat]
class Heartbeat:
    """Order heartbeats: once one is accepted, missing them gets ALL open orders cancelled.

    A stale id comes back as HTTP 400 whose body carries the expected `heartbeat_id`; resend
    with it. py-clob-client-v2 raises `PolyApiException` with that body in `.error_msg`.
    """

    def __init__(self, client: ClobClient):
        self.client = client
        self.heartbeat_id = ""

    def beat(self) -> str:
        try:
            reply = self.client.post_heartbeat(self.heartbeat_id)
        except PolyApiException as error:
            expected = expected_heartbeat_id(error.error_msg)
            if error.status_code != 400 or expected is None:
                raise
            log.warning(
                "stale heartbeat id; resending the expected one",
                extra={"sent_id": self.heartbeat_id, "expected_id": expected},
            )
            reply = self.client.post_heartbeat(expected)
        self.heartbeat_id = reply["heartbeat_id"]
        return self.heartbeat_id


# --8<-- [end:heartbeat]
