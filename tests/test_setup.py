"""The set-up itself: the lock, the Python versions `scripts/run.py` accepts, system programs.

As root, each system-program test creates a throwaway non-root user and runs
`scripts/system_deps.py` as that user, without a sudo rule, with one that asks for a password,
and with a passwordless one, then checks what apt-get installed or what the user was told.
The package installed is a tiny one built here with dpkg-deb (one script in /usr/bin), so apt,
dpkg and sudo all run for real without the network. Users, sudoers files and the package are
removed afterwards.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import stat
import subprocess
import sys
import tempfile
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest
from packaging.markers import default_environment
from packaging.requirements import Requirement

from scripts import run, system_deps
from scripts.system_deps import PLAYWRIGHT_CHROME, Program, find

# One worker: apt and dpkg take a lock.
pytestmark = [pytest.mark.long, pytest.mark.xdist_group("setup")]

ROOT = Path(__file__).resolve().parent.parent
#: The Pythons the lock must cover: Debian 12's, this project's 3.11, Ubuntu 24.04's, 3.13.
PYTHONS = ("3.11.2", "3.11.7", "3.12.1", "3.12.3", "3.13.0")


def lock_entries() -> list[Requirement]:
    lines = (ROOT / "requirements.lock.txt").read_text().splitlines()
    return [Requirement(line) for line in lines if line and not line.startswith((" ", "#"))]


def project_requirements() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    extras = project["optional-dependencies"].values()
    return [Requirement(r) for r in [*project["dependencies"], *(r for e in extras for r in e)]]


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


@pytest.mark.parametrize("python", PYTHONS)
def test_lock_pins_each_requirement_once_per_python(python: str) -> None:
    env = default_environment() | {
        "python_full_version": python,
        "python_version": ".".join(python.split(".")[:2]),
        "sys_platform": "linux",
        "platform_system": "Linux",
        "implementation_name": "cpython",
    }
    active: dict[str, list[str]] = {}
    for entry in lock_entries():
        if entry.marker is None or entry.marker.evaluate(env):
            (version,) = [s.version for s in entry.specifier]
            active.setdefault(canonical(entry.name), []).append(version)
    assert {n: v for n, v in active.items() if len(v) > 1} == {}
    wanted = [r for r in project_requirements() if r.marker is None or r.marker.evaluate(env)]
    assert wanted
    for req in wanted:
        (version,) = active[canonical(req.name)]
        assert req.specifier.contains(version), (req, version)
    if python == "3.11.2":
        assert active["pymdown-extensions"] == ["12.3"]  # 13.x needs 3.11.5
    else:
        assert active["pymdown-extensions"] == ["13.1.2"]


VERSIONS = [(3, 10, 14), (3, 11, 2), (3, 12, 1), (3, 13, 0), (3, 14, 0)]


@pytest.mark.parametrize(
    ("version", "accepted"), [(v, (3, 11) <= v[:2] <= (3, 13)) for v in VERSIONS]
)
def test_run_accepts_python_3_11_to_3_13(version: tuple[int, int, int], accepted: bool) -> None:
    problem = run.unsupported(version)
    if accepted:
        assert problem is None
    else:
        assert problem == (
            f"Python 3.11 to 3.13 is required (found {'.'.join(map(str, version))})."
        )


@pytest.mark.parametrize(
    ("args", "picks"),
    [
        ([], False),
        (["--durations=20"], False),
        (["--record-mode=once", "-x"], False),
        (["-n", "0"], False),
        (["tests/test_site.py"], True),
        (["tests/test_site.py::test_built_site_holds_no_secret"], True),
        (["-k", "book"], True),
        (["-m", "long"], True),
    ],
)
def test_the_default_tier_applies_unless_the_arguments_pick_tests(args, picks) -> None:
    """`run.py test` alone runs the default suite with the coverage gate; with paths, `-k` or
    `-m` it runs what they select, site and long tests included."""
    assert run.selects(args) is picks


def test_run_installs_what_pyproject_names() -> None:
    reqs = run.requirements("docs,test")
    assert "polymarket-client==0.14.0" in reqs
    assert "pytest==9.2.0" in reqs
    assert not any(r.startswith("limits") for r in reqs)  # the bench extra only
    assert "limits[redis]==5.8.0" in run.requirements("test,bench")


def executable(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("#!/bin/sh\nexit 0\n")
    path.chmod(0o755)
    return path


def test_a_browser_on_path_is_used_as_it_is(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # no apt-get either: an install attempt would fail
    assert find("chromium") is None or find("chromium") == PLAYWRIGHT_CHROME
    chrome = executable(tmp_path / "google-chrome")
    assert system_deps.ensure("chromium") == str(chrome)
    chromium_browser = executable(tmp_path / "chromium-browser")
    assert system_deps.ensure("chromium") == str(chromium_browser)  # earlier in the list


def test_playwright_chrome_channel_path_counts_as_a_browser(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert PLAYWRIGHT_CHROME in system_deps.PROGRAMS["chromium"].paths
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    channel = executable(tmp_path / "opt/google/chrome/chrome")
    programs = {"chromium": Program(("chromium",), "chromium", "a test", (str(channel),))}
    assert system_deps.ensure("chromium", programs) == str(channel)


# --- As a throwaway user (root only) -------------------------------------------------------

needs_root = pytest.mark.skipif(
    os.name != "posix" or os.geteuid() != 0,
    reason="creating a throwaway user needs root (GitHub's runner is not root)",
)
TOOLS = ("apt-get", "dpkg", "dpkg-deb", "useradd", "userdel", "runuser")


def run_checked(*cmd: str) -> str:
    return subprocess.run(cmd, check=True, capture_output=True, text=True).stdout


def installed(package: str) -> bool:
    status = subprocess.run(["dpkg-query", "-W", "-f=${Status}", package], capture_output=True)
    return status.stdout.decode() == "install ok installed"


@pytest.fixture(scope="module")
def probe() -> Iterator[dict[str, str]]:
    """A one-script Debian package in a folder every user (and apt's _apt) can read."""
    if missing := [t for t in TOOLS if shutil.which(t) is None]:
        pytest.skip(f"needs {', '.join(missing)}")
    name = f"field-guide-probe-{secrets.token_hex(4)}"
    folder = Path(tempfile.mkdtemp(prefix="field-guide-setup-"))
    folder.chmod(0o755)
    tree = folder / "tree"
    executable(tree / "usr/bin" / name).write_text("#!/bin/sh\necho probe ok\n")
    (tree / "DEBIAN").mkdir()
    (tree / "DEBIAN/control").write_text(
        f"Package: {name}\nVersion: 1.0\nArchitecture: all\n"
        "Maintainer: set-up test <nobody@localhost>\n"
        "Description: throwaway program for the field guide's set-up test\n"
    )
    deb = folder / f"{name}.deb"
    run_checked("dpkg-deb", "--root-owner-group", "--build", str(tree), str(deb))
    deb.chmod(0o644)
    shutil.copy(ROOT / "scripts/system_deps.py", folder / "system_deps.py")
    (folder / "system_deps.py").chmod(0o644)
    try:
        yield {"name": name, "deb": str(deb), "folder": str(folder)}
    finally:
        if installed(name):
            run_checked("dpkg", "--purge", name)
        shutil.rmtree(folder)


@pytest.fixture
def user() -> Iterator[str]:
    name = f"fg{secrets.token_hex(4)}"
    run_checked("useradd", "--no-create-home", "--shell", "/bin/sh", name)
    sudoers = Path(f"/etc/sudoers.d/field-guide-test-{name}")
    try:
        yield name
    finally:
        sudoers.unlink(missing_ok=True)
        run_checked("userdel", name)


def sudo_rule(user: str, rule: str) -> None:
    if shutil.which("sudo") is None:
        pytest.skip("sudo is not installed (`scripts/run.py long` installs it when run as root)")
    path = Path(f"/etc/sudoers.d/field-guide-test-{user}")
    path.write_text(f"{user} ALL=(ALL) {rule}\n")
    path.chmod(stat.S_IRUSR | stat.S_IRGRP)
    run_checked("visudo", "-cf", str(path))


def python_for(user: str) -> str:
    """A Python 3 this user can run (the project's may live under root's home)."""
    for candidate in (sys.executable, "/usr/bin/python3", shutil.which("python3")):
        if candidate and subprocess.call(["runuser", "-u", user, "--", candidate, "-c", ""]) == 0:
            return candidate
    pytest.skip(f"no Python that {user} may run")


def ensure_as(user: str, probe: dict[str, str], names: list[str]) -> dict[str, object]:
    """Run system_deps.ensure_all(names) as `user`; names are the probe's or absent ones."""
    driver = f"""
import json, sys
sys.path.insert(0, {probe["folder"]!r})
import os, system_deps as sd
programs = dict(sd.PROGRAMS)
programs["probe"] = sd.Program(({probe["name"]!r},), {probe["deb"]!r}, "the set-up test's probe")
programs["absent"] = sd.Program(("field-guide-absent",), "field-guide-absent", "nothing")
try:
    print(json.dumps({{"uid": os.geteuid(), "paths": sd.ensure_all({names!r}, programs)}}))
except sd.MissingProgram as missing:
    print(json.dumps({{"uid": os.geteuid(), "missing": str(missing)}}))
"""
    env = ["env", "-i", "PATH=/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin", "HOME=/tmp"]
    cmd = ["runuser", "-u", user, "--", *env, python_for(user), "-c", driver]
    return json.loads(run_checked(*cmd))


@needs_root
@pytest.mark.parametrize("rule", [None, "ALL"], ids=["no-sudo-rule", "sudo-with-password"])
def test_user_without_passwordless_sudo_is_told_what_to_install(
    probe: dict[str, str], user: str, rule: str | None
) -> None:
    if rule:
        sudo_rule(user, rule)
    result = ensure_as(user, probe, ["probe", "absent"])
    assert result["uid"] != 0
    lines = str(result["missing"]).splitlines()
    assert len(lines) == 2  # one message per missing program
    assert lines[0].startswith("probe is missing (the set-up test's probe); not root, and")
    assert f"sudo apt-get install {probe['deb']}" in lines[0]
    assert lines[1].startswith("absent is missing (nothing);")
    assert "sudo apt-get install field-guide-absent" in lines[1]
    assert not installed(probe["name"])


@needs_root
def test_user_with_passwordless_sudo_installs_through_sudo(
    probe: dict[str, str], user: str
) -> None:
    sudo_rule(user, "NOPASSWD: ALL")
    try:
        result = ensure_as(user, probe, ["probe"])
        assert result["uid"] != 0
        assert result["paths"] == {"probe": f"/usr/bin/{probe['name']}"}
        assert installed(probe["name"])
        assert run_checked("runuser", "-u", user, "--", probe["name"]) == "probe ok\n"
        assert ensure_as(user, probe, ["probe"])["paths"] == result["paths"]  # found, kept
    finally:
        if installed(probe["name"]):
            run_checked("dpkg", "--purge", probe["name"])


@needs_root
def test_root_uses_apt_get_itself() -> None:
    """As root nothing goes through sudo (the install itself is the passwordless-sudo test's)."""
    if shutil.which("apt-get") is None:
        pytest.skip("no apt-get")
    assert system_deps.installer() == [shutil.which("apt-get")]


def test_a_venv_made_by_another_python_is_noticed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(run, "VENV", tmp_path)
    assert run.venv_python_version() is None
    (tmp_path / "pyvenv.cfg").write_text("home = /usr/bin\nversion = 3.11.2\n")
    assert run.venv_python_version() == "3.11.2"
