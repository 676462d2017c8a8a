"""Rate-limiter benchmark: this guide's limiters beside pyrate-limiter, limits, aiolimiter,
throttled-py and ratelimit, in one run.

    python3 scripts/run.py bench rate_limiting   # installs the peers, then runs this file

Writes scripts/tables/data/rate_limiting_bench.json; the Rate limiting page renders its tables
from that file (scripts/tables/rate_limiting.py). Not part of the test suite: it takes about
two to three minutes and its numbers depend on the machine.
"""

from __future__ import annotations

import asyncio
import gc
import json
import os
import platform
import sys
import sysconfig
import threading
import time
import tracemalloc
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import partial
from importlib.metadata import version
from itertools import repeat
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
warnings.filterwarnings("ignore")

import aiolimiter  # noqa: E402
import limits  # noqa: E402
import ratelimit  # noqa: E402
import throttled  # noqa: E402
from pyrate_limiter import Duration, Limiter, Rate  # noqa: E402
from pyrate_limiter.limiter_factory import create_token_bucket_limiter  # noqa: E402

from snippets.rate_limiting.rate_limiter import AsyncRateLimiter, RateLimiter  # noqa: E402
from snippets.rate_limiting.token_bucket import AsyncTokenBucket, TokenBucket  # noqa: E402

OUT = ROOT / "scripts" / "tables" / "data" / "rate_limiting_bench.json"
OURS_WINDOW, OURS_BUCKET = "ours: RateLimiter", "ours: TokenBucket"


# --- the subjects: a factory (limit, period) -> a zero-argument non-blocking decision --------
@dataclass
class Subject:
    name: str
    contract: str  # what the limiter guarantees
    make: Callable[[int, float], Callable[[], bool]] | None  # None: no sync non-blocking call
    exact_window: bool  # is its promise "at most N in ANY window of the period"?


def _ours_window(n: int, period: float) -> Callable[[], bool]:
    return RateLimiter(n, period).try_acquire


def _ours_bucket(n: int, period: float) -> Callable[[], bool]:
    return TokenBucket(n, n / period).try_acquire


def _pyrate_window(n: int, period: float) -> Callable[[], bool]:
    return partial(Limiter(Rate(n, Duration.SECOND * period)).try_acquire, "k", blocking=False)


def _pyrate_bucket(n: int, period: float) -> Callable[[], bool]:
    limiter = create_token_bucket_limiter(n, Duration.SECOND * period, burst=n)
    return partial(limiter.try_acquire, "k", blocking=False)


def _limits(strategy: type) -> Callable[[int, float], Callable[[], bool]]:
    def make(n: int, period: float) -> Callable[[], bool]:
        item = limits.RateLimitItemPerSecond(n, int(period))
        return partial(strategy(limits.storage.MemoryStorage()).hit, item, "k")

    return make


def _throttled(using: str) -> Callable[[int, float], Callable[[], bool]]:
    def make(n: int, period: float) -> Callable[[], bool]:
        quota = throttled.per_duration(timedelta(seconds=period), limit=n, burst=n)
        t = throttled.Throttled(using=using, quota=quota, store=throttled.MemoryStore())
        return lambda: not t.limit("k").limited

    return make


def _ratelimit(n: int, period: float) -> Callable[[], bool]:
    @ratelimit.limits(calls=n, period=period, raise_on_limit=False)
    def call() -> bool:
        return True

    return call  # None (falsy) when refused


S = strategies = limits.strategies
SUBJECTS = [
    Subject(OURS_WINDOW, "exact sliding window", _ours_window, True),
    Subject(OURS_BUCKET, "token bucket", _ours_bucket, False),
    Subject("pyrate-limiter (in-memory)", "exact sliding window (log)", _pyrate_window, True),
    Subject("pyrate-limiter (token bucket)", "token bucket (GCRA)", _pyrate_bucket, False),
    Subject("limits (moving window)", "exact sliding window (log)",
            _limits(S.MovingWindowRateLimiter), True),
    Subject("limits (sliding-window counter)", "approximate sliding window",
            _limits(S.SlidingWindowCounterRateLimiter), False),
    Subject("limits (fixed window)", "fixed window", _limits(S.FixedWindowRateLimiter), False),
    Subject("throttled-py (sliding window)", "approximate sliding window",
            _throttled("sliding_window"), False),
    Subject("throttled-py (token bucket)", "token bucket", _throttled("token_bucket"), False),
    Subject("ratelimit", "fixed window", _ratelimit, False),
    Subject("aiolimiter", "leaky bucket, asyncio only", None, False),
]  # fmt: skip


