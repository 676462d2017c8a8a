"""MkDocs hooks: generated tables, a download link under every included snippet, and the
verified-versions footer on every page.

- `<!-- gen: module.function -->` on a line of its own becomes `scripts/tables/<module>.py:
  <function>()`'s Markdown; an unknown generator fails the build.
- A fence titled `snippets/<slug>/<file>.py` gets a download link to that file, which is copied
  into the built site, so a reader takes exactly the tested file.
"""

from __future__ import annotations

import importlib
import re
import shutil
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def _importable() -> None:
    """MkDocs restores sys.path after loading a hook, so make the project importable per call."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))


GEN = re.compile(r"^<!-- gen: ([a-z_][a-z0-9_]*)\.([a-z_][a-z0-9_]*) -->$", re.MULTILINE)
TITLED = re.compile(
    r'^(?P<indent>[ \t]*)(?P<fence>`{3,})\w*[^\n]*title="(?P<file>snippets/[^"]+\.py)"'
)


def render(module: str, function: str) -> str:
    """Call `scripts.tables.<module>.<function>()`; a missing one fails the build."""
    _importable()
    mod = importlib.import_module(f"scripts.tables.{module}")
    fn = getattr(mod, function, None)
    if fn is None:
        raise KeyError(f"scripts/tables/{module}.py has no generator {function!r}")
    return str(fn())


def expand(markdown: str) -> str:
    return GEN.sub(lambda m: render(m.group(1), m.group(2)), markdown)


def _annotation_end(lines: list[str], start: int, indent: str) -> int:
    """Index after the code-annotation list (`1.  ...`) that follows a fence, or `start` when
    none does: the list must stay right under its block for the theme to attach it."""
    i = start
    while i < len(lines) and not lines[i].strip():
        i += 1
    if i >= len(lines) or not re.match(rf"{re.escape(indent)}\d+\.\s", lines[i]):
        return start
    end = i + 1
    while end < len(lines) and (
        not lines[end].strip()
        or lines[end].startswith(indent + "    ")
        or re.match(rf"{re.escape(indent)}\d+\.\s", lines[end])
    ):
        end += 1
    while end > i and not lines[end - 1].strip():
        end -= 1
    return end


def download_links(markdown: str, prefix: str) -> str:
    """Add a download link after every fence titled with a snippet file (and after the fence's
    code-annotation list, if it has one)."""
    lines = markdown.split("\n")
    out: list[str] = []
    pending: tuple[str, str, str] | None = None  # (indent, fence, file)
    i = 0
    while i < len(lines):
        line = lines[i]
        out.append(line)
        i += 1
        if pending is None:
            m = TITLED.match(line)
            if m:
                pending = (m.group("indent"), m.group("fence"), m.group("file"))
            continue
        indent, fence, file = pending
        if line.strip() == fence and line.startswith(indent):
            end = _annotation_end(lines, i, indent)
            out += lines[i:end]
            i = end
            name = file.rsplit("/", 1)[1]
            out += [
                "",
                f'{indent}<a class="snippet-download" href="{prefix}{file}" download>'
                f"Download <code>{name}</code></a> (tested as "
                f"<code>tests/{file.rsplit('/', 1)[0]}/test_{name}</code>)",
            ]
            pending = None
    return "\n".join(out)


def on_page_markdown(markdown: str, page: Any, **_: Any) -> str:
    _importable()
    from scripts.tables.site import versions_footer

    depth = page.url.count("/") if page.url else 0
    body = download_links(expand(markdown), "../" * depth)
    return f"{body}\n\n---\n\n<small>{versions_footer()}</small>\n"


def on_post_build(config: Any, **_: Any) -> None:
    """Copy the snippet files into the site so the download links resolve."""
    site = Path(config["site_dir"])
    for src in (ROOT / "snippets").rglob("*.py"):
        dest = site / src.relative_to(ROOT)
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, dest)
