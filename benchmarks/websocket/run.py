"""WebSocket benchmark: book updates per second from recorded price_change traffic (this client
vs a naive json.loads + dict loop), and reconnect-to-resubscribed time on loopback.

    /work/venv/bin/python benchmarks/websocket/run.py

Writes scripts/tables/data/websocket_bench.json, which the page renders.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import platform
import statistics
import sys
import time
import timeit
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from snippets.websocket import market_stream  # noqa: E402
from snippets.websocket.market_stream import MarketStream, StreamConfig  # noqa: E402

DATA = json.loads((ROOT / "tests/snippets/websocket/data/market_replay.json").read_text())
OUT = ROOT / "scripts/tables/data/websocket_bench.json"
BOOK_FRAME = DATA["frames"][0]
UPDATES = [f for f in DATA["frames"][1:] if '"price_change"' in f]
ASSETS = sorted({c["asset_id"] for f in UPDATES for c in json.loads(f)["price_changes"]})
CHANGES = sum(len(json.loads(f)["price_changes"]) for f in UPDATES)
ROUNDS = 200
REPEATS = 5
_STAMPS = [int(json.loads(f)["timestamp"]) for f in UPDATES]
SPAN_MS = max(_STAMPS) - min(_STAMPS)


def naive_rate() -> float:
    """What a first attempt does: json.loads each frame, set a dict entry per change."""
    books: dict[str, dict[str, dict[str, float]]] = {a: {"BUY": {}, "SELL": {}} for a in ASSETS}
    start = time.perf_counter()
    for _ in range(ROUNDS):
        for raw in UPDATES:
            for ch in json.loads(raw)["price_changes"]:
                side = books[ch["asset_id"]][ch["side"]]
                if float(ch["size"]) == 0:
                    side.pop(ch["price"], None)
                else:
                    side[ch["price"]] = float(ch["size"])
    return ROUNDS * CHANGES / (time.perf_counter() - start)


def _hash_with(book, neg_risk: bool) -> str:  # type: ignore[no-untyped-def]
    book.neg_risk = neg_risk
    return book.compute_hash()


def client_rate(verify: bool, every: float = 0.1, msgspec: bool = True) -> tuple[float, float]:
    """MarketStream's own frame path: decode, validate, apply, (verify hashes).

    Returns (updates per second, hash checks per round)."""

    async def fetch(_: str) -> dict:
        raise NotImplementedError

    cfg = StreamConfig(verify_hashes=verify, verify_every=every)
    stream = MarketStream(ASSETS, fetch, config=cfg)
    stream._on_frame(BOOK_FRAME)
    for book in stream.books.values():  # the two REST-only fields (see the cassette spec)
        book.min_order_size = "5"
        book.neg_risk = next(n for n in (False, True) if _hash_with(book, n) == book.hash)
    saved = market_stream.decode_price_change
    if not msgspec:  # what a reader without msgspec gets: every frame through json.loads
        market_stream.decode_price_change = lambda frame: None
    elapsed = 0.0
    try:
        for _ in range(ROUNDS):
            for book in stream.books.values():  # back to the snapshot between rounds (untimed)
                book.mark_stale()
            stream._on_frame(BOOK_FRAME)
            start = time.perf_counter()
            for raw in UPDATES:
                stream._on_frame(raw)
            elapsed += time.perf_counter() - start
    finally:
        market_stream.decode_price_change = saved
    assert stream.stats.hash_mismatches == 0 and stream.stats.rejected == 0
    return ROUNDS * CHANGES / elapsed, stream.stats.hash_checks / ROUNDS


async def reconnect_times(base: float, runs: int = 20) -> list[float]:
    """Abort the server side of the connection; time until the resubscribe frame arrives."""
    from websockets.asyncio.server import serve

    subscribed: asyncio.Queue[float] = asyncio.Queue()
    conns = []

    async def handler(ws) -> None:
        await ws.recv()
        subscribed.put_nowait(time.perf_counter())
        await ws.send(BOOK_FRAME)  # as the real server does: snapshots right after subscribe
        conns.append(ws)
        await ws.wait_closed()

    async def fetch(asset: str) -> dict:
        return json.loads(BOOK_FRAME)[0] | {"asset_id": asset}

    server = await serve(handler, "127.0.0.1", 0, ping_interval=None)
    url = f"ws://127.0.0.1:{server.sockets[0].getsockname()[1]}"
    cfg = StreamConfig(url=url, backoff_base=base, backoff_cap=base * 8)
    times = []
    async with MarketStream(ASSETS[:2], fetch, config=cfg):
        await subscribed.get()
        for _ in range(runs):
            start = time.perf_counter()
            conns[-1].transport.abort()
            times.append(await subscribed.get() - start)
    server.close()
    await server.wait_closed()
    return times


def decode_costs() -> tuple[float, float]:
    """Microseconds per frame to parse the price_change frames: json.loads vs msgspec."""
    from snippets.websocket.frame_decoder import decode_price_change

    def per_frame(fn) -> float:  # type: ignore[no-untyped-def]
        best = min(timeit.repeat(lambda: [fn(raw) for raw in UPDATES], number=50, repeat=5))
        return best / 50 / len(UPDATES) * 1e6

    return per_frame(json.loads), per_frame(decode_price_change)


def hash_cost() -> tuple[float, int]:
    """Microseconds per hash check of the busiest recorded book, and its level count."""
    from snippets.websocket.order_book import LocalBook

    body = max(json.loads(BOOK_FRAME), key=lambda b: len(b["bids"]) + len(b["asks"]))
    book = LocalBook(body["asset_id"])
    book.replace(body | {"min_order_size": "5", "neg_risk": False})
    best = min(timeit.repeat(book.compute_hash, number=2000, repeat=5))
    return best / 2000 * 1e6, len(body["bids"]) + len(body["asks"])


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


PATHS = {  # key: (verify hashes, verify_every, msgspec)
    "client_msgspec_no_hash": (False, 0.1, True),
    "client_msgspec_hash_default": (True, StreamConfig().verify_every, True),
    "client_msgspec_hash_every_timestamp": (True, 0.0, True),
    "client_msgspec_hash_every_1s": (True, 1.0, True),
    "client_stdlib_no_hash": (False, 0.1, False),
    "client_stdlib_hash_default": (True, StreamConfig().verify_every, False),
}


def main() -> None:
    logging.disable(logging.WARNING)  # 20 deliberate disconnects would log 20 warnings
    load_before = os.getloadavg()
    rates: dict[str, list[float]] = {"naive": []}
    checks: dict[str, float] = {}
    for _ in range(REPEATS):  # interleaved, so a burst of load hits every path alike
        rates["naive"].append(naive_rate())
        for key, args in PATHS.items():
            rate, checks[key] = client_rate(*args)
            rates.setdefault(key, []).append(rate)
    median = {key: round(statistics.median(values)) for key, values in rates.items()}
    json_us, msgspec_us = decode_costs()
    check_us, check_levels = hash_cost()
    base = 0.05
    times = asyncio.run(reconnect_times(base))
    result = {
        "measured": time.strftime("%Y-%m-%d"),
        "python": platform.python_version(),
        "python_build": f"{platform.python_implementation()} {' '.join(platform.python_build())}"
        f" ({platform.python_compiler()})",
        "machine": platform.machine(),
        "cpu": cpu_model(),
        "cpus": os.cpu_count(),
        "load_avg_1m_before": round(load_before[0], 2),
        "load_avg_1m_after": round(os.getloadavg()[0], 2),
        "msgspec": msgspec_version(),
        "frames": len(UPDATES),
        "changes_per_round": CHANGES,
        "server_time_per_round_ms": SPAN_MS,
        "rounds": ROUNDS,
        "repeats": REPEATS,
        "naive_updates_per_s": median["naive"],
        **{f"{key}_updates_per_s": median[key] for key in PATHS},
        **{f"{key}_checks_per_round": checks[key] for key in PATHS if "no_hash" not in key},
        "default_verify_every_s": StreamConfig().verify_every,
        "json_loads_us_per_frame": round(json_us, 2),
        "msgspec_us_per_frame": round(msgspec_us, 2),
        "hash_check_us": round(check_us, 1),
        "hash_check_levels": check_levels,
        "reconnect_backoff_base_s": base,
        "reconnect_runs": len(times),
        "reconnect_median_ms": round(statistics.median(times) * 1000, 1),
        "reconnect_p95_ms": round(sorted(times)[int(len(times) * 0.95) - 1] * 1000, 1),
        "reconnect_target_ms": round((base + 0.05) * 1000, 1),
        "reconnect_max_ms": round(max(times) * 1000, 1),
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))


def msgspec_version() -> str | None:
    try:
        import msgspec
    except ImportError:
        return None
    return msgspec.__version__


if __name__ == "__main__":
    main()
