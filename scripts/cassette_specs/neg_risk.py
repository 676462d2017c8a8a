"""Cassettes for "Neg-risk markets": a genuine V2 neg-risk order book, and the SDK look-ups
around it (docs-derived bodies whose neg-risk value agrees with that book)."""

from __future__ import annotations

from scripts.cassette_builder import (
    Cassette,
    Interaction,
    docs,
    public,
    recorded_bytes,
    recorded_json,
)
from scripts.cassette_specs.market_versions import (
    API_KEYS,
    CHECKED,
    CLOB,
    VERSION,
    clob_market_info,
    markets_by_token,
    tick_size,
)

BOOKS = "Thabris-polymarket/tests/fixtures/clob_books.json"
BOOKS_ORIGIN = (
    "https://github.com/Thabris/polymarket/blob/ea39ee6fb090deab577e9a384896fa7e337eda57/"
    "tests/fixtures/clob_books.json"
)
BOOKS_VERDICT = "GENUINE (re-serialised, wrapped), CLOB V2, captured 2026-08-22 15:21 UTC"
#: The neg-risk YES token of the recorded books (neg_risk true, tick 0.001).
NR_TOKEN = "57748138085022719760345772310040703848567377822400132842014290209986511882046"


def _book() -> dict:
    return recorded_json(BOOKS, NR_TOKEN, "book", "body")


def _condition() -> str:
    return _book()["market"]


NOTE = (
    "Values follow the genuine recorded GET /book for this token (Thabris clob_books.json, "
    "2026-08-22): its `market` is the condition id, neg_risk true, tick_size 0.001. Only the "
    "token's own id is listed in `t` because the capture does not show the NO token."
)

NEG_RISK = Interaction(
    "GET",
    f"{CLOB}/neg-risk?token_id={NR_TOKEN}",
    {"neg_risk": True},
    docs(
        "py-clob-client-v2 1.2.1 client.py get_neg_risk and polymarket-client 0.14.0 "
        "market_data._parse_neg_risk (both read `neg_risk`)",
        CHECKED,
        "No capture of GET /neg-risk exists; the value true is the genuine book's neg_risk.",
    ),
)

EVENTS = {
    # (file under shared/recorded, origin, request uri)
    "neg_risk": (
        "nautilus_trader/crates/adapters/polymarket/test_data/gamma_event.json",
        "https://github.com/nautechsystems/nautilus_trader/blob/32f4c72896/"
        "crates/adapters/polymarket/test_data/gamma_event.json",
        "https://gamma-api.polymarket.com/events?slug=democratic-presidential-nominee-2028",
        "GENUINE, V1 era (captured 2026-03); the file holds 2 of the event's markets",
    ),
    "date_ladder": (
        "polymarket-client-sdk-ext/fixtures/gamma_event/another-us-strike-on-venezuela-by.json",
        "https://github.com/DenisGorbachev/polymarket-client-sdk-ext/blob/780f2ec46cc8/"
        "fixtures/gamma_event/another-us-strike-on-venezuela-by.json",
        "https://gamma-api.polymarket.com/events/slug/another-us-strike-on-venezuela-by",
        "GENUINE, V1 era (2026-02-17)",
    ),
}


def _event(key: str) -> Interaction:
    rel, origin, uri, verdict = EVENTS[key]
    return Interaction("GET", uri, recorded_bytes(rel), public(rel, origin, verdict))


def _cassettes() -> list[Cassette]:
    return [
        Cassette(
            "neg_risk/test_event_math/test_recorded_event_is_partial.yaml", [_event("neg_risk")]
        ),
        Cassette(
            "neg_risk/test_event_math/test_a_foreign_market_in_the_event_is_refused.yaml",
            [_event("neg_risk")],
        ),
        Cassette(
            "neg_risk/test_event_math/test_a_date_ladder_event_is_not_neg_risk.yaml",
            [_event("date_ladder")],
        ),
        Cassette(
            "neg_risk/test_lookup/test_book_flag_and_sdk_exchange.yaml",
            [
                Interaction(
                    "GET",
                    f"{CLOB}/book?token_id={NR_TOKEN}",
                    _book(),
                    public(BOOKS, BOOKS_ORIGIN, BOOKS_VERDICT),
                ),
                API_KEYS,
                markets_by_token(NR_TOKEN, _condition(), NOTE),
                clob_market_info(_condition(), [NR_TOKEN], 0.001, True, NOTE),
            ],
        ),
        Cassette(
            "neg_risk/test_lookup_clob_v2/test_neg_risk_lookup_and_order.yaml",
            [tick_size(NR_TOKEN, 0.001, NOTE), NEG_RISK, VERSION],
        ),
    ]


def __getattr__(name: str) -> list[Cassette]:
    """CASSETTES is built on first use, so importing the constants reads no recording."""
    if name == "CASSETTES":
        return _cassettes()
    raise AttributeError(name)
