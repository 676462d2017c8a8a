"""One entry point: set up a virtual environment from nothing but Python 3.11, then act.

    python3 scripts/run.py serve     # install, then build and serve the site on 127.0.0.1:8000
    python3 scripts/run.py test      # install, lint, run every test, check 100 % coverage
    python3 scripts/run.py build     # install, then `mkdocs build --strict`
    python3 scripts/run.py bench     # install the peers, then run the benchmarks

Arguments after `test` go to pytest, e.g. `python3 scripts/run.py test --record-mode=once -k book`.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PY = BIN / "python"
EXTRAS = {
    "serve": "docs,test",
    "build": "docs,test",
    "test": "docs,test",
    "bench": "docs,test,bench",
}


def sh(*args: str | Path, env: dict[str, str] | None = None) -> None:
    """Run a command from the project root; exit with its code if it fails."""
    code = subprocess.call([str(a) for a in args], cwd=ROOT, env=env)
    if code != 0:
        sys.exit(code)


def ensure_venv(extras: str) -> None:
    """Create .venv and install the pinned dependencies, once per pyproject.toml version."""
    if sys.version_info[:2] != (3, 11):
        sys.exit(f"Python 3.11 is required (found {sys.version.split()[0]}).")
    if not PY.exists():
        venv.EnvBuilder(with_pip=True).create(VENV)
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes() + extras.encode()).hexdigest()
    stamp = VENV / f".installed-{digest[:16]}"
    if not stamp.exists():
        sh(PY, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", f".[{extras}]")
        for old in VENV.glob(".installed-*"):
            old.unlink()
        stamp.touch()


def ensure_chromium() -> None:
    """The browser test drives Debian's chromium; install it when missing (root on Debian)."""
    if shutil.which("chromium"):
        return
    apt = shutil.which("apt-get")
    if apt is None or os.geteuid() != 0:
        sys.exit("The browser test needs Chromium: install Debian's `chromium` package.")
    quiet = {"stdout": subprocess.DEVNULL}
    noninteractive = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    for cmd in ([apt, "update", "-qq"], [apt, "install", "-y", "-qq", "chromium"]):
        if subprocess.call(cmd, env=noninteractive, **quiet) != 0:
            sys.exit(f"`{' '.join(cmd)}` failed: install Debian's chromium package by hand.")


def env() -> dict[str, str]:
    e = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONHASHSEED="0")
    e["PATH"] = f"{BIN}{os.pathsep}{e.get('PATH', '')}"
    e.setdefault("JUPYTER_PLATFORM_DIRS", "1")
    return e


def main(argv: list[str]) -> None:
    if not argv or argv[0] not in EXTRAS:
        sys.exit(__doc__)
    action, rest = argv[0], argv[1:]
    ensure_venv(EXTRAS[action])
    e = env()
    if action == "serve":
        sh(BIN / "mkdocs", "serve", "--strict", "-a", "127.0.0.1:8000", *rest, env=e)
    elif action == "build":
        sh(BIN / "mkdocs", "build", "--strict", *rest, env=e)
    elif action == "bench":
        sh(PY, "benchmarks/run_all.py", *rest, env=e)
    else:
        ensure_chromium()
        sh(BIN / "ruff", "check", ".", env=e)
        sh(BIN / "ruff", "format", "--check", ".", env=e)
        # Two workers (the machine has two cores); the site build and browser tests share one.
        # Coverage of snippets/ must be 100 %, except on a filtered run that cannot reach it.
        gate = [] if rest else ["--cov-fail-under=100"]
        sh(
            PY,
            "-m",
            "pytest",
            "-n",
            "2",
            "--dist",
            "loadgroup",
            "--cov=snippets",
            "--cov-report=term-missing:skip-covered",
            *gate,
            *rest,
            env=e,
        )


if __name__ == "__main__":
    main(sys.argv[1:])
