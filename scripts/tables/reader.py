"""Site-wide reader aids: the repository and Pages addresses, and the per-folder downloads.

One variable decides both addresses: `GITHUB_REPOSITORY` ("owner/name"), which GitHub Actions
sets for every job, so the build that the workflow publishes links to its own repository and
declares the Pages address it is served from. A local build without it links to neither.
"""

from __future__ import annotations

import ast
import os
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SNIPPETS = ROOT / "snippets"


def repository() -> str | None:
    value = os.environ.get("GITHUB_REPOSITORY", "").strip()
    return value if re.fullmatch(r"[\w.-]+/[\w.-]+", value) else None


def repository_url() -> str | None:
    repo = repository()
    return f"https://github.com/{repo}" if repo else None


def pages_url() -> str | None:
    """The GitHub Pages address a project site is published to: owner.github.io/name/."""
    repo = repository()
    if not repo:
        return None
    owner, name = repo.split("/")
    return f"https://{owner.lower()}.github.io/{name}/"


def repository_line() -> str:
    url = repository_url()
    where = f"[{repository()}]({url})" if url else "the repository this site is built from"
    return (
        f"The source of every page, snippet, test and recording is in {where}; "
        "`python3 scripts/run.py test` runs the whole suite offline."
    )


def docstring(path: Path) -> str:
    return ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or ""


def needs(path: Path) -> list[str]:
    """The sibling files a snippet names on its `Copy with:` line."""
    m = re.search(r"^Copy with: (.+)$", docstring(path), re.MULTILINE)
    return re.findall(r"\b(\w+\.py)\b", m.group(1)) if m else []


#: Packages a snippet or test may import that neither SDK installs, by module name. Imports at
#: the top of a file count; one inside `try: ... except ImportError` (indented) is optional.
EXTRA_PACKAGES = {
    "aiohttp": "aiohttp",
    "hypothesis": "hypothesis",
    "msgspec": "msgspec",
    "prometheus_client": "prometheus-client",
    "redis": "redis",
}


def imported_packages(files: list[Path]) -> list[str]:
    """The packages of EXTRA_PACKAGES that `files` import unconditionally, in order, once each."""
    out: list[str] = []
    for file in files:
        for module in re.findall(r"^(?:import|from) (\w+)", file.read_text("utf-8"), re.M):
            package = EXTRA_PACKAGES.get(module)
            if package and package not in out:
                out.append(package)
    return out


def requirements(slug: str) -> list[str]:
    """The packages a folder's `Requires: pip install ...` lines name, then those its code
    imports beyond the SDKs (`aiohttp`, `redis`), in order, once each."""
    out: list[str] = []
    files = sorted((SNIPPETS / slug).glob("*.py"))
    for file in files:
        m = re.search(r"^Requires: pip install (.+)$", docstring(file), re.MULTILINE)
        for name in m.group(1).split() if m else []:
            if name not in out:
                out.append(name)
    return out + [p for p in imported_packages(files) if p not in out]


def test_dependencies(slug: str) -> list[str]:
    """Other snippet folders the folder's tests import (their code ships in the zip too)."""
    tests = ROOT / "tests" / "snippets" / slug
    found: list[str] = []
    for test in sorted(tests.glob("*.py")) if tests.is_dir() else []:
        for other in re.findall(r"^\s*from snippets\.(\w+)", test.read_text("utf-8"), re.M):
            if other != slug and other not in found:
                found.append(other)
    return found


def folder_files(slug: str) -> list[Path]:
    """Everything a copied folder needs to run its own tests: code, tests, cassettes, and the
    code of any other snippet folder its tests import."""
    roots = [SNIPPETS / slug, ROOT / "tests" / "snippets" / slug, ROOT / "cassettes" / slug]
    roots += [SNIPPETS / other for other in test_dependencies(slug)]
    files = [p for r in roots if r.is_dir() for p in sorted(r.rglob("*")) if p.is_file()]
    return [p for p in files if "__pycache__" not in p.parts]
