"""WebSocket benchmark: level updates per second on the recorded V2 market traffic, for the naive
loop a reader writes first, `MarketStream` (with and without msgspec, hash check off and on) and
polymarket-client's own decode with a book of its models; then half-open detection and
reconnect-to-resubscribed time on loopback.

    python3 scripts/run.py bench websocket

Writes scripts/tables/data/websocket_bench.json, which the page renders. Every path parses the
same frame text; after each round its top of book must equal the naive loop's, and no hash
check may fail.
"""

from __future__ import annotations

import asyncio
import gc
import json
import logging
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from snippets.websocket.market_stream import MarketStream, StreamConfig  # noqa: E402

DATA = json.loads((ROOT / "tests/snippets/websocket/data/market_replay.json").read_text())
OUT = ROOT / "scripts/tables/data/websocket_bench.json"
FRAMES: list[str] = DATA["frames"]
BOOK_FRAME = FRAMES[0]  # the subscribe answer: an array of 24 book snapshots
UPDATES = [f for f in FRAMES[1:] if '"price_change"' in f]
SNAPSHOTS = json.loads(BOOK_FRAME)
ASSETS = sorted({b["asset_id"] for b in SNAPSHOTS})
CHANGES = sum(len(json.loads(f)["price_changes"]) for f in UPDATES)
SNAPSHOT_LEVELS = sum(len(b["bids"]) + len(b["asks"]) for b in SNAPSHOTS)
_STAMPS = [int(json.loads(f)["timestamp"]) for f in UPDATES]
SPAN_MS = max(_STAMPS) - min(_STAMPS)
WORKLOADS = {  # name: (frames timed per round, level updates per round, rounds)
    "changes": (UPDATES, CHANGES, 200),
    "mix": (FRAMES, SNAPSHOT_LEVELS + CHANGES, 40),
}
REPEATS = 7


# --8<-- [start:naive]
def naive_apply(raw: str, books: dict[str, dict[str, Any]]) -> None:
    """What a reader writes first: json.loads, one dict per side, best bid/ask recomputed with
    max/min after every update (a quoting bot needs them after every update)."""
    message = json.loads(raw)
    for event in message if isinstance(message, list) else [message]:
        kind = event.get("event_type")
        if kind == "book":
            book = books[event["asset_id"]]
            book["bids"] = {float(lv["price"]): float(lv["size"]) for lv in event["bids"]}
            book["asks"] = {float(lv["price"]): float(lv["size"]) for lv in event["asks"]}
            book["best"] = (max(book["bids"], default=None), min(book["asks"], default=None))
        elif kind == "price_change":
            for change in event["price_changes"]:
                book = books.get(change["asset_id"])
                if book is None:
                    continue
                side = book["bids"] if change["side"] == "BUY" else book["asks"]
                price, size = float(change["price"]), float(change["size"])
                if size == 0:
                    side.pop(price, None)
                else:
                    side[price] = size
                book["best"] = (max(book["bids"], default=None), min(book["asks"], default=None))


# --8<-- [end:naive]

Top = dict[str, tuple[float | None, float | None]]


