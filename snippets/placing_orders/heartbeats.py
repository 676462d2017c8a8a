"""Order heartbeats with polymarket-client: keep the chain of heartbeat ids going.

Copy with: heartbeat_loop.py (it also runs the beats every few seconds)

A stale id is answered with HTTP 400 and the expected id. polymarket-client 0.14.0 raises
`OrderHeartbeatMismatchError` (with that id) only for a body keyed `error_msg`; the one public
recording of this reply is keyed `error` (`{"error":"Invalid Heartbeat ID","heartbeat_id":...}`,
py-clob-client `examples/post_heartbeat.py`), for which it raises a plain `RequestRejectedError`
and drops the id. So `Heartbeat` also reads the body of a 400 on /v1/heartbeats itself, through
a response hook on the SDK's HTTP client (a private attribute: pin the SDK version).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

import httpx
from polymarket import OrderHeartbeatMismatchError, RequestRejectedError, SecureClient

from .heartbeat_loop import expected_heartbeat_id

log = logging.getLogger(__name__)
HEARTBEAT_PATH = "/v1/heartbeats"


# --8<-- [start:heartbeat]
class Heartbeat:
    """Order heartbeats: once one is accepted, missing them gets ALL open orders cancelled.

    Call `beat()` every few seconds from one place per API key (`HeartbeatLoop` does). Each
    accepted beat returns the id to send next; a stale id is answered with the expected one,
    which is then resent, whichever body shape the server uses.
    """

    def __init__(self, client: SecureClient, on_beat: Callable[[str], None] | None = None):
        self.client = client
        self.heartbeat_id = ""
        self.on_beat = on_beat
        self._expected: str | None = None
        hooks = client._ctx.secure_clob._client.event_hooks["response"]  # SDK 0.14.0 internals
        hooks.append(self._read_stale_reply)

    def _read_stale_reply(self, response: httpx.Response) -> None:
        if response.status_code == 400 and response.request.url.path == HEARTBEAT_PATH:
            response.read()
            try:
                self._expected = expected_heartbeat_id(response.json())
            except ValueError:
                self._expected = None

    def beat(self) -> str:
        self._expected = None
        try:
            reply = self.client.send_order_heartbeat(heartbeat_id=self.heartbeat_id)
        except OrderHeartbeatMismatchError as stale:
            reply = self._resend(stale.heartbeat_id)
        except RequestRejectedError:
            if self._expected is None:
                raise
            reply = self._resend(self._expected)
        self.heartbeat_id = reply.heartbeat_id
        if self.on_beat is not None:
            self.on_beat(self.heartbeat_id)
        return self.heartbeat_id

    def _resend(self, expected: str) -> object:
        log.warning(
            "stale heartbeat id; resending the expected one",
            extra={"sent_id": self.heartbeat_id, "expected_id": expected},
        )
        return self.client.send_order_heartbeat(heartbeat_id=expected)


# --8<-- [end:heartbeat]
