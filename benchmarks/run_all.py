"""Run every benchmark, one after the other, each in its own process.

    python3 scripts/run.py bench                  # all of them
    python3 scripts/run.py bench websocket        # only the named ones

Each `benchmarks/<name>/run.py` writes its results file under scripts/tables/data/, which its
page renders. Benchmarks are never part of the test suite: their numbers depend on the machine.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def available() -> dict[str, Path]:
    """Benchmark name -> its run.py, in name order."""
    return {p.parent.name: p for p in sorted(HERE.glob("*/run.py"))}


def main(names: list[str]) -> int:
    found = available()
    unknown = [n for n in names if n not in found]
    if unknown:
        print(f"unknown benchmark(s) {unknown}; there are: {', '.join(found)}", file=sys.stderr)
        return 2
    failed = []
    for name in names or list(found):
        print(f"== {name}", flush=True)
        start = time.perf_counter()
        code = subprocess.call([sys.executable, str(found[name])], cwd=HERE.parent)
        print(f"== {name}: exit {code} after {time.perf_counter() - start:.0f} s", flush=True)
        if code:
            failed.append(name)
    if failed:
        print(f"failed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
