"""BEFORE: sign a limit order with the V1 SDK, py-clob-client (for migration only).

V1-signed orders are rejected by production since 2026-04-28 (CLOB V2): never post this order.
Requires: pip install py-clob-client==0.34.6
"""

from __future__ import annotations

from typing import Any

from py_clob_client.client import ClobClient
from py_clob_client.clob_types import OrderArgs, PartialCreateOrderOptions
from py_clob_client.order_builder.constants import BUY

HOST = "https://clob.polymarket.com"
POLYGON = 137


# --8<-- [start:sign]
def sign_limit_order_v1(
    private_key: str, token_id: str, price: float, size: float
) -> dict[str, Any]:
    """Build and sign (not post) a V1 BUY order; returns the JSON body V1 would have posted."""
    client = ClobClient(HOST, chain_id=POLYGON, key=private_key)  # positional host, chain_id
    order = client.create_order(
        OrderArgs(
            token_id=token_id, price=price, size=size, side=BUY
        ),  # also fee_rate_bps, nonce, taker
        PartialCreateOrderOptions(tick_size="0.01", neg_risk=False),
    )
    return order.dict()


# --8<-- [end:sign]
