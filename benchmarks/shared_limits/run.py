"""Fleet rate-limit benchmark: this guide's Redis bucket and window beside `limits`' moving
window, pyrate-limiter's RedisBucket and throttled-py's GCRA, against one local redis-server.

    python3 scripts/run.py bench shared_limits

Starts its own redis-server (127.0.0.1, random port, no persistence), writes
scripts/tables/data/shared_limits_bench.json; the "Rate limits across a fleet" page renders its
table from that file (scripts/tables/shared_limits.py). Not part of the test suite: it takes
about two minutes and its numbers depend on the machine.
"""

from __future__ import annotations

import json
import math
import multiprocessing
import os
import platform
import socket
import statistics
import subprocess
import sys
import threading
import time
import warnings
from collections import deque
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from importlib.metadata import version
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
warnings.filterwarnings("ignore")

import redis  # noqa: E402
from limits import RateLimitItemPerSecond  # noqa: E402
from limits.storage import RedisStorage  # noqa: E402
from limits.strategies import MovingWindowRateLimiter  # noqa: E402
from pyrate_limiter import Duration, Rate, RateItem, RedisBucket  # noqa: E402
from throttled import RateLimiterType, RedisStore, Throttled, per_duration  # noqa: E402

from scripts.system_deps import ensure  # noqa: E402
from snippets.shared_limits.redis_limits import Decision, FailClosed, SharedLimits  # noqa: E402

OUT = ROOT / "scripts" / "tables" / "data" / "shared_limits_bench.json"
US = 1_000_000
LIMIT, WINDOW = 500, 1.0  # contention runs: 500 per 1 s (a bucket: 500 burst, 500/s)
RUN_S = 2.5  # each contention run
THROUGHPUT_S = 1.0  # each throughput run, with a limit no client reaches
ROUNDS = 3  # throughput rounds, interleaved across subjects; the median is kept
RESTART_WINDOW = 10.0
#: A limit no client reaches in a run: 10**9 per 10**6 s. (A bucket refills at 1,000/s, so it
#: stays below full and its key stays, as a bucket in use does.)
NEVER_REACHED = (10**9, 10.0**6)

# --- the subjects: (url, key, limit, window) -> a zero-argument decision ---------------------
Decide = Callable[[], Any]  # True/False, or (ours) a Decision carrying the Redis time


def _ok(result: Any) -> bool:
    return result.admitted if isinstance(result, Decision) else bool(result)


def _ours(kind: str) -> Callable[[str, str, int, float], Decide]:
    def make(url: str, key: str, n: int, w: float) -> Decide:
        limits = SharedLimits.connect(
            url, signer=key, prefix="bench", timeout=2.0, policy=FailClosed(wait=0.0)
        )
        shared = limits.bucket("b", n, n / w) if kind == "bucket" else limits.window("w", n, w)
        return shared.decide  # a Decision: admitted, and the Redis time it was made at

    return make


def _limits_moving(url: str, key: str, n: int, w: float) -> Decide:
    limiter = MovingWindowRateLimiter(RedisStorage(url))
    item = RateLimitItemPerSecond(n, int(w))
    return lambda: limiter.hit(item, key)


def _pyrate(url: str, key: str, n: int, w: float) -> Decide:
    bucket = RedisBucket.init([Rate(n, Duration.SECOND * int(w))], redis.Redis.from_url(url), key)
    return lambda: bucket.put(RateItem(key, bucket.now()))


def _throttled(url: str, key: str, n: int, w: float) -> Decide:
    throttle = Throttled(
        key=key,
        using=RateLimiterType.GCRA.value,
        quota=per_duration(timedelta(seconds=w), limit=n),
        store=RedisStore(server=url),
    )
    return lambda: not throttle.limit(key).limited


#: name -> (factory, semantics: "window" = at most N in any W, "bucket" = N burst, N/W refill)
SUBJECTS: dict[str, tuple[Callable[[str, str, int, float], Decide], str]] = {
    "ours: RedisSlidingWindow": (_ours("window"), "window"),
    "ours: RedisTokenBucket": (_ours("bucket"), "bucket"),
    f"limits {version('limits')}: moving window": (_limits_moving, "window"),
    f"pyrate-limiter {version('pyrate-limiter')}: RedisBucket": (_pyrate, "window"),
    f"throttled-py {version('throttled-py')}: GCRA": (_throttled, "bucket"),
}


