"""MkDocs hooks: generated tables, a download link under every included snippet, and the
verified-versions footer on every page.

- `<!-- gen: module.function -->` on a line of its own becomes `scripts/tables/<module>.py:
  <function>()`'s Markdown; an unknown generator fails the build.
- A fence titled `snippets/<slug>/<file>.py` gets a download link to that file, which is copied
  into the built site, so a reader takes exactly the tested file, and links to the siblings its
  `Copy with:` line names.
- Every page that shows a snippet ends with a box offering its whole folder as one zip (code,
  tests, cassettes), built into `downloads/<slug>.zip`.
- `site_url` and `repo_url` come from one variable, `GITHUB_REPOSITORY` (scripts/tables/reader.py).
"""

from __future__ import annotations

import importlib
import re
import shutil
import sys
import zipfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def _importable() -> None:
    """MkDocs restores sys.path after loading a hook, so make the project importable per call."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))


GEN = re.compile(
    r"^(?P<indent>[ \t]*)<!-- gen: ([a-z_][a-z0-9_]*)\.([a-z_][a-z0-9_]*) -->$", re.MULTILINE
)
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


def _indented(text: str, indent: str) -> str:
    return "\n".join(indent + line if line else line for line in text.split("\n"))


def expand(markdown: str) -> str:
    """Replace each generator line; one inside a block (indented) keeps the block's indent."""
    return GEN.sub(lambda m: _indented(render(m.group(2), m.group(3)), m.group(1)), markdown)


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
            folder, name = file.rsplit("/", 1)
            out += [
                "",
                f'{indent}<a class="snippet-download" href="{prefix}{file}" download>'
                f"Download <code>{name}</code></a> (tested as "
                f"<code>tests/{folder}/test_{name}</code>){_sibling_links(file, prefix)}",
            ]
            pending = None
    return "\n".join(out)


def _sibling_links(file: str, prefix: str) -> str:
    """ ", needs a.py, b.py" with each sibling linked, from the file's `Copy with:` line."""
    _importable()
    from scripts.tables.reader import needs

    folder = file.rsplit("/", 1)[0]
    names = needs(ROOT / file)
    if not names:
        return ""
    links = ", ".join(
        f'<a class="snippet-download" href="{prefix}{folder}/{n}" download><code>{n}</code></a>'
        for n in names
    )
    return f"; it needs {links} beside it"


def shown_folders(markdown: str) -> list[str]:
    """The snippet folders a page includes, in order of first appearance."""
    found = re.findall(r'title="snippets/([a-z_]+)/', markdown)
    return list(dict.fromkeys(found))


def folder_box(slugs: list[str], prefix: str) -> str:
    """The box under a page: each folder it shows, as one zip, and what to install."""
    _importable()
    from scripts.tables.reader import requirements

    if not slugs:
        return ""
    lines = ['!!! tip "Take this page\'s code"', ""]
    for slug in slugs:
        code = {p.parent.name for p in zip_files(slug) if p.parent.parent == ROOT / "snippets"}
        extra = sorted(code - {slug})
        packages = " ".join(dict.fromkeys(p for f in [slug, *extra] for p in requirements(f)))
        install = f" Install: <code>pip install {packages}</code>." if packages else ""
        if extra:
            names = ", ".join(f"<code>snippets/{o}/</code>" for o in extra)
            install += f" It also holds {names}, which its code or its tests use."
        if slug in SYSTEM_PROGRAMS:
            program, apt = SYSTEM_PROGRAMS[slug]
            install += (
                f" Its tests start a real <code>{program}</code>, found on PATH "
                f"(Debian and Ubuntu: <code>apt-get install {apt}</code>)."
            )
        install += (
            f" To run its tests: <code>pip install {' '.join(needed_by_tests(slug))}</code>, "
            "then <code>python -m pytest</code>."
        )
        lines.append(
            f'    <a class="folder-download" href="{prefix}downloads/{slug}.zip" download>'
            f"<code>snippets/{slug}/</code> as a zip</a>: the code, its tests and the "
            f"recorded replies they replay.{install}"
            "\n"
        )
    lines.append(
        f'    How to drop it into a project: <a href="{prefix}#copying-a-folder-into-your-project">'
        "Copying a folder</a>."
    )
    return "\n".join(lines)


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
    prefix = "../" * depth
    body = download_links(expand(markdown), prefix)
    box = folder_box(shown_folders(markdown), prefix)
    footer = f"---\n\n<small>{versions_footer()}</small>\n"
    return f"{body}{where_next(markdown, page)}\n\n{box}\n\n{footer}"


