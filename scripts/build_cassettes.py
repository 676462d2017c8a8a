"""Rebuild the cassettes that come from public recordings or documented schemas.

    python3 scripts/build_cassettes.py            # every slug
    python3 scripts/build_cassettes.py rate_limiting websocket
    python3 scripts/build_cassettes.py --check    # fail if a committed cassette differs

Cassettes recorded live or from a local node are made by their own record switch instead.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from scripts.cassette_builder import Cassette  # noqa: E402

SPECS = ROOT / "scripts" / "cassette_specs"


def specs(slugs: list[str]) -> list[Cassette]:
    names = slugs or sorted(p.stem for p in SPECS.glob("*.py") if p.stem != "__init__")
    out: list[Cassette] = []
    for name in names:
        out.extend(importlib.import_module(f"scripts.cassette_specs.{name}").CASSETTES)
    return out


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("slugs", nargs="*")
    parser.add_argument("--check", action="store_true", help="compare, write nothing")
    args = parser.parse_args(argv)
    stale = []
    for cassette in specs(args.slugs):
        text = cassette.render()
        current = cassette.file.read_text(encoding="utf-8") if cassette.file.exists() else None
        if current == text:
            continue
        if args.check:
            stale.append(cassette.path)
        else:
            cassette.file.parent.mkdir(parents=True, exist_ok=True)
            cassette.file.write_text(text, encoding="utf-8")
            print(f"wrote cassettes/{cassette.path}")
    if stale:
        print("out of date (run python3 scripts/build_cassettes.py):\n  " + "\n  ".join(stale))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
