"""A reader's bot in miniature (py-clob-client-v2), written to be tested against the local CLOB:
quote a bid one tick under the market, take the best ask, cancel what still rests.

    client = ClobClient(clob.url, chain_id=137, key=private_key, creds=creds)
    report = quote_take_cancel(client, TOKEN)
    assert report.canceled == [report.quote_id]

Nothing here knows about the local CLOB: pass the production host and it trades.
"""

from __future__ import annotations

from dataclasses import dataclass

from py_clob_client_v2 import ClobClient, OrderArgs, OrderType


@dataclass(frozen=True)
class Report:
    quote_id: str  # the resting bid
    taken_id: str  # the order that took the ask
    trade_ids: tuple[str, ...]
    canceled: list[str]


# --8<-- [start:bot]
def quote_take_cancel(client: ClobClient, token_id: str, size: float = 5.0) -> Report:
    book = client.get_order_book(token_id)
    tick = float(book["tick_size"])
    best_bid, best_ask = float(book["bids"][-1]["price"]), float(book["asks"][-1]["price"])
    bid = OrderArgs(token_id=token_id, price=round(best_bid - tick, 6), size=size, side="BUY")
    quote = client.post_order(client.create_order(bid), OrderType.GTC, post_only=True)
    take = OrderArgs(token_id=token_id, price=best_ask, size=size, side="BUY")
    taken = client.create_and_post_order(take)
    canceled = client.cancel_orders([quote["orderID"]])["canceled"]
    return Report(quote["orderID"], taken["orderID"], tuple(taken.get("tradeIDs", ())), canceled)


# --8<-- [end:bot]
