"""The "Test your bot offline" page's throughput table, from
scripts/tables/data/local_clob_bench.json (written by benchmarks/local_clob/run.py).
Nothing here is typed by hand."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent / "data" / "local_clob_bench.json"


def _bench() -> dict[str, Any]:
    return json.loads(BENCH.read_text(encoding="utf-8"))


def bench_table() -> str:
    """Requests answered per second, per request type, with the conditions of the run."""
    d = _bench()
    lines = ["| request | answered per second | answers other than 200 |", "|---|---|---|"]
    lines += [
        f"| `{name.split(' (')[0]}`{' (' + name.split(' (', 1)[1] if ' (' in name else ''} "
        f"| {r['per_s']:,} | {r['non_200']} |"
        for name, r in d["results"].items()
    ]
    lines.append("")
    lines.append(
        f"Measured {d['measured']} with `python3 scripts/run.py bench local_clob`: Python "
        f"{d['python']}, {d['machine']}, {d['cpus']} cores, {d['concurrency']} requests in "
        f"flight for {d['seconds_per_workload']:g} s per request type, 1-minute load average "
        f"{d['load_avg_1m_before']:g} before and {d['load_avg_1m_after']:g} after the run."
    )
    return "\n".join(lines)
