"""Order heartbeats with polymarket-client: keep the chain of heartbeat ids going."""

from __future__ import annotations

from collections.abc import Callable

from polymarket import OrderHeartbeatMismatchError, SecureClient


# --8<-- [start:heartbeat]
class Heartbeat:
    """Order heartbeats: once one is accepted, missing them gets ALL open orders cancelled.

    Call `beat()` every few seconds from one place per API key. Each accepted beat returns the
    id to send next; a stale id is answered with the expected one, which is then resent.
    """

    def __init__(self, client: SecureClient, on_beat: Callable[[str], None] | None = None):
        self.client = client
        self.heartbeat_id = ""
        self.on_beat = on_beat

    def beat(self) -> str:
        try:
            reply = self.client.send_order_heartbeat(heartbeat_id=self.heartbeat_id)
        except OrderHeartbeatMismatchError as stale:
            reply = self.client.send_order_heartbeat(heartbeat_id=stale.heartbeat_id)
        self.heartbeat_id = reply.heartbeat_id
        if self.on_beat is not None:
            self.on_beat(self.heartbeat_id)
        return self.heartbeat_id


# --8<-- [end:heartbeat]