# --- a local redis-server -----------------------------------------------------------------------
class Server:
    def __init__(self) -> None:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        args = [ensure("redis-server"), "--port", str(self.port), "--bind", "127.0.0.1"]
        args += ["--save", "", "--appendonly", "no"]
        self.proc = subprocess.Popen(args, stdout=subprocess.DEVNULL)
        client = redis.Redis(port=self.port)
        for _ in range(500):
            try:
                client.ping()
                return
            except redis.ConnectionError:
                time.sleep(0.01)
        raise SystemExit("redis-server did not start")

    def stop(self) -> None:
        assert self.proc is not None
        self.proc.kill()
        self.proc.wait()

    def client(self) -> redis.Redis:
        return redis.Redis(port=self.port, decode_responses=True)


def _fresh(server: Server, key_epoch: bool = True) -> None:
    """Empty the server; our epoch is older than any window here, so every subject starts
    full (or empty), as the peers do."""
    client = server.client()
    client.flushall()
    if key_epoch:
        seconds, micros = client.time()
        client.set("bench:epoch", seconds * US + micros - 10**7 * US)  # 116 days


# --- workers ----------------------------------------------------------------------------------
def _worker(name: str, url: str, key: str, n: int, w: float, threads: int, until: float) -> list:
    """One client process: `threads` threads deciding until wall time `until`."""
    decide = SUBJECTS[name][0](url, key, n, w)
    # (before, after, 1 admitted / 0 refused / -1 error, Redis time in us or None)
    out: list[tuple[float, float, int, int | None]] = []
    lock = threading.Lock()

    def run() -> None:
        mine = []
        while (before := time.time()) < until:
            at = None
            try:
                result = decide()
                ok = 1 if _ok(result) else 0
                at = result.at_us if isinstance(result, Decision) else None
            except Exception:  # a peer's error after a restart: counted, not admitted
                ok = -1
            mine.append((before, time.time(), ok, at))
        with lock:
            out.extend(mine)

    pool = [threading.Thread(target=run) for _ in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    return out


def _fleet(name: str, server: Server, processes: int, threads: int, n: int, w: float, s: float):
    ctx = multiprocessing.get_context("fork")
    until = time.time() + 0.3 + s  # 0.3 s for the processes to connect
    jobs = [(name, server.url, "fleet", n, w, threads, until)] * processes
    with ctx.Pool(processes) as pool:
        return [d for part in pool.starmap(_worker, jobs) for d in part]


# --- what the decisions mean ------------------------------------------------------------------
def _over_in_any_window(admitted: list[tuple[float, float]], n: int, w: float) -> int:
    """Admissions CERTAINLY inside one window of `w`, beyond `n` (a lower bound: each admission
    happened somewhere between its call and its return)."""
    admitted = sorted(admitted)
    worst = 0
    for i, (start, _) in enumerate(admitted):  # the windows that open at a call
        inside, j = 0, i
        while j < len(admitted) and admitted[j][0] < start + w:
            inside += admitted[j][1] < start + w
            j += 1
        worst = max(worst, inside)
    return max(0, worst - n)


def _times_us(decisions: list) -> tuple[list[float], bool]:
    """Each request's time: the Redis time of the decision when the limiter reports it (this
    guide's), else the midpoint of the call (the peers')."""
    if all(d[3] is not None for d in decisions):
        return sorted(d[3] for d in decisions), True
    return sorted((d[0] + d[1]) / 2 * US for d in decisions), False


def _ideal(semantics: str, decisions: list, n: int, w: float) -> int:
    """What one ideal limiter admits for the same requests at the same times."""
    admitted, span = 0, w * US
    times, _ = _times_us(decisions)
    if semantics == "bucket":
        zero = -math.inf  # the time the bucket was empty: starts full
        for t in times:
            zero = max(zero, t - span)  # full after one window (n tokens at n per window)
            if zero + span / n <= t:
                zero += span / n
                admitted += 1
        return admitted
    leaves: deque[float] = deque()
    for t in times:
        while leaves and leaves[0] <= t:
            leaves.popleft()
        if len(leaves) < n:
            leaves.append(t + span)
            admitted += 1
    return admitted


def contention(name: str, server: Server, processes: int, threads: int) -> dict[str, Any]:
    _fresh(server)
    decisions = _fleet(name, server, processes, threads, LIMIT, WINDOW, RUN_S)
    semantics = SUBJECTS[name][1]
    admitted = [(b, a) for b, a, ok, _ in decisions if ok == 1]
    over = _over_in_any_window(admitted, LIMIT, WINDOW) if semantics == "window" else None
    return {
        "decisions": len(decisions),
        "admitted": len(admitted),
        "ideal": _ideal(semantics, decisions, LIMIT, WINDOW),
        "errors": sum(1 for _, _, ok, _ in decisions if ok == -1),
        "server_time": _times_us(decisions)[1],
        "over_in_a_window": over,
    }


def restart(name: str, server: Server) -> dict[str, Any]:
    """Use up the limit (500 per 10 s), restart Redis (its state is lost), keep deciding for
    2 s. An ideal window admits nothing more; an ideal bucket only what refilled (50/s)."""
    n, w = LIMIT, RESTART_WINDOW
    _fresh(server)
    decide = SUBJECTS[name][0](server.url, "restart", n, w)
    start = time.time()
    filled = 0
    while filled < n and time.time() - start < 5:
        filled += 1 if _ok(decide()) else 0
    server.stop()
    server.start()
    restarted = time.time()
    after, errors = 0, 0
    while time.time() < restarted + 2.0:
        try:
            after += 1 if _ok(decide()) else 0
        except Exception:
            errors += 1
    refilled = n / w * (time.time() - start) - (n - filled)
    return {
        "admitted_after": after,
        "ideal_after": round(max(0.0, refilled)) if SUBJECTS[name][1] == "bucket" else 0,
        "errors_after": errors,
    }


def throughput(name: str, server: Server, clients: int) -> int:
    """Decisions per second from `clients` processes, with a limit none reaches (every decision
    is an admission: the write path)."""
    _fresh(server)
    decisions = _fleet(name, server, clients, 1, *NEVER_REACHED, THROUGHPUT_S)
    duration = max(d[1] for d in decisions) - min(d[0] for d in decisions)
    return round(len(decisions) / duration)


def costs(name: str, server: Server, n: int = 200) -> dict[str, float]:
    """Round trips (commands a client sends) and server commands (those plus the ones a script
    runs) per admitted decision, read from the server's MONITOR feed."""
    _fresh(server)
    decide = SUBJECTS[name][0](server.url, "costs", *NEVER_REACHED)
    for _ in range(5):
        decide()  # connection set-up and script loading are not per decision
    seen: list[dict[str, Any]] = []
    ready = threading.Event()

    def watch() -> None:
        with server.client().monitor() as feed:
            ready.set()
            for command in feed.listen():
                if "bench-costs-end" in command["command"]:
                    return
                seen.append(command)

    watcher = threading.Thread(target=watch)
    watcher.start()
    ready.wait()
    server.client().ping()  # MONITOR is on once this is echoed back
    for _ in range(n):
        decide()
    server.client().echo("bench-costs-end")
    watcher.join()
    mine = [c for c in seen if c["command"] != "PING"]
    trips = sum(1 for c in mine if c["client_type"] != "lua")
    return {"round_trips": round(trips / n, 2), "server_commands": round(len(mine) / n, 2)}


def main() -> None:
    load_at_start = os.getloadavg()[0]
    server = Server()
    server.start()
    results: dict[str, Any] = {name: {"contention": {}} for name in SUBJECTS}
    rounds: dict[str, dict[str, list[int]]] = {name: {} for name in SUBJECTS}
    try:
        for _ in range(ROUNDS):  # interleaved: a slow moment of the machine hits every subject
            for name in SUBJECTS:
                for clients in (1, 4, 16):
                    rate = throughput(name, server, clients)
                    rounds[name].setdefault(str(clients), []).append(rate)
                    print(name, "throughput", clients, rate, flush=True)
        for name, row in results.items():
            row["throughput"] = {k: statistics.median(v) for k, v in rounds[name].items()}
            row["throughput_rounds"] = rounds[name]
            row["costs"] = costs(name, server)
            print(name, "costs", row["costs"], flush=True)
            for processes, threads in ((4, 8), (16, 1)):
                key = f"{processes}x{threads}"
                row["contention"][key] = contention(name, server, processes, threads)
                print(name, "contention", key, row["contention"][key], flush=True)
            row["restart"] = restart(name, server)
            print(name, "restart", row["restart"], flush=True)
    finally:
        server.stop()
    redis_version = subprocess.run(
        [ensure("redis-server"), "--version"], capture_output=True, text=True, check=True
    ).stdout.split()[2]
    OUT.write_text(
        json.dumps(
            {
                "measured": datetime.now(UTC).strftime("%Y-%m-%d"),
                "machine": f"{platform.processor() or platform.machine()}, {os.cpu_count()} "
                f"cores, Linux {platform.release()}, Python {platform.python_version()}, "
                f"redis-py {version('redis')}, Redis {redis_version.removeprefix('v=')} on "
                f"127.0.0.1; load average {load_at_start:.1f} at start, "
                f"{os.getloadavg()[0]:.1f} at end (a shared machine)",
                "limit": LIMIT,
                "window_s": WINDOW,
                "run_s": RUN_S,
                "throughput_s": THROUGHPUT_S,
                "rounds": ROUNDS,
                "restart_window_s": RESTART_WINDOW,
                "subjects": results,
            },
            indent=1,
        )
        + "\n"
    )
    print("wrote", OUT.relative_to(ROOT))


if __name__ == "__main__":
    main()
