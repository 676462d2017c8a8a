"""The server's clock: wall time plus an offset that tests move forward instead of sleeping.

    clock = Clock(start=1_795_824_000.0)  # frozen at a fixed instant
    clock.advance(11)                      # heartbeats, GTD expiry and buckets see 11 s pass
    clock.now()                            # 1795824011.0

Standard library only.
"""

from __future__ import annotations

import time


class Clock:
    """`now()` in Unix seconds. Frozen at `start` when given, else the wall clock plus offset."""

    def __init__(self, start: float | None = None) -> None:
        self._frozen = start
        self._offset = 0.0

    def now(self) -> float:
        base = self._frozen if self._frozen is not None else time.time()
        return base + self._offset

    def now_ms(self) -> int:
        return int(self.now() * 1000)

    def advance(self, seconds: float) -> None:
        if seconds < 0:
            raise ValueError("the clock only moves forward")
        self._offset += seconds
