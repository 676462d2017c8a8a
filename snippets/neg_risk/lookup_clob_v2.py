"""Is this token neg-risk? And a neg-risk order with py-clob-client-v2.

Requires: pip install py-clob-client-v2
"""

from __future__ import annotations

from typing import Any

from py_clob_client_v2 import ClobClient, OrderArgs, PartialCreateOrderOptions


# --8<-- [start:lookup]
def is_neg_risk(client: ClobClient, token_id: str) -> bool:
    """GET /neg-risk?token_id=... (cached by the client after the first call)."""
    return bool(client.get_neg_risk(token_id))


def neg_risk_order(client: ClobClient, token_id: str, price: float, size: float, side: str) -> Any:
    """Pass neg_risk (and the tick size) explicitly: with neg_risk omitted the client asks
    GET /neg-risk itself; with the wrong value it signs for the wrong exchange."""
    options = PartialCreateOrderOptions(
        tick_size=client.get_tick_size(token_id), neg_risk=is_neg_risk(client, token_id)
    )
    args = OrderArgs(token_id=token_id, price=price, size=size, side=side)
    return client.create_order(args, options)


# --8<-- [end:lookup]
