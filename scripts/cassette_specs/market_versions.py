"""Cassettes for "CTF markets and Protocol V2 positions" (and shared values for neg_risk and
resolution). No public capture of a Protocol V2 ("v2") market exists, so its Gamma body and the
CLOB look-ups around it are docs-derived; every body says so in its provenance."""

from __future__ import annotations

import json

from scripts.cassette_builder import Cassette, Interaction, docs

CHECKED = "2026-11-28"
CLOB = "https://clob.polymarket.com"
GAMMA = "https://gamma-api.polymarket.com"

# The docs-derived Protocol V2 market lives beside the tests that use it (tests must not import
# the specs); see its docstring for how the ids are built.
from tests.snippets.market_versions.v2_market import (  # noqa: E402
    V2_CONDITION_ID,
    V2_GAMMA_MARKET,
    V2_MARKET_ID,
    V2_NO,
    V2_YES,
)

V2_DOCS = docs(
    "https://docs.polymarket.com/migrate/polymarket-v2/api-integrations (version 'v2' -> "
    "positionIds, an array of decimal strings; 'v1' -> clobTokenIds, JSON-encoded); "
    "https://docs.polymarket.com/resources/onchain-position-data (position ids encode module, "
    "event, condition and outcome); polymarket-client 0.14.0 models/gamma/market.py and "
    "_internal/protocol.py (the parser)",
    CHECKED,
    "No public capture of a Protocol V2 market exists. Every id here is constructed to the layout "
    "the SDK parser accepts; the question, prices and sizes are illustrative.",
)

API_KEYS = Interaction(
    "GET",
    f"{CLOB}/auth/api-keys",
    {"apiKeys": ["00000000-0000-0000-0000-000000000000"]},
    docs(
        "https://docs.polymarket.com/api-reference/auth/get-api-keys; polymarket-client 0.14.0 "
        "_internal/actions/auth.py (parse_api_keys_response reads apiKeys)",
        CHECKED,
        "SecureClient.create(credentials=...) checks that the key is active. The key is the zero "
        "UUID the tests pass in; no real key exists in this cassette.",
    ),
)


def markets_by_token(token_id: str, condition_id: str, note: str) -> Interaction:
    return Interaction(
        "GET",
        f"{CLOB}/markets-by-token/{token_id}",
        {"condition_id": condition_id},
        docs(
            "polymarket-client 0.14.0 _internal/actions/orders/market_data.py "
            "(_parse_condition_by_token reads condition_id)",
            CHECKED,
            note,
        ),
    )


def clob_market_info(condition_id: str, tokens: list[str], tick: float, nr: bool, note: str):
    body = {
        "gst": None,
        "r": {},
        "t": [{"t": t, "o": o} for t, o in zip(tokens, ["Yes", "No"], strict=False)],
        "mos": 5,
        "mts": tick,
        "mbf": 0,
        "tbf": 0,
        "rfqe": False,
        "ibce": False,
        "fd": {"r": 0, "e": 0, "to": True},
        "oas": 0,
        "nr": nr,
    }
    return Interaction(
        "GET",
        f"{CLOB}/clob-markets/{condition_id}",
        body,
        docs(
            "https://docs.polymarket.com/api-reference/markets/get-clob-market-info (schema and "
            "example); the neg-risk flag `nr` is not in that schema but both SDKs read it "
            "(py-clob-client-v2 1.2.1 client.py get_clob_market_info, polymarket-client 0.14.0 "
            "market_data._parse_market_info)",
            CHECKED,
            note,
        ),
    )


def tick_size(token_id: str, tick: float, note: str) -> Interaction:
    return Interaction(
        "GET",
        f"{CLOB}/tick-size?token_id={token_id}",
        {"minimum_tick_size": tick},
        docs(
            "https://docs.polymarket.com/api-reference/market-data/get-tick-size; "
            "py-clob-client-v2 1.2.1 client.py get_tick_size (reads minimum_tick_size)",
            CHECKED,
            note,
        ),
    )


VERSION = Interaction(
    "GET",
    f"{CLOB}/version",
    {"version": 2},
    docs(
        "py-clob-client-v2 1.2.1 client.py get_version (reads `version`, defaults to 2)",
        CHECKED,
        "No docs page or capture of GET /version was found; 2 is the CLOB V2 order version.",
    ),
)

# The genuine CTF market of the Getting started page (recorded 2026-06-02, no version field).
V1_CONDITION_ID = "0xd57eed0d44f5b8ca54925d8d6ff440b146b3e6e071da18136ee3ee572d34479e"
V1_NOTE = (
    "The ids are those of the genuine Gamma capture of market 1812085 (nautilus_trader "
    "test_data/gamma_market_closed_binary_accepting_true.json); tick 0.01 and negRisk false as "
    "in that capture."
)


def _v1_tokens() -> list[str]:
    from scripts.cassette_builder import recorded_json

    raw = recorded_json(
        "nautilus_trader/crates/adapters/polymarket/test_data/"
        "gamma_market_closed_binary_accepting_true.json"
    )
    return json.loads(raw["clobTokenIds"])


V2_NOTE = "The docs-derived Protocol V2 market above."


def _cassettes() -> list[Cassette]:
    return [
        Cassette(
            "market_versions/test_choose_id/test_v2_market_signs_for_exchange_v3.yaml",
            [
                Interaction("GET", f"{GAMMA}/markets/{V2_MARKET_ID}", V2_GAMMA_MARKET, V2_DOCS),
                API_KEYS,
                markets_by_token(V2_YES, V2_CONDITION_ID, V2_NOTE),
                clob_market_info(V2_CONDITION_ID, [V2_YES, V2_NO], 0.01, False, V2_NOTE),
            ],
        ),
        Cassette(
            "market_versions/test_choose_id/test_v1_market_signs_for_exchange_v2.yaml",
            [
                API_KEYS,
                markets_by_token(_v1_tokens()[0], V1_CONDITION_ID, V1_NOTE),
                clob_market_info(V1_CONDITION_ID, _v1_tokens(), 0.01, False, V1_NOTE),
            ],
        ),
        Cassette(
            "market_versions/test_choose_id_clob_v2/test_v2_market_signs_for_exchange_v3.yaml",
            [
                Interaction("GET", f"{GAMMA}/markets/{V2_MARKET_ID}", V2_GAMMA_MARKET, V2_DOCS),
                tick_size(V2_YES, 0.01, V2_NOTE),
            ],
        ),
        Cassette(
            "market_versions/test_choose_id_clob_v2/test_v1_market_signs_for_exchange_v2.yaml",
            [tick_size(_v1_tokens()[0], 0.01, V1_NOTE), VERSION],
        ),
    ]


def __getattr__(name: str) -> list[Cassette]:
    """CASSETTES is built on first use, so importing the constants reads no recording."""
    if name == "CASSETTES":
        return _cassettes()
    raise AttributeError(name)
