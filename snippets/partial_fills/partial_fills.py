"""Follow an order to its final state by polling REST with polymarket-client.

Copy with: tracker.py
"""

from __future__ import annotations

import time
from collections.abc import Callable

from polymarket import SecureClient

from .tracker import FillTracker, poll_until_final


def poll_once(client: SecureClient, tracker: FillTracker) -> FillTracker:
    """One round: the order record, then every trade it names that is not final yet."""
    order = client.get_order(order_id=tracker.order_id)
    tracker.on_order(order.model_dump(mode="json"))
    for trade_id in tracker.pending_trades():
        for trade in client.list_account_trades(id=trade_id).first_page().items:
            tracker.on_trade(
                {
                    "id": trade.id,
                    "taker_order_id": trade.taker_order_id,
                    "size": trade.size,
                    "status": trade.status,
                    "maker_orders": [m.model_dump() for m in trade.maker_orders],
                }
            )
    return tracker


def follow(
    client: SecureClient,
    order_id: str,
    interval_s: float = 1.0,
    max_polls: int = 60,
    sleep: Callable[[float], None] = time.sleep,
) -> FillTracker:
    """Poll until the order is final (or `max_polls` runs out; check `tracker.final`)."""
    return poll_until_final(
        FillTracker(order_id), lambda t: poll_once(client, t), interval_s, max_polls, sleep
    )
