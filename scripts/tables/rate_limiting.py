"""Tables for the Rate limiting page: the limits from snippets/rate_limiting/limits.py, the
benchmark from scripts/tables/data/rate_limiting_bench.json (written by
benchmarks/rate_limiting/run.py). Nothing here is typed by hand."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

from snippets.rate_limiting.limits import (
    CHECKED,
    CN_PAGE_ROWS,
    HEADERS,
    IP_OTHER,
    OLDER_REVISION_TRADING,
    SIGNER_TIERS,
    TRADING,
)
from snippets.rate_limiting.trading_limits import CONSERVATIVE

BENCH = Path(__file__).resolve().parent / "data" / "rate_limiting_bench.json"


def _table(head: list[str], rows: list[list[Any]]) -> str:
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def _n(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,}"


def _safe(value: float) -> str:
    return f"{max(1, math.floor(value * CONSERVATIVE + 1e-9)):,}"


def ip_trading_table() -> str:
    """Per-IP trading limits (current English page) and the preset's share (80 %)."""
    rows = []
    for e in TRADING.values():
        rows.append([
            f"`{e.method} {e.path}`", f"{_n(e.ip_burst)} / {_n(e.ip_sustained)}",
            f"{_safe(e.ip_burst)} / {_safe(e.ip_sustained)}",
        ])  # fmt: skip
    head = ["endpoint", "per 10 s / per 10 min", "conservative preset"]
    return _table(head, rows) + f"\n\n<small>Source: {_src()}.</small>"


def ip_older_revision_table() -> str:
    """The older revision's trading rows, and which of them the Chinese copy shows."""
    rows = []
    for kind, e in TRADING.items():
        old_burst, old_sustained = OLDER_REVISION_TRADING[kind]
        rows.append([
            f"`{e.method} {e.path}`", f"{_n(old_burst)} / {_n(old_sustained)}",
            "same" if kind in CN_PAGE_ROWS else "not on the stored copy",
        ])  # fmt: skip
    head = ["endpoint", "older English revision", "Chinese copy"]
    return _table(head, rows)


def _src() -> str:
    return f"docs.polymarket.com/api-reference/rate-limits (English), read {CHECKED}"


def ip_other_table() -> str:
    rows = [[what, _n(limit)] for what, limit in IP_OTHER]
    return _table(["per IP", "requests per 10 s"], rows)


def costs_table() -> str:
    rows = [
        [e.bucket, f"`{e.method} {e.path}`", e.cost,
         "-" if e.max_items is None else f"{e.max_items:,} ({e.max_items_source})"]
        for e in TRADING.values()
    ]  # fmt: skip
    return _table(["bucket", "request", "token cost", "most items per request"], rows)


def signer_tiers_table() -> str:
    """The tiers in two narrow tables: the buckets, then what follows from them."""
    buckets = [
        [t.name, t.volume_30d, f"{_n(t.order_burst)}, then {_n(t.order_rate)}/s",
         f"{_n(t.cancel_burst)}, then {_n(t.cancel_rate)}/s"]
        for t in SIGNER_TIERS.values()
    ]  # fmt: skip
    derived = [
        [t.name, f"{t.order_burst / t.order_rate:g} s",
         "yes" if t.negative_cancel_balance else "no (floors at 0)",
         f"orders {_safe(t.order_burst)} @ {_n(t.order_rate * CONSERVATIVE)}/s; "
         f"cancels {_safe(t.cancel_burst)} @ {_n(t.cancel_rate * CONSERVATIVE)}/s"]
        for t in SIGNER_TIERS.values()
    ]  # fmt: skip
    src = f"docs.polymarket.com/api-reference/trading-rate-limits, read {CHECKED}"
    return (
        _table(
            ["tier", "30-day volume", "order tokens (burst, rate)", "cancel tokens (burst, rate)"],
            buckets,
        )
        + "\n\n"
        + _table(
            [
                "tier",
                "a full order burst lasts",
                "cancel balance may go below 0",
                "conservative preset (80 %)",
            ],
            derived,
        )
        + f"\n\n<small>Source: {src}.</small>"
    )


def headers_table() -> str:
    return _table(["response header", "meaning"], [[f"`{k}`", v] for k, v in HEADERS.items()])


