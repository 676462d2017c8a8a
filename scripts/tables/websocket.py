"""Tables for the WebSocket reconnection page, generated from the snippet's presets and the
benchmark's results file (never typed by hand)."""

from __future__ import annotations

import json
from pathlib import Path

from snippets.websocket.market_stream import PRESETS, StreamConfig

BENCH = Path(__file__).resolve().parent / "data" / "websocket_bench.json"

WHY = {
    "market maker": "a stale quote costs money: notice a dead socket within about one missed "
    "PONG and retry almost at once",
    "trading bot": "resting orders must not be priced from a dead book either: same silence "
    "limit, but back off politely so a restart of the matching engine is not met by a "
    "thundering herd",
    "dashboard": "a few seconds of stale prices are harmless: be gentle on the server and on "
    "the reconnect budget",
}


def presets_table() -> str:
    """Recommended StreamConfig values per use case (from `PRESETS`)."""
    default = StreamConfig()
    rows = [
        "| use case | PING every | stale after | backoff base | backoff cap | why |",
        "|---|---|---|---|---|---|",
    ]
    for name, cfg in PRESETS.items():
        rows.append(
            f"| {name} | {cfg.ping_interval:g} s | {cfg.stale_after:g} s | "
            f"{cfg.backoff_base:g} s | {cfg.backoff_cap:g} s | {WHY[name]} |"
        )
    rows.append(
        f"| (defaults) | {default.ping_interval:g} s | {default.stale_after:g} s | "
        f"{default.backoff_base:g} s | {default.backoff_cap:g} s | `StreamConfig()` |"
    )
    return "\n".join(rows)


PATHS = (  # key in the results file, label
    ("naive", "naive loop (below): `json.loads`, dict per side, `max`/`min` per update"),
    ("client_no_hash", "`MarketStream`, msgspec, hash check off"),
    ("client_hash_default", "`MarketStream`, msgspec, hash check every {every:g} s (default)"),
    (
        "client_texts_no_check",
        "`MarketStream`, msgspec, level texts kept for the hash but no check due (cost split)",
    ),
    ("client_hash_every_1s", "`MarketStream`, msgspec, hash check every 1 s"),
    ("client_hash_every_timestamp", "`MarketStream`, msgspec, hash check every timestamp"),
    ("stdlib_no_hash", "`MarketStream`, standard library only, hash check off"),
    ("stdlib_hash_default", "`MarketStream`, standard library only, every {every:g} s"),
    ("sdk", "polymarket-client's decode and models, kept by `SdkBookKeeper`"),
)


