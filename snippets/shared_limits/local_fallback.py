"""The local limits a process falls back to while Redis cannot be reached.

    bucket = LocalBucket(capacity=15, refill_per_second=10.0, now=clock())  # starts EMPTY
    if bucket.wait(1, clock()) <= 0:
        bucket.record(1, clock())

Both start as if the limit had just been used up (nothing is known about the fleet's recent
use), so falling back never admits what Redis would have refused. Not locked: the caller
(`redis_limits.py`) holds its own lock around them. Standard library only.
"""

from __future__ import annotations

import math
from collections import deque


class LocalBucket:
    """A token bucket kept as one number, the time its level was (or will be) zero."""

    def __init__(self, capacity: int, refill_per_second: float, now: float) -> None:
        self.capacity, self.interval = capacity, 1.0 / refill_per_second
        self.zero_at = now  # empty now

    def wait(self, units: int, now: float) -> float:
        """Seconds until `units` tokens exist (<= 0: now; inf: never, beyond the capacity)."""
        if units > self.capacity:
            return math.inf
        return max(self.zero_at, now - self.capacity * self.interval) + units * self.interval - now

    def record(self, units: int, now: float) -> None:
        self.zero_at = max(self.zero_at, now - self.capacity * self.interval)
        self.zero_at += units * self.interval


class LocalWindow:
    """At most `max_calls` units in any `window_seconds`; starts full until `now + window`."""

    def __init__(self, max_calls: int, window_seconds: float, now: float) -> None:
        self.max_calls, self.window = max_calls, window_seconds
        self.leaves: deque[float] = deque([now + window_seconds] * max_calls, maxlen=max_calls)
        self.admitted = 0  # units admitted locally: Redis must hear of them when it returns

    def wait(self, units: int, now: float) -> float:
        """Seconds until `units` more fit in the window (<= 0: now)."""
        if units > self.max_calls:
            return math.inf
        return self.leaves[units - 1] - now

    def record(self, units: int, now: float) -> None:
        self.leaves.extend([now + self.window] * units)
        self.admitted += units
