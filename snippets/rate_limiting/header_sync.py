"""Pace polymarket-client's order and cancel calls with `TradingRateLimits` and re-sync them
from the server: the client reports every `Poly-RateLimit-*` header to a listener (it paces
nothing itself) and raises `RateLimitError` on a 429.

Requires: pip install polymarket-client
Copy with: trading_limits.py, limits.py, rate_limiter.py, token_bucket.py
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

from polymarket import (
    CancelOrdersResponse,
    OpenOrder,
    OrderResponse,
    RateLimitError,
    SecureClient,
    SignedOrder,
)

from .limits import Kind
from .trading_limits import TradingRateLimits

R = TypeVar("R")


# --8<-- [start:paced]
class PacedSecureClient:
    """The trading calls of a `SecureClient`, paced by both layers and re-synced from replies.

    Create the client with `on_rate_limit_update=limits.on_rate_limit_update`, so the headers
    of every reply reach the limits (see `connect`). It has `get_order`, so it can be passed
    to the error-handling page's `place_exactly_once`; `holds_after_429` tells that helper a
    429 is already waited out here (the next call on the bucket waits for `Retry-After`).
    """

    holds_after_429 = True

    def __init__(
        self, client: SecureClient, limits: TradingRateLimits, timeout: float | None = None
    ) -> None:
        self.client, self.limits, self.timeout = client, limits, timeout

    def _send(
        self,
        kind: Kind,
        count: int,
        call: Callable[[], R],
        canceled: Callable[[R], int] | None = None,
    ) -> R:
        with self.limits.sending(kind, count, self.timeout) as flight:
            try:
                reply = call()
            except RateLimitError as error:  # 429: the next call on this bucket waits it out
                reset = error.rate_limit.reset if error.rate_limit else None
                flight.rejected(retry_after=error.retry_after, reset=reset)
                raise
            if canceled is not None:
                flight.settle(canceled(reply))
            return reply

    def get_order(self, *, order_id: str) -> OpenOrder:
        """A read (`GET /data/order/{id}`): no signer bucket, so not paced here."""
        return self.client.get_order(order_id=order_id)

    def post_order(self, order: SignedOrder) -> OrderResponse:
        return self._send("post_order", 1, lambda: self.client.post_order(order))

    def post_orders(self, orders: Sequence[SignedOrder]) -> list[OrderResponse]:
        """Any number of orders, in batches that fit the per-request maximum and the burst."""
        batches = self.limits.send_in_batches(
            "post_orders",
            orders,
            lambda chunk: self._send(
                "post_orders", len(chunk), lambda: self.client.post_orders(chunk)
            ),
        )
        return [reply for batch in batches for reply in batch]

    def cancel_order(self, order_id: str) -> CancelOrdersResponse:
        return self._send("cancel_order", 1, lambda: self.client.cancel_order(order_id=order_id))

    def cancel_orders(self, order_ids: Sequence[str]) -> list[CancelOrdersResponse]:
        return self.limits.send_in_batches(
            "cancel_orders",
            order_ids,
            lambda chunk: self._send(
                "cancel_orders", len(chunk), lambda: self.client.cancel_orders(order_ids=chunk)
            ),
        )

    def cancel_all(self) -> CancelOrdersResponse:
        return self._send("cancel_all", 1, self.client.cancel_all, lambda r: len(r.canceled))

    def cancel_market_orders(
        self, *, market: str | None = None, asset_id: str | None = None
    ) -> CancelOrdersResponse:
        return self._send(
            "cancel_market_orders",
            1,
            lambda: self.client.cancel_market_orders(market=market, asset_id=asset_id),
            lambda r: len(r.canceled),
        )


# --8<-- [end:paced]


# --8<-- [start:connect]
def connect(
    private_key: str, limits: TradingRateLimits, **create_kwargs: object
) -> PacedSecureClient:
    """`SecureClient.create(...)` wired to `limits`; pass `wallet=`, `credentials=` as usual."""
    client = SecureClient.create(
        private_key=private_key,
        on_rate_limit_update=limits.on_rate_limit_update,
        **create_kwargs,  # type: ignore[arg-type]
    )
    return PacedSecureClient(client, limits)


# --8<-- [end:connect]
