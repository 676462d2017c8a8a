"""Place and cancel orders with py-clob-client-v2 (`ClobClient` at level 2).

Every function takes a `ClobClient(host, chain_id=137, key=..., creds=...)`. Pass the
market's tick size and neg-risk flag (`Market`) so the client signs for the right exchange
without guessing.

Copy with: batches.py
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from py_clob_client_v2 import (
    ClobClient,
    MarketOrderArgs,
    OrderArgs,
    OrderMarketCancelParams,
    OrderPayload,
    OrderType,
    PartialCreateOrderOptions,
    PostOrdersV2Args,
)

from .batches import post_in_batches

GTD_SECURITY_THRESHOLD_S = 60


@dataclass(frozen=True)
class Market:
    """What the signer must know about a market: its tick size and exchange."""

    tick_size: str
    neg_risk: bool

    def options(self) -> PartialCreateOrderOptions:
        return PartialCreateOrderOptions(tick_size=self.tick_size, neg_risk=self.neg_risk)


# --8<-- [start:limit]
def place_gtc(
    client: ClobClient, market: Market, token_id: str, price: float, size: float, side: str
) -> dict[str, Any]:
    """A limit order that rests until filled or cancelled."""
    args = OrderArgs(token_id=token_id, price=price, size=size, side=side)
    return client.create_and_post_order(args, market.options(), OrderType.GTC)


def gtd_expiration(lifetime_s: int, now: float | None = None) -> int:
    """The `expiration` for an order that should live `lifetime_s` seconds (UTC seconds)."""
    start = int(time.time() if now is None else now)
    return start + GTD_SECURITY_THRESHOLD_S + lifetime_s


def place_gtd(
    client: ClobClient,
    market: Market,
    token_id: str,
    price: float,
    size: float,
    side: str,
    lifetime_s: int,
    now: float | None = None,
) -> dict[str, Any]:
    """A limit order the exchange cancels by itself after `lifetime_s` seconds."""
    expiration = gtd_expiration(lifetime_s, now)
    args = OrderArgs(token_id=token_id, price=price, size=size, side=side, expiration=expiration)
    return client.create_and_post_order(args, market.options(), OrderType.GTD)


def place_post_only(
    client: ClobClient, market: Market, token_id: str, price: float, size: float, side: str
) -> dict[str, Any]:
    """A GTC order that is rejected instead of crossing the book (it only ever makes)."""
    args = OrderArgs(token_id=token_id, price=price, size=size, side=side)
    return client.create_and_post_order(args, market.options(), OrderType.GTC, post_only=True)


# --8<-- [end:limit]


# --8<-- [start:market]
def buy_for_pusd(
    client: ClobClient,
    market: Market,
    token_id: str,
    amount: float,
    max_price: float,
    order_type: str = OrderType.FOK,
) -> dict[str, Any]:
    """Spend `amount` pUSD now, never paying more than `max_price` per share."""
    args = MarketOrderArgs(
        token_id=token_id, amount=amount, side="BUY", price=max_price, order_type=order_type
    )
    return client.create_and_post_market_order(args, market.options(), order_type)


def sell_shares(
    client: ClobClient,
    market: Market,
    token_id: str,
    shares: float,
    min_price: float,
    order_type: str = OrderType.FAK,
) -> dict[str, Any]:
    """Sell `shares` now, never below `min_price`; FAK keeps what fills and kills the rest."""
    args = MarketOrderArgs(
        token_id=token_id, amount=shares, side="SELL", price=min_price, order_type=order_type
    )
    return client.create_and_post_market_order(args, market.options(), order_type)


# --8<-- [end:market]


# --8<-- [start:batch]
@dataclass(frozen=True)
class Quote:
    """One limit order of a batch."""

    token_id: str
    price: float
    size: float
    side: str


def place_batch(
    client: ClobClient, market: Market, quotes: Sequence[Quote]
) -> list[dict[str, Any]]:
    """Sign every quote, then post them in batches of at most 15 (one result per quote).

    If a batch fails, `BatchInterrupted` carries the replies of the batches already accepted
    (`done`) and the orders not known to be placed (`pending`, as `PostOrdersV2Args`): book
    the first, never re-sign the second."""
    signed = [
        PostOrdersV2Args(
            order=client.create_order(
                OrderArgs(token_id=q.token_id, price=q.price, size=q.size, side=q.side),
                market.options(),
            ),
            orderType=OrderType.GTC,
        )
        for q in quotes
    ]
    return post_in_batches(signed, client.post_orders)


# --8<-- [end:batch]


# --8<-- [start:cancel]
def cancel_one(client: ClobClient, order_id: str) -> dict[str, Any]:
    return client.cancel_order(OrderPayload(orderID=order_id))


def cancel_many(client: ClobClient, order_ids: Sequence[str]) -> dict[str, Any]:
    return client.cancel_orders(list(order_ids))


def cancel_market(client: ClobClient, condition_id: str) -> dict[str, Any]:
    """Cancel every open order in one market (condition id); `asset_id=` narrows to one side."""
    return client.cancel_market_orders(OrderMarketCancelParams(market=condition_id))


def cancel_everything(client: ClobClient) -> dict[str, Any]:
    return client.cancel_all()


# --8<-- [end:cancel]
