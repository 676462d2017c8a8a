"""MkDocs hooks: expand `<!-- gen: module.function -->` lines and add the versions footer."""

from __future__ import annotations

import importlib
import re
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

GEN = re.compile(r"^<!-- gen: ([a-z_][a-z0-9_]*)\.([a-z_][a-z0-9_]*) -->$", re.MULTILINE)


def render(module: str, function: str) -> str:
    """Call `scripts.tables.<module>.<function>()`; a missing one fails the build."""
    mod = importlib.import_module(f"scripts.tables.{module}")
    fn = getattr(mod, function, None)
    if fn is None:
        raise KeyError(f"scripts/tables/{module}.py has no generator {function!r}")
    return str(fn())


def expand(markdown: str) -> str:
    return GEN.sub(lambda m: render(m.group(1), m.group(2)), markdown)


def on_page_markdown(markdown: str, page: Any, **_: Any) -> str:
    from scripts.tables.site import versions_footer

    return f"{expand(markdown)}\n\n---\n\n<small>{versions_footer()}</small>\n"
