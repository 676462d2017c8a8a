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
    try:
        return str(fn())
    except Exception as error:  # an older SDK installed: say so (compat.off_pin_note)
        return off_pin_note(f"{module}.{function}", error)


def expand(markdown: str) -> str:
    return GEN.sub(lambda m: render(m.group(1), m.group(2)), markdown)


def download_links(markdown: str, prefix: str) -> str:
    """Add a download link after every fence titled with a snippet file."""
    lines = markdown.split("\n")
    out: list[str] = []
    pending: tuple[str, str, str] | None = None  # (indent, fence, file)
    for line in lines:
        out.append(line)
        if pending is None:
            m = TITLED.match(line)
            if m:
                pending = (m.group("indent"), m.group("fence"), m.group("file"))
            continue
        indent, fence, file = pending
        if line.strip() == fence and line.startswith(indent):
            name = file.rsplit("/", 1)[1]
            out += [
                "",
                f'{indent}<a class="snippet-download" href="{prefix}{file}" download>'
                f"Download <code>{name}</code></a> (tested as "
                f"<code>tests/{file.rsplit('/', 1)[0]}/test_{name}</code>)",
            ]
            pending = None
    return "\n".join(out)


def off_pin_note(generator: str, error: Exception) -> str:
    """Re-raise with the pinned SDKs installed; with an older one, a note instead of a failed
    build (the SDK compatibility matrix reports what that release lacks)."""
    _importable()
    from scripts.tables.compat import off_pin_note as note

    return note(generator, error)


def compat_header(markdown: str, page: Any) -> str:
    """Under the H1: the SDK releases the page's samples pass on and any "needs X ≥ Y: reason"
    note, read from scripts/tables/data/compat.json (no SDK is imported)."""
    _importable()
    from scripts.tables.compat import with_header

    return with_header(markdown, page.file.src_uri)


def on_page_markdown(markdown: str, page: Any, **_: Any) -> str:
    _importable()
    markdown = compat_header(markdown, page)
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
