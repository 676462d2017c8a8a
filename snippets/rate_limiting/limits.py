"""Polymarket's documented rate limits, in one place. Every table on the rate-limiting page is
generated from this module; change a number here and the page follows.

Two layers, and a request must pass both:

- per IP, enforced by Cloudflare on sliding windows: over the limit, requests are THROTTLED
  (delayed or queued), not rejected;
- per signer address, since July 2026: token buckets for orders and for cancels; over the limit,
  a request is REJECTED with HTTP 429 and `Retry-After`.

Standard library only.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

CHECKED = "2026-11-28"  # the date every source below was last read
IP_LIMITS_URL = "https://docs.polymarket.com/api-reference/rate-limits"
SIGNER_LIMITS_URL = "https://docs.polymarket.com/api-reference/trading-rate-limits"
CN_IP_LIMITS_URL = "https://docs.polymarket.com/cn/api-reference/rate-limits"

Kind = Literal[
    "post_order", "post_orders", "cancel_order", "cancel_orders", "cancel_all",
    "cancel_market_orders",
]  # fmt: skip
Bucket = Literal["order", "cancel"]

IP_BURST_WINDOW_S = 10.0  # "burst": requests per 10 s
IP_SUSTAINED_WINDOW_S = 600.0  # "sustained": requests per 10 min


# --8<-- [start:endpoints]
@dataclass(frozen=True)
class TradingEndpoint:
    kind: Kind
    method: str
    path: str
    bucket: Bucket  # which per-signer bucket it draws from
    cost: str  # the documented token cost, in words
    ip_burst: int  # per-IP requests per 10 s
    ip_sustained: int  # per-IP requests per 10 min
    max_items: int | None  # most orders / ids one request may carry (None: not a list)
    max_items_source: str = ""


TRADING: dict[Kind, TradingEndpoint] = {
    e.kind: e
    for e in (
        TradingEndpoint("post_order", "POST", "/order", "order", "1", 5_000, 120_000, None),
        TradingEndpoint(
            "post_orders", "POST", "/orders", "order", "number of orders in the batch",
            2_000, 21_000, 15,
            "polymarket-client 0.14.0 `_internal/actions/orders/post.py` (`_MAX_BATCH = 15`)",
        ),
        TradingEndpoint("cancel_order", "DELETE", "/order", "cancel", "1", 5_000, 120_000, None),
        TradingEndpoint(
            "cancel_orders", "DELETE", "/orders", "cancel", "number of order ids sent",
            2_000, 15_000, 3_000,
            "polymarket-client 0.14.0 `_internal/actions/orders/cancel.py` "
            "(`_MAX_CANCEL_BATCH = 3000`)",
        ),
        TradingEndpoint(
            "cancel_all", "DELETE", "/cancel-all", "cancel", "1, then 1 per order cancelled",
            250, 6_000, None,
        ),
        TradingEndpoint(
            "cancel_market_orders", "DELETE", "/cancel-market-orders", "cancel",
            "1, then 1 per order cancelled", 1_500, 21_000, None,
        ),
    )
}  # fmt: skip
# --8<-- [end:endpoints]

#: The trading rows of the older revision of the English page (an undated stored copy without
#: the Bridge API section; not used). Copies dated 2026-06-18, 2026-07-02 and 2026-07-27 carry
#: the Bridge API section and the figures in TRADING above.
OLDER_REVISION_TRADING: dict[Kind, tuple[int, int]] = {
    "post_order": (3_500, 36_000),
    "cancel_order": (3_000, 30_000),
    "post_orders": (1_000, 15_000),
    "cancel_orders": (1_000, 15_000),
    "cancel_all": (250, 6_000),
    "cancel_market_orders": (1_000, 1_500),
}
#: The rows the stored Chinese copy shows before it is cut off ("DELETE /o..."): the same
#: figures as the older English revision. The other rows are not on it.
CN_PAGE_ROWS: tuple[Kind, ...] = ("post_order", "cancel_order", "post_orders")


# --8<-- [start:tiers]
@dataclass(frozen=True)
class SignerTier:
    name: str
    volume_30d: str  # the maker wallet's 30-day volume that qualifies
    order_rate: float  # tokens per second
    order_burst: int  # bucket capacity
    cancel_rate: float
    cancel_burst: int
    negative_cancel_balance: bool  # may cancel-all / cancel-market-orders push it below zero?


SIGNER_TIERS: dict[str, SignerTier] = {
    t.name.lower(): t
    for t in (
        SignerTier("Standard", "-", 40, 60, 80, 120, True),
        SignerTier("Copper", "$30,000+", 60, 90, 120, 180, True),
        SignerTier("Bronze", "$50,000+", 80, 120, 160, 240, True),
        SignerTier("Silver", "$100,000+", 200, 300, 400, 600, True),
        SignerTier("Gold", "$500,000+", 400, 600, 800, 1_200, True),
        SignerTier("Platinum", "$2.5M+", 450, 675, 900, 1_350, False),
        SignerTier("Diamond", "$5M+", 525, 787, 1_050, 1_575, False),
        SignerTier("Elite", "$10M+", 600, 900, 1_200, 1_800, False),
    )
}
# --8<-- [end:tiers]

#: Other per-IP limits a trading bot meets (requests per 10 s), same page as the trading rows.
IP_OTHER: tuple[tuple[str, int], ...] = (
    ("All APIs: general", 15_000),
    ("CLOB: general", 9_000),
    ("CLOB: `GET` balance-allowance", 200),
    ("CLOB: `UPDATE` balance-allowance", 50),
    ("CLOB: `/book`, `/price`, `/midpoint`", 1_500),
    ("CLOB: `/books`, `/prices`, `/midpoints`", 500),
    ("CLOB: `/trades`, `/orders`, `/notifications`, `/order` (ledger reads)", 900),
    ("CLOB: `/data/orders`, `/data/trades`", 500),
    ("CLOB: API-key endpoints", 100),
)

HEADERS = {
    "Poly-RateLimit-Remaining": "tokens left in the bucket after this request; negative "
    "after a cancel-all on tiers with a negative cancel balance",
    "Poly-RateLimit-Reset": "Unix time the current wait ends: on a 429, when enough tokens "
    "exist; on an accepted request it may be now (it is not the full-refill time)",
    "Poly-RateLimit-Tier": "the tier that was applied",
    "Poly-RateLimit-Warning": "`true` in warning mode: under enforcement this request would "
    "have been rejected",
    "Retry-After": "on a 429: the minimum seconds to wait; no need to wait for a full bucket",
}
