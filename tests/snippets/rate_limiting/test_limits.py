"""The limits data: the numbers as documented, internally consistent, and on the page."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from .code.limits import (
    CHECKED,
    HEADERS,
    IP_OTHER,
    OLDER_REVISION_TRADING,
    SIGNER_TIERS,
    TRADING,
)

ROOT = Path(__file__).resolve().parents[3]
PAGE = ROOT / "docs/production/rate-limiting.md"


def test_per_ip_trading_rows_follow_the_english_page() -> None:
    rows = {k: (e.method, e.path, e.ip_burst, e.ip_sustained) for k, e in TRADING.items()}
    assert rows == {
        "post_order": ("POST", "/order", 5_000, 120_000),
        "post_orders": ("POST", "/orders", 2_000, 21_000),
        "cancel_order": ("DELETE", "/order", 5_000, 120_000),
        "cancel_orders": ("DELETE", "/orders", 2_000, 15_000),
        "cancel_all": ("DELETE", "/cancel-all", 250, 6_000),
        "cancel_market_orders": ("DELETE", "/cancel-market-orders", 1_500, 21_000),
    }
    # The Chinese page's revision is tighter or equal on every burst: what a translation that
    # lags a later increase looks like.
    assert OLDER_REVISION_TRADING.keys() == TRADING.keys()
    assert all(OLDER_REVISION_TRADING[k][0] <= e.ip_burst for k, e in TRADING.items())


def test_signer_tiers_are_ordered_and_only_the_top_three_floor_at_zero() -> None:
    tiers = list(SIGNER_TIERS.values())
    assert [t.name for t in tiers] == [
        "Standard", "Copper", "Bronze", "Silver", "Gold", "Platinum", "Diamond", "Elite",
    ]  # fmt: skip
    for low, high in itertools.pairwise(tiers):
        assert low.order_rate < high.order_rate and low.cancel_burst < high.cancel_burst
    for t in tiers:
        assert t.cancel_rate == 2 * t.order_rate  # cancels refill twice as fast as orders
        assert t.order_burst == int(1.5 * t.order_rate)  # a full burst lasts 1.5 s
    assert [t.name for t in tiers if not t.negative_cancel_balance] == [
        "Platinum", "Diamond", "Elite",
    ]  # fmt: skip


def test_batch_maximums_fit_the_tightest_burst() -> None:
    standard = SIGNER_TIERS["standard"]
    assert TRADING["post_orders"].max_items == 15 <= standard.order_burst
    assert TRADING["cancel_orders"].max_items == 3_000 > standard.cancel_burst  # must split


@pytest.mark.skipif(not PAGE.is_file(), reason="the site's page is not part of a copied folder")
def test_the_page_shows_the_generated_tables_and_dates() -> None:
    page = PAGE.read_text(encoding="utf-8")
    for gen in ("ip_trading_table", "signer_tiers_table", "costs_table", "headers_table"):
        assert f"<!-- gen: rate_limiting.{gen} -->" in page
    assert CHECKED in page
    assert IP_OTHER[0][1] == 15_000 and set(HEADERS) >= {"Retry-After", "Poly-RateLimit-Reset"}
