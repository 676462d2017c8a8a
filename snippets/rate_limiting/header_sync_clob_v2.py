"""Pace py-clob-client-v2's order and cancel calls with `TradingRateLimits` and re-sync them
from the server. The SDK parses no rate-limit header and raises `PolyApiException` on any
non-200, so the headers are read by an httpx response hook on the client it sends through.

Requires: pip install py-clob-client-v2
Copy with: trading_limits.py, limits.py, rate_limiter.py, token_bucket.py
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import httpx
from py_clob_client_v2 import ClobClient, OrderMarketCancelParams, OrderPayload, OrderType
from py_clob_client_v2.http_helpers import helpers

from .limits import Kind
from .trading_limits import TradingRateLimits

R = TypeVar("R")


# --8<-- [start:hook]
def install_hook(limits: TradingRateLimits) -> Callable[[], None]:
    """Feed every reply's headers to `limits`; return a function that removes the hook.

    py-clob-client-v2 1.2.1 sends every request through one module-level `httpx.Client`
    (`py_clob_client_v2.http_helpers.helpers._http_client`): a private name, so pin the
    version. The hook only acts on replies to requests `limits` itself paced.
    """

    def on_response(response: httpx.Response) -> None:
        request = response.request
        limits.on_response(request.method, request.url.path, response.status_code, response.headers)

    hooks = helpers._http_client.event_hooks["response"]
    hooks.append(on_response)
    return lambda: hooks.remove(on_response)


# --8<-- [end:hook]


# --8<-- [start:paced]
class PacedClobClient:
    """The trading calls of a `ClobClient`, paced by both layers (install the hook first).

    It has `get_order`, so it can be passed to the error-handling page's `place_exactly_once`;
    `holds_after_429` tells that helper a 429 is already waited out by the hook's hold.
    """

    holds_after_429 = True

    def __init__(
        self, client: ClobClient, limits: TradingRateLimits, timeout: float | None = None
    ) -> None:
        self.client, self.limits, self.timeout = client, limits, timeout

    def _send(
        self,
        kind: Kind,
        count: int,
        call: Callable[[], R],
        canceled: Callable[[R], int] | None = None,
    ) -> R:
        # A 429 raises PolyApiException; the hook has already held the bucket for Retry-After.
        with self.limits.sending(kind, count, self.timeout) as flight:
            reply = call()
            if canceled is not None:
                flight.settle(canceled(reply))
            return reply

    def get_order(self, order_id: str) -> Any:
        """A read (`GET /data/order/{id}`): no signer bucket, so not paced here."""
        return self.client.get_order(order_id)

    def post_order(
        self,
        order: Any,
        order_type: str = OrderType.GTC,
        post_only: bool = False,
        defer_exec: bool = False,
    ) -> Any:
        return self._send(
            "post_order",
            1,
            lambda: self.client.post_order(order, order_type, post_only, defer_exec),
        )

    def post_orders(
        self, args: Sequence[Any], post_only: bool = False, defer_exec: bool = False
    ) -> list[Any]:
        """Any number of `PostOrdersArgs`, in batches that fit the maximum and the burst."""
        batches = self.limits.send_in_batches(
            "post_orders",
            args,
            lambda chunk: self._send(
                "post_orders",
                len(chunk),
                lambda: self.client.post_orders(chunk, post_only, defer_exec),
            ),
        )
        return [reply for batch in batches for reply in batch]

    def cancel_order(self, order_id: str) -> Any:
        payload = OrderPayload(orderID=order_id)
        return self._send("cancel_order", 1, lambda: self.client.cancel_order(payload))

    def cancel_orders(self, order_ids: Sequence[str]) -> list[Any]:
        return self.limits.send_in_batches(
            "cancel_orders",
            order_ids,
            lambda chunk: self._send(
                "cancel_orders", len(chunk), lambda: self.client.cancel_orders(chunk)
            ),
        )

    def cancel_all(self) -> Any:
        return self._send("cancel_all", 1, self.client.cancel_all, lambda r: len(r["canceled"]))

    def cancel_market_orders(
        self, *, market: str | None = None, asset_id: str | None = None
    ) -> Any:
        params = OrderMarketCancelParams(market=market, asset_id=asset_id)
        return self._send(
            "cancel_market_orders",
            1,
            lambda: self.client.cancel_market_orders(params),
            lambda r: len(r["canceled"]),
        )


# --8<-- [end:paced]
