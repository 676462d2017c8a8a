"""Soak the reference bot: N seeded sessions per SDK against the local CLOB, each under a random
fault schedule, every invariant checked from the server's records; prints the invariant table.

    python3 scripts/soak.py                    # 500 sessions per SDK (1,000 in all)
    python3 scripts/soak.py --sessions 50 --record   # also write the page's data file

Seeds are 0..N-1, so a failing session is replayed with `SessionRunner(sdk).run(seed)`.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from snippets.reference_bot.sessions import FAULTS, INVARIANTS, run_many  # noqa: E402

DATA = ROOT / "scripts" / "tables" / "data" / "reference_bot_soak.json"
SDKS = ("polymarket-client", "py-clob-client-v2")


def soak(sessions: int, steps: int) -> dict:
    out: dict = {
        "measured": datetime.now(UTC).strftime("%Y-%m-%d"),
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "load_avg_1m_before": round(os.getloadavg()[0], 2),
        "sessions_per_sdk": sessions,
        "steps_per_session": steps,
        "sdks": {},
    }
    for sdk in SDKS:
        started = time.perf_counter()
        results = run_many(sdk, range(sessions), steps)
        faults = Counter(f for r in results for _, f in r.schedule if f)
        out["sdks"][sdk] = {
            "seconds": round(time.perf_counter() - started, 1),
            "held": {name: sum(r.invariants[name] for r in results) for name in INVARIANTS},
            "failed_seeds": {
                name: [r.seed for r in results if not r.invariants[name]][:20]
                for name in INVARIANTS
            },
            "faults": {f: faults[f] for f in FAULTS},
            "orders": sum(r.orders for r in results),
            "fills": sum(r.fills for r in results),
            "reposts": sum(r.reposts for r in results),
            "lookups": sum(r.lookups for r in results),
            "rate_limited": sum(r.rate_limited for r in results),
        }
    out["load_avg_1m_after"] = round(os.getloadavg()[0], 2)
    return out


def table(data: dict) -> str:
    sdks = list(data["sdks"])
    n = data["sessions_per_sdk"]
    rows = ["| invariant | " + " | ".join(sdks) + " |", "|---|" + "---|" * len(sdks)]
    for name in INVARIANTS:
        cells = [f"{data['sdks'][s]['held'][name]} / {n}" for s in sdks]
        rows.append(f"| {name} | " + " | ".join(cells) + " |")
    for label, key in (("orders accepted", "orders"), ("fills", "fills"),
                       ("order lookups (REST)", "lookups"),
                       ("same signed order re-posted", "reposts"), ("429 replies", "rate_limited"),
                       ("wall seconds", "seconds")):  # fmt: skip
        rows.append(f"| {label} | " + " | ".join(str(data["sdks"][s][key]) for s in sdks) + " |")
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=500, help="per SDK")
    parser.add_argument("--steps", type=int, default=8, help="market actions per session")
    parser.add_argument("--record", action="store_true", help=f"write {DATA.relative_to(ROOT)}")
    args = parser.parse_args(argv)
    data = soak(args.sessions, args.steps)
    print(table(data))
    if args.record:
        DATA.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    failed = any(v for s in data["sdks"].values() for v in s["failed_seeds"].values())
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
