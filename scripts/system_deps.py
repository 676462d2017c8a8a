"""System programs the suite needs (a browser, redis-server, node), found or installed once.

    from scripts.system_deps import ensure
    redis = ensure("redis-server")  # its path; Debian's package is installed if allowed

As root, Debian's package is installed with apt-get; as a user with passwordless sudo, through
`sudo -n apt-get`; with neither, the run stops with one clear message saying what to install.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass


@dataclass(frozen=True)
class Program:
    """A program found under any of `names` on PATH, else installed from `package`."""

    names: tuple[str, ...]
    package: str
    why: str


PROGRAMS: dict[str, Program] = {
    "chromium": Program(
        ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"),
        "chromium",
        "the browser test drives a headless Chromium",
    ),
    "redis-server": Program(
        ("redis-server",), "redis-server", "the fleet rate-limit tests run a real Redis"
    ),
    "node": Program(("node",), "nodejs", "re-recording chain cassettes runs anvil through node"),
}


class MissingProgram(SystemExit):
    """Raised (as a SystemExit, so the command ends cleanly) when a program cannot be had."""


def find(name: str) -> str | None:
    """The first of the program's names on PATH, or None."""
    for candidate in PROGRAMS[name].names:
        path = shutil.which(candidate)
        if path:
            return path
    return None


def installer() -> list[str] | None:
    """The apt-get command prefix this user may run, or None."""
    apt = shutil.which("apt-get")
    if apt is None:
        return None
    if os.geteuid() == 0:
        return [apt]
    sudo = shutil.which("sudo")
    if sudo and subprocess.call([sudo, "-n", "true"], stderr=subprocess.DEVNULL) == 0:
        return [sudo, "-n", "DEBIAN_FRONTEND=noninteractive", apt]
    return None


def ensure(name: str) -> str:
    """Path of the program, installing its Debian package first when it is missing."""
    found = find(name)
    if found:
        return found
    program = PROGRAMS[name]
    apt = installer()
    if apt is None:
        raise MissingProgram(
            f"{name} is missing ({program.why}): install the `{program.package}` package "
            f"(Debian/Ubuntu: sudo apt-get install {program.package}), or put one of "
            f"{', '.join(program.names)} on PATH."
        )
    quiet = {"stdout": subprocess.DEVNULL}
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    for cmd in ([*apt, "update", "-qq"], [*apt, "install", "-y", "-qq", program.package]):
        if subprocess.call(cmd, env=env, **quiet) != 0:
            raise MissingProgram(f"`{' '.join(cmd)}` failed: install {program.package} by hand.")
    found = find(name)
    if not found:
        raise MissingProgram(f"{program.package} installed, but none of {program.names} on PATH.")
    return found


if __name__ == "__main__":
    for arg in sys.argv[1:] or list(PROGRAMS):
        print(arg, ensure(arg))
