"""One entry point: set up a virtual environment from nothing but Python 3.11-3.13, then act.

    python3 scripts/run.py serve     # install, then build and serve the site on 127.0.0.1:8000
    python3 scripts/run.py test      # install, lint, run the default suite, 100 % coverage
    python3 scripts/run.py build     # install, `mkdocs build --strict`, check the site in Chromium
    python3 scripts/run.py long      # the long checks: copied folders, matrix machinery, soak
    python3 scripts/run.py bench     # install the peers, then run the benchmarks
    python3 scripts/run.py matrix    # the snippet tests on the last three releases of each SDK
    python3 scripts/run.py soak      # 1,000 seeded bot sessions against the local CLOB

Arguments after `test` go to pytest, e.g. `python3 scripts/run.py test --record-mode=once -k book`;
arguments that select tests (paths, `-k`, `-m`) run what they select, whatever its tier. Otherwise
`test` runs the default suite: every test but the `site` checks (`build` runs those on the site
it built) and the `long` ones (`long` runs those, then the soak).
Every package version comes from requirements.lock.txt (one lock for Python 3.11 to 3.13);
system programs (a browser, redis-server) come from scripts/system_deps.py.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from scripts import system_deps  # noqa: E402

VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PY = BIN / "python"
LOCK = ROOT / "requirements.lock.txt"
SUPPORTED = ((3, 11), (3, 13))  # oldest and newest minor version, both included
EXTRAS = {
    "serve": "docs,test",
    "build": "docs,test",
    "test": "docs,test",
    "long": "docs,test",
    "bench": "docs,test,bench",
    "matrix": "docs,test",
    "soak": "docs,test",
}
#: What `test` needs from the system: redis-server (`build` needs a browser, and `long` needs
#: sudo when run as root: the set-up tests act as a throwaway user with a sudo rule).
TEST_PROGRAMS = ("redis-server",)
SITE = ROOT / "site"  # where `build` writes the site (mkdocs' default)
#: Two workers (the machine has two cores); tests sharing a server or a browser share a worker
#: (`xdist_group`). The default suite has no such group, so idle workers steal work instead.
PYTEST = ("-m", "pytest", "-n", "2", "--dist", "loadgroup")
DEFAULT_SUITE = ("-m", "not site and not long", "--dist", "worksteal", "--cov-fail-under=100")


def sh(*args: str | Path, env: dict[str, str] | None = None) -> None:
    """Run a command from the project root; exit with its code if it fails."""
    code = subprocess.call([str(a) for a in args], cwd=ROOT, env=env)
    if code != 0:
        sys.exit(code)


def unsupported(version: tuple[int, int, int]) -> str | None:
    """Why this Python cannot run the project, or None."""
    low, high = SUPPORTED
    if low <= version[:2] <= high:
        return None
    found = ".".join(map(str, version))
    return f"Python {low[0]}.{low[1]} to {high[0]}.{high[1]} is required (found {found})."


def requirements(extras: str) -> list[str]:
    """The project's direct requirements for these extras, as written in pyproject.toml."""
    import tomllib  # here, so that an older Python reaches the version message

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    reqs = list(project["dependencies"])
    for extra in extras.split(","):
        reqs += project["optional-dependencies"][extra]
    return reqs


def venv_python_version() -> str | None:
    """The Python version .venv was made with, or None."""
    cfg = VENV / "pyvenv.cfg"
    if not cfg.is_file():
        return None
    for line in cfg.read_text().splitlines():
        key, _, value = line.partition("=")
        if key.strip() in ("version", "version_info"):
            return value.strip()
    return None


def ensure_venv_module() -> None:
    """Debian and Ubuntu ship `venv` without pip (ensurepip) unless python3.X-venv is installed."""
    if importlib.util.find_spec("ensurepip") is not None:
        return
    package = f"python3.{sys.version_info.minor}-venv"
    problem = system_deps.install(package)
    if problem is not None:
        sys.exit(f"Python's venv module has no pip here; {problem}.")


