"""Follow one order to a final state from its status, `size_matched` and its trades.

SDK-free: it reads plain dicts, as GET /data/order and GET /data/trades return them and as the
user channel sends `order` and `trade` events, so REST polling and WebSocket events feed the
same tracker.

- Order status: LIVE while it rests; MATCHED when nothing of it rests any more (a FAK
  keeps MATCHED with `size_matched < original_size`: the rest was killed); CANCELED; on the user
  channel a kill arrives as `CANCELED_<reason>` with `size_matched` "".
- Trade status (docs.polymarket.com/market-data/websocket/user-channel, read 2026-11-28):
  MATCHED -> MINED -> CONFIRMED (final, settled) or RETRYING -> FAILED (final, not settled).
  A fill is only yours once CONFIRMED: a FAILED trade matched and then failed to settle.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

FINAL_TRADE = frozenset({"CONFIRMED", "FAILED"})
OPEN_ORDER = frozenset({"LIVE", "DELAYED", "UNMATCHED"})


def _dec(value: Any) -> Decimal:
    return Decimal(str(value)) if value not in (None, "") else Decimal(0)


@dataclass
class Fill:
    """One trade of the order: its size for this order and its latest status."""

    trade_id: str
    size: Decimal
    status: str


@dataclass
class FillTracker:
    """The state of one order, updated from order and trade messages (REST or WebSocket)."""

    order_id: str
    status: str = "UNKNOWN"
    reason: str = ""
    original_size: Decimal = Decimal(0)
    size_matched: Decimal = Decimal(0)
    order_type: str = ""
    trade_ids: set[str] = field(default_factory=set)
    fills: dict[str, Fill] = field(default_factory=dict)

    def on_order(self, message: Mapping[str, Any]) -> None:
        """An order record: GET /data/order/{id}, or a user-channel `order` event."""
        if message.get("id") != self.order_id:
            return
        raw = str(message.get("status", ""))
        raw = raw[len("ORDER_STATUS_") :] if raw.upper().startswith("ORDER_STATUS_") else raw
        if raw.upper().startswith("CANCELED_"):  # user channel: CANCELED_<free-text reason>
            raw, self.reason = "CANCELED", raw[len("CANCELED_") :]
        self.status = raw.upper()
        self.original_size = _dec(message.get("original_size")) or self.original_size
        self.size_matched = max(self.size_matched, _dec(message.get("size_matched")))
        self.order_type = str(message.get("order_type") or self.order_type)
        self.trade_ids |= set(message.get("associate_trades") or [])

    def on_trade(self, message: Mapping[str, Any]) -> None:
        """A trade: an item of GET /data/trades, or a user-channel `trade` event."""
        size = None
        if message.get("taker_order_id") == self.order_id:
            size = _dec(message.get("size"))
        for maker in message.get("maker_orders") or []:
            if maker.get("order_id") == self.order_id:
                size = (size or Decimal(0)) + _dec(maker.get("matched_amount"))
        if size is None:
            return
        trade_id = str(message["id"])
        self.trade_ids.add(trade_id)
        self.fills[trade_id] = Fill(trade_id, size, str(message.get("status", "")).upper())

    def pending_trades(self) -> list[str]:
        """Trade ids worth looking up again: not seen yet, or neither settled nor failed."""
        return sorted(
            t
            for t in self.trade_ids
            if t not in self.fills or self.fills[t].status not in FINAL_TRADE
        )

    @property
    def order_done(self) -> bool:
        """Nothing of the order rests on the book any more."""
        return self.status not in OPEN_ORDER | {"UNKNOWN"}

    @property
    def final(self) -> bool:
        """The order is done and every one of its trades has settled or failed."""
        known = all(t in self.fills for t in self.trade_ids)
        return (
            self.order_done and known and all(f.status in FINAL_TRADE for f in self.fills.values())
        )

    def size_with(self, *statuses: str) -> Decimal:
        return sum((f.size for f in self.fills.values() if f.status in statuses), Decimal(0))

    @property
    def settled(self) -> Decimal:
        """Shares (or pUSD for a SELL's proceeds side) that are really yours: CONFIRMED."""
        return self.size_with("CONFIRMED")

    @property
    def failed(self) -> Decimal:
        """Matched but failed to settle: the exchange never moved these."""
        return self.size_with("FAILED")

    @property
    def unfilled(self) -> Decimal:
        """What never matched: killed (FAK/FOK), cancelled, or still resting."""
        return self.original_size - self.size_matched


def poll_until_final(
    tracker: FillTracker,
    poll_once: Callable[[FillTracker], object],
    interval_s: float = 1.0,
    max_polls: int = 60,
    sleep: Callable[[float], None] = time.sleep,
) -> FillTracker:
    """Call `poll_once` until the order is final (or `max_polls` runs out; check `.final`)."""
    for n in range(max_polls):
        poll_once(tracker)
        if tracker.final:
            break
        if n + 1 < max_polls:
            sleep(interval_s)
    return tracker
