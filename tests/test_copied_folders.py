"""A page's folder, copied alone, passes its own tests: the zip a page offers is unpacked into an
empty temporary project and pytest runs there, with the field guide's tree out of reach.

One pytest process per folder, several at once; each folder's result is its own test. Only the
plugins a folder's install line names are loaded (pytest-recording, and pytest-asyncio where
named), so the line is checked.

By default each copy runs the first test of every test module: every module imports, its
fixtures, the plugin's replay and the cassettes' paths work in the reader's layout, while the
main suite runs every test of the same files against the same cassettes. `COPIED_FOLDERS=full`
runs every test of every copy: `scripts/run.py long` (and so `.ci/run`) runs this file that way."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import pytest

from scripts.docs_hooks import (
    KIT,
    ROOT,
    build_zip,
    folder_box,
    needed_by_tests,
    site_only,
    zip_files,
)

FOLDERS = [
    "balance_tracking",
    "connecting",
    "error_handling",
    "getting_started",
    "local_clob",
    "market_versions",
    "migration",
    "neg_risk",
    "order_constraints",
    "partial_fills",
    "placing_orders",
    "price_interpretation",
    "production_checklist",
    "rate_limiting",
    "reference_bot",
    "resolution",
    "shared_limits",
    "websocket",
]

#: A copy moved into a reader's own package: snippets/ becomes mybot/, the folder is renamed.
RENAMED = ("placing_orders", "mybot", "orders")

pytestmark = [pytest.mark.long, pytest.mark.xdist_group("copied_folders")]


Run = tuple[subprocess.CompletedProcess[str], Path]


#: `full`: every test of every copy; otherwise the first test of each module (see above).
FULL = os.environ.get("COPIED_FOLDERS") == "full"

#: Outside the copied project: keeps the first test of each module (the default, quick run).
FIRST_OF_EACH_MODULE = """
def pytest_collection_modifyitems(config, items):
    seen, keep, drop = set(), [], []
    for item in items:
        (drop if item.path in seen else keep).append(item)
        seen.add(item.path)
    config.hook.pytest_deselected(items=drop)
    items[:] = keep
"""


def run_copied(slug: str, where: Path, rename: tuple[str, str] | None = None) -> Run:
    """Unzip the folder's zip into an empty project, optionally move it to `package.folder`
    (code, tests and cassettes alike), and run pytest there."""
    project = where / "project"
    zipfile.ZipFile(build_zip(slug, where / f"{slug}.zip")).extractall(project)
    if rename:
        package, folder = rename
        (project / "snippets").rename(project / package)
        (project / package / slug).rename(project / package / folder)
        (project / "tests" / "snippets").rename(project / "tests" / package)
        (project / "tests" / package / slug).rename(project / "tests" / package / folder)
        (project / "cassettes" / slug).rename(project / "cassettes" / folder)
    # As in a reader's project: only the plugins its install line names are loaded (this
    # environment has many more installed), which also keeps each run's start-up short.
    plugins = ["-p", "no:cacheprovider", "-p", "pytest_recording.plugin"]
    if "pytest-asyncio" in needed_by_tests(slug):
        plugins += ["-p", "pytest_asyncio.plugin"]
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "PYTEST", "COV"))}
    env["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"
    if not FULL:
        plugin_dir = where / "plugin"  # beside the project, not in it
        plugin_dir.mkdir()
        (plugin_dir / "first_of_each_module.py").write_text(FIRST_OF_EACH_MODULE)
        env["PYTHONPATH"] = str(plugin_dir)
        plugins += ["-p", "first_of_each_module"]
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-rs", *plugins],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    return proc, project


@pytest.fixture(scope="module")
def runs(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict[str, Future[Run]]]:
    """The selected folders' runs, started at once on as many workers as there are cores."""
    items = [i for i in request.session.items if getattr(i, "module", None) is request.module]
    slugs = [i.callspec.params["slug"] for i in items if hasattr(i, "callspec")]
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        futures = {s: pool.submit(run_copied, s, tmp_path_factory.mktemp(s)) for s in slugs}
        if any(i.name == "test_a_renamed_copy_passes_too" for i in items):
            slug, *rename = RENAMED
            where = tmp_path_factory.mktemp("renamed")
            futures["renamed"] = pool.submit(run_copied, slug, where, tuple(rename))
        yield futures


def test_every_folder_with_tests_is_copied() -> None:
    root = Path(__file__).resolve().parents[1]
    tested = {p.parent.name for p in (root / "tests" / "snippets").glob("*/test_*.py")}
    assert tested <= set(FOLDERS)


def test_sibling_code_ships_without_its_tests() -> None:
    """reference_bot's code imports its siblings (`from ..placing_orders.heartbeats import`):
    its zip carries their code and data, transitively, but not their tests or cassettes."""
    names = {p.relative_to(ROOT).as_posix() for p in zip_files("reference_bot")}
    assert "snippets/placing_orders/heartbeats.py" in names
    assert "snippets/local_clob/seed_books.json" in names  # local_clob's data file too
    assert "snippets/production_checklist/log_redaction.py" in names  # imported by logs.py
    others = [n for n in names if n.startswith(("tests/", "cassettes/"))]
    assert others and all("/reference_bot/" in n for n in others)


def test_the_box_names_what_each_copy_needs() -> None:
    """Packages the code or tests import beyond the SDKs, and the program a test starts."""
    shared, local, bot = folder_box(["shared_limits", "local_clob", "reference_bot"], "").split(
        "folder-download"
    )[1:]
    assert "pip install redis " in shared and "apt-get install redis-server" in shared
    assert "pip install aiohttp" in local and "pytest-asyncio hypothesis" in local
    assert "prometheus-client" in bot and "<code>snippets/placing_orders/</code>" in bot


@pytest.mark.timeout(900)  # waits for its folder's run, which may queue behind others
@pytest.mark.parametrize("slug", FOLDERS)
def test_a_copied_folder_passes_its_tests_alone(slug: str, runs: dict[str, Future[Run]]) -> None:
    proc, project = runs[slug].result()
    files = [p for p in project.rglob("*") if p.is_file() and "__pycache__" not in p.parts]
    names = {p.relative_to(project).as_posix() for p in files}
    assert KIT in names and "conftest.py" not in names  # one plugin, beside the tests
    assert not any(n.startswith(("scripts/", "docs/")) for n in names)
    assert not [n for n in names if n.endswith(".py") and site_only(project / n)]
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]
    summary = proc.stdout.strip().splitlines()[-1]
    assert " passed" in summary and "error" not in summary, summary


@pytest.mark.timeout(900)
def test_a_renamed_copy_passes_too(runs: dict[str, Future[Run]]) -> None:
    """Tests reach their code as `.code` and the kit as `..conftest`, never by package name, so
    a folder moved to mybot/orders/ (tests in tests/mybot/orders/) passes unchanged."""
    proc, project = runs["renamed"].result()
    assert (project / "mybot" / "orders" / "orders.py").is_file()
    assert not (project / "snippets").exists() and not (project / "tests" / "snippets").exists()
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]
    summary = proc.stdout.strip().splitlines()[-1]
    assert " passed" in summary and "error" not in summary, summary
