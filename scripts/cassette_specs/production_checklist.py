"""Cassettes for the Production checklist page."""

from __future__ import annotations

from scripts.cassette_builder import Cassette, Interaction, docs

TOKEN = "97986244429993405301006613239860350847262749399039648046285499627250726259070"

TICK_SIZE = Interaction(
    "GET",
    f"https://clob.polymarket.com/tick-size?token_id={TOKEN}",
    {"minimum_tick_size": 0.01},
    docs(
        "https://docs.polymarket.com/cn/api-reference/endpoints/clob/get-tick-size (example "
        "response)",
        "2026-11-28",
        "py-clob-client-v2 create_order always reads the market's tick size once per token; "
        "0.01 is also what the recorded V2 book for this token (Thabris clob_books.json, "
        "2026-08-22) reports.",
    ),
)

#: The throwaway API key id the tests pass (the all-zero UUID: no account has it).
TEST_KEY_ID = "00000000-0000-0000-0000-000000000000"
CANCELED = [
    "0xabcdef1234567890abcdef1234567890abcdef12",
    "0xfedcba0987654321fedcba0987654321fedcba09",
]

API_KEYS = Interaction(
    "GET",
    "https://clob.polymarket.com/auth/api-keys",
    {"apiKeys": [TEST_KEY_ID]},
    docs(
        "polymarket-client 0.14.0 polymarket/_internal/actions/auth.py (parse_api_keys_response "
        "reads apiKeys)",
        "2026-11-28",
        "SecureClient.create checks the credentials it is given against this list.",
    ),
)
CANCEL_ALL = Interaction(
    "DELETE",
    "https://clob.polymarket.com/cancel-all",
    {"canceled": CANCELED, "not_canceled": {}},
    docs(
        "https://docs.polymarket.com/api-reference/trade/cancel-all-orders (example response)",
        "2026-11-28",
    ),
)
CANCEL_ALL_PARTLY = Interaction(
    "DELETE",
    "https://clob.polymarket.com/cancel-all",
    {"canceled": CANCELED[:1], "not_canceled": {CANCELED[1]: "already canceled or matched"}},
    docs(
        "https://docs.polymarket.com/api-reference/trade/cancel-all-orders (schema: canceled, "
        "not_canceled map of id to reason)",
        "2026-11-28",
        "The reason text is the server's wording as quoted in shared/recorded/PROVENANCE.md "
        "(nautilus http_batch_cancel_response.json note); the ids are the docs example's.",
    ),
)

CASSETTES = [
    Cassette(
        "production_checklist/test_cancel_all/test_shutdown_cancels_everything.yaml",
        [API_KEYS, CANCEL_ALL],
    ),
    Cassette(
        "production_checklist/test_cancel_all/test_orders_that_could_not_be_canceled.yaml",
        [API_KEYS, CANCEL_ALL_PARTLY],
    ),
    Cassette(
        "production_checklist/test_cancel_all_clob_v2/test_shutdown_cancels_everything.yaml",
        [CANCEL_ALL],
    ),
    Cassette(
        "production_checklist/test_cancel_all_clob_v2/test_orders_that_could_not_be_canceled.yaml",
        [CANCEL_ALL_PARTLY],
    ),
    Cassette(
        "production_checklist/test_log_redaction/"
        "test_a_real_signed_order_body_keeps_ids_and_loses_owner_and_signature.yaml",
        [TICK_SIZE],
    ),
]
