"""The oracles: one ideal bucket and one ideal sliding window, in exact integer microseconds, fed
with the Redis server time of each decision; and the fleet's worker processes."""

from __future__ import annotations

import threading
from collections.abc import Iterable

import redis

from .code.redis_limits import SharedLimits

US = 1_000_000


class IdealBucket:
    """`capacity` tokens, one more every `interval_us`; integer arithmetic, no rounding."""

    def __init__(self, capacity: int, interval_us: int, start_us: int, full: bool = True) -> None:
        self.capacity, self.interval = capacity, interval_us
        self.zero = start_us - capacity * interval_us if full else start_us

    def take(self, cost: int, now: int) -> bool:
        zero = max(self.zero, now - self.capacity * self.interval)
        if zero + cost * self.interval > now:
            return False
        self.zero = zero + cost * self.interval
        return True


class IdealWindow:
    """At most `limit` units in any `window_us` ending at a decision."""

    def __init__(self, limit: int, window_us: int) -> None:
        self.limit, self.window, self.leaves = limit, window_us, []  # type: list[int]

    def take(self, cost: int, now: int) -> bool:
        inside = sum(1 for leave in self.leaves[-self.limit :] if leave > now)
        if inside + cost > self.limit:
            return False
        self.leaves += [now + self.window] * cost
        return True


def replay(oracle: IdealBucket | IdealWindow, decisions: Iterable[tuple[int, bool]]) -> list[bool]:
    """What the oracle decides for the same requests at the same server times."""
    return [oracle.take(1, at) for at, _ in sorted(decisions)]


def server_time_us(client: redis.Redis) -> int:
    seconds, micros = client.time()
    return seconds * US + micros


def fleet_worker(
    url: str, prefix: str, threads: int, calls: int, layer: tuple, start: object = None
) -> list[tuple[int, bool]]:
    """One process of the fleet: its own client, `threads` threads, `calls` decisions each."""
    limits = SharedLimits.connect(url, signer="0xF1EE7", prefix=prefix, timeout=5)
    kind, *spec = layer
    shared = limits.bucket("order", *spec) if kind == "bucket" else limits.window("w", *spec)
    out: list[tuple[int, bool]] = []
    lock = threading.Lock()

    def run() -> None:
        mine = [shared.decide(1) for _ in range(calls)]
        with lock:
            out.extend((d.at_us, d.admitted) for d in mine)

    workers = [threading.Thread(target=run) for _ in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    return out
