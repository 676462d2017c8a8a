"""Cassettes for the Getting started page: one market, one V2 order book, its midpoint."""

from __future__ import annotations

from scripts.cassette_builder import (
    Cassette,
    Interaction,
    docs,
    public,
    recorded_bytes,
    recorded_json,
)

BOOKS = "Thabris-polymarket/tests/fixtures/clob_books.json"
BOOKS_ORIGIN = (
    "https://github.com/Thabris/polymarket/blob/ea39ee6fb090deab577e9a384896fa7e337eda57/"
    "tests/fixtures/clob_books.json"
)
BOOKS_VERDICT = "GENUINE (re-serialised, wrapped), CLOB V2, captured 2026-08-22 15:21 UTC"
MARKETS = "nautilus_trader/crates/adapters/polymarket/test_data"
MARKETS_ORIGIN = (
    "https://github.com/nautechsystems/nautilus_trader/blob/32f4c72896/"
    "crates/adapters/polymarket/test_data/{}"
)
MARKET_VERDICT = "GENUINE, CLOB V2 era (market closed 2026-05-09, captured 2026-06-02)"

#: A live binary market's YES token with a deep two-sided V2 book (tick 0.01, not neg-risk).
TOKEN = "97986244429993405301006613239860350847262749399039648046285499627250726259070"
MARKET_ID = "1812085"
CONDITION_ID = "0xd57eed0d44f5b8ca54925d8d6ff440b146b3e6e071da18136ee3ee572d34479e"
CLOB = "https://clob.polymarket.com"
GAMMA = "https://gamma-api.polymarket.com"


def _book(key: str) -> Interaction:
    path = {"book": "book", "midpoint": "midpoint"}[key]
    return Interaction(
        "GET",
        f"{CLOB}/{path}?token_id={TOKEN}",
        recorded_json(BOOKS, TOKEN, key, "body"),
        public(BOOKS, BOOKS_ORIGIN, BOOKS_VERDICT),
    )


def _market(name: str, uri: str) -> Interaction:
    return Interaction(
        "GET",
        uri,
        recorded_bytes(f"{MARKETS}/{name}"),
        public(f"{MARKETS}/{name}", MARKETS_ORIGIN.format(name), MARKET_VERDICT),
    )


SERVER_TIME = Interaction(
    "GET",
    f"{CLOB}/time",
    "1234567890",
    docs(
        "https://docs.polymarket.com/api-reference/data/get-server-time.md (example response)",
        "2026-11-28",
        "No public capture of GET /time exists; the body is the documented example value.",
    ),
)

CASSETTES = [
    Cassette(
        "getting_started/test_market_data/test_read_market_and_book.yaml",
        [
            _market(
                "gamma_market_closed_binary_accepting_true.json", f"{GAMMA}/markets/{MARKET_ID}"
            ),
            _book("book"),
            _book("midpoint"),
        ],
    ),
    Cassette(
        "getting_started/test_market_data_clob_v2/test_read_market_and_book.yaml",
        [
            SERVER_TIME,
            _market(
                "clob_market_closed_binary_accepting_true.json", f"{CLOB}/markets/{CONDITION_ID}"
            ),
            _book("book"),
            _book("midpoint"),
        ],
    ),
]
