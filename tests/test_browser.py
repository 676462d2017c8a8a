"""The built site in a real headless Chromium, served from 127.0.0.1.

Opens every page and fails on console errors, failed same-origin requests or broken internal
links; checks that search finds a known term and that code blocks get a copy button.
The browser is the system's Chromium or Google Chrome (`scripts/run.py build` installs Debian's
chromium when there is none); Playwright only drives it and never downloads a browser.
"""

from __future__ import annotations

import functools
import re
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest

from scripts import system_deps

#: One worker drives the browser for every page (the pages load IN_FLIGHT at a time).
pytestmark = pytest.mark.xdist_group("browser")  # `site` checks: they read `built_site`

# Chromium or Google Chrome as the system has it (`scripts/run.py build` installs one if none).
CHROMIUM = system_deps.find("chromium")
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server(built_site: Path) -> Iterator[str]:
    handler = functools.partial(QuietHandler, directory=str(built_site))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if CHROMIUM is None:
        pytest.fail(
            "No Chromium or Chrome: `python3 scripts/run.py build` installs one, or says how"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        yield b
        b.close()


def page_paths() -> list[str]:
    """Every page's URL path, from the sources (so each page is its own test)."""
    docs = Path(__file__).resolve().parent.parent / "docs"
    paths = []
    for src in sorted([*docs.rglob("*.md"), *docs.rglob("*.ipynb")]):
        rel = src.relative_to(docs).with_suffix("")
        paths.append("" if rel.as_posix() == "index" else rel.as_posix() + "/")
    return paths


@pytest.fixture(scope="module")
def context(browser) -> Iterator[object]:
    ctx = browser.new_context()
    yield ctx
    ctx.close()


#: Pages loading at once: a page load mostly waits (renderer start, the load event), so a few
#: in flight cut the wall time without adding work.
IN_FLIGHT = 4


@pytest.fixture(scope="module")
def visits(built_site: Path, server: str, context) -> dict[str, tuple[int, list[str]]]:
    """Every page loaded once, IN_FLIGHT at a time: path -> (titles rendered, problems)."""
    paths, results = page_paths(), {}
    for start in range(0, len(paths), IN_FLIGHT):
        opened = []
        for path in paths[start : start + IN_FLIGHT]:
            problems: list[str] = []
            page = context.new_page()
            page.on(
                "console",
                lambda m, p=problems: m.type == "error" and p.append(f"console: {m.text}"),
            )
            page.on("pageerror", lambda e, p=problems: p.append(f"page error: {e}"))
            page.on(
                "response",
                lambda r, p=problems: r.status >= 400 and p.append(f"{r.status} {r.url}"),
            )
            page.on("requestfailed", lambda r, p=problems: p.append(f"failed request {r.url}"))
            page.goto(server + path, wait_until="commit")  # the load goes on in the browser
            opened.append((path, page, problems))
        for path, page, problems in opened:
            page.wait_for_load_state("load")
            titles = page.locator("article h1").count()
            for href in page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)"):
                if not href.startswith(server):
                    continue
                local = built_site / urlparse(href).path.lstrip("/")
                if not (local.is_file() or (local / "index.html").is_file()):
                    problems.append(f"broken link {href}")
            page.close()
            results[path] = (titles, problems)
    return results


@pytest.mark.parametrize("path", page_paths(), ids=lambda p: p or "index")
def test_page_loads_clean_with_working_links(path: str, visits) -> None:
    titles, problems = visits[path]
    assert titles == 1, "no page title rendered"
    assert not problems, "\n".join(problems)


def test_code_blocks_have_a_copy_button(server: str, browser) -> None:
    page = browser.new_page()
    page.goto(urljoin(server, "start/getting-started/"), wait_until="networkidle")
    has_copy = page.evaluate(
        """Array.from(document.querySelectorAll('div.highlight')).map(d =>
             !!d.querySelector('button[data-md-type=copy], button.md-clipboard'))"""
    )
    assert len(has_copy) >= 4 and all(has_copy), has_copy
    page.close()


def test_search_finds_a_known_term(server: str, browser) -> None:
    page = browser.new_page()
    page.goto(server, wait_until="load")
    search = page.locator("input.md-search__input")
    search.focus()
    # The index is built in a web worker; a query typed before it is ready is dropped.
    page.wait_for_function(
        "!document.querySelector('.md-search-result__meta').textContent.includes('Initializing')",
        timeout=60_000,
    )
    search.press_sequentially("midpoint")  # real key events, as a reader types
    results = page.locator("li.md-search-result__item")
    results.first.wait_for(timeout=30_000)
    text = " ".join(results.all_inner_texts())
    assert re.search("getting started", text, re.I), text[:500]
    page.close()


@pytest.mark.parametrize(
    "path",
    ["errors/error-handling/", "production/rate-limiting/", "start/connecting/", ""],
    ids=["error-table", "rate-limit-tables", "connecting", "home"],
)
def test_tables_fit_a_720_px_screen(path: str, server: str, browser) -> None:
    """At 720 px every table fits its column: no sideways scrolling to read a row."""
    page = browser.new_page(viewport={"width": 720, "height": 1000})
    page.goto(urljoin(server, path), wait_until="load")
    widths = page.evaluate(
        """Array.from(document.querySelectorAll('article table')).map(t =>
             [t.scrollWidth, t.parentElement.clientWidth])"""
    )
    page_width = page.evaluate("document.documentElement.scrollWidth")
    page.close()
    assert widths, "no table on the page"
    assert page_width <= 720
    too_wide = [w for w in widths if w[0] > w[1]]
    assert not too_wide, too_wide


def test_notebook_plots_follow_the_colour_scheme(server: str, browser) -> None:
    shown = {}
    for scheme in ("light", "dark"):
        ctx = browser.new_context(color_scheme=scheme)
        page = ctx.new_page()
        page.goto(urljoin(server, "production/rate-limiting-plots/"), wait_until="load")
        shown[scheme] = page.evaluate(
            """Array.from(document.querySelectorAll('img[src^="data:image/png"]'))
                 .filter(i => i.offsetParent !== null)
                 .map(i => i.src.endsWith('#only-dark') ? 'dark' : 'light')"""
        )
        ctx.close()
    assert shown == {"light": ["light", "light"], "dark": ["dark", "dark"]}
