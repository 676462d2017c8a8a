"""The Getting started sample for py-clob-client-v2, replayed through the real SDK."""

from __future__ import annotations

from decimal import Decimal

import pytest
from py_clob_client_v2 import ClobClient

from snippets.getting_started.market_data_clob_v2 import (
    HOST,
    POLYGON,
    describe_book,
    describe_market,
    server_time,
)

CONDITION_ID = "0xd57eed0d44f5b8ca54925d8d6ff440b146b3e6e071da18136ee3ee572d34479e"
TOKEN = "97986244429993405301006613239860350847262749399039648046285499627250726259070"


@pytest.mark.vcr
def test_read_market_and_book() -> None:
    client = ClobClient(HOST, chain_id=POLYGON)
    assert server_time(client) == 1234567890  # the documented example value (docs-derived)

    market = describe_market(client, CONDITION_ID)
    assert market.question == "Russia x Ukraine ceasefire by end of 2027?"
    assert market.version is None and market.trading_ids is None  # no version: do not trade
    assert market.condition_id == CONDITION_ID
    assert market.neg_risk is False
    assert market.tick_size == Decimal("0.01")

    book = describe_book(client, TOKEN)
    assert (book.best_bid, book.best_ask, book.spread) == (
        Decimal("0.51"),
        Decimal("0.52"),
        Decimal("0.01"),
    )
    assert book.midpoint == Decimal("0.515")
    assert (book.tick_size, book.min_order_size, book.neg_risk) == (
        Decimal("0.01"),
        Decimal("5"),
        False,
    )
    assert book.last_trade_price == Decimal("0.510")


class _OneMarket:
    def __init__(self, market: dict) -> None:
        self.market = market

    def get_market(self, condition_id: str) -> dict:
        return self.market


BASE = {"question": "q", "condition_id": "0xc", "neg_risk": False, "minimum_tick_size": 0.01}
TOKENS = [{"token_id": "11", "position_id": "21"}, {"token_id": "12", "position_id": "22"}]


@pytest.mark.parametrize(
    ("version", "ids"), [("v1", ("11", "12")), ("v2", ("21", "22"))], ids=["v1", "v2"]
)
def test_ids_follow_the_version(version: str, ids: tuple[str, str]) -> None:
    market = BASE | {"version": version, "tokens": TOKENS}
    assert describe_market(_OneMarket(market), "0xc").trading_ids == ids  # type: ignore[arg-type]


def test_a_v2_market_without_position_ids_is_rejected() -> None:
    market = BASE | {"version": "v2", "tokens": [{"token_id": "1"}, {"token_id": "2"}]}
    with pytest.raises(ValueError, match="is v2 but lists 0 position_ids"):
        describe_market(_OneMarket(market), "0xc")  # type: ignore[arg-type]