def _best_ns(samples: list[float]) -> float:
    """The fastest batch: on a shared machine the others measure its neighbours too."""
    return round(min(samples), 1)


# --- 1. non-blocking decision cost ---------------------------------------------------------
def _per_call_ns(decide: Callable[[], object], n: int) -> tuple[float, int]:
    ok = 0
    t0 = time.perf_counter_ns()
    for _ in repeat(None, n):
        if decide():
            ok += 1
    return (time.perf_counter_ns() - t0) / n, ok


def decision_cost(batches: int = 41, n: int = 3_000) -> dict[str, Any]:
    """ns per decision, net of the timing loop (measured with a C no-op that returns True).

    Rounds are interleaved (every subject once per round, best round kept), so a slow spell
    of the shared machine hits every subject alike instead of whichever ran during it.
    """
    limit, period = 3_500, 10.0  # the older revision's POST /order burst (see limits.py)
    subjects = [s for s in SUBJECTS if s.make is not None]
    allowed: dict[str, list[float]] = {s.name: [] for s in subjects}
    denied: dict[str, list[float]] = {s.name: [] for s in subjects}
    loops: list[float] = []
    for _ in range(batches):
        loops.append(_per_call_ns((1).__bool__, n)[0])
        for s in subjects:
            decide = s.make(limit, period)  # type: ignore[misc]
            ns, ok = _per_call_ns(decide, n)
            allowed[s.name].append(ns)
            assert ok == n, (s.name, ok)
            while decide():  # exhaust it
                pass
            ns, ok = _per_call_ns(decide, n)
            denied[s.name].append(ns)
            # buckets refill meanwhile (throttled-py in whole-second steps): some calls pass
    loop = _best_ns(loops)
    rows = [{"name": s.name, "allowed_ns": round(_best_ns(allowed[s.name]) - loop, 1),
             "denied_ns": round(_best_ns(denied[s.name]) - loop, 1)}
            for s in subjects]  # fmt: skip
    rows.append(asyncio.run(_aiolimiter_cost(batches, n, limit, period, loop)))
    return {"limit": "3,500 per 10 s", "calls_per_batch": n, "batches": batches,
            "interleaved": True, "loop_ns": loop, "rows": rows}  # fmt: skip


AIO_NOTE = "has_capacity() then await acquire(): it has no non-blocking acquire"


async def _aiolimiter_cost(
    batches: int, n: int, limit: int, period: float, loop: float
) -> dict[str, Any]:
    """aiolimiter has no non-blocking acquire: the decision is has_capacity() + acquire()."""
    allowed, denied = [], []
    for _ in range(batches):
        lim = aiolimiter.AsyncLimiter(limit, period)
        t0 = time.perf_counter_ns()
        for _ in repeat(None, n):
            if lim.has_capacity():
                await lim.acquire()
        allowed.append((time.perf_counter_ns() - t0) / n - loop)
        while lim.has_capacity():
            await lim.acquire()
        ns, _ = _per_call_ns(lim.has_capacity, n)  # a check: it records nothing either way
        denied.append(ns - loop)
    return {"name": "aiolimiter", "allowed_ns": _best_ns(allowed),
            "denied_ns": _best_ns(denied),
            "note": AIO_NOTE}  # fmt: skip


# --- 2. throughput on one shared limiter, every call admitted ------------------------------
def throughput(
    threads: tuple[int, ...] = (1, 2, 8, 32), seconds: float = 0.25, rounds: int = 3
) -> dict[str, Any]:
    """Calls per second; the best of `rounds` interleaved rounds (as in `decision_cost`)."""
    rows = {s.name: {"name": s.name} for s in SUBJECTS if s.make is not None}
    for _ in range(rounds):
        for s in SUBJECTS:
            if s.make is not None:
                row = rows[s.name]
                for k in threads:
                    rate = _throughput_trial(s, k, seconds)
                    row[str(k)] = max(row.get(str(k), 0), rate)
    return {"limit": "2,000,000 per hour (never reached)", "seconds_per_trial": seconds,
            "rounds": rounds, "threads": list(threads), "rows": list(rows.values())}  # fmt: skip


