"""book_fetcher (py-clob-client-v2): a thread keeps the blocking call off the event loop."""

from __future__ import annotations

import pytest
from py_clob_client_v2 import ClobClient

from .code.book_source_clob_v2 import book_fetcher
from .code.order_book import LocalBook
from .conftest import BOOKS, A, B


@pytest.mark.vcr
async def test_clob_v2_body_reproduces_hash() -> None:
    fetch = book_fetcher(ClobClient("https://clob.polymarket.com", chain_id=137))
    for asset in (A, B):
        body = await fetch(asset)
        book = LocalBook(asset)
        book.replace(body)
        assert book.compute_hash() == body["hash"] == BOOKS[asset]["hash"]


async def test_unexpected_answer_is_refused() -> None:
    class Client:
        def get_order_book(self, token_id: str) -> str:
            return "<html>maintenance</html>"

    with pytest.raises(ValueError, match="unexpected answer"):
        await book_fetcher(Client())(A)  # type: ignore[arg-type]
