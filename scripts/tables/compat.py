"""The SDK compatibility matrix as the site shows it, read from `data/compat.json`.

`scripts/compat_matrix.py` measures the data (the snippet tests run against each SDK release in
its own virtual environment); nothing here imports an SDK, so an older release that lacks a name
can never break the site build.
"""

from __future__ import annotations

import json
import posixpath
import re
from functools import cache
from pathlib import Path
from typing import Any

DATA = Path(__file__).parent / "data" / "compat.json"
PAGE = "reference/compatibility.md"
PASS = "pass"
MARK = {"pass": "pass", "fail": "**fail**", "cannot import": "**cannot import**"}
MISSING_NAME = re.compile(r"cannot import name '([^']+)' from '([^']+)'")
NO_MODULE = re.compile(r"No module named '([^']+)'")
SNIPPET = re.compile(r"snippets/([a-z_][a-z0-9_]*)/")


@cache
def load(path: Path = DATA) -> dict[str, Any]:
    """The committed matrix; an empty one when it has not been measured yet."""
    if not path.exists():
        return {"results": {}, "releases": {}, "pinned": {}}
    return json.loads(path.read_text(encoding="utf-8"))


def _key(version: str) -> tuple[int, ...]:
    return tuple(int(p) for p in re.findall(r"\d+", version))


def reason(error: str | None, version: str = "") -> str:
    """A short reader-facing reason from a recorded first error (of release `version`)."""
    on = f" {version}" if version else ""
    if not error:
        return f"its tests fail on{on}"
    m = MISSING_NAME.search(error)
    if m:
        return f"`{m.group(1)}` (not in `{m.group(2)}`{on})"
    m = NO_MODULE.search(error)
    if m:
        return f"module `{m.group(1)}` is missing{on}"
    return f"`{error[:160]}`" + (f" on{on}" if on else "")


def passing(results: dict[str, dict[str, Any]]) -> list[str]:
    """Versions (oldest first) whose run passed."""
    return sorted((v for v, r in results.items() if r["status"] == PASS), key=_key)


def minimum(results: dict[str, dict[str, Any]]) -> tuple[str | None, str | None]:
    """(lowest version from which every newer measured release passes, why the one below fails).

    (None, None) when nothing passes; (oldest, None) when every measured release passes."""
    ordered = sorted(results, key=_key)
    floor: str | None = None
    for v in reversed(ordered):
        if results[v]["status"] != PASS:
            return floor, (reason(results[v].get("error"), v) if floor else None)
        floor = v
    return floor, None


def needs(slugs: list[str], data: dict[str, Any] | None = None) -> list[str]:
    """`needs <sdk> ≥ <version>: <reason>` per SDK the page's snippets need a newer release of."""
    data = data or load()
    notes: list[str] = []
    for sdk, releases in (data.get("releases") or {}).items():
        worst: tuple[tuple[int, ...], str, str] | None = None
        for slug in slugs:
            results = data["results"].get(slug, {}).get(sdk)
            if not results:
                continue
            floor, why = minimum(results)
            newer = worst is None or _key(floor or "") > worst[0]
            if floor and why and floor != min(releases, key=_key) and newer:
                worst = (_key(floor), floor, why)
        if worst:
            notes.append(f"needs {sdk} ≥ {worst[1]}: {worst[2]}")
    return notes


def passes_on(slugs: list[str], data: dict[str, Any] | None = None) -> dict[str, list[str]]:
    """Per SDK, the measured releases on which every snippet folder of the page passes."""
    data = data or load()
    out: dict[str, list[str]] = {}
    for sdk in data.get("releases") or {}:
        sets = [
            set(passing(data["results"][s][sdk]))
            for s in slugs
            if sdk in data["results"].get(s, {})
        ]
        if sets:
            out[sdk] = sorted(set.intersection(*sets), key=_key)
    return out


def page_slugs(markdown: str) -> list[str]:
    """The snippet folders a page includes, in order of first use."""
    return list(dict.fromkeys(SNIPPET.findall(markdown)))


def page_header(markdown: str, src_uri: str, data: dict[str, Any] | None = None) -> str:
    """Markdown for the top of a page: the releases its samples pass on, and any "needs" note."""
    data = data or load()
    slugs = [s for s in page_slugs(markdown) if s in data["results"]]
    if not slugs or src_uri == PAGE:
        return ""
    link = posixpath.relpath(PAGE, posixpath.dirname(src_uri) or ".")
    ok = passes_on(slugs, data)
    listed = " · ".join(f"`{sdk}` {', '.join(v) or 'none'}" for sdk, v in ok.items())
    lines = [
        f"<small>Samples on this page pass on {listed} "
        f"([SDK compatibility]({link}), measured {data.get('measured', '?')[:10]}).</small>",
    ]
    for note in needs(slugs, data):
        sdk_version, _, why = note.partition(": ")
        lines += ["", f'!!! warning "{sdk_version.capitalize()}"', f"    {why}."]
    return "\n".join(lines)


