"""Tables for the "Rate limits across a fleet" page, from
scripts/tables/data/shared_limits_bench.json (written by benchmarks/shared_limits/run.py).
Nothing here is typed by hand."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent / "data" / "shared_limits_bench.json"

#: Where each limiter takes its time from, read in its Lua script (the versions in the JSON).
TIME_SOURCE = {
    "ours": "Redis `TIME`, in the script",
    "limits": "the client's clock",
    "pyrate-limiter": "the client's clock",
    "throttled-py": "Redis `TIME`, in the script",
}


def _bench() -> dict[str, Any]:
    return json.loads(BENCH.read_text(encoding="utf-8"))


def _table(head: list[str], rows: list[list[Any]]) -> str:
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def _n(value: float) -> str:
    return f"{value:,.0f}"


def bench_machine() -> str:
    """One neutral line: when, where, with what."""
    d = _bench()
    return (
        f"Measured {d['measured']} with `python3 scripts/run.py bench shared_limits`: "
        f"{d['machine']}."
    )


def bench_cost_table() -> str:
    """Throughput (median of the interleaved rounds, with their range) and cost per decision."""
    d = _bench()
    rows = []
    for name, r in d["subjects"].items():
        speed = [
            f"{_n(r['throughput'][c])} ({_n(min(v))}–{_n(max(v))})"
            for c, v in r["throughput_rounds"].items()
        ]
        costs = r["costs"]
        time_source = TIME_SOURCE[name.split(":")[0].split(" ")[0]]
        per = [f"{costs['round_trips']:g}", f"{costs['server_commands']:g}"]
        rows.append([name, time_source, *speed, *per])
    head = ["limiter", "time from", "decisions/s, 1 client", "4 clients", "16 clients",
            "round trips / decision", "server commands / decision"]  # fmt: skip
    note = (
        f"\n\n<small>Decisions per second: median of {d['rounds']} rounds of "
        f"{d['throughput_s']:g} s each (range in brackets), subjects interleaved, with a limit no "
        "client reaches (10⁹ per 10⁶ s), so every decision is an admission (the write path). "
        "Server commands: "
        "every command the server ran for one admission (the EVALSHA and the commands inside "
        "the script), read from the server's MONITOR feed.</small>"
    )
    return _table(head, rows) + note


def bench_exactness_table() -> str:
    """Admissions against one ideal limiter, under contention and after a restart."""
    d = _bench()
    rows = []
    for name, r in d["subjects"].items():
        cells = [name]
        for key in ("4x8", "16x1"):
            c = r["contention"][key]
            cell = f"{_n(c['admitted'])} / {_n(c['ideal'])}"
            if c.get("server_time"):
                cell += " (at Redis time)"
            if c["over_in_a_window"]:
                cell += f" (≥ {c['over_in_a_window']} over in one window)"
            if c["errors"]:
                cell += f", {c['errors']:,} errors"
            cells.append(cell)
        rs = r["restart"]
        after = f"{_n(rs['admitted_after'])} (ideal ≤ {_n(rs['ideal_after'])})"
        if rs["errors_after"]:
            after += f", {rs['errors_after']:,} errors"
        cells.append(after)
        rows.append(cells)
    head = ["limiter", "4 processes × 8 threads: admitted / ideal",
            "16 processes × 1: admitted / ideal",
            "after a restart: admitted in 2 s"]  # fmt: skip
    note = (
        f"\n\n<small>Contention: {d['limit']} per {d['window_s']:g} s (a bucket: "
        f"{d['limit']} burst, {d['limit'] / d['window_s']:g}/s), {d['run_s']:g} s of saturating "
        "demand. The ideal is one exact limiter fed the same requests: at the Redis time of "
        'each decision for this guide\'s limiters, which report it ("at Redis time"), at the '
        "midpoint of each call for the peers, which do not, so for them a difference of a few "
        'is timing, not error. "Over in one window": admissions that certainly fell inside one '
        f"window, beyond the limit. Restart: {d['limit']} per {d['restart_window_s']:g} s, "
        "used up, then Redis killed and started empty; an ideal window admits nothing more "
        "in the next 2 s, an ideal bucket only what refilled.</small>"
    )
    return _table(head, rows) + note
