"""Pages, snippets, tests and cassettes keep each other honest; each check also fails on purpose."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest

from scripts import integrity
from scripts.secret_scan import scan_text

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    "check",
    [
        integrity.codeblock_problems,
        integrity.snippet_problems,
        integrity.import_problems,
        integrity.cassette_problems,
        integrity.nav_problems,
        integrity.independence_problems,
        integrity.sdk_pair_problems,
    ],
    ids=lambda f: f.__name__,
)
def test_tree_is_clean(check) -> None:
    problems = check(ROOT)
    assert not problems, "\n".join(problems)


# --- the same checks on a deliberately broken tree -------------------------------------------


def write(root: Path, rel: str, text: str) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """A tiny, clean project: one page including one tested snippet, one cassette."""
    write(tmp_path, "mkdocs.yml", "nav:\n  - page.md\n")
    write(
        tmp_path,
        "snippets/demo/thing.py",
        '"""A thing."""\n# --8<-- [start:part]\nX = 1\n# --8<-- [end:part]\n',
    )
    write(tmp_path, "tests/snippets/demo/test_thing.py", "def test_x():\n    assert True\n")
    write(
        tmp_path,
        "docs/page.md",
        """
        # Page

        ```python title="snippets/demo/thing.py"
        --8<-- "snippets/demo/thing.py:part"
        ```

        ```python
        assert 1 + 1 == 2
        ```
        """,
    )
    shutil.copytree(
        ROOT / "cassettes/getting_started/test_market_data", tmp_path / "cassettes/demo/test_thing"
    )
    return tmp_path


def test_clean_fixture_tree_passes(tree: Path) -> None:
    for check in (
        integrity.codeblock_problems,
        integrity.snippet_problems,
        integrity.import_problems,
        integrity.cassette_problems,
        integrity.nav_problems,
    ):
        assert check(tree) == [], check.__name__


@pytest.mark.parametrize(
    "fence",
    [
        '```py\nprint("hidden")\n```',
        '```python title="x.py"\nprint("hidden behind a title")\n```',
        '```python { .annotate }\nprint("hidden behind attributes")\n```',
        '=== "Tab"\n\n    ```python\n    print("indented in a tab")\n    ```',
        '```pycon\n>>> print("console")\n```',
    ],
)
def test_inline_code_nobody_runs_is_caught(tree: Path, fence: str) -> None:
    page = tree / "docs/page.md"
    page.write_text(page.read_text() + "\n" + fence + "\n")
    problems = integrity.codeblock_problems(tree)
    assert len(problems) == 1 and "run by nobody" in problems[0]


@pytest.mark.parametrize(
    ("include", "message"),
    [
        ('"snippets/demo/missing.py"', "missing file"),
        ('"snippets/demo/thing.py:nope"', "no section"),
        ('"README.md"', "not under snippets/"),
    ],
)
def test_broken_includes_are_caught(tree: Path, include: str, message: str) -> None:
    page = tree / "docs/page.md"
    page.write_text(page.read_text() + f'\n```python title="t"\n--8<-- {include}\n```\n')
    assert any(message in p for p in integrity.codeblock_problems(tree))


def test_include_in_a_bare_python_fence_is_caught(tree: Path) -> None:
    page = tree / "docs/page.md"
    page.write_text(page.read_text() + '\n```python\n--8<-- "snippets/demo/thing.py"\n```\n')
    assert any("bare python fence" in p for p in integrity.codeblock_problems(tree))


def test_untested_or_unshown_snippet_is_caught(tree: Path) -> None:
    write(tree, "snippets/demo/orphan.py", '"""Nobody shows or tests me."""\n')
    problems = integrity.snippet_problems(tree)
    assert any("no page includes it" in p for p in problems)
    assert any("no test at tests/snippets/demo/test_orphan.py" in p for p in problems)


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("import requests\n", "imports requests"),
        ("import msgspec\n", "must be optional"),
        ("from .other import X\n", "without naming it"),
        ("from ..elsewhere import X\n", "non-sibling"),
    ],
)
def test_imports_a_copied_folder_lacks_are_caught(tree: Path, source: str, message: str) -> None:
    write(tree, "snippets/demo/other.py", '"""Other."""\nX = 1\n')
    write(tree, "snippets/demo/thing.py", f'"""A thing."""\n{source}')
    assert any(message in p for p in integrity.import_problems(tree))


@pytest.mark.parametrize(
    ("source", "flagged"),
    [
        ("from ..demo import other\n", False),
        ("from ..demo.other import X\n", False),
        ("from ..nowhere import X\n", True),
        ("from ..demo.missing import X\n", True),
    ],
)
def test_only_the_composed_bot_imports_other_folders(
    tree: Path, source: str, flagged: bool
) -> None:
    write(tree, "snippets/demo/__init__.py", "")
    write(tree, "snippets/demo/other.py", '"""Other."""\nX = 1\n')
    write(tree, "snippets/reference_bot/bot.py", f'"""The bot."""\n{source}')
    problems = integrity.import_problems(tree)
    assert any("reference_bot/bot.py" in p for p in problems) == flagged, problems


def test_optional_msgspec_with_fallback_is_allowed(tree: Path) -> None:
    write(
        tree,
        "snippets/demo/thing.py",
        '"""Fast path.\n\nCopy with: other.py\n"""\n'
        "try:\n    import msgspec\nexcept ImportError:\n    msgspec = None\n"
        "from .other import X\n",
    )
    write(tree, "snippets/demo/other.py", '"""Other."""\nX = 1\n')
    assert integrity.import_problems(tree) == []


def test_cassette_without_provenance_is_caught(tree: Path) -> None:
    cassette = next((tree / "cassettes").rglob("*.yaml"))
    text = cassette.read_text()
    cassette.write_text(text.replace("kind: public-recording", "kind: handmade"))
    assert any("provenance kind 'handmade'" in p for p in integrity.cassette_problems(tree))
    cassette.write_text(
        "\n".join(
            line for line in text.splitlines() if "provenance" not in line and "kind:" not in line
        )
    )
    problems = integrity.cassette_problems(tree)
    assert problems, "a cassette stripped of provenance must fail"


def test_cassette_with_a_secret_is_caught(tree: Path) -> None:
    from eth_account import Account

    cassette = next((tree / "cassettes").rglob("*.yaml"))
    key = Account.create().key.hex()
    signature = Account.create().unsafe_sign_hash(b"\x01" * 32).signature.to_0x_hex()
    text = cassette.read_text()
    text = text.replace(
        "headers: {}", "headers:\n      POLY_API_KEY:\n      - 5e1e9ad1-real-key", 1
    )
    cassette.write_text(text + f"# private_key: 0x{key}\n# sig {signature}\n")
    problems = "\n".join(integrity.cassette_problems(tree))
    assert "POLY_API_KEY" in problems
    assert "signature" in problems
    assert "32-byte hex" in problems


def test_cassette_for_no_test_is_caught(tree: Path) -> None:
    (tree / "tests/snippets/demo/test_thing.py").unlink()
    assert any("no test module" in p for p in integrity.cassette_problems(tree))


def test_page_missing_from_nav_is_caught(tree: Path) -> None:
    write(tree, "docs/lost.md", "# Lost\n")
    assert integrity.nav_problems(tree) == ["docs/lost.md: not in the mkdocs.yml nav"]


def test_secret_scanner_passes_placeholders_and_hashes() -> None:
    clean = (
        "POLY_API_KEY: REDACTED\nowner: 00000000-0000-0000-0000-000000000000\n"
        "hash: 0x" + "ab" * 32 + "\ncondition_id: 0x" + "cd" * 32 + "\n"
    )
    assert scan_text(clean) == []


def test_sdk_code_without_its_twin_is_caught(tree: Path) -> None:
    write(tree, "snippets/demo/book.py", '"""Book."""\nfrom polymarket import PublicClient\n')
    assert any("no book_clob_v2.py" in p for p in integrity.sdk_pair_problems(tree))
    write(tree, "snippets/demo/book_clob_v2.py", '"""Book."""\nimport py_clob_client_v2\n')
    assert any("not shown beside" in p for p in integrity.sdk_pair_problems(tree))
    page = tree / "docs/page.md"
    page.write_text(page.read_text() + "snippets/demo/book.py snippets/demo/book_clob_v2.py\n")
    assert integrity.sdk_pair_problems(tree) == []
    write(
        tree, "snippets/demo/old.py", '"""Old."""\nfrom py_clob_client.client import ClobClient\n'
    )
    assert any("migration page only" in p for p in integrity.sdk_pair_problems(tree))


def test_a_stated_reason_exempts_a_polymarket_only_snippet(tree: Path) -> None:
    write(
        tree,
        "snippets/demo/streams.py",
        '"""Streams.\n\nNo py-clob-client-v2 twin: it has no WebSocket client.\n"""\n'
        "import polymarket\n",
    )
    assert integrity.sdk_pair_problems(tree) == []


# --- the built site speaks to its readers ---------------------------------------------------


@pytest.mark.parametrize(
    ("html", "what"),
    [
        ("<p>Run <code>/work/venv/bin/python benchmarks/run.py</code></p>", "machine path"),
        ("<p>run .venv/bin/pytest</p>", "machine path"),
        ("<p>The issue asked for at least 5x the naive rate.</p>", "the project's issue"),
        ("<h3>The targets set in the issue</h3>", "the project's issue"),
        ("<p>Nobody on this team can reach Polymarket.</p>", "the authors' team"),
        ("<p>nobody here can record a live cancel</p>", "who could not"),
        ("<p>(none in our collection)</p>", "the authors' files"),
        ("<p>Our first version used wait_for.</p>", "the authors' files"),
        ("<p>the team&#39;s <code>error-bodies.md</code></p>", "the authors' team"),
        ("<p>It keeps the original guide's names.</p>", "an unexplained earlier guide"),
    ],
)
def test_author_facing_text_in_a_built_page_is_caught(tmp_path: Path, html: str, what: str) -> None:
    (tmp_path / "page").mkdir()
    (tmp_path / "page/index.html").write_text(f"<html><body>{html}</body></html>")
    problems = integrity.author_text_problems(tmp_path)
    assert any(f": {what}: " in p for p in problems), problems


def test_reader_facing_text_passes(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text(
        "<p>See py-clob-client-v2 issue #99 and github.com/Polymarket/py-sdk/issues/162; "
        "the SDK's <code>polymarket/_internal/retry.py</code>; nobody stops it; "
        "<script>var p = '/work/x/';</script></p>"
    )
    assert integrity.author_text_problems(tmp_path) == []


def test_an_unlinked_docs_citation_is_caught(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text(
        '<p>Linked: <a href="https://docs.polymarket.com/x">docs.polymarket.com/x</a>; in code: '
        "<code>docs.polymarket.com/y</code>; bare: docs.polymarket.com/z, read 2026-12-02.</p>"
    )
    assert integrity.unlinked_citation_problems(tmp_path) == [
        "index.html: unlinked citation 'docs.polymarket.com/z,'"
    ]
