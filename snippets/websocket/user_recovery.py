"""Gap recovery for UserStream with polymarket-client: what the user channel missed, by REST.

    lookups = SdkLookups(client)  # an AsyncSecureClient
    async with UserStream(creds, [condition_id], lookups=lookups) as stream: ...
    # after each reconnect: stream.orders / stream.trades caught up; stream.recovered counts it

Requires: pip install polymarket-client
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from polymarket import AsyncSecureClient


# --8<-- [start:lookups]
class SdkLookups:
    """`GapLookups` on `AsyncSecureClient`: records as plain dicts, with the SDK's field names
    (`condition_id`, `matched_at`, ...) and always `id` and `status`."""

    def __init__(self, client: AsyncSecureClient) -> None:
        self.client = client

    async def open_orders(self, markets: Sequence[str]) -> list[Mapping[str, Any]]:
        out: list[Mapping[str, Any]] = []
        for market in markets or [None]:  # no market: every open order of the account
            async for order in self.client.list_open_orders(market=market).iter_items():
                out.append(order.model_dump(mode="json"))
        return out

    async def order(self, order_id: str) -> Mapping[str, Any] | None:
        return (await self.client.get_order(order_id=order_id)).model_dump(mode="json")

    async def trades_since(self, after_s: int, markets: Sequence[str]) -> list[Mapping[str, Any]]:
        out: list[Mapping[str, Any]] = []
        for market in markets or [None]:
            trades = self.client.list_account_trades(market=market, after=str(after_s))
            async for trade in trades.iter_items():
                out.append(trade.model_dump(mode="json"))
        return out


# --8<-- [end:lookups]
