"""book_fetcher (polymarket-client): the REST body comes back in the server's own strings."""

from __future__ import annotations

import pytest
from polymarket import AsyncPublicClient

from .code.book_source import book_fetcher
from .code.order_book import LocalBook
from .conftest import BOOKS, A, B


@pytest.mark.vcr
async def test_polymarket_client_body_reproduces_hash() -> None:
    async with AsyncPublicClient() as client:
        fetch = book_fetcher(client)
        for asset in (A, B):
            body = await fetch(asset)
            assert body["timestamp"] == BOOKS[asset]["timestamp"]
            assert body["last_trade_price"] == "0.530" and body["min_order_size"] == "5"
            book = LocalBook(asset)
            book.replace(body)
            assert book.compute_hash() == body["hash"] == BOOKS[asset]["hash"]


async def test_book_without_timestamp_is_refused() -> None:
    class NoTimestamp:
        timestamp = None

    class Client:
        async def get_order_book(self, *, token_id: str) -> NoTimestamp:
            return NoTimestamp()

    with pytest.raises(ValueError, match="no timestamp"):
        await book_fetcher(Client())(A)  # type: ignore[arg-type]


async def test_never_traded_book_keeps_the_servers_empty_string() -> None:
    from polymarket.models.clob.order_book import OrderBook

    body = BOOKS[A] | {"min_order_size": "5", "neg_risk": False, "last_trade_price": ""}

    class Client:
        async def get_order_book(self, *, token_id: str) -> OrderBook:
            return OrderBook.model_validate(body)

    got = await book_fetcher(Client())(A)  # type: ignore[arg-type]
    assert got["last_trade_price"] == ""  # as the server sends it (capture of 2026-08-03)
