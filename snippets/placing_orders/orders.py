"""Place and cancel orders with polymarket-client (`SecureClient`).

Every function takes a ready `SecureClient` (see `SecureClient.create(private_key=...)`).
Prices are in pUSD per share; a BUY market order spends `amount` pUSD, a SELL sells `shares`.

Copy with: batches.py
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from polymarket import SecureClient
from polymarket.models.clob.cancel import CancelOrdersResponse
from polymarket.models.clob.order_response import OrderResponse

from .batches import post_in_batches

Side = Literal["BUY", "SELL"]
#: docs.polymarket.com (orders overview): a GTD order needs one extra minute of validity.
GTD_SECURITY_THRESHOLD_S = 60


# --8<-- [start:limit]
def place_gtc(
    client: SecureClient, token_id: str, price: Decimal, size: Decimal, side: Side
) -> OrderResponse:
    """A limit order that rests until filled or cancelled."""
    return client.place_limit_order(token_id=token_id, price=price, size=size, side=side)


def gtd_expiration(lifetime_s: int, now: float | None = None) -> int:
    """The `expiration` for an order that should live `lifetime_s` seconds (UTC seconds)."""
    start = int(time.time() if now is None else now)
    return start + GTD_SECURITY_THRESHOLD_S + lifetime_s


def place_gtd(
    client: SecureClient,
    token_id: str,
    price: Decimal,
    size: Decimal,
    side: Side,
    lifetime_s: int,
    now: float | None = None,
) -> OrderResponse:
    """A limit order the exchange cancels by itself after `lifetime_s` seconds."""
    expiration = gtd_expiration(lifetime_s, now)
    return client.place_limit_order(
        token_id=token_id, price=price, size=size, side=side, expiration=expiration
    )


def place_post_only(
    client: SecureClient, token_id: str, price: Decimal, size: Decimal, side: Side
) -> OrderResponse:
    """A GTC order that is rejected instead of crossing the book (it only ever makes)."""
    return client.place_limit_order(
        token_id=token_id, price=price, size=size, side=side, post_only=True
    )


# --8<-- [end:limit]


# --8<-- [start:market]
def buy_for_pusd(
    client: SecureClient,
    token_id: str,
    amount: Decimal,
    max_price: Decimal,
    order_type: Literal["FOK", "FAK"] = "FOK",
) -> OrderResponse:
    """Spend `amount` pUSD now, never paying more than `max_price` per share."""
    return client.place_market_order(
        token_id=token_id, side="BUY", amount=amount, max_price=max_price, order_type=order_type
    )


def sell_shares(
    client: SecureClient,
    token_id: str,
    shares: Decimal,
    min_price: Decimal,
    order_type: Literal["FOK", "FAK"] = "FAK",
) -> OrderResponse:
    """Sell `shares` now, never below `min_price`; FAK keeps what fills and kills the rest."""
    return client.place_market_order(
        token_id=token_id, side="SELL", shares=shares, min_price=min_price, order_type=order_type
    )


# --8<-- [end:market]


# --8<-- [start:batch]
@dataclass(frozen=True)
class Quote:
    """One limit order of a batch."""

    token_id: str
    price: Decimal
    size: Decimal
    side: Side


def place_batch(client: SecureClient, quotes: Sequence[Quote]) -> list[OrderResponse]:
    """Sign every quote, then post them in batches of at most 15 (one result per quote).

    If a batch fails, `BatchInterrupted` carries the replies of the batches already accepted
    (`done`) and the signed orders not known to be placed (`pending`): book the first, never
    re-sign the second."""
    signed = [
        client.create_limit_order(token_id=q.token_id, price=q.price, size=q.size, side=q.side)
        for q in quotes
    ]
    return post_in_batches(signed, client.post_orders)


# --8<-- [end:batch]


# --8<-- [start:cancel]
def cancel_one(client: SecureClient, order_id: str) -> CancelOrdersResponse:
    return client.cancel_order(order_id=order_id)


def cancel_many(client: SecureClient, order_ids: Sequence[str]) -> CancelOrdersResponse:
    return client.cancel_orders(order_ids=list(order_ids))


def cancel_market(client: SecureClient, condition_id: str) -> CancelOrdersResponse:
    """Cancel every open order in one market (condition id); `token_id=` narrows to one side."""
    return client.cancel_market_orders(market=condition_id)


def cancel_everything(client: SecureClient) -> CancelOrdersResponse:
    return client.cancel_all()


# --8<-- [end:cancel]
