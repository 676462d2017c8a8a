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
    assert market.version == "v1"  # captured before Protocol V2: no version field
    assert market.neg_risk is False
    assert market.tick_size == Decimal("0.01")
    assert market.trading_ids[0].startswith("2297879322")

    assert (book.best_bid, book.best_ask) == (Decimal("0.51"), Decimal("0.52"))
    assert book.spread == Decimal("0.01")
    assert book.midpoint == Decimal("0.515") == (book.best_bid + book.best_ask) / 2
    assert (book.tick_size, book.min_order_size) == (Decimal("0.01"), Decimal("5"))
    assert book.neg_risk is False
    assert book.last_trade_price == Decimal("0.510")


def test_market_without_ids_is_rejected(monkeypatch: pytest.MonkeyPatch) -> None:
    """A v2 market whose position ids are missing fails loudly instead of trading a wrong id."""
    from polymarket.models.gamma.market import Market

    raw = {"id": "1", "version": "v2", "outcomes": '["Yes", "No"]', "clobTokenIds": '["1", "2"]'}
    market = Market.model_validate(raw)

    class Stub:
        def get_market(self, *, id: str) -> Market:
            return market

    with pytest.raises(ValueError, match="lists no tradable ids"):
        describe_market(Stub(), "1")  # type: ignore[arg-type]
