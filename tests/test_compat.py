"""The SDK compatibility matrix: its JUnit reading on a real pytest run, its lock, the committed
data, and what each page shows from it (without ever importing an old SDK)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from scripts import compat_matrix as cm
from scripts import docs_hooks
from scripts.tables import compat

pytestmark = pytest.mark.long  # `scripts/run.py long` runs it, as CI does

ROOT = Path(__file__).resolve().parent.parent
DATA = compat.load()
PAGES = sorted((ROOT / "docs").rglob("*.md"))


def test_a_real_run_reads_as_pass_fail_and_cannot_import(
    pytester: pytest.Pytester, tmp_path: Path
) -> None:
    files = {
        "tests/snippets/fresh/test_ok.py": "def test_a():\n    pass\n\ndef test_b():\n    pass\n",
        "tests/snippets/old/test_new_name.py": (
            "from json import NoSuchName\n\ndef test_uses_it():\n    assert NoSuchName\n"
        ),
        "tests/snippets/old/test_ok.py": "def test_a():\n    pass\n",
        "tests/snippets/broken/test_math.py": "def test_sum():\n    assert 1 + 1 == 3\n",
    }
    packages = {"tests", "tests/snippets"} | {str(Path(p).parent) for p in files}
    files |= {f"{p}/__init__.py": "" for p in packages}
    for path, text in files.items():
        pytester.path.joinpath(path).parent.mkdir(parents=True, exist_ok=True)
        pytester.path.joinpath(path).write_text(text)
    junit = tmp_path / "junit.xml"
    result = pytester.runpytest_subprocess(
        "-p", "no:cacheprovider", "--continue-on-collection-errors", f"--junitxml={junit}"
    )
    assert result.ret == 1
    got = {slug: o.as_dict() for slug, o in cm.parse_junit(junit.read_text()).items()}
    assert got["fresh"] == {"status": "pass", "passed": 2, "failed": 0}
    assert got["old"]["status"] == "cannot import"
    assert got["old"]["error"].startswith("ImportError: cannot import name 'NoSuchName' from")
    assert (got["old"]["passed"], got["old"]["failed"]) == (1, 1)
    assert got["broken"]["status"] == "fail"
    assert got["broken"]["error"] == "assert (1 + 1) == 3"
    assert str(ROOT) not in json.dumps(got)


def test_each_combination_swaps_one_sdk_and_keeps_the_lock() -> None:
    lock = [
        "httpx==0.28.1",
        "polymarket-client==0.14.0",
        "py_clob_client_v2==1.2.1",
        "web3==7.16.0",
    ]
    reqs = cm.requirements(lock, "py-clob-client-v2", "1.1.0")
    assert reqs == [lock[0], lock[1], "py-clob-client-v2==1.1.0", lock[3]]
    combos = cm.combinations()
    assert combos[0] == ("polymarket-client", cm.pinned()["polymarket-client"])
    assert sorted(combos[1:]) == [
        ("polymarket-client", "0.12.0"),
        ("polymarket-client", "0.13.0"),
        ("py-clob-client-v2", "1.1.0"),
        ("py-clob-client-v2", "1.2.0"),
    ]
    assert not any(cm._split(line)[0] == cm.PROJECT for line in cm.lock_lines())


def test_index_listing_keeps_final_releases_in_order() -> None:
    text = "x (0.14.0)\nAvailable versions: 0.14.0, 0.15.0rc1, 0.9.0, 0.13.0\n  INSTALLED: 0.14.0"
    assert cm.parse_index(text) == ["0.9.0", "0.13.0", "0.14.0"]


def test_error_lines_lose_machine_paths() -> None:
    line = (
        "ImportError: cannot import name 'X' from 'polymarket' "
        f"({ROOT}/.cache/compat/polymarket-client-0.12.0/lib/python3.11/site-packages/"
        f"polymarket/__init__.py) in {ROOT}/tests/snippets/x.py"
    )
    assert cm.clean(line) == (
        "ImportError: cannot import name 'X' from 'polymarket' "
        "(polymarket/__init__.py) in tests/snippets/x.py"
    )


SYNTHETIC = {
    "measured": "2026-12-02T07:00:00Z",
    "releases": {"polymarket-client": ["0.12.0", "0.13.0", "0.14.0"], "sdk-b": ["1.0", "1.1"]},
    "pinned": {"polymarket-client": "0.14.0", "sdk-b": "1.1"},
    "results": {
        "heartbeats": {
            "polymarket-client": {
                "0.12.0": {"status": "pass", "passed": 3, "failed": 0},
                "0.13.0": {
                    "status": "cannot import",
                    "passed": 1,
                    "failed": 2,
                    "error": "ImportError: cannot import name 'OrderHeartbeatMismatchError' "
                    "from 'polymarket' (polymarket/__init__.py)",
                },
                "0.14.0": {"status": "pass", "passed": 3, "failed": 0},
            },
            "sdk-b": {
                "1.0": {"status": "pass", "passed": 3, "failed": 0},
                "1.1": {"status": "pass", "passed": 3, "failed": 0},
            },
        },
        "books": {
            "polymarket-client": {
                v: {"status": "pass", "passed": 2, "failed": 0}
                for v in ("0.12.0", "0.13.0", "0.14.0")
            },
            "sdk-b": {
                "1.0": {"status": "fail", "passed": 1, "failed": 1, "error": "KeyError: 'x'"},
                "1.1": {"status": "pass", "passed": 2, "failed": 0},
            },
        },
    },
}


def test_a_page_says_what_it_needs_and_why() -> None:
    assert compat.needs(["heartbeats"], SYNTHETIC) == [
        "needs polymarket-client ≥ 0.14.0: "
        "`OrderHeartbeatMismatchError` (not in `polymarket` 0.13.0)"
    ]
    assert compat.needs(["books"], SYNTHETIC) == ["needs sdk-b ≥ 1.1: `KeyError: 'x'` on 1.0"]
    assert compat.passes_on(["heartbeats", "books"], SYNTHETIC) == {
        "polymarket-client": ["0.12.0", "0.14.0"],
        "sdk-b": ["1.1"],
    }
    page = '# Heartbeats\n\nText.\n\n--8<-- "snippets/heartbeats/beat.py"\n'
    out = compat.with_header(page, "production/heartbeats.md", SYNTHETIC)
    lines = out.split("\n")
    assert lines[0] == "# Heartbeats"
    assert "`polymarket-client` 0.12.0, 0.14.0 · `sdk-b` 1.0, 1.1" in lines[2]
    assert "(../reference/compatibility.md)" in lines[2]
    assert lines[4:6] == [
        '!!! warning "Needs polymarket-client ≥ 0.14.0"',
        "    `OrderHeartbeatMismatchError` (not in `polymarket` 0.13.0).",
    ]
    assert out.endswith(page.split("\n", 1)[1])


def test_pages_without_measured_snippets_are_left_alone() -> None:
    page = "# Intro\n\nNo samples here.\n"
    assert compat.with_header(page, "index.md", SYNTHETIC) == page
    empty = {"results": {}, "releases": {}, "pinned": {}}
    sample = '# X\n--8<-- "snippets/heartbeats/beat.py"\n'
    assert compat.with_header(sample, "x.md", empty) == sample
    assert compat.matrix_table(empty).startswith("_Not measured yet")


def test_the_table_lists_every_cell_and_each_first_error() -> None:
    table = compat.matrix_table(SYNTHETIC)
    assert "| `heartbeats` | pass 3/3 | **cannot import** 1/3 | pass 3/3 |" in table
    assert "- `books`, `sdk-b` 1.0: fail: `KeyError: 'x'`" in table
    assert "site build" not in table

    error = "ERROR - Error reading page 'migration/migrating.md': migration map does not match"
    builds = {"polymarket-client": {"0.13.0": {"status": "fail", "error": error}}}
    table = compat.matrix_table({**SYNTHETIC, "site_build": builds})
    assert "| site build (`mkdocs build --strict`) | not run | **fail** | not run |" in table
    assert "- site build, `polymarket-client` 0.13.0: `ERROR - Error reading page" in table


def test_a_bare_assert_false_keeps_what_was_false() -> None:
    text = (
        ">       assert table.startswith(x)\nE       AssertionError: assert False\n"
        "E        +  where False = <built-in method startswith>('| task |')\n"
    )
    assert cm.first_line(text) == (
        "AssertionError: assert False; where False = <built-in method startswith>('| task |')"
    )


def test_the_hook_reads_only_the_data(monkeypatch: pytest.MonkeyPatch) -> None:
    """The site build imports no SDK for this: an old release can never break it."""
    page = SimpleNamespace(file=SimpleNamespace(src_uri="production/heartbeats.md"))
    monkeypatch.setattr(compat, "load", lambda *a: SYNTHETIC)
    out = docs_hooks.compat_header('# H\n--8<-- "snippets/heartbeats/b.py"\n', page)
    assert "Needs polymarket-client ≥ 0.14.0" in out


def test_the_committed_matrix_covers_every_snippet_folder_and_release() -> None:
    folders = {p.name for p in (ROOT / "snippets").iterdir() if (p / "__init__.py").exists()}
    assert set(DATA["results"]) == folders
    for slug, per_sdk in DATA["results"].items():
        for sdk, releases in DATA["releases"].items():
            assert set(per_sdk[sdk]) == set(releases), (slug, sdk)
            pin = DATA["pinned"][sdk]
            assert per_sdk[sdk][pin]["status"] == "pass", (slug, sdk)  # the suite itself passes
    assert str(ROOT) not in json.dumps(DATA) and "site-packages" not in json.dumps(DATA)


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.relative_to(ROOT / "docs").as_posix())
def test_every_page_with_samples_shows_its_versions_and_needs(page: Path) -> None:
    text = page.read_text(encoding="utf-8")
    src = page.relative_to(ROOT / "docs").as_posix()
    slugs = [s for s in compat.page_slugs(text) if s in DATA["results"]]
    out = compat.with_header(text, src, DATA)
    if not slugs or src == compat.PAGE:
        assert out == text
        return
    assert "Samples on this page pass on" in out
    for slug in slugs:
        for sdk, releases in DATA["releases"].items():
            oldest = DATA["results"][slug][sdk][releases[0]]["status"]
            if oldest != "pass":
                assert f'!!! warning "Needs {sdk} ≥' in out, (slug, sdk)


def _broken() -> str:
    raise AttributeError("send_order_heartbeat")


def test_a_generator_failing_on_an_older_sdk_is_a_note_not_a_failed_build(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from scripts.tables import site

    monkeypatch.setattr(site, "versions_table", _broken)
    assert compat.off_pin() == {}  # this suite runs on the pins: a real mistake still fails
    with pytest.raises(AttributeError, match="send_order_heartbeat"):
        docs_hooks.render("site", "versions_table")

    monkeypatch.setattr(compat, "off_pin", lambda: {"polymarket-client": ("0.13.0", "0.14.0")})
    note = docs_hooks.render("site", "versions_table")
    assert note.startswith('!!! note "Generated for the pinned SDKs"')
    assert "`polymarket-client` 0.13.0 (pinned: 0.14.0)" in note
    assert "`AttributeError: send_order_heartbeat`" in note


def test_a_failure_that_passes_when_run_again_is_named_flaky(
    pytester: pytest.Pytester, tmp_path: Path
) -> None:
    seen = tmp_path / "seen"
    files = {
        "tests/snippets/timing/test_race.py": (
            "from pathlib import Path\n\n"
            f"SEEN = Path({str(seen)!r})\n\n"
            "def test_first_run_loses_the_race():\n"
            "    first = not SEEN.exists()\n"
            "    SEEN.touch()\n"
            "    assert not first\n\n"
            "def test_steady():\n    pass\n"
        ),
        "tests/snippets/real/test_broken.py": "def test_sum():\n    assert 1 + 1 == 3\n",
    }
    packages = {"tests", "tests/snippets", "tests/snippets/timing", "tests/snippets/real"}
    files |= {f"{p}/__init__.py": "" for p in packages}
    for path, text in files.items():
        pytester.path.joinpath(path).parent.mkdir(parents=True, exist_ok=True)
        pytester.path.joinpath(path).write_text(text)
    junit = tmp_path / "junit.xml"
    pytester.runpytest_subprocess("-p", "no:cacheprovider", f"--junitxml={junit}")
    outcomes = cm.parse_junit(junit.read_text())
    assert outcomes["timing"].tests == [
        "tests/snippets/timing/test_race.py::test_first_run_loses_the_race"
    ]
    with (tmp_path / "log").open("w") as log:
        cm.retry_failures(
            Path(sys.executable), outcomes, tmp_path / "retry.xml", log, cwd=pytester.path
        )
    assert outcomes["timing"].as_dict() == {
        "status": "pass",
        "passed": 2,
        "failed": 0,
        "flaky": ["tests/snippets/timing/test_race.py::test_first_run_loses_the_race"],
    }
    assert outcomes["real"].status == "fail"  # a real failure stays one
