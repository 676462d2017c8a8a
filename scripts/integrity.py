"""Bookkeeping checks that keep pages, snippets, tests and cassettes honest.

Each function takes the project root and returns a list of problems (empty = clean), so the
suite can run them on the real tree and on a deliberately broken copy.
"""

from __future__ import annotations

import ast
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

from scripts.cassette_format import load, provenance_problems, secret_findings

PYTHON_LANGS = {"python", "py", "python3", "pycon", "ipython", "py3"}
INCLUDE = re.compile(r'^-{1,2}8<-{1,2}\s+"([^"]+)"\s*$')
SECTION = re.compile(r"--8<-- \[start:([a-z][-_0-9a-z]*)\]")
FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<marker>`{3,}|~{3,})(?P<info>.*)$")
#: Third-party top-level modules a snippet may import (besides the standard library).
ALLOWED_IMPORTS = frozenset(
    {
        "polymarket",
        "py_clob_client_v2",
        "py_clob_client",
        "web3",
        "eth_account",
        "eth_abi",
        "eth_utils",
        "eth_typing",
        "hexbytes",
        "websockets",
        "httpx",
        "aiohttp",  # installed with web3; the local CLOB's server
        "redis",  # fleet rate limits
        "pytest",  # the local CLOB's pytest plugin (readers run it under pytest)
    }
)
#: Optional speed-ups or extras, only inside `try: ... except ImportError`.
OPTIONAL_IMPORTS = frozenset({"msgspec", "prometheus_client"})


@dataclass(frozen=True)
class Fence:
    page: Path
    line: int
    indent: str
    info: str
    body: list[str]

    @property
    def lang(self) -> str:
        token = self.info.strip().split(" ")[0].strip("{}.") if self.info.strip() else ""
        return token.lower()


def fences(page: Path) -> list[Fence]:
    out: list[Fence] = []
    lines = page.read_text(encoding="utf-8").splitlines()
    i = 0
    while i < len(lines):
        m = FENCE.match(lines[i])
        if not m:
            i += 1
            continue
        indent, marker = m.group("indent"), m.group("marker")
        body: list[str] = []
        j = i + 1
        while j < len(lines) and not (
            lines[j].startswith(indent)
            and lines[j].strip().startswith(marker)
            and lines[j].strip().strip(marker[0]) == ""
        ):
            body.append(lines[j][len(indent) :] if lines[j].startswith(indent) else lines[j])
            j += 1
        out.append(Fence(page, i + 1, indent, m.group("info"), body))
        i = j + 1
    return out


def pages(root: Path) -> list[Path]:
    return sorted((root / "docs").rglob("*.md"))


def _include_problem(root: Path, target: str, where: str) -> str | None:
    path, _, section = target.partition(":")
    if not path.startswith("snippets/"):
        return f"{where}: includes {path}, which is not under snippets/"
    file = root / path
    if not file.is_file():
        return f"{where}: includes missing file {path}"
    numeric = re.fullmatch(r"\d+(:\d+)?", section)
    if section and not numeric and section not in SECTION.findall(file.read_text("utf-8")):
        return f"{where}: {path} has no section {section!r}"
    return None


def codeblock_problems(root: Path) -> list[str]:
    """Every Python block on a page is an include from snippets/ or a bare block codeblocks runs."""
    problems: list[str] = []
    for page in pages(root):
        for fence in fences(page):
            where = f"{page.relative_to(root)}:{fence.line}"
            code = [line for line in fence.body if line.strip()]
            includes = [INCLUDE.match(line.strip()) for line in code]
            if code and all(includes):
                for m in includes:
                    problem = _include_problem(root, m.group(1), where)  # type: ignore[union-attr]
                    if problem:
                        problems.append(problem)
                if fence.lang not in PYTHON_LANGS and fence.lang:
                    continue
                if fence.info.strip() == "python":
                    problems.append(f"{where}: an include in a bare python fence (add title=...)")
                continue
            if fence.lang not in PYTHON_LANGS:
                continue
            if any(includes):
                problems.append(f"{where}: a block mixes an include with inline code")
            elif fence.info.strip() != "python" or fence.indent:
                problems.append(
                    f"{where}: inline Python in a ```{fence.info.strip()} fence"
                    f"{' (indented)' if fence.indent else ''} is run by nobody; include it from "
                    "snippets/ or make it a top-level bare ```python block"
                )
    return problems


def snippet_files(root: Path) -> list[Path]:
    return sorted(p for p in (root / "snippets").rglob("*.py") if p.name != "__init__.py")


