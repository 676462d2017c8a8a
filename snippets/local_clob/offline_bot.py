"""A reader's bot in miniature (polymarket-client), written to be tested against the local CLOB:
quote a bid one tick under the market, take the best ask, cancel what still rests.

    client = SecureClient.create(..., environment=local_environment(clob.url))
    report = quote_take_cancel(client, TOKEN)
    assert report.canceled == [report.quote_id]

Nothing here knows about the local CLOB: point the same client at production and it trades.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from polymarket import SecureClient


@dataclass(frozen=True)
class Report:
    quote_id: str  # the resting bid
    taken_id: str  # the order that took the ask
    trade_ids: tuple[str, ...]
    canceled: list[str]


# --8<-- [start:bot]
def quote_take_cancel(client: SecureClient, token_id: str, size: Decimal = Decimal(5)) -> Report:
    book = client.get_order_book(token_id=token_id)
    best_bid, best_ask = book.bids[-1].price, book.asks[-1].price  # best price is last
    quote = client.place_limit_order(
        token_id=token_id, price=best_bid - book.tick_size, size=size, side="BUY", post_only=True
    )
    taken = client.place_limit_order(token_id=token_id, price=best_ask, size=size, side="BUY")
    canceled = client.cancel_orders(order_ids=[quote.order_id]).canceled
    return Report(quote.order_id, taken.order_id, taken.trade_ids, list(canceled))


# --8<-- [end:bot]
