"""Cassettes for the Rate limiting page: per-signer rate-limit headers, warning mode and a 429.

All DOCS-DERIVED. No public recording of a reply carrying `Poly-RateLimit-*` headers or of a
per-signer 429 exists (none in shared/recorded/, none found in public repositories as of
2026-11-28), so header names and meanings come from the trading-rate-limits page, their
parsing from the SDK files that read them, and the bodies from the documented shapes. The
numbers are illustrative, chosen to be consistent with the Standard tier.

The scenario: another process trades with the same signer, so the server's cancel bucket is
lower than this process's local copy; the headers pull the local copy down, and a 429 holds it
for `Retry-After`. Cancel bodies are deterministic (a fixed order id, or none). Order bodies
carry a random salt and the signing time: the order tests pin both in each SDK and sign with
the throwaway key of scripts/reader_kit.py, so the bodies below are exactly
what the SDKs send (built by the placing_orders spec's `pc_order` / `v2_order`, with `owner`
and `signature` REDACTED as scripts/vcr_policy.py does). Matching stays strict on the body.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from scripts.cassette_builder import Cassette, Interaction, docs
from scripts.cassette_specs import placing_orders as po

CLOB = "https://clob.polymarket.com"
CHECKED = "2026-11-28"
#: The placeholder API key the tests authenticate with (never a real credential).
API_KEY = "00000000-0000-0000-0000-000000000000"
ORDER_IDS = tuple(f"0x{n:064x}" for n in (0xA1, 0xA2, 0xA3, 0xA4))
RESET = 1795867200  # 2026-11-28 12:00:00 UTC: the Unix time the headers' wait period ends

HEADER_DOCS = (
    "https://docs.polymarket.com/api-reference/trading-rate-limits (Poly-RateLimit-Remaining, "
    "-Reset, -Tier, -Warning, Retry-After; Remaining may be negative after cancel-all); "
    "parsed by polymarket-client 0.14.0 polymarket/clients/_transport.py "
    "(_parse_rate_limit_headers, _extract_retry_after)"
)
CANCEL_DOCS = (
    "https://docs.polymarket.com/trading/orders/cancel ({canceled: [...], not_canceled: {}}); "
    "polymarket-client 0.14.0 polymarket/models/clob/cancel.py (CancelOrdersResponse)"
)
NOTE = (
    "No public recording of a reply with these headers exists; values are illustrative and "
    "consistent with the Standard tier (cancel bucket 120, 80 tokens/s)."
)


def _headers(remaining: str, reset: int, **extra: str) -> dict[str, str]:
    return {
        "Poly-RateLimit-Remaining": remaining,
        "Poly-RateLimit-Reset": str(reset),
        "Poly-RateLimit-Tier": "standard",  # the docs do not show the value's case: parsed
        **extra,  # case-insensitively by TradingRateLimits
    }


API_KEYS = Interaction(
    "GET",
    f"{CLOB}/auth/api-keys",
    {"apiKeys": [API_KEY]},
    docs(
        "polymarket-client 0.14.0 polymarket/_internal/actions/auth.py "
        "(parse_api_keys_response: {apiKeys: [str]}); SecureClient.create validates the "
        "credentials it is given with this call",
        CHECKED,
        "The placeholder key the test passes in, so validation succeeds.",
    ),
)

CANCEL_ALL = Interaction(
    "DELETE",
    f"{CLOB}/cancel-all",
    {"canceled": list(ORDER_IDS), "not_canceled": {}},
    docs(f"{CANCEL_DOCS}; {HEADER_DOCS}", CHECKED, NOTE),
    response_headers=_headers("-3", RESET),  # 1 + 4 cancelled, from a balance of 2
)

CANCEL_ONE_429 = Interaction(
    "DELETE",
    f"{CLOB}/order",
    {"error": "Too Many Requests"},
    docs(
        "https://docs.polymarket.com/resources/error-codes (429 body 'Too Many Requests'); "
        f"{HEADER_DOCS}",
        CHECKED,
        f"{NOTE} The per-signer limiter's own 429 body is not documented; the general one is.",
    ),
    status=429,
    request_body={"orderID": ORDER_IDS[0]},
    response_headers=_headers("-0.6", RESET + 1, **{"Retry-After": "1"}),
)

CANCEL_MANY_WARNING = Interaction(
    "DELETE",
    f"{CLOB}/orders",
    {"canceled": list(ORDER_IDS[:2]), "not_canceled": {}},
    docs(
        f"{CANCEL_DOCS}; {HEADER_DOCS} (warning mode from 2026-07-24: "
        "Poly-RateLimit-Warning: true on a request enforcement would reject)",
        CHECKED,
        NOTE,
    ),
    request_body=list(ORDER_IDS[:2]),
    response_headers=_headers("0.5", RESET, **{"Poly-RateLimit-Warning": "true"}),
)


CANCEL_MARKET = Interaction(
    "DELETE",
    f"{CLOB}/cancel-market-orders",
    {"canceled": list(ORDER_IDS[2:]), "not_canceled": {}},
    docs(
        f"{CANCEL_DOCS}; {HEADER_DOCS} (cancel-market-orders costs 1, then 1 per order "
        "cancelled; the Standard tier may go negative)",
        CHECKED,
        NOTE,
    ),
    request_body={"market": po.CONDITION},
    response_headers=_headers("-2", RESET),  # 1 token spent locally, then 2 orders cancelled
)


def _cassettes(test_file: str, *, unified: bool) -> list[Cassette]:
    first = [API_KEYS] if unified else []  # only SecureClient.create validates credentials
    return [
        Cassette(
            f"rate_limiting/{test_file}/test_cancel_all_then_429.yaml",
            [*first, CANCEL_ALL, CANCEL_ONE_429],
        ),
        Cassette(
            f"rate_limiting/{test_file}/test_warning_mode_is_counted.yaml",
            [*first, CANCEL_MANY_WARNING],
        ),
        Cassette(
            f"rate_limiting/{test_file}/test_market_cancel_goes_negative.yaml",
            [*first, CANCEL_MANY_WARNING, CANCEL_MARKET],
        ),
    ]


# --- orders: POST /order, a POST /orders batch split 15 + 1, then a 429 on POST /order ------
#: The single order: BUY 10 shares at 0.50. The batch: BUY 10 shares at 0.30, 0.31, ..., 0.45.
SINGLE = (Decimal("0.50"), Decimal("10"))
BATCH = tuple((Decimal(30 + i) / 100, Decimal("10")) for i in range(16))
ORDER_NOTE = (
    f"{NOTE.replace('cancel bucket 120, 80 tokens/s', 'order bucket 60, 40 tokens/s')} "
    "Each Remaining is lower than the local count: another process shares the signer."
)


def _amounts(price: Decimal, size: Decimal) -> tuple[str, str]:
    """A BUY's (makerAmount, takerAmount) in 6-decimal units: pUSD given, shares taken."""
    return str(int(price * size * 1_000_000)), str(int(size * 1_000_000))