def where_next(markdown: str, page: Any) -> str:
    """A page without its own "Where to go next" section points at the next page of the nav."""
    following = getattr(page, "next_page", None)
    if "## Where to go next" in markdown or following is None or not following.file:
        return ""
    target = following.file.src_uri
    here = page.file.src_uri
    rel = Path(*[".."] * here.count("/"), target).as_posix()
    return f"\n\n## Where to go next\n\n[{following.title}]({rel})\n"


#: An HTML region left alone (a link, code, a script), any other tag, or a docs citation.
_CITATION = re.compile(
    r"(?P<keep><(?P<tag>a|pre|code|script|style|textarea)\b.*?</(?P=tag)>|<[^>]+>)"
    r"|(?P<cite>docs\.polymarket\.com(?:/[\w.#/-]*[\w#/-])?)",
    re.S | re.I,
)


def link_citations(html: str) -> str:
    """Every plain-text docs.polymarket.com citation becomes a link to the page it names."""

    def sub(m: re.Match[str]) -> str:
        if m.group("keep"):
            return m.group("keep")
        cite = m.group("cite")
        return f'<a href="https://{cite}">{cite}</a>'

    return _CITATION.sub(sub, html)


def on_page_content(html: str, **_: Any) -> str:
    """Link plain docs citations, and put a space between content-tab labels so search
    excerpts do not run them together ("polymarket-clientpy-clob-client-v2"); flex layout
    ignores the space."""
    return link_citations(html).replace("</label><label", "</label> <label")


def on_config(config: Any, **_: Any) -> Any:
    """Point `site_url` and `repo_url` at the repository the build runs in, when known."""
    _importable()
    from scripts.tables.reader import pages_url, repository, repository_url

    if repository():
        config["site_url"] = pages_url()
        config["repo_url"] = repository_url()
        config["repo_name"] = repository()
    return config


#: Programs a folder's tests run, found on PATH, and the Debian package that installs each.
SYSTEM_PROGRAMS = {"shared_limits": ("redis-server", "redis-server")}

#: Where the reader kit goes in a zip: beside the folder's tests, so they import its names
#: relatively (`from ..conftest import TOKEN`), exactly as in the field guide's own suite.
KIT = "tests/snippets/conftest.py"


def needed_by_tests(slug: str) -> list[str]:
    """What a copied folder's tests need besides its code's packages: pytest and
    pytest-recording, pytest-asyncio where a test is `async def`, and the packages its tests
    import that nothing else installs (hypothesis, prometheus-client, ...)."""
    _importable()
    from scripts.tables.reader import imported_packages, requirements

    tests = [p for p in zip_files(slug) if p.suffix == ".py" and "tests" in p.parts]
    asynchronous = any(re.search(r"^async def test", t.read_text("utf-8"), re.M) for t in tests)
    extra = [p for p in imported_packages(tests) if p not in requirements(slug)]
    return ["pytest", "pytest-recording"] + (["pytest-asyncio"] if asynchronous else []) + extra


def site_only(test: Path) -> bool:
    """A test of the site rather than of the folder (it imports the site's `scripts`)."""
    return bool(re.search(r"^\s*(from|import) scripts\b", test.read_text("utf-8"), re.M))


def borrowed_helpers(slug: str) -> list[Path]:
    """Helper modules of other test folders that the folder's tests import relatively
    (`from ..error_handling.local_clob import LocalClob`), with what those import in turn."""
    found: list[Path] = []
    todo = sorted((ROOT / "tests" / "snippets" / slug).glob("*.py"))
    while todo:
        text = todo.pop().read_text("utf-8")
        for other, module in re.findall(r"^\s*from \.\.(\w+)\.(\w+) import", text, re.M):
            helper = ROOT / "tests" / "snippets" / other / f"{module}.py"
            if other not in (slug, "code") and helper.is_file() and helper not in found:
                found += [helper, helper.with_name("__init__.py")]
                todo.append(helper)
    return found