def with_header(markdown: str, src_uri: str, data: dict[str, Any] | None = None) -> str:
    """Insert `page_header` right after the page's H1 (or at the top when it has none)."""
    header = page_header(markdown, src_uri, data)
    if not header:
        return markdown
    lines = markdown.split("\n")
    at = next((i + 1 for i, ln in enumerate(lines) if ln.startswith("# ")), 0)
    return "\n".join([*lines[:at], "", header, "", *lines[at:]])


def matrix_table(data: dict[str, Any] | None = None) -> str:
    """Per snippet folder, per SDK release: pass, fail or cannot import, with the first error."""
    data = data or load()
    releases: dict[str, list[str]] = data.get("releases") or {}
    if not data["results"]:
        return "_Not measured yet: run `python3 scripts/compat_matrix.py`._"
    cols = [(sdk, v) for sdk, vs in releases.items() for v in vs]
    head = "| snippet folder | " + " | ".join(f"`{s}` {v}" for s, v in cols) + " |"
    rows = [head, "|---|" + "---|" * len(cols)]
    errors: list[str] = []
    for slug, per_sdk in data["results"].items():
        cells = []
        for sdk, v in cols:
            r = per_sdk.get(sdk, {}).get(v)
            if r is None:
                cells.append("not run")
                continue
            cell = f"{MARK.get(r['status'], r['status'])} {r['passed']}/{r['passed'] + r['failed']}"
            if r["status"] != PASS:
                errors.append(f"- `{slug}`, `{sdk}` {v}: {r['status']}: {reason(r.get('error'))}")
            cells.append(cell)
        rows.append(f"| `{slug}` | " + " | ".join(cells) + " |")
    builds = data.get("site_build") or {}
    if builds:
        cells = []
        for sdk, v in cols:
            b = builds.get(sdk, {}).get(v)
            cells.append("not run" if b is None else MARK.get(b["status"], b["status"]))
            if b and b["status"] != PASS:
                errors.append(f"- site build, `{sdk}` {v}: {reason(b.get('error'))}")
        rows.append("| site build (`mkdocs build --strict`) | " + " | ".join(cells) + " |")
    out = "\n".join(rows)
    if errors:
        out += "\n\nFirst error of each run that did not pass:\n\n" + "\n".join(errors)
    return out


def matrix_meta(data: dict[str, Any] | None = None) -> str:
    """When and how the matrix was measured."""
    data = data or load()
    pins = ", ".join(f"`{k}` {v}" for k, v in (data.get("pinned") or {}).items())
    return (
        f"Measured {data.get('measured', 'never')} with Python {data.get('python', '?')} by "
        f"`{data.get('command', 'python3 scripts/compat_matrix.py')}`; the pins are {pins}. "
        "A cell counts the tests of that folder that passed out of those that ran; a test module "
        "that cannot import counts as one."
    )


def off_pin() -> dict[str, tuple[str, str]]:
    """{sdk: (installed, pinned)} for each SDK whose installed release is not the pin."""
    import tomllib
    from importlib.metadata import PackageNotFoundError, version

    root = Path(__file__).resolve().parents[2]
    deps = tomllib.loads((root / "pyproject.toml").read_text())["project"]["dependencies"]
    pins = dict(d.split(";")[0].replace(" ", "").split("==", 1) for d in deps if "==" in d)
    out: dict[str, tuple[str, str]] = {}
    for sdk in ("polymarket-client", "py-clob-client-v2"):
        try:
            installed = version(sdk)
        except PackageNotFoundError:
            installed = "not installed"
        if installed != pins.get(sdk):
            out[sdk] = (installed, pins.get(sdk, "?"))
    return out


def off_pin_note(generator: str, error: Exception) -> str:
    """What a generated table says when it cannot be built with an older SDK installed. With the
    pinned SDKs installed the error is raised: the strict build must fail on a real mistake."""
    off = off_pin()
    if not off:
        raise error
    installed = ", ".join(f"`{sdk}` {have} (pinned: {pin})" for sdk, (have, pin) in off.items())
    return (
        f'!!! note "Generated for the pinned SDKs"\n    This table (`{generator}`) could not be '
        f"built with {installed}: `{type(error).__name__}: {' '.join(str(error).split())[:160]}`. "
        "The SDK compatibility page lists what each release lacks."
    )