def snippet_problems(root: Path) -> list[str]:
    """Every snippet is shown on a page (or imported by a notebook page) and has its test."""
    shown = "\n".join(
        p.read_text(encoding="utf-8")
        for p in [*pages(root), *sorted((root / "docs").rglob("*.ipynb"))]
    )
    problems: list[str] = []
    for snippet in snippet_files(root):
        rel = snippet.relative_to(root)
        module = ".".join(rel.with_suffix("").parts)
        if str(rel) not in shown and module not in shown:
            problems.append(f"{rel}: no page includes it")
        test = root / "tests" / rel.parent / f"test_{snippet.stem}.py"
        if not test.is_file():
            problems.append(f"{rel}: no test at {test.relative_to(root)}")
    return problems


def _guarded_by_import_error(tree: ast.Module, node: ast.AST) -> bool:
    for parent in ast.walk(tree):
        if isinstance(parent, ast.Try) and node in [n for b in parent.body for n in ast.walk(b)]:
            names = [h.type for h in parent.handlers if h.type is not None]
            for t in names:
                for n in ast.walk(t):
                    if isinstance(n, ast.Name) and n.id in {"ImportError", "ModuleNotFoundError"}:
                        return True
    return False


#: The one folder built by composing the others: it may import them (`from ..placing_orders`).
COMPOSED = frozenset({"reference_bot"})


def _sibling_folder_module(snippets: Path, node: ast.ImportFrom) -> bool:
    """`from ..folder import x` or `from ..folder.module import x` names a real folder/module."""
    folder, _, module = (node.module or "").partition(".")
    if not folder or not (snippets / folder / "__init__.py").is_file():
        return False
    return not module or (snippets / folder / f"{module}.py").is_file()