# --- benchmark ------------------------------------------------------------------------------
def _bench() -> dict[str, Any]:
    return json.loads(BENCH.read_text(encoding="utf-8"))


def bench_machine() -> str:
    """The hardware and software of the run, in one line."""
    d = _bench()
    m = d["machine"]
    peers = ", ".join(f"{k} {v}" for k, v in m["versions"].items())
    return (
        f"Run {d['date']} on {m['cpu_model']}, {m['usable_cpus']} usable of {m['nproc']} CPUs "
        f"(shared; load average {m['load_average_at_start']} at start), "
        f"{m['implementation']} {m['python']}, {m['os']}; peers: {peers}."
    )


def bench_decision_table() -> str:
    d = _bench()["decision"]
    rows = [[r["name"], r["allowed_ns"], r["denied_ns"], r.get("note", "")] for r in d["rows"]]
    head = ["limiter", "allowed (ns)", "denied (ns)", "note"]
    return (
        _table(head, rows) + f"\n\n<small>{d['limit']}; fastest of {d['batches']} "
        f"{'interleaved rounds' if d.get('interleaved') else 'batches'} of "
        f"{d['calls_per_batch']:,} calls, net of the timing loop ({d['loop_ns']} ns).</small>"
    )


def bench_throughput_table() -> str:
    d = _bench()["throughput"]
    head = ["limiter", *[f"{k} thread(s)" for k in d["threads"]]]
    rows = [[r["name"], *[f"{r[str(k)]:,}" for k in d["threads"]]] for r in d["rows"]]
    best = f"; best of {d['rounds']} interleaved rounds" if d.get("rounds") else ""
    return _table(head, rows) + f"\n\n<small>Admitted calls per second; {d['limit']}{best}.</small>"


def bench_safety_table() -> str:
    d = _bench()["thread_safety"]
    rows = [
        [r["name"], ", ".join(f"{a:,}" for a in r["admitted"]), "yes" if r["exact"] else "**no**"]
        for r in d["rows"]
    ]
    head = ["limiter", f"admitted of {d['calls']:,} (limit {d['limit']:,}), per run", "exact"]
    errors = [
        f"- {r['name']}: " + "; ".join(f"`{e}`" for e in r["errors"])
        for r in d["rows"]
        if r.get("errors")
    ]
    notes = "\n\nExceptions in worker threads:\n\n" + "\n".join(errors) if errors else ""
    return _table(head, rows) + notes


def bench_accuracy_tables() -> str:
    d = _bench()["accuracy"]
    w = [[r["name"], r["callers"], r["contract"], f"{r['admitted']} ({r['rate_pct']} %)",
          r["max_in_1s"]] for r in d["window"]]  # fmt: skip
    w2 = [[r["name"], r["callers"], r["windows_over_limit"],
           r.get("windows_over_limit_own_clock", "-"), r["longest_wait_s"]]
          for r in d["window"]]  # fmt: skip
    b = [[r["name"], r["callers"], r["contract"], f"{r['tokens']} ({r['rate_pct']} %)",
          r["would_be_429"], r["longest_wait_s"]] for r in d["bucket"]]  # fmt: skip
    return (
        _table(["limiter", "callers", "contract", "admitted (of 250 permitted)", "most in 1 s"],
               w)
        + "\n\n"
        + _table(["limiter", "callers", "1-s windows over 50, timed at return",
                  "by its own clock", "longest wait (s)"], w2)
        + "\n\n"
        + _table(["limiter", "callers", "contract", "tokens (of 300 permitted)",
                  "would-be 429s", "longest wait (s)"], b)
    )  # fmt: skip


def bench_memory_table() -> str:
    d = _bench()["memory"]
    rows = [[r["name"], r["contract"], f"{r['bytes']:,}"] for r in d["rows"]]
    return _table(["limiter", "contract it honors", f"bytes at {d['limit']}"], rows)


def bench_targets_table() -> str:
    rows = [[t["target"], t["goal"], t["measured"], "met" if t["met"] else "**missed**"]
            for t in _bench()["targets"]]  # fmt: skip
    return _table(["target", "goal", "measured", ""], rows)
