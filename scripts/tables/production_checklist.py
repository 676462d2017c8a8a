"""The production checklist: every item points at the page and the tested snippet that do it.

The build fails when a page or snippet named here is missing; tests/test_checklist.py also
checks that each snippet has its test and is shown on the page the item links to.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
CHECKLIST_PAGE = "production/production-checklist.md"


@dataclass(frozen=True)
class Item:
    area: str
    do: str
    page: str  # relative to docs/
    snippets: tuple[str, ...]  # relative to the project root


ITEMS: tuple[Item, ...] = (
    Item(
        "Rate limits",
        "Pace orders and cancels on both layers: the per-IP windows and the "
        "per-signer token buckets; split batches that exceed the burst.",
        "production/rate-limiting.md",
        ("snippets/rate_limiting/trading_limits.py",),
    ),
    Item(
        "Rate limits",
        "Re-sync the local bucket from `Poly-RateLimit-*` headers and wait "
        "`Retry-After` on a 429 instead of retrying at once.",
        "production/rate-limiting.md",
        ("snippets/rate_limiting/header_sync.py", "snippets/rate_limiting/header_sync_clob_v2.py"),
    ),
    Item(
        "WebSocket",
        "Send the keepalive, detect a stale or half-open stream, reconnect with "
        "capped backoff and jitter, resubscribe and resync the book from REST.",
        "production/websocket-reconnection.md",
        ("snippets/websocket/market_stream.py",),
    ),
    Item(
        "Errors",
        "Map every error to an action (fix input, fund, back off, wait out a "
        "restart, give up) and keep unknown bodies raw.",
        "errors/error-handling.md",
        ("snippets/error_handling/errors.py",),
    ),
    Item(
        "Errors",
        "After a timeout on `POST /order`, reconcile before any retry: never place an order twice.",
        "errors/error-handling.md",
        ("snippets/error_handling/safe_submit.py",),
    ),
    Item(
        "Orders",
        "Validate price, tick, size and precision before signing; re-round resting "
        "orders after a `tick_size_change`.",
        "edge-cases/order-constraints.md",
        ("snippets/order_constraints/order_constraints.py",),
    ),
    Item(
        "Orders",
        "Send heartbeats if you use them, knowing that missing one cancels all your open orders.",
        "production/placing-orders.md",
        ("snippets/placing_orders/heartbeats.py", "snippets/placing_orders/heartbeats_clob_v2.py"),
    ),
    Item(
        "Orders",
        "Pick the trading id and exchange from the market's `version`.",
        "edge-cases/market-versions.md",
        ("snippets/market_versions/exchanges.py",),
    ),
    Item(
        "Fills",
        "Follow every order to a final state; a MATCHED trade can still fail to settle.",
        "edge-cases/partial-fills.md",
        ("snippets/partial_fills/partial_fills.py",),
    ),
    Item(
        "Balances",
        "Reconcile pUSD on chain with the CLOB's view and tell the causes of "
        '"not enough balance / allowance" apart.',
        "production/balance-tracking.md",
        ("snippets/balance_tracking/balance_tracker.py",),
    ),
    Item(
        "Resolution",
        "Stop quoting, cancel and redeem when a market resolves.",
        "edge-cases/resolution.md",
        ("snippets/resolution/on_resolved.py", "snippets/resolution/on_resolved_clob_v2.py"),
    ),
    Item(
        "Monitoring",
        "Export what an operator watches: 429s and holds, bucket levels, reconnects, seconds "
        "stale, hash mismatches, order latency, open orders and balance drift (every metric, "
        "with what it counts, is listed under Monitoring on the linked page).",
        "production/complete-bot.md",
        ("snippets/reference_bot/metrics.py",),
    ),
    Item(
        "Logging",
        "Keep API keys, secrets, passphrases, signatures and private keys out of "
        "logs (py-clob-client-v2's `ApiCreds` prints its secret in its repr).",
        CHECKLIST_PAGE,
        ("snippets/production_checklist/log_redaction.py",),
    ),
    Item(
        "Shutdown",
        "On SIGTERM, stop quoting first, then cancel everything or keep orders "
        "resting on purpose, exactly once.",
        CHECKLIST_PAGE,
        (
            "snippets/production_checklist/shutdown.py",
            "snippets/production_checklist/cancel_all.py",
            "snippets/production_checklist/cancel_all_clob_v2.py",
        ),
    ),
)


def missing() -> list[str]:
    """Pages or snippets the checklist names that do not exist."""
    out = [f"docs/{i.page}" for i in ITEMS if not (ROOT / "docs" / i.page).is_file()]
    return out + [s for i in ITEMS for s in i.snippets if not (ROOT / s).is_file()]


def checklist() -> str:
    """The checklist as a Markdown table with links relative to the checklist page."""
    gone = missing()
    if gone:
        raise FileNotFoundError(f"the production checklist names missing files: {gone}")
    here = posixpath.dirname(CHECKLIST_PAGE)
    depth = "../" * (CHECKLIST_PAGE.count("/") + 1)  # from the page's URL to the site root
    rows = ["| area | do this | page | tested code |", "|---|---|---|---|"]
    for item in ITEMS:
        page = posixpath.relpath(item.page, here)
        code = " ".join(
            f'<a href="{depth}{s}" download><code>{s.rsplit("/", 1)[1]}</code></a>'
            for s in item.snippets
        )
        title = (ROOT / "docs" / item.page).read_text(encoding="utf-8").splitlines()[0]
        rows.append(
            f"| {item.area} | {item.do} | [{title.lstrip('# ').strip()}]({page}) | {code} |"
        )
    return "\n".join(rows)