def _throughput_trial(s: Subject, k: int, seconds: float) -> int:
    limit, period = 2_000_000, 3_600.0  # never reached within a trial: every call is admitted
    decide = s.make(limit, period)  # type: ignore[misc]
    counts = [0] * k
    stop = threading.Event()
    start = threading.Barrier(k + 1)

    def worker(
        i: int,
        decide: Any = decide,
        start: Any = start,
        stop: Any = stop,
        out: Any = counts,
    ) -> None:
        start.wait()
        done = 0
        while not stop.is_set():
            for _ in range(64):
                if decide():
                    done += 1
        out[i] = done

    pool = [threading.Thread(target=worker, args=(i,)) for i in range(k)]
    for t in pool:
        t.start()
    start.wait()
    t0 = time.perf_counter()
    time.sleep(seconds)
    stop.set()
    for t in pool:
        t.join()
    return round(sum(counts) / (time.perf_counter() - t0))


# --- 3. thread safety: 32 threads x 2,500 try_acquire on a limit of 20,000 ------------------
def thread_safety(repeats: int = 2) -> dict[str, Any]:
    rows = []
    old = sys.getswitchinterval()
    sys.setswitchinterval(1e-4)
    try:
        for s in SUBJECTS:
            if s.make is None:
                continue
            results: list[int] = []
            errors: list[str] = []
            for _ in range(repeats):
                decide = s.make(20_000, 1e7)  # ~116 days: buckets cannot refill
                counts = [0] * 32
                start = threading.Barrier(32)

                def worker(
                    i: int, decide: Any = decide, start: Any = start, out: Any = counts
                ) -> None:
                    start.wait()
                    done = 0
                    try:
                        for _ in range(2_500):
                            if decide():
                                done += 1
                    except Exception as error:  # a peer's own bug: count it, report it
                        errors.append(f"{type(error).__name__}: {error}")  # noqa: B023
                    out[i] = done

                pool = [threading.Thread(target=worker, args=(i,)) for i in range(32)]
                for t in pool:
                    t.start()
                for t in pool:
                    t.join()
                results.append(sum(counts))
            rows.append({"name": s.name, "admitted": results,
                         "exact": all(r == 20_000 for r in results) and not errors,
                         "errors": sorted(set(errors))})  # fmt: skip
    finally:
        sys.setswitchinterval(old)
    return {"calls": 80_000, "limit": 20_000, "threads": 32, "switchinterval": 1e-4,
            "rows": rows}  # fmt: skip


# --- 4. accuracy of the blocking call: "50 per 1 s" for 5 s --------------------------------
RUN_S, LIMIT, COSTS = 5.0, 50, (1, 1, 5, 1, 15)


def _window_stats(stamps: list[float], t0: float, waits: list[float]) -> dict[str, Any]:
    inside = sorted(t for t in stamps if t0 <= t < t0 + RUN_S)
    j, worst, over = 0, 0, 0
    for i, t in enumerate(inside):  # admissions in [t, t + 1) for every admission t
        j = max(j, i)
        while j < len(inside) and inside[j] < t + 1.0:
            j += 1
        worst = max(worst, j - i)
        over += j - i > LIMIT
    return {"admitted": len(inside), "rate_pct": round(100 * len(inside) / (LIMIT * RUN_S), 2),
            "windows_over_limit": over, "max_in_1s": worst,
            "longest_wait_s": round(max(waits), 3)}  # fmt: skip


def _bucket_stats(events: list[tuple[float, int]], t0: float, waits: list[float]) -> dict[str, Any]:
    """Replay the admissions through an ideal server bucket (50 tokens, 50 per second)."""
    inside = sorted(e for e in events if t0 <= e[0] < t0 + RUN_S)
    level, last, rejected = float(LIMIT), t0, 0
    for t, cost in inside:
        level = min(float(LIMIT), level + (t - last) * LIMIT)
        last = t
        if level + 1e-6 < cost:
            rejected += 1
        else:
            level -= cost
    tokens = sum(c for _, c in inside)
    return {"admitted": len(inside), "tokens": tokens,
            "rate_pct": round(100 * tokens / (LIMIT + LIMIT * RUN_S), 2),
            "would_be_429": rejected, "longest_wait_s": round(max(waits), 3)}  # fmt: skip


