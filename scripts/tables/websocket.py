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
    "trading bot": "orders rest for seconds to minutes: tolerate one slow PONG, back off "
    "politely so a restart of the matching engine is not met by a thundering herd",
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


def bench_table() -> str:
    """The benchmark's last run (benchmarks/websocket/run.py)."""
    b = json.loads(BENCH.read_text(encoding="utf-8"))
    naive = b["naive_updates_per_s"]
    every = b["default_verify_every_s"]
    default = b["client_msgspec_hash_default_updates_per_s"]
    rows = [
        f"Measured {b['measured']} on {b['python_build']}, Python {b['python']}, "
        f"{b['machine']} {b['cpu']}, {b['cpus']} shared cores (1-minute load "
        f"{b['load_avg_1m_before']} before, {b['load_avg_1m_after']} after), msgspec "
        f"{b['msgspec']}: {b['frames']} recorded `price_change` frames ({b['changes_per_round']} "
        f"changes, {b['server_time_per_round_ms']} ms of server time) replayed {b['rounds']} "
        f"times; median of {b['repeats']} interleaved repeats.",
        "",
        "| path | hash checks / round | book updates / s | vs naive |",
        "|---|---|---|---|",
        f"| naive `json.loads` + dict (no validation, no order, no hash) | 0 | {naive:,} | 1.00× |",
    ]
    paths = (
        ("msgspec, hash check off", "client_msgspec_no_hash"),
        (f"msgspec, hash check every {every:g} s (default)", "client_msgspec_hash_default"),
        ("msgspec, hash check every 1 s", "client_msgspec_hash_every_1s"),
        ("msgspec, hash check every timestamp", "client_msgspec_hash_every_timestamp"),
        ("standard library only, hash check off", "client_stdlib_no_hash"),
        (f"standard library only, every {every:g} s (default)", "client_stdlib_hash_default"),
    )
    for label, key in paths:
        rate = b[f"{key}_updates_per_s"]
        checks = b.get(f"{key}_checks_per_round", 0)
        rows.append(f"| `MarketStream`, {label} | {checks:g} | {rate:,} | {rate / naive:.2f}× |")
    rows += [
        "",
        f"Parsing alone: `json.loads` {b['json_loads_us_per_frame']} µs per frame, msgspec "
        f"{b['msgspec_us_per_frame']} µs. One hash check of the largest recorded book "
        f"({b['hash_check_levels']} levels): {b['hash_check_us']} µs. Headroom: the "
        f"{b['server_time_per_round_ms']} ms of recorded traffic is applied in "
        f"{b['changes_per_round'] / default * 1000:.2f} ms at the default setting, "
        f"{b['server_time_per_round_ms'] / (b['changes_per_round'] / default * 1000):,.0f}× "
        "faster than it arrived.",
        "",
        "| reconnect to resubscribed (loopback) | median | p95 | max | target |",
        "|---|---|---|---|---|",
        f"| backoff base {b['reconnect_backoff_base_s'] * 1000:g} ms, "
        f"{b['reconnect_runs']} abrupt closes | {b['reconnect_median_ms']} ms | "
        f"{b['reconnect_p95_ms']} ms | {b['reconnect_max_ms']} ms | "
        f"≤ {b['reconnect_target_ms']} ms |",
    ]
    return "\n".join(rows)
