"""Cassettes for "Error handling": every error body of shared/recorded/error-bodies.md and the
documented CLOB errors, each replayed through both SDKs.

`CASES` is the single list the tests parametrize over. A body quoted verbatim in a public
thread is a `public-recording` of error-bodies.md with the thread URL; a body whose JSON
wrapper was inferred from a client's rendering, or that comes from docs.polymarket.com, is
`docs-derived` and says so. The POST /order request bodies are those of the placing_orders
spec (same throwaway key, same pinned salt and clock).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from scripts.cassette_builder import Cassette, Interaction, docs, public, recorded_json
from scripts.cassette_specs.placing_orders import (
    API_KEYS,
    BY_TOKEN,
    CHECKED,
    CLOB,
    CLOB_MARKET,
    TICK,
    TOKEN,
    pc_order,
    v2_order,
)

BODIES = "error-bodies.md"
GH = "https://github.com/"
DOCS_ERRORS = "https://docs.polymarket.com/resources/error-codes.md"
DOCS_ENGINE = "https://docs.polymarket.com/trading/matching-engine"


def verbatim(thread: str, era: str) -> dict[str, str]:
    return public(BODIES, GH + thread, f"verbatim wire body quoted in the thread ({era})")


def rebuilt(thread: str, how: str) -> dict[str, str]:
    return docs(GH + thread, CHECKED, f"Message text verbatim from the thread; {how}")


def documented(url: str, note: str = "") -> dict[str, str]:
    return docs(url, CHECKED, note or "Body as printed on the docs page.")


WRAPPED = 'the {"error": ...} wrapper is inferred (the thread shows a client\'s rendering).'


@dataclass(frozen=True)
class Case:
    id: str
    trigger: str  # order | book | heartbeat | balance | api_key | open_orders
    status: int
    body: Any  # a dict is JSON-encoded; a str is sent as is
    rule: str
    provenance: dict[str, str]
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return self.body if isinstance(self.body, str) else json.dumps(self.body)


def _e(message: str) -> dict[str, str]:
    return {"error": message}


CLOUDFLARE_PAGE = (
    "<!DOCTYPE html>\n<html><head><title>Attention Required! | Cloudflare</title></head>"
    '<body><h1 data-translate="block_headline">Sorry, you have been blocked</h1>'
    '<h2 class="cf-subheadline"><span>You are unable to access</span> polymarket.com</h2>'
    "<p>Cloudflare Ray ID: 0000000000000000</p></body></html>"
)
REFUSED = {"orderID": "", "takingAmount": "", "makingAmount": "", "status": "", "success": False}

CASES: list[Case] = [
    Case(
        "balance_v1",
        "order",
        400,
        _e("not enough balance / allowance"),
        "balance_allowance",
        verbatim("Polymarket/polymarket-cli/issues/54", "V1, 2026-03-20"),
    ),
    Case(
        "balance_v2_long",
        "order",
        400,
        _e(
            "not enough balance / allowance: the balance is not enough -> balance: 0, "
            "order amount: 10000000"
        ),
        "balance_allowance",
        rebuilt("Polymarket/py-sdk/issues/101", "V2 (2026-06-12); " + WRAPPED),
    ),
    Case(
        "balance_v2_matched",
        "order",
        400,
        _e(
            "not enough balance / allowance: the balance is not enough -> balance: 6761230, "
            "sum of matched orders: 4855820, order amount (inc. fees): 4855820"
        ),
        "balance_allowance",
        rebuilt(
            "Polymarket/py-clob-client-v2/issues/112",
            "V2 (2026-08-13), shown over four lines in the issue, joined here; " + WRAPPED,
        ),
    ),
    Case(
        "amounts_5_decimals",
        "order",
        400,
        _e(
            "invalid amounts, the buy orders maker amount supports a max accuracy of 5 "
            "decimals, taker amount a max of 2 decimals"
        ),
        "invalid_amounts",
        verbatim("Polymarket/clob-client/issues/124", "V1, 2024-10-16, axios `data`"),
    ),
    Case(
        "amounts_4_decimals",
        "order",
        400,
        _e(
            "invalid amounts, the buy orders maker amount supports a max accuracy of 4 "
            "decimals, taker amount a max of 2 decimals"
        ),
        "invalid_amounts",
        verbatim("0xNetuser/Polymarket-golang/issues/1", "V1, 2026-01-06"),
    ),
    Case(
        "amounts_market_buy",
        "order",
        400,
        _e(
            "invalid amounts, the market buy orders maker amount supports a max accuracy of 2 "
            "decimals, taker amount a max of 4 decimals"
        ),
        "invalid_amounts",
        rebuilt("Polymarket/rs-clob-client-v2/issues/59", "V2 (2026-05-20); " + WRAPPED),
    ),
    Case(
        "amounts_taker_mismatch",
        "order",
        400,
        _e(
            "invalid amounts, the taker amount for a $0.22 order of size 19.69 should be "
            "'4.3318' but the value submited is '4.33'. Please check if you are using the "
            "latest version of the 'clob-client' library"
        ),
        "invalid_amounts",
        rebuilt(
            "JKorf/Polymarket.Net/issues/5",
            "V1 (2026-02-09); the 209-byte size fits this wrapper; " + WRAPPED,
        ),
    ),
    Case(
        "below_min_size",
        "order",
        400,
        _e(
            "order 0xc17b83864acf6c507dea8de12d0635876f5a7bf365d9bf442f2c4ae6f6b73f1e is "
            "invalid. Size (1.08) lower than the minimum: 5"
        ),
        "below_min_size",
        rebuilt("Polymarket/py-clob-client/issues/301", "V1 (2026-03-16); " + WRAPPED),
    ),
    Case(
        "fok_not_filled",
        "order",
        400,
        _e("order couldn't be fully filled. FOK orders are fully filled or killed."),
        "fok_not_filled",
        verbatim("Polymarket/clob-client/pull/68", "V1, 2023-01-19, maintainer's payload"),
    ),
    Case(
        "post_only_crosses",
        "order",
        400,
        _e(
            "order 0xad15e4de7f67d4b3fe02252709b2371db2bf26f24f9da2708f9e065d1be111cf crosses "
            "the book"
        ),
        "post_only_crosses",
        rebuilt(
            "Polymarket/py-clob-client/issues/231",
            "V1 (2025-12-30); seen through the reporter's proxy as a 500, replayed with "
            "the CLOB's 400 of clob-client#305; " + WRAPPED,
        ),
    ),
    Case(
        "order_version_mismatch",
        "order",
        400,
        _e("order_version_mismatch"),
        "order_version_mismatch",
        verbatim("Polymarket/polymarket-cli/issues/69", "V2, 2026-04-29"),
    ),
    Case(
        "deposit_wallet_required",
        "order",
        400,
        _e("maker address not allowed, please use the deposit wallet flow"),
        "deposit_wallet_required",
        verbatim("Polymarket/py-clob-client-v2/issues/50", "V2, 2026-05-07"),
    ),
    Case(
        "signer_not_api_key",
        "order",
        400,
        _e("the order signer address has to be the address of the API KEY"),
        "signer_not_api_key",
        verbatim("Polymarket/py-clob-client-v2/issues/98", "V2, 2026-07-03, pretty-printed"),
    ),
    Case(
        "invalid_signature",
        "order",
        400,
        _e("invalid signature"),
        "invalid_signature",
        rebuilt("Polymarket/py-clob-client/issues/198", "V1 (2025-12-05); " + WRAPPED),
    ),
    Case(
        "could_not_run",
        "order",
        500,
        _e("could not run the execution"),
        "server_error",
        verbatim("Polymarket/py-clob-client/issues/331", "V1, 2026-04-15"),
    ),
    Case(
        "service_not_ready",
        "order",
        425,
        "service not ready",
        "restarting",
        rebuilt(
            "Polymarket/py-clob-client/issues/273",
            "V1 (2026-03-17); the client printed the body bare, so it is replayed as "
            "text/plain (whether the wire body is JSON is not known).",
        ),
        {"content-type": "text/plain"},
    ),
    Case(
        "cloudflare_block",
        "order",
        403,
        CLOUDFLARE_PAGE,
        "cloudflare_block",
        rebuilt(
            "Polymarket/py-clob-client/issues/101",
            "403 HTML from Cloudflare; only excerpts of the page are stored (issues "
            "#91, #101, #143, #152, #262), so the page is assembled from those excerpts "
            "and the Ray ID zeroed.",
        ),
        {"content-type": "text/html; charset=UTF-8", "server": "cloudflare"},
    ),
    Case(
        "rate_limited",
        "order",
        429,
        _e("Too Many Requests"),
        "rate_limited",
        documented(
            DOCS_ERRORS,
            "Body from the docs' error table; Retry-After and "
            "Poly-RateLimit-* headers as described on "
            "docs.polymarket.com/api-reference/trading-rate-limits; values chosen. "
            "No real 429 from the CLOB is public.",
        ),
        {
            "retry-after": "3",
            "poly-ratelimit-remaining": "-2",
            "poly-ratelimit-reset": "1795824003",
            "poly-ratelimit-tier": "standard",
        },
    ),
    Case(
        "post_only_mode",
        "order",
        503,
        {
            "error": "post-only mode: only post-only orders and cancels are allowed",
            "code": "post_only_mode",
            "retry_after_seconds": 79,
        },
        "post_only_mode",
        documented(DOCS_ENGINE, "Body and Retry-After header as printed on the page."),
        {"retry-after": "79"},
    ),
    Case(
        "cancel_only",
        "order",
        503,
        _e(
            "Trading is currently cancel-only. New orders are not accepted, but cancels are "
            "allowed."
        ),
        "cancel_only",
        documented(DOCS_ERRORS),
    ),
    Case(
        "trading_disabled",
        "order",
        503,
        _e("Trading is currently disabled. Check polymarket.com for updates"),
        "trading_disabled",
        documented(DOCS_ERRORS),
    ),
    Case(
        "market_not_ready",
        "order",
        200,
        REFUSED | {"errorMsg": "the market is not yet ready to process new orders"},
        "market_not_ready",
        documented(
            "polymarket-client 0.14.0 polymarket/models/clob/order_response.py",
            "An order refused inside a 200 reply (success false, errorMsg); the "
            "message is one the official SDK maps to market_not_ready.",
        ),
    ),
    Case(
        "fak_no_match",
        "order",
        200,
        REFUSED
        | {
            "errorMsg": "no orders found to match with FAK order. FAK orders are "
            "partially filled or killed if no match is found."
        },
        "fok_not_filled",
        documented(
            "polymarket-client 0.14.0 polymarket/models/clob/order_response.py",
            "An order refused inside a 200 reply; message as the SDK maps it.",
        ),
    ),
    Case(
        "no_orderbook",
        "book",
        404,
        _e("No orderbook exists for the requested token id"),
        "no_orderbook",
        documented(DOCS_ERRORS),
    ),
    Case(
        "unauthorized",
        "balance",
        401,
        _e("Unauthorized/Invalid api key"),
        "unauthorized",
        verbatim(
            "Polymarket/py-clob-client-v2/issues/45", "V2, 2026-05-04, on GET /balance-allowance"
        ),
    ),
    Case(
        "heartbeat_stale",
        "heartbeat",
        400,
        {"error": "Invalid Heartbeat ID", "heartbeat_id": "7f335bb3-36cb-433d-b8ff-4f9a2233d833"},
        "heartbeat_id",
        public(
            BODIES,
            GH + "Polymarket/py-clob-client/blob/"
            "f1a8807d11c0dda72d62b9aec5192a33f7975e67/examples/post_heartbeat.py#L33",
            "verbatim, quoted in a comment of the SDK's example (V1)",
        ),
    ),
    Case(
        "api_key_exists",
        "api_key",
        400,
        _e("Could not create api key"),
        "create_api_key_exists",
        verbatim("Polymarket/py-clob-client-v2/issues/45", "V2"),
    ),
    Case(
        "empty_405",
        "open_orders",
        405,
        "",
        "wrong_endpoint",
        public(
            BODIES,
            GH + "Polymarket/py-clob-client/issues/208",
            "verbatim: the reporter's log shows `body=` followed by nothing (V1)",
        ),
        {"content-type": "text/plain"},
    ),
]

RECORDED_BY_ID = {case.id: case for case in CASES}


def _agrees_with_tests() -> None:
    """The tests keep (id, call, rule) on their side; both lists must say the same."""
    from tests.snippets.error_handling.cases import CASES as TESTED

    mine = [(c.id, c.trigger, c.rule) for c in CASES]
    if mine != [tuple(c) for c in TESTED]:
        raise ValueError("tests/snippets/error_handling/cases.py disagrees with this spec")


_agrees_with_tests()

_SIDE = {
    "order": ("POST", "/order"),
    "heartbeat": ("POST", "/v1/heartbeats"),
    "api_key": ("POST", "/auth/api-key"),
}
DERIVED = Interaction(
    "GET",
    f"{CLOB}/auth/derive-api-key",
    {"apiKey": "REDACTED", "secret": "REDACTED", "passphrase": "REDACTED"},
    docs(
        "https://docs.polymarket.com/api-reference/auth/derive-api-key.md",
        CHECKED,
        "Credentials redacted; the SDK only needs the three fields to exist.",
    ),
)


def _failing(case: Case, sdk: str) -> list[Interaction]:
    """The requests before the failing one, then the failing one with the case's reply."""
    status, body, prov, headers = case.status, case.text, case.provenance, case.headers
    if case.trigger == "order":
        request = (pc_order if sdk == "pc" else v2_order)("5000000", "10000000", "BUY", "GTC")
        before = [API_KEYS, BY_TOKEN, CLOB_MARKET] if sdk == "pc" else [TICK]
        uri, method = f"{CLOB}/order", "POST"
    elif case.trigger == "book":
        before, request, method, uri = [], None, "GET", f"{CLOB}/book?token_id={TOKEN}"
    elif case.trigger == "heartbeat":
        before = [API_KEYS] if sdk == "pc" else []
        request, method, uri = {"heartbeat_id": ""}, "POST", f"{CLOB}/v1/heartbeats"
    elif case.trigger == "balance":
        before = [API_KEYS] if sdk == "pc" else []
        request, method = None, "GET"
        uri = f"{CLOB}/balance-allowance?asset_type=COLLATERAL&signature_type=0"
    elif case.trigger == "api_key":
        before, request, method, uri = [], None, "POST", f"{CLOB}/auth/api-key"
    else:
        before = [API_KEYS] if sdk == "pc" else []
        request, method = None, "GET"
        uri = f"{CLOB}/data/orders" + ("" if sdk == "pc" else "?next_cursor=MA==")
    failing = Interaction(
        method, uri, body, prov, status=status, request_body=request, response_headers=headers
    )
    after = [DERIVED] if case.trigger == "api_key" else []
    return [*before, failing, *after]


