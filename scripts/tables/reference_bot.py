"""Tables for the page "A complete bot": the invariant table from the soak run, the benchmark,
the metrics and the faults, all generated from code and results files (never typed by hand)."""

from __future__ import annotations

import json
from pathlib import Path

from snippets.reference_bot.metrics import METRICS
from snippets.reference_bot.sessions import FAULTS, INVARIANTS

DATA = Path(__file__).resolve().parent / "data"
SOAK = DATA / "reference_bot_soak.json"
BENCH = DATA / "reference_bot_bench.json"

#: What each fault does (the local CLOB's control call it uses).
FAULT_HELP = {
    "drop_after_accept": "the order is accepted, then the connection is cut before the reply",
    "drop_before": "the order POST is lost before the server sees it",
    "fail_500": "the order POST answers 500 `could not run the execution`",
    "storm": "two 429s with `Retry-After: 1` on order and cancel paths",
    "second_client": "another process on the same signer empties the order bucket",
    "ws_close_market": "the market channel closes (1011)",
    "ws_abort_market": "the market channel's TCP connection is cut without a close frame",
    "ws_abort_user": "the user channel's TCP connection is cut without a close frame",
    "short_outage": "heartbeats are lost for the survivable time (timeout - interval - one step)",
    "long_outage": "heartbeats are lost for 12 s: the exchange cancels every open order",
    "cancel_only": "the exchange is in cancel-only mode for one step",
    "trade_fails": "the next trade fails to settle (FAILED): balances move back",
}


def invariant_table() -> str:
    d = json.loads(SOAK.read_text(encoding="utf-8"))
    sdks = list(d["sdks"])
    n = d["sessions_per_sdk"]
    rows = [
        f"{n} seeded sessions per SDK ({n * len(sdks):,} in all), {d['steps_per_session']} market "
        f"actions each, measured {d['measured']} on Python {d['python']}, {d['cpus']} shared "
        f"cores (1-minute load {d['load_avg_1m_before']} before, {d['load_avg_1m_after']} "
        "after). Every check reads the local CLOB's records, not the bot's.",
        "",
        "| invariant | " + " | ".join(f"`{s}`" for s in sdks) + " |",
        "|---|" + "---|" * len(sdks),
    ]
    for name in INVARIANTS:
        cells = [f"{d['sdks'][s]['held'][name]} / {n}" for s in sdks]
        rows.append(f"| {name} | " + " | ".join(cells) + " |")
    for label, key in (
        ("orders accepted", "orders"),
        ("fills (trades on the bot's orders)", "fills"),
        ("`GET /data/order/{id}` (exactly-once lookups, fill polls)", "lookups"),
        ("same signed order posted twice", "reposts"),
        ("429 replies (storms, second client)", "rate_limited"),
        ("wall time, seconds", "seconds"),
    ):
        cells = [f"{d['sdks'][s][key]:,}" for s in sdks]
        rows.append(f"| {label} | " + " | ".join(cells) + " |")
    return "\n".join(rows)


def faults_table() -> str:
    d = json.loads(SOAK.read_text(encoding="utf-8"))
    sdks = list(d["sdks"])
    rows = [
        "| fault | what happens | " + " | ".join(f"steps drawn, `{s}`" for s in sdks) + " |",
        "|---|---|" + "---|" * len(sdks),
    ]
    for fault in FAULTS:
        cells = [str(d["sdks"][s]["faults"][fault]) for s in sdks]
        rows.append(f"| `{fault}` | {FAULT_HELP[fault]} | " + " | ".join(cells) + " |")
    return "\n".join(rows)


def metrics_table() -> str:
    rows = ["| metric | type | labels | what it tells you |", "|---|---|---|---|"]
    for name, (kind, text, labels) in METRICS.items():
        suffix = "_total" if kind == "counter" else ""
        rows.append(
            f"| `polymarket_bot_{name}{suffix}` | {kind} | {', '.join(labels) or '-'} | {text} |"
        )
    return "\n".join(rows)


def bench_table() -> str:
    b = json.loads(BENCH.read_text(encoding="utf-8"))
    lim = b["limiter"]
    rows = [
        f"Measured {b['measured']} on Python {b['python']}, {b['cpus']} shared cores (1-minute "
        f"load {b['load_avg_1m_before']} before, {b['load_avg_1m_after']} after), {b['rounds']} "
        "ticks per SDK on 127.0.0.1; the server's tier was raised so that only the bot's own "
        "speed counts.",
        "",
        "| SDK | tick → first order POST p50 / p99 | tick → both sides re-posted p50 / p99 | "
        "bare place call p50 / p99 | orders/s the bot can re-post | limiter allows | "
        "bottleneck |",
        "|---|---|---|---|---|---|---|",
    ]
    for sdk, s in b["sdks"].items():
        t, r, p = s["tick_to_order"], s["requote_both_sides"], s["bare_place"]
        rows.append(
            f"| `{sdk}` | {t['p50_ms']} / {t['p99_ms']} ms | {r['p50_ms']} / {r['p99_ms']} ms | "
            f"{p['p50_ms']} / {p['p99_ms']} ms | {s['bot_orders_per_s']} | "
            f"{lim['orders_per_s']:g} ({lim['preset']}, {lim['tier']}; burst {lim['burst']}) | "
            f"{'the limiter' if s['limiter_binds'] else 'the bot'} |"
        )
    return "\n".join(rows)
