"""The built site: strict build, generated versions, no secrets, nothing fetched from a CDN."""

from __future__ import annotations

import re
from importlib.metadata import version
from pathlib import Path

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
        r"""(?:src|href)=["'](https?:)?//(?!127\.0\.0\.1)[^"']+\.(?:js|css|woff2?)"""
    )
    hits = []
    for page in built_site.rglob("*.html"):
        hits += [
            f"{page.relative_to(built_site)}: {m.group(0)}"
            for m in external.finditer(page.read_text())
        ]
    assert not hits, "\n".join(hits)
