"""Cassettes for the Rate limiting page: per-signer rate-limit headers, warning mode and a 429.

All DOCS-DERIVED. No public recording of a reply carrying `Poly-RateLimit-*` headers or of a
per-signer 429 exists (none in shared/recorded/, none found in public repositories as of
2026-11-28), so header names and meanings come from the trading-rate-limits page, their
parsing from the SDK files that read them, and the bodies from the documented shapes. The
numbers are illustrative, chosen to be consistent with the Standard tier.

The scenario: another process trades with the same signer, so the server's cancel bucket is
lower than this process's local copy; the headers pull the local copy down, and a 429 holds it
for `Retry-After`. Every request here is a cancel, whose body is deterministic (a fixed order
id, or none), so signed-order salts and timestamps never enter the match.
"""

from __future__ import annotations

from scripts.cassette_builder import Cassette, Interaction, docs

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
    ]


CASSETTES = [
    *_cassettes("test_header_sync", unified=True),
    *_cassettes("test_header_sync_clob_v2", unified=False),
]