def as_float(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


class Naive:
    def __init__(self) -> None:
        self.books: dict[str, dict[str, Any]] = {a: {} for a in ASSETS}

    def prime(self) -> None:
        naive_apply(BOOK_FRAME, self.books)

    def reset(self) -> None:
        pass  # the snapshot replaces every book

    def run(self, frames: list[str]) -> None:
        for raw in frames:
            naive_apply(raw, self.books)

    def top(self) -> Top:
        return {a: b["best"] for a, b in self.books.items()}


class Client:
    """MarketStream's own frame path (decode, validate, apply, hash checks)."""

    def __init__(self, verify: bool, every: float, msgspec: bool) -> None:
        async def fetch(_: str) -> dict[str, Any]:
            raise NotImplementedError

        self.msgspec = msgspec
        cfg = StreamConfig(verify_hashes=verify, verify_every=every)
        self.stream = MarketStream(ASSETS, fetch, config=cfg)
        self.stream._on_frame(BOOK_FRAME)
        for book in self.stream.books.values():  # the two REST-only fields (cassette spec)
            book.min_order_size = "5"
            book.neg_risk = next(n for n in (False, True) if hash_with(book, n) == book.hash)

    def prime(self) -> None:
        """Books built from the snapshot, as the naive loop's are: a side that a frame left as
        text is split here (untimed); the mix times that split when a change needs it."""
        self.reset()
        self.stream._on_frame(BOOK_FRAME)
        for book in self.stream.books.values():
            book.bids, book.asks  # noqa: B018  # the levels, as a reader would ask for them

    def reset(self) -> None:
        for book in self.stream.books.values():
            book.mark_stale()

    def run(self, frames: list[str]) -> None:
        saved = self.stream._decode_changes
        if not self.msgspec:  # what a reader without msgspec gets: every frame through json
            self.stream._decode_changes = None
        try:
            on_frame = self.stream._on_frame
            for raw in frames:
                on_frame(raw)
        finally:
            self.stream._decode_changes = saved

    def top(self) -> Top:
        books = self.stream.books
        return {a: (as_float(b.best_bid()), as_float(b.best_ask())) for a, b in books.items()}


class Sdk:
    """polymarket-client's decode (json.loads + its market-event models) into SdkBookKeeper."""

    def __init__(self) -> None:
        from polymarket._internal.streams.clob.market_protocol import parse_events

        from snippets.websocket.sdk_streams import SdkBookKeeper

        self.parse = parse_events
        self.keeper = SdkBookKeeper(None, ASSETS, None)  # type: ignore[arg-type]

    def prime(self) -> None:
        self.run([BOOK_FRAME])

    def reset(self) -> None:
        pass  # SdkBookKeeper treats every book event as a fresh snapshot

    def run(self, frames: list[str]) -> None:
        apply, parse = self.keeper.apply, self.parse
        for raw in frames:
            events, _ = parse(json.loads(raw))
            for event in events:
                apply(event)

    def top(self) -> Top:
        books = self.keeper.books
        return {a: (as_float(b.best_bid()), as_float(b.best_ask())) for a, b in books.items()}


def hash_with(book: Any, neg_risk: bool) -> str:
    book.neg_risk = neg_risk
    return book.compute_hash()


PATHS: dict[str, Callable[[], Any]] = {
    "naive": Naive,
    "client_no_hash": lambda: Client(False, 0.1, True),
    "client_hash_default": lambda: Client(True, StreamConfig().verify_every, True),
    "client_texts_no_check": lambda: Client(True, 1e9, True),  # hash texts kept, none due
    "client_hash_every_1s": lambda: Client(True, 1.0, True),
    "client_hash_every_timestamp": lambda: Client(True, 0.0, True),
    "stdlib_no_hash": lambda: Client(False, 0.1, False),
    "stdlib_hash_default": lambda: Client(True, StreamConfig().verify_every, False),
    "sdk": Sdk,
}


def timed(path: Any, workload: str) -> float:
    """Level updates per second for one repeat of `workload`, in CPU time of this thread (the
    cores are shared: time spent descheduled is not the code's), garbage collector paused
    while timing, as `timeit` does."""
    frames, levels, rounds = WORKLOADS[workload]
    elapsed = 0.0
    for _ in range(rounds):
        if workload == "changes":
            path.prime()  # back to the snapshot between rounds (untimed)
        else:
            path.reset()  # books wait for the subscribe snapshot, as after a reconnect
        gc.disable()
        start = time.thread_time()
        path.run(frames)
        elapsed += time.thread_time() - start
        gc.enable()
    return rounds * levels / elapsed


def throughput() -> tuple[dict[str, dict[str, int]], dict[str, int]]:
    paths = {name: make() for name, make in PATHS.items()}
    rates: dict[str, dict[str, list[float]]] = {w: {n: [] for n in paths} for w in WORKLOADS}
    for _ in range(REPEATS):  # interleaved, so a burst of load hits every path alike
        for workload in WORKLOADS:
            for name, path in paths.items():
                rates[workload][name].append(timed(path, workload))
                if path.top() != paths["naive"].top():
                    raise AssertionError(f"{name}: top of book differs from the naive loop's")
    checks = {}
    rounds = REPEATS * sum(r for _, _, r in WORKLOADS.values())
    for name, path in paths.items():
        if isinstance(path, Client):
            stats = path.stream.stats
            assert stats.hash_mismatches == 0 and stats.rejected == 0, (name, stats)
            checks[name] = stats.hash_checks
    checks["rounds"] = rounds
    medians = {
        w: {n: round(statistics.median(v)) for n, v in per.items()} for w, per in rates.items()
    }
    return medians, checks


async def half_open_detection(streams: int = 3) -> list[float]:
    """Seconds from the last frame to the stale disconnect, default StreamConfig, run at once
    on `streams` connections whose server stops answering (PINGs unanswered)."""
    from websockets.asyncio.server import serve

    last: dict[int, float] = {}

    async def handler(ws: Any) -> None:
        await ws.recv()
        await ws.send(BOOK_FRAME)
        last[id(ws)] = time.perf_counter()
        await ws.wait_closed()  # silent from here on: no PONG, no data

    async def fetch(asset: str) -> dict[str, Any]:
        raise ConnectionError("no REST in this measurement")

    server = await serve(handler, "127.0.0.1", 0, ping_interval=None)
    url = f"ws://127.0.0.1:{server.sockets[0].getsockname()[1]}/ws/market"
    detected: list[float] = []

    async def one() -> None:
        done = asyncio.Event()

        def on_connection(change: Any) -> None:
            if not change.connected:
                detected.append(time.perf_counter())
                done.set()

        cfg = StreamConfig(url=url)
        async with MarketStream(ASSETS[:1], fetch, config=cfg, on_connection=on_connection):
            await done.wait()

    await asyncio.gather(*(one() for _ in range(streams)))
    server.close()
    await server.wait_closed()
    starts = sorted(last.values())
    return [round(d - s, 2) for d, s in zip(sorted(detected), starts, strict=True)]


async def reconnect_times(base: float, runs: int = 20) -> list[float]:
    """Abort the server side of the connection; time until the resubscribe frame arrives."""
    from websockets.asyncio.server import serve

    subscribed: asyncio.Queue[float] = asyncio.Queue()
    conns = []

    async def handler(ws: Any) -> None:
        await ws.recv()
        subscribed.put_nowait(time.perf_counter())
        await ws.send(BOOK_FRAME)  # as the real server does: snapshots right after subscribe
        conns.append(ws)
        await ws.wait_closed()

    async def fetch(asset: str) -> dict[str, Any]:
        return json.loads(BOOK_FRAME)[0] | {"asset_id": asset}

    server = await serve(handler, "127.0.0.1", 0, ping_interval=None)
    url = f"ws://127.0.0.1:{server.sockets[0].getsockname()[1]}/ws/market"
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


def hash_cost() -> tuple[float, int]:
    """Microseconds per hash check of the busiest recorded book after one change (one side
    rebuilt, as in the stream), and its level count."""
    import timeit

    from snippets.websocket.order_book import LocalBook

    body = max(SNAPSHOTS, key=lambda b: len(b["bids"]) + len(b["asks"]))
    book = LocalBook(body["asset_id"])
    book.replace(body | {"min_order_size": "5", "neg_risk": False})
    price, size = body["bids"][-1]["price"], body["bids"][-1]["size"]

    def check() -> None:
        book._bids.set(price, size)  # marks the side changed
        book.compute_hash()

    best = min(timeit.Timer(check, timer=time.thread_time).repeat(number=2000, repeat=7))
    return best / 2000 * 1e6, len(body["bids"]) + len(body["asks"])


def sha1_per_round() -> tuple[float, int]:
    """Microseconds of CPU for the SHA-1 alone of the hash checks one `price_change` round makes
    at the default interval (the bodies recorded from a real round, then hashed again), and
    the bytes hashed: the part of a check no client that verifies the server's hash avoids."""
    import hashlib
    import timeit

    from snippets.websocket import order_book

    bodies: list[bytes] = []

    class Recorder:
        @staticmethod
        def sha1(body: bytes) -> Any:
            bodies.append(body)
            return hashlib.sha1(body)

    path = Client(True, StreamConfig().verify_every, True)
    path.prime()
    order_book.hashlib = Recorder  # type: ignore[assignment]
    try:
        path.run(UPDATES)
    finally:
        order_book.hashlib = hashlib
    sha1 = hashlib.sha1
    timer = timeit.Timer(lambda: [sha1(b).hexdigest() for b in bodies], timer=time.thread_time)
    return min(timer.repeat(number=200, repeat=7)) / 200 * 1e6, sum(map(len, bodies))


def check_parts() -> dict[str, float]:
    """Microseconds per `price_change` round at the default interval spent in the hash checks
    (`LocalBook.compute_hash`, SHA-1 included) and, inside them, in joining the changed sides'
    level texts (`Side.json_text`): each call timed with `perf_counter` (its own cost, about
    0.1 µs a call, included), best of 7 repeats of 20 rounds."""
    from snippets.websocket import order_book

    spent = {"compute_hash": 0.0, "side_texts": 0.0}
    clock = time.perf_counter

    def timing(cls: Any, name: str, key: str) -> Callable[..., Any]:
        method = getattr(cls, name)

        def timed_call(*args: Any) -> Any:
            start = clock()
            try:
                return method(*args)
            finally:
                spent[key] += clock() - start

        setattr(cls, name, timed_call)
        return lambda: setattr(cls, name, method)

    path = Client(True, StreamConfig().verify_every, True)
    undo = [
        timing(order_book.LocalBook, "compute_hash", "compute_hash"),
        timing(order_book.Side, "json_text", "side_texts"),
    ]
    best = {k: float("inf") for k in spent}
    try:
        for _ in range(7):
            spent.update({k: 0.0 for k in spent})
            for _ in range(20):
                path.prime()
                gc.disable()
                path.run(UPDATES)
                gc.enable()
            best = {k: min(best[k], spent[k] / 20 * 1e6) for k in spent}
    finally:
        for restore in undo:
            restore()
    return best


def floor_per_round() -> float:
    """Microseconds of CPU for the least a msgspec client does per `price_change` round: decode
    each frame (the five fields a book needs), one `float()` per size, one dict store or
    delete per change on one dict per side. No value checked, no order kept, no best price,
    no hash: what any client of these frames pays before it does anything useful."""
    import timeit

    from snippets.websocket.frame_decoder import price_change_decoder

    decode = price_change_decoder(lean=True)
    assert decode is not None, "the floor is measured with msgspec"
    books = {a: ({}, {}) for a in ASSETS}

    def apply() -> None:
        for raw in UPDATES:
            for change in decode(raw).price_changes:
                side = books[change.asset_id][change.side == "SELL"]
                if float(change.size):
                    side[change.price] = change.size
                else:
                    side.pop(change.price, None)

    return min(timeit.Timer(apply, timer=time.thread_time).repeat(number=50, repeat=7)) / 50 * 1e6


def decode_costs() -> dict[str, float]:
    """Microseconds of CPU per `price_change` frame to parse it: json.loads, msgspec."""
    import timeit

    from snippets.websocket.frame_decoder import decode_frame_lean

    def per_frame(decode: Callable[[str], Any]) -> float:
        timer = timeit.Timer(lambda: [decode(raw) for raw in UPDATES], timer=time.thread_time)
        return round(min(timer.repeat(number=50, repeat=7)) / 50 / len(UPDATES) * 1e6, 2)

    return {"json": per_frame(json.loads), "msgspec": per_frame(decode_frame_lean)}


def hardware() -> str:
    cpu = platform.processor() or "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (
        f"{cpu}, {os.cpu_count()} cores ({platform.machine()}), "
        f"{platform.python_implementation()} {platform.python_version()}"
    )


