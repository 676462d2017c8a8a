"""Run the snippet tests against the last three releases of each SDK; commit the result as data.

    python3 scripts/compat_matrix.py                       # every combination, one at a time
    python3 scripts/compat_matrix.py --only polymarket-client==0.13.0
    python3 scripts/compat_matrix.py --summary             # print the committed data as a table

Each combination gets its own virtual environment under `.cache/compat/`, built from the same
lock as the project's `.venv` (its `pip freeze`, or the pyproject pins when there is none) with
one SDK swapped for an older release; the other SDK stays at its pin. The tests under
`tests/snippets/` run in it with pytest's JUnit report, and each snippet folder gets, per SDK
version: `pass`, `fail`, or `cannot import` (a test module failed to import: a name the snippet
needs is missing from that release), with the first error. Then the site is built with
`mkdocs build --strict` in the same environment (`--no-site` skips it). The result goes to
`scripts/tables/data/compat.json`, which the site reads: the build never imports an old SDK.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import re
import subprocess
import sys
import tempfile
import tomllib
import venv
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / ".cache" / "compat"
DATA = ROOT / "scripts" / "tables" / "data" / "compat.json"
MAIN_PY = ROOT / ".venv" / "bin" / "python"
#: The last three releases of each SDK, oldest first (pypi.org/project/<name>/#history).
RELEASES: dict[str, list[str]] = {
    "polymarket-client": ["0.12.0", "0.13.0", "0.14.0"],
    "py-clob-client-v2": ["1.1.0", "1.2.0", "1.2.1"],
}
RUN_TIMEOUT = 1800  # seconds for tests/snippets in one environment (about 2 min when idle)
PASS, FAIL, NO_IMPORT, NO_INSTALL = "pass", "fail", "cannot import", "cannot install"
IMPORT_ERRORS = ("ImportError", "ModuleNotFoundError", "cannot import name")
PROJECT = "polymarket-clob-field-guide"
#: Tests that check the page against the pinned versions by design (they print the pins): they
#: fail on any other release without saying anything about the samples, so only the all-pinned
#: run keeps them.
#: Tests that print the pinned versions themselves (marked so in the suite) run on the pins only.
PINNED_ONLY = "pinned_versions"
SLUG = re.compile(r"^tests\.snippets\.([a-z_][a-z0-9_]*)(?:\.|$)")


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(p) for p in re.findall(r"\d+", version))


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pinned() -> dict[str, str]:
    """The SDK versions pyproject.toml pins."""
    deps = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    pins = dict(_split(d) for d in deps)
    return {sdk: pins[sdk] for sdk in RELEASES}


def _split(requirement: str) -> tuple[str, str]:
    name, _, ver = requirement.partition("==")
    return canonical(name.strip()), ver.strip()


def lock_lines(freeze: str | None = None) -> list[str]:
    """`name==version` for everything the project installs: the project's `.venv` freeze when
    there is one (the same lock every combination shares), else the pyproject pins."""
    if freeze is None and MAIN_PY.exists():
        freeze = subprocess.run(
            [str(MAIN_PY), "-m", "pip", "freeze", "--exclude-editable"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    if freeze:
        lines = [ln.strip() for ln in freeze.splitlines() if "==" in ln]
        return sorted(ln for ln in lines if _split(ln)[0] != PROJECT)
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    return sorted([*project["dependencies"], *project["optional-dependencies"]["test"]])


def requirements(lock: list[str], sdk: str, version: str) -> list[str]:
    """The lock with `sdk` at `version`; every other line unchanged."""
    out = [line for line in lock if _split(line)[0] != sdk]
    return sorted([*out, f"{sdk}=={version}"])


def latest(sdk: str, count: int) -> list[str]:
    """The newest `count` releases of `sdk` on the package index, oldest first (`pip index`)."""
    out = subprocess.run(
        [sys.executable, "-m", "pip", "index", "versions", sdk, "--disable-pip-version-check"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return parse_index(out)[-count:]


def parse_index(text: str) -> list[str]:
    """Final releases from `pip index versions` output, oldest first."""
    m = re.search(r"Available versions: (.+)", text)
    found = [v.strip() for v in m.group(1).split(",")] if m else []
    finals = [v for v in found if re.fullmatch(r"\d+(\.\d+)*", v)]
    return sorted(finals, key=lambda v: tuple(int(p) for p in v.split(".")))


def combinations() -> list[tuple[str, str]]:
    """(sdk, version) per run: the pinned pair once, then each older release of one SDK with the
    other at its pin."""
    pins = pinned()
    first = next(iter(RELEASES))
    out = [(first, pins[first])]
    for sdk, versions in RELEASES.items():
        out += [(sdk, v) for v in versions if v != pins[sdk]]
    return out


def build_venv(sdk: str, version: str, lock: list[str], log) -> Path:
    """Create (or reuse) `.cache/compat/<sdk>-<version>` with the lock and that SDK version."""
    reqs = requirements(lock, sdk, version)
    digest = hashlib.sha256("\n".join(reqs).encode()).hexdigest()[:16]
    path = CACHE / f"{sdk}-{version}"
    stamp = path / f".installed-{digest}"
    if stamp.exists():
        return path
    if not (path / "bin" / "python").exists():
        venv.EnvBuilder(with_pip=True, clear=True).create(path)
    req_file = path / "requirements.txt"
    req_file.write_text("\n".join(reqs) + "\n")
    pip = [str(path / "bin" / "python"), "-m", "pip", "install", "--disable-pip-version-check"]
    subprocess.run([*pip, "--quiet", "-r", str(req_file)], check=True, stdout=log, stderr=log)
    for old in path.glob(".installed-*"):
        old.unlink()
    stamp.touch()
    return path


@dataclass
class Outcome:
    status: str = PASS
    passed: int = 0
    failed: int = 0
    error: str | None = None
    tests: list[str] = field(default_factory=list)  # failed test ids (not collection errors)
    flaky: list[str] = field(default_factory=list)  # failed once, passed when run again

    def as_dict(self) -> dict[str, object]:
        out: dict[str, object] = {"status": self.status, "passed": self.passed}
        out["failed"] = self.failed
        if self.error:
            out["error"] = clean(self.error)
        if self.flaky:
            out["flaky"] = self.flaky
        return out


def clean(line: str) -> str:
    """Drop machine paths from an error line (the venv's site-packages, the checkout)."""
    line = re.sub(r"[^\s('\"]*/site-packages/", "", line)
    return line.replace(f"{ROOT}/", "").replace(str(ROOT), ".")


def first_line(text: str) -> str:
    """The most telling line of a failure: the `E   ...` line pytest prints, else the last one."""
    lines = [ln.strip() for ln in (text or "").splitlines() if ln.strip()]
    for ln in lines:
        if ln.startswith("E ") and any(k in ln for k in IMPORT_ERRORS):
            return ln[1:].strip()[:300]
    errors = [ln[1:].strip() for ln in lines if ln.startswith("E ")]
    if errors and errors[0].endswith(("assert False", "assert None")) and len(errors) > 1:
        return f"{errors[0]}; {errors[1].lstrip('+ ')}"[:300]  # what was False
    if errors:
        return errors[0][:300]
    return (lines[-1] if lines else "")[:300]


def parse_junit(xml_text: str) -> dict[str, Outcome]:
    """Per snippet folder: pass / fail / cannot import, with the first error, from JUnit XML."""
    out: dict[str, Outcome] = {}
    for case in ET.fromstring(xml_text).iter("testcase"):
        # A collection error has an empty classname and the module path as its name.
        dotted = case.get("classname") or case.get("name", "").replace("/", ".")
        m = SLUG.match(dotted.removesuffix(".py"))
        if not m:
            continue
        outcome = out.setdefault(m.group(1), Outcome())
        bad = case.find("failure")
        if bad is None:
            bad = case.find("error")
        if case.find("skipped") is not None:
            continue
        if bad is None:
            outcome.passed += 1
            continue
        outcome.failed += 1
        text = f"{bad.get('message', '')}\n{bad.text or ''}"
        collection = not case.get("classname")
        if not collection:
            module = case.get("classname", "").replace(".", "/")
            outcome.tests.append(f"{module}.py::{case.get('name')}")
        if collection and any(k in text for k in IMPORT_ERRORS):
            if outcome.status != NO_IMPORT:
                outcome.status, outcome.error = NO_IMPORT, first_line(text)
        elif outcome.status == PASS:
            outcome.status, outcome.error = FAIL, first_line(text)
    return out


class Unfinished(RuntimeError):
    """The test run of a combination ended without a verdict; its previous result is kept."""


def retry_failures(
    python: Path, outcomes: dict[str, Outcome], junit: Path, log, cwd: Path = ROOT
) -> None:
    """Run each failed test once more, alone; a folder whose failures all pass then is a pass
    with its flaky tests named (a timing test on a loaded machine is not an SDK verdict)."""
    for outcome in outcomes.values():
        if outcome.status != FAIL or not outcome.tests:
            continue
        cmd = [str(python), "-m", "pytest", "-p", "no:cacheprovider", "-n", "0", "-q"]
        cmd += [f"--junitxml={junit}", *outcome.tests]
        subprocess.run(cmd, cwd=cwd, stdout=log, stderr=log, check=False)
        again = parse_junit(junit.read_text())
        if all(o.status == PASS for o in again.values()):
            outcome.flaky, outcome.tests = outcome.tests, []
            outcome.passed += outcome.failed
            outcome.status, outcome.failed, outcome.error = PASS, 0, None


def run_tests(python: Path, junit: Path, log, pinned_run: bool) -> dict[str, Outcome]:
    env = dict(os.environ, PYTHONHASHSEED="0", NO_MKDOCS_2_WARNING="1")
    cmd = [str(python), "-m", "pytest", "-p", "no:cacheprovider", "-n", "0", "-q"]
    if not pinned_run:
        cmd += ["-m", f"not {PINNED_ONLY}"]
    cmd += ["--continue-on-collection-errors", f"--junitxml={junit}", "tests/snippets"]
    junit.unlink(missing_ok=True)  # never read an older run's report
    try:
        subprocess.run(cmd, cwd=ROOT, env=env, stdout=log, stderr=log, timeout=RUN_TIMEOUT)
    except subprocess.TimeoutExpired as error:
        raise Unfinished(f"tests/snippets did not finish in {RUN_TIMEOUT} s") from error
    if not junit.exists():
        raise Unfinished("pytest ended without a report (killed?)")
    outcomes = parse_junit(junit.read_text())
    retry_failures(python, outcomes, junit.with_suffix(".retry.xml"), log)
    return outcomes


def build_site(python: Path, log) -> dict[str, str]:
    """`mkdocs build --strict` with this environment's SDKs: pass, or fail with the first error."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", JUPYTER_PLATFORM_DIRS="1")
    with tempfile.TemporaryDirectory() as out:
        cmd = [str(python), "-m", "mkdocs", "build", "--strict", "-q", "-d", out]
        proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)
    log.write(proc.stdout + proc.stderr)
    if proc.returncode == 0:
        return {"status": PASS}
    lines = [ln for ln in proc.stderr.splitlines() if ln.startswith(("ERROR", "WARNING"))]
    first = lines[0] if lines else (proc.stderr.strip().splitlines() or ["failed"])[-1]
    return {"status": FAIL, "error": clean(" ".join(first.split()))[:300]}


def installed_version(python: Path, sdk: str) -> str:
    code = f"import importlib.metadata as m; print(m.version({sdk!r}))"
    return subprocess.run([str(python), "-c", code], capture_output=True, text=True).stdout.strip()


def record(data: dict, sdk: str, version: str, outcomes: dict[str, Outcome]) -> None:
    """Store a run under the SDK it varied; the all-pinned run counts for every SDK's pin."""
    pins = pinned()
    under = pins.items() if pins.get(sdk) == version else [(sdk, version)]
    for slug, outcome in outcomes.items():
        for name, ver in under:
            data["results"].setdefault(slug, {}).setdefault(name, {})[ver] = outcome.as_dict()


def load_data() -> dict:
    if DATA.exists():
        return json.loads(DATA.read_text())
    return {"results": {}}


def save_data(data: dict) -> None:
    """Write the data with its metadata first and folders and releases in order (stable diffs)."""
    results = {
        slug: {
            sdk: {v: per[sdk][v] for v in sorted(per[sdk], key=_version_key)} for sdk in sorted(per)
        }
        for slug, per in sorted(data["results"].items())
    }
    meta = {k: v for k, v in data.items() if k != "results"}
    for sdk, builds in meta.get("site_build", {}).items():
        meta["site_build"][sdk] = {v: builds[v] for v in sorted(builds, key=_version_key)}
    DATA.write_text(json.dumps({**meta, "results": results}, indent=2) + "\n")


def run(only: list[tuple[str, str]] | None = None, site: bool = True) -> dict:
    CACHE.mkdir(parents=True, exist_ok=True)
    lock = lock_lines()
    data = load_data()
    data.update(
        {
            "command": "python3 scripts/compat_matrix.py",
            "python": ".".join(map(str, sys.version_info[:3])),
            "pinned": pinned(),
            "releases": RELEASES,
        }
    )
    data.setdefault("results", {})
    for sdk, version in only or combinations():
        log_path = CACHE / f"{sdk}-{version}.log"
        with log_path.open("w") as log:
            print(f"[matrix] {sdk}=={version}: building the environment", flush=True)
            try:
                path = build_venv(sdk, version, lock, log)
            except subprocess.CalledProcessError:
                tail = log_path.read_text().strip().splitlines()[-1:] or ["pip failed"]
                out = {s: Outcome(NO_INSTALL, error=tail[0][:300]) for s in data["results"]}
                record(data, sdk, version, out)
                continue
            python = path / "bin" / "python"
            got = installed_version(python, sdk)
            if got != version:
                raise SystemExit(f"{path} has {sdk} {got}, expected {version}")
            print(f"[matrix] {sdk}=={version}: running tests/snippets", flush=True)
            junit = CACHE / f"{sdk}-{version}.xml"
            try:
                outcomes = run_tests(python, junit, log, pinned_run=pinned()[sdk] == version)
            except Unfinished as error:
                print(f"[matrix] {sdk}=={version}: {error}; the previous result is kept")
                continue
            if site:
                print(f"[matrix] {sdk}=={version}: building the site", flush=True)
                built = build_site(python, log)
                pins = pinned()
                under = pins.items() if pins[sdk] == version else [(sdk, version)]
                for name, ver in under:
                    data.setdefault("site_build", {}).setdefault(name, {})[ver] = built
        record(data, sdk, version, outcomes)
        data["measured"] = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        save_data(data)  # after every combination: an interrupted run keeps what it measured
        bad = {s: o.status for s, o in outcomes.items() if o.status != PASS}
        print(f"[matrix] {sdk}=={version}: {len(outcomes) - len(bad)} folders pass; {bad}")
    return data


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", action="append", default=[], help="sdk==version (repeatable)")
    parser.add_argument("--summary", action="store_true", help="print the committed table")
    parser.add_argument("--no-site", action="store_true", help="skip the strict site build")
    parser.add_argument(
        "--latest", type=int, metavar="N", help="test the newest N releases on the index instead"
    )
    parser.add_argument(
        "--reparse", action="store_true", help="rebuild the data from the JUnit files in .cache/"
    )
    args = parser.parse_args(argv)
    if args.reparse:
        data = load_data()
        data["results"] = {}
        for sdk, version in combinations():
            junit = CACHE / f"{sdk}-{version}.xml"
            if junit.exists():
                record(data, sdk, version, parse_junit(junit.read_text()))
        save_data(data)
        return 0
    if args.summary:
        sys.path.insert(0, str(ROOT))
        from scripts.tables.compat import matrix_table

        print(matrix_table())
        return 0
    if args.latest:
        for sdk in RELEASES:
            RELEASES[sdk] = sorted({*latest(sdk, args.latest), pinned()[sdk]}, key=_version_key)
    only = [_split(o) for o in args.only] or None
    run(only, site=not args.no_site)
    return 0


if __name__ == "__main__":
    sys.exit(main())
