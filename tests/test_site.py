"""The built site: strict build, generated versions, no secrets, nothing fetched from a CDN."""

from __future__ import annotations

import re
from importlib.metadata import version
from pathlib import Path

import pytest

from scripts.secret_scan import scan_paths, scan_text


def test_landing_page_names_the_installed_sdk_versions(built_site: Path) -> None:
    html = (built_site / "index.html").read_text()
    for name in ("polymarket-client", "py-clob-client-v2", "py-clob-client", "web3"):
        assert re.search(rf"<code>{name}</code></td>\s*<td>{re.escape(version(name))}</td>", html)


def test_every_page_ends_with_the_verified_versions(built_site: Path) -> None:
    pages = [p for p in built_site.rglob("index.html") if "404" not in str(p)]
    assert len(pages) >= 2
    for page in pages:
        if "jupyter-wrapper" in page.read_text():
            continue  # notebook pages are rendered by mkdocs-jupyter, not Markdown
        assert f"py-clob-client-v2</code> {version('py-clob-client-v2')}" in page.read_text(), page


def test_built_site_holds_no_secret(built_site: Path) -> None:
    findings = scan_paths([built_site], (".html", ".js", ".json", ".txt", ".xml"))
    assert not findings, "\n".join(map(str, findings))


def test_secret_scanner_would_catch_a_leak_in_html() -> None:
    leak = (
        '<pre>POLY_API_KEY: "5e1e9ad1-0bd1-4d2b-9d43-6b0e3a9c1f00"\n'
        'api_secret = "c2VjcmV0LXZhbHVl"</pre>'
    )
    whats = [f.what for f in scan_text(leak)]
    assert any("POLY_API_KEY" in w for w in whats) and any("api_secret" in w for w in whats)


def test_no_external_fonts_or_cdn_assets(built_site: Path) -> None:
    """The site works offline: nothing is loaded from another host."""
    external = re.compile(
        r"""(?:src|href)=["'](https?:)?//(?!127\.0\.0\.1)[^"']+\.(?:js|css|woff2?)(?=["'?#])"""
    )
    hits = []
    for page in built_site.rglob("*.html"):
        hits += [
            f"{page.relative_to(built_site)}: {m.group(0)}"
            for m in external.finditer(page.read_text())
        ]
    assert not hits, "\n".join(hits)


def test_every_page_says_where_to_go_next(built_site: Path) -> None:
    pages = [p for p in built_site.rglob("index.html") if "404" not in str(p)]
    missing = [
        str(p.relative_to(built_site))
        for p in pages
        if "jupyter-wrapper" not in p.read_text()
        and p != built_site / "migration/migrating/index.html"  # the last page of the nav
        and 'id="where-to-go-next"' not in p.read_text()
    ]
    assert not missing, missing


def test_each_folder_downloads_as_one_zip_with_its_tests_and_cassettes(built_site: Path) -> None:
    import zipfile

    names = zipfile.ZipFile(built_site / "downloads/connecting.zip").namelist()
    assert "snippets/connecting/connect.py" in names
    assert "tests/snippets/connecting/test_connect.py" in names
    assert any(n.startswith("cassettes/connecting/test_connect/") for n in names)
    page = (built_site / "start/connecting/index.html").read_text()
    assert 'href="../../downloads/connecting.zip"' in page
    assert "pip install polymarket-client py-clob-client-v2" in page


def test_a_file_links_the_siblings_it_needs(built_site: Path) -> None:
    page = (built_site / "production/rate-limiting/index.html").read_text()
    assert 'href="../../snippets/rate_limiting/limits.py" download' in page
    assert (built_site / "snippets/rate_limiting/limits.py").is_file()


def test_site_and_repository_addresses_come_from_one_variable(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from scripts.docs_hooks import on_config

    monkeypatch.setenv("GITHUB_REPOSITORY", "Some-Owner/field-guide")
    config = on_config({"site_url": "https://example.invalid/"})
    assert config["site_url"] == "https://some-owner.github.io/field-guide/"
    assert config["repo_url"] == "https://github.com/Some-Owner/field-guide"
    monkeypatch.delenv("GITHUB_REPOSITORY")
    assert on_config({"site_url": "https://example.invalid/"})["site_url"].endswith(".invalid/")


def test_the_built_site_speaks_to_its_readers(built_site: Path) -> None:
    from scripts.integrity import author_text_problems

    problems = author_text_problems(built_site)
    assert not problems, "\n".join(problems)


def test_every_docs_citation_is_a_link(built_site: Path) -> None:
    from scripts.integrity import unlinked_citation_problems

    problems = unlinked_citation_problems(built_site)
    assert not problems, "\n".join(problems)


def test_tab_labels_stay_apart_in_the_search_index(built_site: Path) -> None:
    index = (built_site / "search/search_index.json").read_text()
    assert "polymarket-client py-clob-client-v2" in index
    assert "polymarket-clientpy-clob-client-v2" not in index


def test_notebook_pages_hide_their_set_up_and_draw_for_both_schemes(built_site: Path) -> None:
    page = (built_site / "production/rate-limiting-plots/index.html").read_text()
    assert "sys.path.insert" not in page
    assert page.count("#only-light") == page.count("#only-dark") == 2
