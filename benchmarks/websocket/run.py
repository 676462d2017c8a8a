"""WebSocket benchmark: book updates per second from recorded price_change traffic (this client
vs a naive json.loads + dict loop), and reconnect-to-resubscribed time on loopback.

    /work/venv/bin/python benchmarks/websocket/run.py

Writes scripts/tables/data/websocket_bench.json, which the page renders.
"""

from __future__ import annotations

import asyncio
import json
import logging
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from snippets.websocket.market_stream import MarketStream, StreamConfig  # noqa: E402

DATA = json.loads((ROOT / "tests/snippets/websocket/data/market_replay.json").read_text())
OUT = ROOT / "scripts/tables/data/websocket_bench.json"
BOOK_FRAME = DATA["frames"][0]
UPDATES = [f for f in DATA["frames"][1:] if '"price_change"' in f]
ASSETS = sorted({c["asset_id"] for f in UPDATES for c in json.loads(f)["price_changes"]})
CHANGES = sum(len(json.loads(f)["price_changes"]) for f in UPDATES)
ROUNDS = 200


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


def client_rate(verify: bool) -> float:
    """MarketStream's own frame path: parse, validate, apply, (verify hashes)."""

    async def fetch(_: str) -> dict:
        raise NotImplementedError

    stream = MarketStream(ASSETS, fetch, config=StreamConfig(verify_hashes=verify))
    stream._on_frame(BOOK_FRAME)
    for book in stream.books.values():  # the two REST-only fields (see the cassette spec)
        book.min_order_size = "5"
        book.neg_risk = next(n for n in (False, True) if _hash_with(book, n) == book.hash)
    elapsed = 0.0
    for _ in range(ROUNDS):
        for book in stream.books.values():  # back to the snapshot between rounds (not timed)
            book.mark_stale()
        stream._pending.clear()
        stream._on_frame(BOOK_FRAME)
        start = time.perf_counter()
        for raw in UPDATES:
            stream._on_frame(raw)
        elapsed += time.perf_counter() - start
    assert stream.stats.hash_mismatches == 0 and stream.stats.rejected == 0
    return ROUNDS * CHANGES / elapsed


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


def main() -> None:
    logging.disable(logging.WARNING)  # 20 deliberate disconnects would log 20 warnings
    naive = statistics.median(naive_rate() for _ in range(3))
    verified = statistics.median(client_rate(True) for _ in range(3))
    unverified = statistics.median(client_rate(False) for _ in range(3))
    base = 0.05
    times = asyncio.run(reconnect_times(base))
    result = {
        "measured": time.strftime("%Y-%m-%d"),
        "python": platform.python_version(),
        "machine": platform.machine(),
        "frames": len(UPDATES),
        "changes_per_round": CHANGES,
        "rounds": ROUNDS,
        "naive_updates_per_s": round(naive),
        "client_updates_per_s_hash_verified": round(verified),
        "client_updates_per_s_no_hash": round(unverified),
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


if __name__ == "__main__":
    main()
