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

CASSETTES = [
    Cassette(
        "production_checklist/test_log_redaction/"
        "test_a_real_signed_order_body_keeps_ids_and_loses_owner_and_signature.yaml",
        [TICK_SIZE],
    ),
]
