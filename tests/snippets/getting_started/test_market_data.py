"""The Getting started sample for polymarket-client, replayed through the real SDK."""

from __future__ import annotations

from decimal import Decimal

import pytest
from polymarket import PublicClient

from snippets.getting_started.market_data import describe_book, describe_market

MARKET_ID = "1812085"  # the recorded Gamma market (see the cassette's provenance)
TOKEN = "97986244429993405301006613239860350847262749399039648046285499627250726259070"


@pytest.mark.vcr
def test_read_market_and_book() -> None:
    with PublicClient() as client:
        market = describe_market(client, MARKET_ID)
        book = describe_book(client, TOKEN)

    assert market.question == "Russia x Ukraine ceasefire by end of 2027?"
    # Captured before Protocol V2: no version field, so no trading id is picked (the docs:
    # "Reject missing or unsupported versions").
    assert market.version is None and market.trading_ids is None
    assert market.condition_id.startswith("0xd57eed0d")
    assert market.neg_risk is False
    assert market.tick_size == Decimal("0.01")

    assert (book.best_bid, book.best_ask) == (Decimal("0.51"), Decimal("0.52"))
    assert book.spread == Decimal("0.01")
    assert book.midpoint == Decimal("0.515") == (book.best_bid + book.best_ask) / 2
    assert (book.tick_size, book.min_order_size) == (Decimal("0.01"), Decimal("5"))
    assert book.neg_risk is False
    assert book.last_trade_price == Decimal("0.510")


class _OneMarket:
    """Hands the snippet a market parsed by the SDK's own model, without HTTP."""

    def __init__(self, raw: dict) -> None:
        from polymarket.models.gamma.market import Market

        self.market = Market.model_validate(raw)

    def get_market(self, *, id: str):
        return self.market


BINARY = {"id": "1", "outcomes": '["Yes", "No"]', "clobTokenIds": '["11", "12"]'}


@pytest.mark.parametrize(
    ("version", "ids"), [("v1", ("11", "12")), ("v2", ("21", "22"))], ids=["v1", "v2"]
)
def test_ids_follow_the_version_even_when_both_fields_are_present(version, ids) -> None:
    raw = BINARY | {"version": version, "positionIds": ["21", "22"]}
    assert describe_market(_OneMarket(raw), "1").trading_ids == ids  # type: ignore[arg-type]


def test_a_v2_market_without_position_ids_is_rejected() -> None:
    raw = BINARY | {"version": "v2"}
    with pytest.raises(ValueError, match="is v2 but lists no ids of that kind"):
        describe_market(_OneMarket(raw), "1")  # type: ignore[arg-type]
