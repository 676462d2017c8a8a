"""Cassettes for "Resolution": the cancel-market-orders call a bot makes on market_resolved."""

from __future__ import annotations

from scripts.cassette_builder import Cassette, Interaction, docs, recorded_json
from scripts.cassette_specs.market_versions import API_KEYS, CHECKED, CLOB

RESOLVED = "nautilus_trader/crates/adapters/polymarket/test_data/ws_market_resolved_msg.json"


def _cancel() -> Interaction:
    market = recorded_json(RESOLVED, "market")
    return Interaction(
        "DELETE",
        f"{CLOB}/cancel-market-orders",
        {
            "canceled": [
                "0xabcdef1234567890abcdef1234567890abcdef12",
                "0xfedcba0987654321fedcba0987654321fedcba09",
            ],
            "not_canceled": {},
        },
        docs(
            "https://docs.polymarket.com/api-reference/trade/cancel-orders-for-a-market "
            "(the documented example response)",
            CHECKED,
            "The request body carries the condition id of the docs-derived market_resolved "
            "example (nautilus_trader test_data/ws_market_resolved_msg.json).",
        ),
        request_body={"market": market},
    )


def _cassettes() -> list[Cassette]:
    return [
        Cassette(
            "resolution/test_on_resolved/test_cancels_and_computes_payout.yaml",
            [API_KEYS, _cancel()],
        ),
        Cassette(
            "resolution/test_on_resolved_clob_v2/test_cancels_and_computes_payout.yaml",
            [_cancel()],
        ),
    ]


def __getattr__(name: str) -> list[Cassette]:
    """CASSETTES is built on first use, so importing the constants reads no recording."""
    if name == "CASSETTES":
        return _cassettes()
    raise AttributeError(name)