def ensure_venv(extras: str) -> None:
    """Create .venv with this Python and install the locked dependencies, once per change."""
    if problem := unsupported(sys.version_info[:3]):
        sys.exit(problem)
    current = platform.python_version()
    made_with = venv_python_version()
    if VENV.is_symlink() or (made_with is not None and made_with != current):
        print(f".venv was made with Python {made_with}; making it again with {current}.")
        if VENV.is_symlink():
            VENV.unlink()
        else:
            shutil.rmtree(VENV)
    if not PY.exists():
        ensure_venv_module()
        venv.EnvBuilder(with_pip=True).create(VENV)
    parts = [(ROOT / "pyproject.toml").read_bytes(), LOCK.read_bytes(), extras, current]
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()
    stamp = VENV / f".installed-{digest[:16]}"
    if stamp.exists():
        return
    with tempfile.TemporaryDirectory() as tmp:
        wanted = Path(tmp) / "requirements.txt"
        wanted.write_text("\n".join(requirements(extras)) + "\n")
        pip = [PY, "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
        sh(*pip, "--constraint", LOCK, "--requirement", wanted)
    for old in VENV.glob(".installed-*"):
        old.unlink()
    stamp.touch()


def ensure_programs(names: tuple[str, ...]) -> None:
    """Find or install each system program; stop with one message naming every missing one."""
    try:
        system_deps.ensure_all(names)
    except system_deps.MissingProgram as missing:
        sys.exit(str(missing))


def env() -> dict[str, str]:
    e = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONHASHSEED="0")
    e["PATH"] = f"{BIN}{os.pathsep}{e.get('PATH', '')}"
    e.setdefault("JUPYTER_PLATFORM_DIRS", "1")
    return e


def selects(args: list[str]) -> bool:
    """Whether pytest arguments pick tests themselves (a path, a node id, `-m`, `-k`), rather
    than only change how the default suite runs (`--durations=20`, `--record-mode=once`)."""
    picks = lambda arg: arg.startswith(("-m", "-k")) or (ROOT / arg.split("::")[0]).exists()  # noqa: E731
    return any(picks(arg) for arg in args if arg)


def main(argv: list[str]) -> None:
    if not argv or argv[0] not in EXTRAS:
        sys.exit(__doc__)
    action, rest = argv[0], argv[1:]
    ensure_venv(EXTRAS[action])
    e = env()
    if action == "serve":
        sh(BIN / "mkdocs", "serve", "--strict", "-a", "127.0.0.1:8000", *rest, env=e)
    elif action == "build":
        ensure_programs(("chromium",))
        sh(BIN / "mkdocs", "build", "--strict", "--site-dir", SITE, *rest, env=e)
        # The checks of the built site: every page in Chromium (tabs, copy buttons, links,
        # search, 720 px), executed notebooks, no secret, no CDN; on this build, not another.
        sh(PY, *PYTEST, "-m", "site", f"--built-site={SITE}", "tests", env=e)
    elif action == "long":
        root = os.geteuid() == 0
        ensure_programs((*TEST_PROGRAMS, "sudo") if root else TEST_PROGRAMS)
        # Every test of every copied folder, the set-up as another user, the matrix, re-record
        # and drift machinery; the local CLOB's fuzz at length; 1,000 seeded bot sessions.
        sh(PY, *PYTEST, "-m", "long", "tests", *rest, env=dict(e, COPIED_FOLDERS="full"))
        fuzz = "tests/snippets/local_clob/test_fuzz.py"  # 600 examples per test, not 40
        sh(PY, *PYTEST, fuzz, *rest, env=dict(e, FUZZ_EXAMPLES="600"))
        sh(PY, "scripts/soak.py", env=e)
    elif action == "bench":
        sh(PY, "benchmarks/run_all.py", *rest, env=e)
    elif action == "matrix":
        sh(PY, "scripts/compat_matrix.py", *rest, env=e)
    elif action == "soak":
        sh(PY, "scripts/soak.py", *rest, env=e)
    else:
        ensure_programs(TEST_PROGRAMS)
        sh(BIN / "ruff", "check", ".", env=e)
        sh(BIN / "ruff", "format", "--check", ".", env=e)
        # Coverage of snippets/ must be 100 %, except on a run that selects tests itself.
        tier = () if selects(rest) else DEFAULT_SUITE
        sh(
            PY,
            *PYTEST,
            "--cov=snippets",
            "--cov-report=term-missing:skip-covered",
            *tier,
            *rest,
            env=e,
        )


if __name__ == "__main__":
    main(sys.argv[1:])