def _threads_run(call: Callable[[int], object], costs: bool) -> tuple[list, list, float]:
    events: list[Any] = []
    waits: list[float] = []
    lock = threading.Lock()
    time.sleep(0.2)  # a short idle first
    t0 = time.monotonic()

    def worker(i: int) -> None:
        k = i
        while True:
            cost = COSTS[k % len(COSTS)] if costs else 1
            k += 1
            before = time.monotonic()
            if before >= t0 + RUN_S:
                return
            call(cost)
            after = time.monotonic()
            with lock:
                events.append((after, cost) if costs else after)
                waits.append(after - before)

    pool = [threading.Thread(target=worker, args=(i,)) for i in range(32)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    return events, waits, t0


async def _tasks_run(call: Callable[[int], Any], costs: bool) -> tuple[list, list, float]:
    events: list[Any] = []
    waits: list[float] = []
    await asyncio.sleep(0.2)
    t0 = time.monotonic()

    async def worker(i: int) -> None:
        k = i
        while True:
            cost = COSTS[k % len(COSTS)] if costs else 1
            k += 1
            before = time.monotonic()
            if before >= t0 + RUN_S:
                return
            await call(cost)
            after = time.monotonic()
            events.append((after, cost) if costs else after)
            waits.append(after - before)

    await asyncio.gather(*(worker(i) for i in range(64)))
    return events, waits, t0


def _pyrate_blocking(weighted: bool) -> Callable[[int], object]:
    if weighted:
        lim = create_token_bucket_limiter(LIMIT, Duration.SECOND, burst=LIMIT)
    else:
        lim = Limiter(Rate(LIMIT, Duration.SECOND))
    return lambda cost: lim.try_acquire("k", weight=cost)


def _throttled_blocking() -> Callable[[int], object]:
    quota = throttled.per_sec(LIMIT, burst=LIMIT)
    t = throttled.Throttled(using="sliding_window", quota=quota, store=throttled.MemoryStore())
    return lambda cost: t.limit("k", cost=cost, timeout=60)


def _ratelimit_blocking() -> Callable[[int], object]:
    @ratelimit.sleep_and_retry
    @ratelimit.limits(calls=LIMIT, period=1)
    def call() -> None:
        return None

    return lambda cost: call()


class LoggedRateLimiter(RateLimiter):
    """Ours, also logging each admission at the time the limiter itself records it."""

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.admitted: list[float] = []

    def _record_locked(self, cost: int, now: float) -> None:
        self.admitted.extend([now] * cost)
        super()._record_locked(cost, now)


def accuracy() -> dict[str, Any]:
    window: list[dict[str, Any]] = []
    bucket: list[dict[str, Any]] = []

    def threads(name: str, contract: str, call: Callable[[int], object], costs: bool) -> None:
        events, waits, t0 = _threads_run(call, costs)
        stats = _bucket_stats(events, t0, waits) if costs else _window_stats(events, t0, waits)
        (bucket if costs else window).append({"name": name, "callers": "32 threads",
                                              "contract": contract, **stats})  # fmt: skip

    def tasks(
        name: str, contract: str, make: Callable[[], Callable[[int], Any]], costs: bool
    ) -> None:
        async def main() -> tuple[list, list, float]:
            return await _tasks_run(make(), costs)

        events, waits, t0 = asyncio.run(main())
        stats = _bucket_stats(events, t0, waits) if costs else _window_stats(events, t0, waits)
        (bucket if costs else window).append({"name": name, "callers": "64 asyncio tasks",
                                              "contract": contract, **stats})  # fmt: skip

    ours_w = LoggedRateLimiter(LIMIT, 1.0)
    threads(OURS_WINDOW, "exact sliding window", lambda c: ours_w.wait_if_needed(c), False)
    own = _window_stats(ours_w.admitted, min(ours_w.admitted), [0.0])
    window[-1]["windows_over_limit_own_clock"] = own["windows_over_limit"]
    tasks("ours: AsyncRateLimiter", "exact sliding window",
          lambda: AsyncRateLimiter(LIMIT, 1.0).wait_if_needed, False)  # fmt: skip
    threads("pyrate-limiter (in-memory)", "exact sliding window (log)",
            _pyrate_blocking(False), False)  # fmt: skip
    threads("throttled-py (sliding window)", "approximate sliding window",
            _throttled_blocking(), False)  # fmt: skip
    threads("ratelimit", "fixed window", _ratelimit_blocking(), False)
    tasks("aiolimiter", "leaky bucket (50 deep), not a window",
          lambda: aiolimiter.AsyncLimiter(LIMIT, 1.0).acquire, False)  # fmt: skip

    ours_b = TokenBucket(LIMIT, LIMIT)
    threads(OURS_BUCKET, "token bucket", lambda c: ours_b.wait_if_needed(c), True)
    tasks("ours: AsyncTokenBucket", "token bucket",
          lambda: AsyncTokenBucket(LIMIT, LIMIT).wait_if_needed, True)  # fmt: skip
    threads("pyrate-limiter (token bucket)", "token bucket (GCRA)", _pyrate_blocking(True), True)
    tasks("aiolimiter", "leaky bucket", lambda: aiolimiter.AsyncLimiter(LIMIT, 1.0).acquire, True)
    return {"limit": "50 per 1 s", "seconds": RUN_S, "costs": list(COSTS),
            "window": window, "bucket": bucket}  # fmt: skip


# --- 5. memory once saturated: 36,000 per 600 s (the older sustained figure) -------------
def memory() -> dict[str, Any]:
    n, period = 36_000, 600.0
    rows = []
    for s in SUBJECTS:
        if s.make is None:
            continue
        gc.collect()
        tracemalloc.start()
        base = tracemalloc.get_traced_memory()[0]
        decide = s.make(n, period)
        admitted = sum(1 for _ in range(n + 100) if decide())
        gc.collect()
        used = tracemalloc.get_traced_memory()[0] - base
        tracemalloc.stop()
        rows.append({"name": s.name, "contract": s.contract, "admitted": admitted,
                     "bytes": used})  # fmt: skip
        del decide
    rows.append(asyncio.run(_aiolimiter_memory(n, period)))
    return {"limit": "36,000 per 600 s", "rows": rows,
            "targets": {OURS_BUCKET: 560, OURS_WINDOW: 8 * n + 1024}}  # fmt: skip


async def _aiolimiter_memory(n: int, period: float) -> dict[str, Any]:
    gc.collect()
    tracemalloc.start()
    base = tracemalloc.get_traced_memory()[0]
    lim = aiolimiter.AsyncLimiter(n, period)
    admitted = 0
    while lim.has_capacity():
        await lim.acquire()
        admitted += 1
    gc.collect()
    used = tracemalloc.get_traced_memory()[0] - base
    tracemalloc.stop()
    return {"name": "aiolimiter", "contract": "leaky bucket", "admitted": admitted, "bytes": used}


# --- the machine, the targets, the file -----------------------------------------------------
def machine() -> dict[str, Any]:
    model = next(
        (line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
         if line.startswith("model name")),
        platform.processor() or "unknown",
    )  # fmt: skip
    return {
        "nproc": os.cpu_count(),
        "usable_cpus": len(os.sched_getaffinity(0)),
        "cpu_model": model,
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "build": " ".join(platform.python_build()),
        "compiler": platform.python_compiler(),
        "configure": " ".join(
            a for a in (sysconfig.get_config_var("CONFIG_ARGS") or "").split()
            if "optimiz" in a or "lto" in a
        ) or "(no --enable-optimizations / --with-lto)",
        "os": platform.platform(),
        "versions": {p: version(p) for p in ("pyrate-limiter", "limits", "aiolimiter",
                                             "throttled-py", "ratelimit")},
    }  # fmt: skip


def targets(data: dict[str, Any]) -> list[dict[str, Any]]:
    rows = {r["name"]: r for r in data["decision"]["rows"]}
    peers = [r for name, r in rows.items() if not name.startswith("ours")]
    fast_ok = min(peers, key=lambda r: r["allowed_ns"])
    fast_no = min(peers, key=lambda r: r["denied_ns"])
    out = []

    def add(what: str, goal: str, measured: str, met: bool) -> None:
        out.append({"target": what, "goal": goal, "measured": measured, "met": met})

    for name, limit in ((OURS_BUCKET, 0.55), (OURS_WINDOW, 0.70)):
        ratio = rows[name]["allowed_ns"] / fast_ok["allowed_ns"]
        add(f"{name}: allowed decision", f"<= {limit}x {fast_ok['name']}", f"{ratio:.2f}x",
            ratio <= limit)  # fmt: skip
        ratio = rows[name]["denied_ns"] / fast_no["denied_ns"]
        add(f"{name}: denied decision", f"<= 0.60x {fast_no['name']}", f"{ratio:.2f}x",
            ratio <= 0.60)  # fmt: skip
    safe = {r["name"] for r in data["thread_safety"]["rows"] if r["exact"]}
    exact_peers = [r for r in data["throughput"]["rows"]
                   if r["name"] in safe and not r["name"].startswith("ours")]  # fmt: skip
    for name in (OURS_WINDOW, OURS_BUCKET):
        ours = next(r for r in data["throughput"]["rows"] if r["name"] == name)
        for k in data["throughput"]["threads"]:
            best = max(exact_peers, key=lambda r: r[str(k)]) if exact_peers else None
            ratio = ours[str(k)] / best[str(k)] if best else float("inf")
            add(f"{name}: throughput, {k} thread(s)",
                f">= 1.2x the best exact peer ({best['name'] if best else 'none'})",
                f"{ratio:.2f}x", ratio >= 1.2)  # fmt: skip
    for r in data["thread_safety"]["rows"]:
        if r["name"].startswith("ours"):
            add(f"{r['name']}: 80,000 calls on 20,000", "exactly 20,000",
                ", ".join(map(str, r["admitted"])), r["exact"])  # fmt: skip
    for r in data["accuracy"]["window"]:
        if r["name"].startswith("ours"):
            own = r.get("windows_over_limit_own_clock")
            measured = str(r["windows_over_limit"])
            if own is not None:
                measured += f" timed at return; {own} by the limiter's own clock"
            add(f"{r['name']} ({r['callers']}): windows over 50", "0", measured,
                r["windows_over_limit"] == 0)  # fmt: skip
            add(f"{r['name']} ({r['callers']}): rate", ">= 99.5 %", f"{r['rate_pct']} %",
                r["rate_pct"] >= 99.5)  # fmt: skip
    for r in data["accuracy"]["bucket"]:
        if r["name"].startswith("ours"):
            add(f"{r['name']} ({r['callers']}): would-be 429s", "0", str(r["would_be_429"]),
                r["would_be_429"] == 0)  # fmt: skip
    mem = {r["name"]: r["bytes"] for r in data["memory"]["rows"]}
    for name, limit in data["memory"]["targets"].items():
        add(f"{name}: memory at 36,000 per 600 s", f"<= {limit:,} bytes", f"{mem[name]:,} bytes",
            mem[name] <= limit)  # fmt: skip
    return out


def main() -> None:
    started = time.monotonic()
    data: dict[str, Any] = {"date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
                            "command": "python benchmarks/rate_limiting/run.py",
                            "machine": machine()}  # fmt: skip
    for key, step in (("decision", decision_cost), ("throughput", throughput),
                      ("thread_safety", thread_safety), ("memory", memory),
                      ("accuracy", accuracy)):  # fmt: skip
        t = time.monotonic()
        data[key] = step()
        print(f"{key}: {time.monotonic() - t:.1f} s", flush=True)
    data["targets"] = targets(data)
    data["machine"]["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    data["seconds"] = round(time.monotonic() - started, 1)
    OUT.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    for t in data["targets"]:
        print(("MET  " if t["met"] else "MISS ") + f"{t['target']}: {t['measured']} ({t['goal']})")
    print(f"wrote {OUT.relative_to(ROOT)} in {data['seconds']} s")


if __name__ == "__main__":
    main()