def bench_table() -> str:
    """The benchmark's last run (benchmarks/websocket/run.py): throughput, goals, detection."""
    b = json.loads(BENCH.read_text(encoding="utf-8"))
    rates, every = b["levels_per_s"], b["default_verify_every_s"]
    changes, mix = rates["changes"], rates["mix"]
    checks, rounds = b["hash_checks"], b["hash_checks"]["rounds"]
    rows = [
        f"Measured {b['measured']} on {b['hardware']}, msgspec {b['msgspec']}.",
        "",
        f"Workloads: the {b['price_change_frames']} recorded `price_change` frames "
        f"({b['changes_per_round']} level changes, {b['server_time_per_round_ms']} ms of "
        f"server time) "
        "applied to books freshly built from the snapshot, and the whole recorded "
        f"subscription ({b['frames']} frames: the snapshot of 24 books, "
        f"{b['snapshot_levels_per_round']} levels, then the same changes), as every reconnect "
        "replays it. The cores were shared with other work (1-minute load average "
        f"{b['load_avg_1m'][0]:g} before, {b['load_avg_1m'][1]:g} after), so rates are level "
        "updates per second of the benchmark thread's CPU time; median of "
        f"{b['repeats']} interleaved repeats.",
        "",
        "| path | `price_change` stream | vs naive | snapshot-heavy mix | vs naive |",
        "|---|---|---|---|---|",
    ]
    for key, label in PATHS:
        rows.append(
            f"| {label.format(every=every)} | {changes[key]:,} | "
            f"{changes[key] / changes['naive']:.2f}× | {mix[key]:,} | "
            f"{mix[key] / mix['naive']:.2f}× |"
        )
    ratio = lambda table, key, base="naive": table[key] / table[base]  # noqa: E731
    goals = (
        (
            f"`price_change` stream, hash check every {every:g} s, vs naive",
            3.0,
            ratio(changes, "client_hash_default"),
        ),
        (
            f"`price_change` stream, hash check every {every:g} s, vs polymarket-client",
            6.0,
            ratio(changes, "client_hash_default", "sdk"),
        ),
        ("`price_change` stream, hash check off, vs naive", 4.0, ratio(changes, "client_no_hash")),
        (
            f"snapshot-heavy mix, hash check every {every:g} s, vs naive",
            2.0,
            ratio(mix, "client_hash_default"),
        ),
        ("standard library only, hash check off, vs naive", 1.3, ratio(changes, "stdlib_no_hash")),
    )
    rows += ["", "| goal | at least | measured | met |", "|---|---|---|---|"]
    for label, goal, measured in goals:
        rows.append(
            f"| {label} | {goal:g}× | {measured:.2f}× | {'yes' if measured >= goal else '**no**'} |"
        )
    per_round = {k: v / rounds for k, v in checks.items() if k != "rounds"}
    detected = b["half_open_detected_s"]
    round_us = {k: b["changes_per_round"] / v * 1e6 for k, v in changes.items()}
    sha1_us, floor_us = b["sha1_us_per_round"], b["floor_us_per_round"]
    ceiling = round_us["naive"] / (round_us["client_no_hash"] + sha1_us)
    rows += [
        "",
        "Every path ends each round with the naive loop's best bid and ask on every book, and "
        f"no hash check failed ({checks['client_hash_every_timestamp']:,} checks at every "
        f"timestamp, {per_round['client_hash_default']:.0f} per round at the default, due by "
        "the frames' own server timestamps, the clock a live stream uses too). "
        f"Parsing a `price_change` frame ({b['changes_per_round'] / b['price_change_frames']:.0f}"
        f" changes) takes `json.loads` {b['decode_us_per_frame']['json']} µs and msgspec "
        f"{b['decode_us_per_frame']['msgspec']} µs. One hash check of the largest recorded "
        f"book ({b['hash_check_levels']} levels, one side changed): {b['hash_check_us']} µs.",
        "",
        f"Per `price_change` round: the naive loop {round_us['naive']:.0f} µs; `MarketStream` "
        f"with the check off {round_us['client_no_hash']:.0f} µs, with the level texts kept "
        f"{round_us['client_texts_no_check']:.0f} µs, at the default check "
        f"{round_us['client_hash_default']:.0f} µs. The SHA-1 alone of that round's "
        f"{per_round['client_hash_default']:.0f} checks ({b['sha1_bytes_per_round']:,} bytes) "
        f"takes {sha1_us:g} µs: even if a check cost nothing but its SHA-1, the default "
        f"could reach {ceiling:.2f}× the naive loop in this run. The least any msgspec client "
        "does per round (decode each frame, one `float()` per size, one dict store or delete "
        f"per change; nothing checked, no order, no best price) takes {floor_us:g} µs: "
        f"{round_us['naive'] / floor_us:.1f}× the naive loop with no hash, "
        f"{round_us['naive'] / (floor_us + sha1_us):.1f}× with the SHA-1 of the default checks. "
        "What `MarketStream` spends above that is its checks on every value, the sorted levels "
        "and the level texts the hash needs. Inside a default round's hash checks "
        f"({b['check_us_per_round']:g} µs, timed call by call): SHA-1 {sha1_us:g} µs, joining "
        f"the changed sides' level texts {b['side_texts_us_per_round']:g} µs, the rest "
        f"(body assembly, encoding, calls) "
        f"{b['check_us_per_round'] - sha1_us - b['side_texts_us_per_round']:.0f} µs.",
        "",
        f"Half-open detection with `StreamConfig()` (PING every {b['ping_interval_s']:g} s, "
        f"`stale_after` {b['stale_after_s']:g} s), {len(detected)} connections whose server "
        f"went silent: detected after {', '.join(f'{d:g}' for d in detected)} s.",
        "",
        "| reconnect to resubscribed (loopback) | median | p95 | max |",
        "|---|---|---|---|",
        f"| backoff base {b['reconnect_backoff_base_s'] * 1000:g} ms, "
        f"{b['reconnect_runs']} abrupt closes | {b['reconnect_median_ms']} ms | "
        f"{b['reconnect_p95_ms']} ms | {b['reconnect_max_ms']} ms |",
    ]
    return "\n".join(rows)


def naive_loop() -> str:
    """The naive loop the benchmark compares with, as it runs there."""
    source = (BENCH.parents[3] / "benchmarks/websocket/run.py").read_text(encoding="utf-8")
    body = source.split("# --8<-- [start:naive]\n", 1)[1].split("# --8<-- [end:naive]", 1)[0]
    return f'```python title="benchmarks/websocket/run.py"\n{body.strip()}\n```'
