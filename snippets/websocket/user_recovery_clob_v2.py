"""Gap recovery for UserStream with py-clob-client-v2: what the user channel missed, by REST.

    lookups = ClobLookups(client)  # a ClobClient with API credentials (L2)
    async with UserStream(creds, [condition_id], lookups=lookups) as stream: ...
    # after each reconnect: stream.orders / stream.trades caught up; stream.recovered counts it

Requires: pip install py-clob-client-v2
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping, Sequence
from typing import Any

from py_clob_client_v2 import ClobClient
from py_clob_client_v2.clob_types import OpenOrderParams, TradeParams


# --8<-- [start:lookups]
class ClobLookups:
    """`GapLookups` on `ClobClient`: the server's JSON records as they come. The client blocks
    (httpx), so each call runs in a thread, off the event loop that reads the socket."""

    def __init__(self, client: ClobClient) -> None:
        self.client = client

    async def open_orders(self, markets: Sequence[str]) -> list[Mapping[str, Any]]:
        out: list[Mapping[str, Any]] = []
        for market in markets or [None]:  # no market: every open order of the account
            params = OpenOrderParams(market=market)
            out += await asyncio.to_thread(self.client.get_open_orders, params)
        return out

    async def order(self, order_id: str) -> Mapping[str, Any] | None:
        record = await asyncio.to_thread(self.client.get_order, order_id)
        return record if isinstance(record, dict) and "id" in record else None

    async def trades_since(self, after_s: int, markets: Sequence[str]) -> list[Mapping[str, Any]]:
        out: list[Mapping[str, Any]] = []
        for market in markets or [None]:
            params = TradeParams(market=market, after=after_s)
            out += await asyncio.to_thread(self.client.get_trades, params)
        return out


# --8<-- [end:lookups]