def _name(case: Case, sdk: str) -> str:
    if case.trigger == "api_key" and sdk == "pc":  # polymarket-client falls back by itself
        return "error_handling/test_errors/test_existing_api_key_is_derived_instead.yaml"
    module = "test_errors" if sdk == "pc" else "test_errors_clob_v2"
    return f"error_handling/{module}/test_replay[{case.id}].yaml"


CASSETTES = [
    Cassette(_name(case, sdk), _failing(case, sdk)) for case in CASES for sdk in ("pc", "v2")
]

# --- the order id is the order hash: two genuine V1 POST /order exchanges ------------------
KALSHI = "Polymarket-Kalshi-Arbitrage-bot/controller/tests/integration/fixtures"
KALSHI_ORIGIN = (
    "https://github.com/Tydog99/Polymarket-Kalshi-Arbitrage-bot/blob/0987cf2f49ea/"
    "controller/tests/integration/fixtures/{}"
)


def _hash_capture(name: str) -> Cassette:
    capture = recorded_json(f"{KALSHI}/{name}")
    request = capture["request"]["body"]
    request = request | {"order": request["order"] | {"signature": "REDACTED"}, "owner": "REDACTED"}
    return Cassette(
        f"error_handling/test_order_hash/test_v1_capture_order_id_is_the_hash[{name}].yaml",
        [
            Interaction(
                "POST",
                f"{CLOB}/order",
                capture["response"]["body_raw"],
                public(
                    f"{KALSHI}/{name}",
                    KALSHI_ORIGIN.format(name),
                    "GENUINE, V1 (captured 2026-01-20), owner anonymised; signature redacted here",
                ),
                request_body=request,
            )
        ],
    )


CASSETTES += [_hash_capture(n) for n in ("poly_full_fill_real.json", "poly_partial_fill_real.json")]