def import_problems(root: Path) -> list[str]:
    """A snippet folder can be copied alone: stdlib, the SDKs, web3, websockets, or a sibling."""
    problems: list[str] = []
    stdlib = set(sys.stdlib_module_names)
    for snippet in snippet_files(root):
        rel = snippet.relative_to(root)
        tree = ast.parse(snippet.read_text(encoding="utf-8"))
        doc = ast.get_docstring(tree) or ""
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [(a.name.split(".")[0], 0) for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [((node.module or "").split(".")[0], node.level)]
            else:
                continue
            for top, level in names:
                if level == 2 and snippet.parent.name in COMPOSED:
                    # `from ..<folder>[.<module>] import ...`: a sibling folder of snippets/
                    if not _sibling_folder_module(snippet.parent.parent, node):
                        problems.append(f"{rel}:{node.lineno}: imports a folder that is not there")
                elif level:
                    sibling = snippet.parent / f"{top}.py"
                    if level != 1 or not sibling.is_file():
                        problems.append(f"{rel}:{node.lineno}: relative import of a non-sibling")
                    elif f"{top}.py" not in doc:
                        problems.append(
                            f"{rel}: imports sibling {top}.py without naming it "
                            "in its docstring (Copy with: ...)"
                        )
                elif top in OPTIONAL_IMPORTS:
                    if not _guarded_by_import_error(tree, node):
                        problems.append(
                            f"{rel}:{node.lineno}: {top} must be optional "
                            "(try/except ImportError with a stdlib fallback)"
                        )
                elif top not in stdlib and top not in ALLOWED_IMPORTS and top != "__future__":
                    problems.append(
                        f"{rel}:{node.lineno}: imports {top}, which a reader "
                        "copying this folder would not have"
                    )
    return problems


def cassette_problems(root: Path) -> list[str]:
    """Every cassette states its provenance, holds no secret, and belongs to a test module."""
    problems: list[str] = []
    for cassette in sorted((root / "cassettes").rglob("*.yaml")):
        rel = cassette.relative_to(root)
        try:
            data = load(cassette)
        except (ValueError, yaml.YAMLError) as exc:
            problems.append(f"{rel}: unreadable ({exc})")
            continue
        problems += provenance_problems(data, str(rel))
        raw = cassette.read_text(encoding="utf-8")
        problems += [str(f) for f in secret_findings(data, str(rel), raw)]
        slug, module = rel.parts[1], rel.parts[2]
        test = root / "tests" / ("snippets/" + slug if slug != "_site" else "") / f"{module}.py"
        if not test.is_file():
            problems.append(f"{rel}: no test module {test.relative_to(root)} replays it")
    return problems


def _nav_files(nav: object) -> list[str]:
    if isinstance(nav, str):
        return [nav]
    if isinstance(nav, list):
        return [f for item in nav for f in _nav_files(item)]
    if isinstance(nav, dict):
        return [f for value in nav.values() for f in _nav_files(value)]
    return []


def nav_problems(root: Path) -> list[str]:
    """Every page is reachable from the navigation."""

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda *_: None)
    config = yaml.load((root / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Loader)
    listed = set(_nav_files(config.get("nav", [])))
    docs = root / "docs"
    found = {str(p.relative_to(docs)) for p in [*docs.rglob("*.md"), *docs.rglob("*.ipynb")]}
    return [f"docs/{p}: not in the mkdocs.yml nav" for p in sorted(found - listed)]


def independence_problems(root: Path) -> list[str]:
    """Tests replay committed cassettes only: none may read the public recordings (shared/)
    through the cassette specs, or a reader's CI without that folder would break."""
    problems: list[str] = []
    for test in sorted((root / "tests").rglob("*.py")):
        if test.name == "test_cassette_build.py":
            continue
        text = test.read_text(encoding="utf-8")
        if re.search(r"^\s*(from|import)\s+scripts\.cassette_(specs|builder)", text, re.M):
            problems.append(f"{test.relative_to(root)}: imports the cassette builder or specs")
    return problems


def _imports(snippet: Path) -> set[str]:
    tree = ast.parse(snippet.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
            names.add(node.module.split(".")[0])
    return names


TWIN_EXEMPTION = "No py-clob-client-v2 twin:"


def sdk_pair_problems(root: Path) -> list[str]:
    """Code that calls an SDK comes in two files, `<what>.py` (polymarket-client) and
    `<what>_clob_v2.py` (py-clob-client-v2), shown on the same page. A polymarket-client file
    with no counterpart says why in its docstring (`No py-clob-client-v2 twin: <reason>`)."""
    problems: list[str] = []
    texts = {p: p.read_text(encoding="utf-8") for p in pages(root)}
    for snippet in snippet_files(root):
        rel = snippet.relative_to(root)
        if rel.parts[1] == "migration":
            continue  # before-and-after code for all three SDKs, on purpose
        uses = _imports(snippet)
        if "py_clob_client" in uses:
            problems.append(f"{rel}: the V1 SDK belongs on the migration page only")
        if snippet.stem.endswith("_clob_v2"):
            twin = snippet.with_name(snippet.stem.removesuffix("_clob_v2") + ".py")
            if "py_clob_client_v2" not in uses:
                problems.append(f"{rel}: a _clob_v2 file that does not use py-clob-client-v2")
        elif "polymarket" in uses:
            twin = snippet.with_name(f"{snippet.stem}_clob_v2.py")
            doc = ast.get_docstring(ast.parse(snippet.read_text(encoding="utf-8"))) or ""
            if TWIN_EXEMPTION in doc:
                continue
        else:
            continue
        if not twin.is_file():
            problems.append(f"{rel}: no {twin.name} beside it (or say `{TWIN_EXEMPTION} why`)")
            continue
        a, b = str(rel), str(twin.relative_to(root))
        if not any(a in text and b in text for text in texts.values()):
            problems.append(f"{rel}: not shown beside {twin.name} on one page (content tabs)")
    return problems


#: Text that speaks to the site's authors instead of its readers, or a path on one machine.
#: Checked on the built site (every page's HTML, code included), so generated tables, included
#: snippets and notebook output are covered as well as the Markdown.
AUTHOR_FACING = {
    "machine path": re.compile(
        r"(?<![\w.:/])/(?:work|home|root|Users|mnt)/[\w.+-]+/|\.venv/bin/|/site-packages/"
    ),
    "the project's issue": re.compile(
        r"\b(?:the issue (?:asked|asks|says|said|set|wants)|(?:set in|from) the issue)\b", re.I
    ),
    "the authors' team": re.compile(r"\b(?:the team(?:'s)?|this team|on our team)\b", re.I),
    "who could not": re.compile(r"\b(?:nobody (?:here|on this team)|we could not)\b", re.I),
    "the authors' files": re.compile(
        r"\bour (?:collection|first version|notes|research)\b|\berror-bodies\.md\b", re.I
    ),
    "an unexplained earlier guide": re.compile(r"\bthe original guide\b", re.I),
}
_TAGS = re.compile(r"<(script|style)\b.*?</\1>|<[^>]+>", re.S | re.I)


def author_text_problems(site: Path) -> list[str]:
    """Every built page reads as written for the reader: no machine path, no talk of the
    project's issues, team or notes."""
    import html

    problems: list[str] = []
    for page in sorted(site.rglob("*.html")):
        text = html.unescape(_TAGS.sub(" ", page.read_text(encoding="utf-8")))
        for what, pattern in AUTHOR_FACING.items():
            for m in pattern.finditer(text):
                problems.append(f"{page.relative_to(site)}: {what}: {m.group(0)!r}")
    return problems


_NOT_PROSE = re.compile(r"<(script|style|pre|code|a|textarea)\b.*?</\1>", re.S | re.I)


def unlinked_citation_problems(site: Path) -> list[str]:
    """Every docs.polymarket.com citation in a built page's prose is a link."""
    import html

    problems: list[str] = []
    for page in sorted(site.rglob("*.html")):
        prose = _NOT_PROSE.sub(" ", page.read_text(encoding="utf-8"))
        text = html.unescape(re.sub(r"<[^>]+>", " ", prose))
        for m in re.finditer(r"docs\.polymarket\.com\S*", text):
            problems.append(f"{page.relative_to(site)}: unlinked citation {m.group(0)!r}")
    return problems