def order_ids(n: int, first: int = 0xB0) -> list[str]:
    return [f"0x{first + i:064x}" for i in range(n)]


def _post(path: str, request: Any, reply: Any, headers: dict[str, str], status: int = 200):
    single = path == "/order"
    shape = po.OPENAPI if single else po.OPENAPI.replace("post-a-new-order", "post-multiple-orders")
    return Interaction(
        "POST",
        f"{CLOB}{path}",
        reply,
        docs(f"{shape}; {po.PC_MODEL}; {HEADER_DOCS}", CHECKED, ORDER_NOTE),
        status=status,
        request_body=request,
        response_headers=headers,
    )


def _order_cassette(test_file: str, body: Any, meta: list[Interaction]) -> Cassette:
    single = body(*_amounts(*SINGLE), "BUY", "GTC")
    batch = [body(*_amounts(p, s), "BUY", "GTC") for p, s in BATCH]
    first15, last = order_ids(15), order_ids(1, 0xBF)
    limited = Interaction(
        "POST",
        f"{CLOB}/order",
        {"error": "Too Many Requests"},
        docs(
            "https://docs.polymarket.com/resources/error-codes (429 body 'Too Many Requests'); "
            f"{HEADER_DOCS}",
            CHECKED,
            f"{ORDER_NOTE} The per-signer limiter's own 429 body is not documented; the "
            "general one is.",
        ),
        status=429,
        request_body=single,
        response_headers=_headers("0.4", RESET + 1, **{"Retry-After": "1"}),
    )
    return Cassette(
        f"rate_limiting/{test_file}/test_orders_resync_and_429.yaml",
        [
            *meta,
            _post("/order", single, po.live(order_ids(1, 0xAF)[0]), _headers("30", RESET)),
            _post("/orders", batch[:15], [po.live(i) for i in first15], _headers("10", RESET)),
            _post("/orders", batch[15:], [po.live(i) for i in last], _headers("5", RESET)),
            limited,
        ],
    )


CASSETTES = [
    *_cassettes("test_header_sync", unified=True),
    *_cassettes("test_header_sync_clob_v2", unified=False),
    _order_cassette("test_header_sync", po.pc_order, [po.API_KEYS, po.BY_TOKEN, po.CLOB_MARKET]),
    _order_cassette("test_header_sync_clob_v2", po.v2_order, [po.TICK, po.VERSION]),
]
