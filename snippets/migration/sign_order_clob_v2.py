"""AFTER, step 1: sign the same limit order with py-clob-client-v2 (CLOB V2).

Requires: pip install py-clob-client-v2
"""

from __future__ import annotations

from py_clob_client_v2 import ClobClient, OrderArgs, PartialCreateOrderOptions
from py_clob_client_v2.order_utils.model.order_data_v2 import SignedOrderV2

HOST = "https://clob.polymarket.com"
POLYGON = 137


# --8<-- [start:sign]
def sign_limit_order(private_key: str, token_id: str, price: float, size: float) -> SignedOrderV2:
    """Build and sign (not post) a BUY order; the V2 struct it posts."""
    client = ClobClient(HOST, chain_id=POLYGON, key=private_key)  # chain_id is still chain_id
    order = client.create_order(
        OrderArgs(token_id=token_id, price=price, size=size, side="BUY"),  # no fee, nonce, taker
        PartialCreateOrderOptions(tick_size="0.01", neg_risk=False),
    )
    return order


# --8<-- [end:sign]
