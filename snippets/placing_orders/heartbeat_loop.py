"""Run order heartbeats until stopped, and say when the exchange may have cancelled everything.

    loop = HeartbeatLoop(Heartbeat(client).beat, on_lapse=lambda gap: resync_open_orders())
    thread = loop.start()       # one beat every 5 s in a daemon thread
    loop.stop(); thread.join()  # on shutdown: the exchange's deadline stays armed

SDK-free: `beat` is the `beat` method of either SDK's `Heartbeat` (heartbeats.py,
heartbeats_clob_v2.py). A failed beat is logged and retried after `retry_s`, sooner than the
next regular beat. When no beat has been accepted for `timeout_s`, the exchange may have
cancelled every open order of the account: `on_lapse(seconds_without_beat)` runs once per
lapse, so the caller can re-read its open orders before quoting again. The clock and the wait
are injectable; the default wait returns at once when `stop()` is called.

The timing defaults follow polymarket-client 0.14.0's `send_order_heartbeat` docstring: "keep
sending every five seconds. After ten seconds without an accepted send, the server attempts
cancel-all". The docs (docs.polymarket.com/api-reference/trade/send-heartbeat, read
2026-12-02) say only that open orders are cancelled "if heartbeats are not sent regularly".
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

log = logging.getLogger(__name__)


def expected_heartbeat_id(body: object) -> str | None:
    """The id a stale-heartbeat reply says to send next, else None. Both body shapes count:
    `{"error": "Invalid Heartbeat ID", "heartbeat_id": ...}` (the public recording) and the
    `error_msg` key polymarket-client's model expects."""
    if not isinstance(body, dict):
        return None
    message = body.get("error", body.get("error_msg"))
    expected = body.get("heartbeat_id")
    if message == "Invalid Heartbeat ID" and isinstance(expected, str):
        return expected
    return None


class HeartbeatLoop:
    """Call `beat` every `interval_s` seconds until `stop()`."""

    def __init__(
        self,
        beat: Callable[[], str],
        *,
        interval_s: float = 5.0,
        retry_s: float = 1.0,
        timeout_s: float = 10.0,
        on_lapse: Callable[[float], None] | None = None,
        clock: Callable[[], float] = time.monotonic,
        wait: Callable[[float], object] | None = None,
    ) -> None:
        self.beat, self.on_lapse, self.clock = beat, on_lapse, clock
        self.interval_s, self.retry_s, self.timeout_s = interval_s, retry_s, timeout_s
        self._stopped = threading.Event()
        self._wait = wait or self._stopped.wait
        self.beats = self.failures = self.lapses = 0
        self.last_accepted: float | None = None

    def stop(self) -> None:
        """End the loop after the current beat (an armed exchange deadline stays armed)."""
        self._stopped.set()

    def start(self) -> threading.Thread:
        thread = threading.Thread(target=self.run, name="order-heartbeats", daemon=True)
        thread.start()
        return thread

    def run(self) -> None:
        lapsed = False
        while not self._stopped.is_set():
            started = self.clock()
            try:
                heartbeat_id = self.beat()
            except Exception as error:  # a failed beat must not end the loop
                self.failures += 1
                gap = None if self.last_accepted is None else self.clock() - self.last_accepted
                log.warning(
                    "heartbeat failed: %r",
                    error,
                    extra={"error": type(error).__name__, "since_accepted_s": gap},
                )
                if gap is not None and gap >= self.timeout_s and not lapsed:
                    lapsed = True
                    self._lapse(gap)
                delay = self.retry_s
            else:
                self.beats += 1
                if lapsed:
                    log.info("heartbeats accepted again", extra={"heartbeat_id": heartbeat_id})
                lapsed, self.last_accepted = False, self.clock()
                delay = max(0.0, self.interval_s - (self.last_accepted - started))
            self._wait(delay)

    def _lapse(self, gap: float) -> None:
        self.lapses += 1
        log.error(
            "no heartbeat accepted for %.1f s: the exchange may have cancelled all open orders",
            gap,
            extra={"since_accepted_s": gap, "timeout_s": self.timeout_s},
        )
        if self.on_lapse is not None:
            self.on_lapse(gap)
