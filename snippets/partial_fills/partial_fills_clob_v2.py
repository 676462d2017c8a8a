"""Follow an order to its final state by polling REST with py-clob-client-v2.

Copy with: tracker.py
"""

from __future__ import annotations

import time
from collections.abc import Callable

from py_clob_client_v2 import ClobClient, TradeParams

from .tracker import FillTracker, poll_until_final


def poll_once(client: ClobClient, tracker: FillTracker) -> FillTracker:
    """One round: the order record, then every trade it names that is not final yet."""
    tracker.on_order(client.get_order(tracker.order_id) or {})
    for trade_id in tracker.pending_trades():
        for trade in client.get_trades(TradeParams(id=trade_id), only_first_page=True):
            tracker.on_trade(trade)
    return tracker


def follow(
    client: ClobClient,
    order_id: str,
    interval_s: float = 1.0,
    max_polls: int = 60,
    sleep: Callable[[float], None] = time.sleep,
) -> FillTracker:
    """Poll until the order is final (or `max_polls` runs out; check `tracker.final`)."""
    return poll_until_final(
        FillTracker(order_id), lambda t: poll_once(client, t), interval_s, max_polls, sleep
    )