#: How a test names another folder's code: `from ..code.<folder>...` (or `snippets.<folder>`).
_OTHER_CODE = re.compile(r"^\s*from (?:\.\.code|snippets)\.(\w+)", re.M)
#: How a snippet imports a sibling folder's code: `from ..placing_orders.heartbeats import ...`.
_SIBLING_CODE = re.compile(r"^\s*from \.\.(\w+)\.\w+ import", re.M)

#: Files outside the folder that its tests read by path rather than import: the local CLOB's
#: conformance test holds its replies against every recorded reply in cassettes/ and its
#: WebSocket frames against the recorded market feed.
READ_BY_TESTS = {
    "local_clob": ("cassettes", "tests/snippets/websocket/data/market_replay.json"),
}


def code_of(folder: str) -> list[Path]:
    """A snippet folder's code and data files (`seed_books.json` too)."""
    files = sorted((ROOT / "snippets" / folder).rglob("*"))
    return [p for p in files if p.is_file() and "__pycache__" not in p.parts]


def with_siblings(folders: set[str]) -> set[str]:
    """`folders` and every folder their code imports (`from ..<folder>.<module>`), transitively."""
    found, todo = set(folders), sorted(folders)
    while todo:
        for path in code_of(todo.pop()):
            if path.suffix == ".py":
                for other in set(_SIBLING_CODE.findall(path.read_text("utf-8"))) - found:
                    found.add(other)
                    todo.append(other)
    return found


def read_by_tests(slug: str) -> list[Path]:
    paths = [ROOT / name for name in READ_BY_TESTS.get(slug, ())]
    files = [f for p in paths for f in (sorted(p.rglob("*")) if p.is_dir() else [p])]
    return [f for f in files if f.is_file() and "__pycache__" not in f.parts]


def zip_files(slug: str) -> list[Path]:
    """What a folder's zip carries besides the kit: its code, tests and cassettes, the code of
    other folders that its code or its tests use (their tests stay out), helper modules
    borrowed from other folders' tests, and files its tests read by path."""
    _importable()
    from scripts.tables.reader import folder_files

    helpers = borrowed_helpers(slug)
    files = [p for p in folder_files(slug) if not (p.name.startswith("test_") and site_only(p))]
    tests = [p for p in files if p.suffix == ".py" and "tests" in p.parts] + helpers
    others = {o for t in tests for o in _OTHER_CODE.findall(t.read_text("utf-8"))}
    own_code = re.compile(r"^\s*from \.code\b", re.M)  # a helper's own folder's code
    others |= {h.parent.name for h in helpers if own_code.search(h.read_text("utf-8"))}
    for other in sorted(with_siblings(others | {slug}) - {slug}):
        files += code_of(other)
    return list(dict.fromkeys(files + helpers + read_by_tests(slug)))


def build_zip(slug: str, dest: Path) -> Path:
    """`snippets/<slug>/`, `tests/snippets/<slug>/` and `cassettes/<slug>/` in one zip, with
    the one pytest plugin their tests need as `tests/snippets/conftest.py`
    (scripts/reader_kit.py). Tests of the site itself stay out."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in zip_files(slug):
            archive.write(path, path.relative_to(ROOT).as_posix())
        for package in ("snippets/__init__.py", "tests/__init__.py", "tests/snippets/__init__.py"):
            archive.writestr(package, "")
        archive.write(ROOT / "scripts" / "reader_kit.py", KIT)
    return dest


def on_post_build(config: Any, **_: Any) -> None:
    """Copy the snippet files into the site so the download links resolve."""
    site = Path(config["site_dir"])
    for src in (ROOT / "snippets").rglob("*.py"):
        dest = site / src.relative_to(ROOT)
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, dest)
    for folder in sorted(p for p in (ROOT / "snippets").iterdir() if p.is_dir()):
        if folder.name != "__pycache__":
            build_zip(folder.name, site / "downloads" / f"{folder.name}.zip")
