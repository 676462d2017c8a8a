"""System programs the suite needs (a browser, redis-server, node), found or installed once.

    from scripts.system_deps import ensure
    redis = ensure("redis-server")  # its path; Debian's package is installed if allowed

A program already on PATH is used as it is. Otherwise Debian's (or Ubuntu's) package is installed
with apt-get as root, or through `sudo -n apt-get` as a user with passwordless sudo; with neither,
the run stops with one clear message per missing program, saying what to install. Nothing here
downloads a browser build: a browser is Chromium or Google Chrome from the system.
Standard library only, so it runs before the virtual environment exists.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Program:
    """A program found under any of `names` on PATH (or at one of `paths`), else `package`."""

    names: tuple[str, ...]
    package: str
    why: str
    paths: tuple[str, ...] = ()


#: Where Playwright's `chrome` channel looks for Google Chrome on Linux.
PLAYWRIGHT_CHROME = "/opt/google/chrome/chrome"

PROGRAMS: dict[str, Program] = {
    "chromium": Program(
        ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"),
        "chromium",
        "the browser test drives a headless Chromium or Google Chrome",
        (PLAYWRIGHT_CHROME,),
    ),
    "redis-server": Program(
        ("redis-server",), "redis-server", "the fleet rate-limit tests run a real Redis"
    ),
    "node": Program(("node",), "nodejs", "re-recording chain cassettes runs anvil through node"),
    "npm": Program(("npm",), "npm", "re-recording chain cassettes installs the pinned anvil"),
    "sudo": Program(("sudo",), "sudo", "the set-up tests act as a user with a sudo rule"),
}

#: Wait for another apt/dpkg run (e.g. unattended upgrades on a fresh CI runner) to finish.
APT_OPTIONS = ("-o", "DPkg::Lock::Timeout=120")


class MissingProgram(SystemExit):
    """Raised (as a SystemExit, so the command ends cleanly) when a program cannot be had."""


def find(name: str, programs: Mapping[str, Program] = PROGRAMS) -> str | None:
    """The first of the program's names on PATH, else its first existing fixed path, or None."""
    program = programs[name]
    for candidate in program.names:
        path = shutil.which(candidate)
        if path:
            return path
    for path in program.paths:
        if os.access(path, os.X_OK):
            return path
    return None


def installer() -> list[str] | None:
    """The apt-get command prefix this user may run (as root, or through `sudo -n`), or None."""
    apt = shutil.which("apt-get")
    if apt is None:
        return None
    if os.geteuid() == 0:
        return [apt]
    sudo = shutil.which("sudo")
    probe = [sudo or "sudo", "-n", "true"]
    if sudo and subprocess.call(probe, stdin=subprocess.DEVNULL, stderr=subprocess.DEVNULL) == 0:
        return [sudo, "-n", "DEBIAN_FRONTEND=noninteractive", apt]
    return None


def install(package: str) -> str | None:
    """Install a Debian package; None when done, else why not (in words a reader can act on).

    The package lists on the machine are tried first; `apt-get update` runs only if that fails.
    """
    apt = installer()
    if apt is None:
        how = "not root, and `sudo -n` is not allowed"
        if not shutil.which("apt-get"):
            how = "no apt-get here"
        return f"{how}: install `{package}` (Debian/Ubuntu: sudo apt-get install {package})"
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    quiet = {"stdin": subprocess.DEVNULL, "stdout": subprocess.DEVNULL, "env": env}
    get = [*apt, *APT_OPTIONS, "install", "-y", "-qq", package]
    if subprocess.call(get, stderr=subprocess.DEVNULL, **quiet) == 0:
        return None
    for cmd in ([*apt, *APT_OPTIONS, "update", "-qq"], get):
        if subprocess.call(cmd, **quiet) != 0:
            return f"`{' '.join(cmd)}` failed: install `{package}` by hand"
    return None


def ensure(name: str, programs: Mapping[str, Program] = PROGRAMS) -> str:
    """Path of the program, installing its package first when it is missing."""
    found = find(name, programs)
    if found:
        return found
    program = programs[name]
    problem = install(program.package)
    if problem is None:
        found = find(name, programs)
        if found:
            return found
        problem = f"`{program.package}` installed, but none of {', '.join(program.names)} on PATH"
    raise MissingProgram(
        f"{name} is missing ({program.why}); {problem}, or put one of "
        f"{', '.join(program.names)} on PATH."
    )


def ensure_all(names: Iterable[str], programs: Mapping[str, Program] = PROGRAMS) -> dict[str, str]:
    """Paths of every program; one message naming each one that cannot be had."""
    paths, problems = {}, []
    for name in names:
        try:
            paths[name] = ensure(name, programs)
        except MissingProgram as missing:
            problems.append(str(missing))
    if problems:
        raise MissingProgram("\n".join(problems))
    return paths


if __name__ == "__main__":
    for name, path in ensure_all(sys.argv[1:] or list(PROGRAMS)).items():
        print(name, path)