def msgspec_version() -> str | None:
    try:
        import msgspec
    except ImportError:
        return None
    return msgspec.__version__


def main() -> None:
    logging.disable(logging.WARNING)  # deliberate disconnects would log warnings
    load_before = os.getloadavg()[0]
    rates, checks = throughput()
    load_after = os.getloadavg()[0]
    check_us, check_levels = hash_cost()
    decode_us = decode_costs()
    sha1_us, sha1_bytes = sha1_per_round()
    floor_us = floor_per_round()
    parts = check_parts()
    detection = asyncio.run(half_open_detection())
    base = 0.05
    times = asyncio.run(reconnect_times(base))
    result = {
        "measured": time.strftime("%Y-%m-%d"),
        "hardware": hardware(),
        "load_avg_1m": [round(load_before, 2), round(load_after, 2)],
        "msgspec": msgspec_version(),
        "frames": len(FRAMES),
        "price_change_frames": len(UPDATES),
        "changes_per_round": CHANGES,
        "snapshot_levels_per_round": SNAPSHOT_LEVELS,
        "server_time_per_round_ms": SPAN_MS,
        "rounds": {w: WORKLOADS[w][2] for w in WORKLOADS},
        "repeats": REPEATS,
        "levels_per_s": rates,
        "hash_checks": checks,
        "default_verify_every_s": StreamConfig().verify_every,
        "decode_us_per_frame": decode_us,
        "sha1_us_per_round": round(sha1_us, 1),
        "sha1_bytes_per_round": sha1_bytes,
        "floor_us_per_round": round(floor_us, 1),
        "check_us_per_round": round(parts["compute_hash"], 1),
        "side_texts_us_per_round": round(parts["side_texts"], 1),
        "hash_check_us": round(check_us, 1),
        "hash_check_levels": check_levels,
        "ping_interval_s": StreamConfig().ping_interval,
        "stale_after_s": StreamConfig().stale_after,
        "half_open_detected_s": detection,
        "reconnect_backoff_base_s": base,
        "reconnect_runs": len(times),
        "reconnect_median_ms": round(statistics.median(times) * 1000, 1),
        "reconnect_p95_ms": round(sorted(times)[int(len(times) * 0.95) - 1] * 1000, 1),
        "reconnect_max_ms": round(max(times) * 1000, 1),
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
