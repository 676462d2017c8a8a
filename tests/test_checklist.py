"""Every checklist item links to a page that shows tested code that implements it."""

from __future__ import annotations

from pathlib import Path

import pytest

from scripts.tables import production_checklist as checklist

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("item", checklist.ITEMS, ids=lambda i: i.do[:40])
def test_item_links_a_page_that_shows_its_tested_snippets(item: checklist.Item) -> None:
    page = (ROOT / "docs" / item.page).read_text(encoding="utf-8")
    assert item.snippets
    for snippet in item.snippets:
        path = Path(snippet)
        test = ROOT / "tests" / path.parent / f"test_{path.stem}.py"
        assert test.is_file(), f"{snippet} has no test"
        assert snippet in page, f"{item.page} does not show {snippet}"


def test_a_dangling_item_fails_the_build(monkeypatch: pytest.MonkeyPatch) -> None:
    ghost = checklist.Item("X", "nothing", "production/nope.md", ("snippets/x/nope.py",))
    monkeypatch.setattr(checklist, "ITEMS", (*checklist.ITEMS, ghost))
    with pytest.raises(FileNotFoundError, match="nope"):
        checklist.checklist()


def test_rendered_links_are_relative_to_the_checklist_page() -> None:
    monkey = checklist.Item(
        "Logging", "x", checklist.CHECKLIST_PAGE, ("snippets/production_checklist/shutdown.py",)
    )
    original = checklist.ITEMS
    try:
        checklist.ITEMS = (monkey,)
        table = checklist.checklist()
    finally:
        checklist.ITEMS = original
    assert "[Production checklist](production-checklist.md)" in table
    assert 'href="../../snippets/production_checklist/shutdown.py" download' in table
