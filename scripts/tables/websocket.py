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
    rows = [
        f"Measured {b['measured']} on Python {b['python']} ({b['machine']}, 2 shared cores): "
        f"{b['frames']} recorded `price_change` frames ({b['changes_per_round']} changes) "
        f"replayed {b['rounds']} times.",
        "",
        "| path | book updates / s | vs naive |",
        "|---|---|---|",
        f"| naive `json.loads` + dict (no validation, no hash) | {naive:,} | 1.00× |",
    ]
    for label, key in (
        ("`MarketStream`, hash check off", "client_updates_per_s_no_hash"),
        ("`MarketStream`, hash check on (default)", "client_updates_per_s_hash_verified"),
    ):
        rows.append(f"| {label} | {b[key]:,} | {b[key] / naive:.2f}× |")
    rows += [
        "",
        "| reconnect to resubscribed (loopback) | median | p95 | max | target |",
        "|---|---|---|---|---|",
        f"| backoff base {b['reconnect_backoff_base_s'] * 1000:g} ms, "
        f"{b['reconnect_runs']} abrupt closes | {b['reconnect_median_ms']} ms | "
        f"{b['reconnect_p95_ms']} ms | {b['reconnect_max_ms']} ms | "
        f"≤ {b['reconnect_target_ms']} ms |",
    ]
    return "\n".join(rows)
