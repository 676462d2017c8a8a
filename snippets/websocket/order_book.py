"""A local order book for one asset, kept from market-channel events, with the server's hash check.

No SDK needed: the standard library only. The hash is SHA-1 over the compact JSON of the REST
`/book` body with `hash` set to "" (the payload py-clob-client-v2 builds in
`utilities.generate_orderbook_summary_hash`); it reproduces the `hash` of recorded V2 `/book`
bodies and of the `price_change` entries that close a timestamp.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

#: Token ids (CTF markets) and Protocol V2 position ids are both uint256 decimal strings.
ASSET_ID = re.compile(r"[0-9]{1,78}")


class BookError(ValueError):
    """An event the book cannot apply: bad price, bad size, wrong asset, missing field."""


def check_asset_id(asset_id: object) -> str:
    """Return `asset_id` if it is a token id or position id (uint256 decimal), else raise."""
    if not isinstance(asset_id, str) or not ASSET_ID.fullmatch(asset_id):
        raise ValueError(f"invalid asset id {asset_id!r}: expected a uint256 decimal string")
    if int(asset_id) == 0 or int(asset_id) >= 2**256:
        raise ValueError(f"invalid asset id {asset_id!r}: out of uint256 range")
    return asset_id


def _price(raw: object) -> Decimal:
    try:
        price = Decimal(str(raw))
    except InvalidOperation:
        raise BookError(f"price {raw!r} is not a number") from None
    if not Decimal(0) < price < Decimal(1):
        raise BookError(f"price {raw!r} outside (0, 1)")
    return price


def _size(raw: object) -> Decimal:
    try:
        size = Decimal(str(raw))
    except InvalidOperation:
        raise BookError(f"size {raw!r} is not a number") from None
    if size < 0 or not size.is_finite():
        raise BookError(f"size {raw!r} is negative or not finite")
    return size


class LocalBook:
    """Price levels keyed by the server's price strings, plus the fields the hash covers."""

    def __init__(self, asset_id: str) -> None:
        self.asset_id = asset_id
        self.market = ""
        self.bids: dict[str, str] = {}
        self.asks: dict[str, str] = {}
        self.timestamp = 0  # ms of the last snapshot or change applied
        self.hash = ""  # the server's hash for `timestamp`, when it sent one
        self.tick_size: str | None = None
        self.min_order_size: str | None = None  # only the REST /book carries it
        self.neg_risk: bool | None = None  # only the REST /book carries it
        self.last_trade_price: str | None = None
        self.best_bid_ask: tuple[str, str] | None = None  # from `best_bid_ask` events
        self.stale = True  # no snapshot since start or since the last disconnect

    def mark_stale(self) -> None:
        """After a gap (disconnect), events were lost: wait for the next snapshot, any age."""
        self.stale = True

    # --8<-- [start:apply]
    def replace(self, snapshot: Mapping[str, Any]) -> bool:
        """Take a `book` event or a REST `/book` body; ignore one older than the book."""
        if snapshot.get("asset_id") != self.asset_id:
            raise BookError(f"snapshot for {snapshot.get('asset_id')!r}, not {self.asset_id}")
        timestamp = int(snapshot["timestamp"])
        if timestamp < self.timestamp and not self.stale:
            return False  # a late REST answer: the stream already moved past it
        bids = {str(lv["price"]): str(lv["size"]) for lv in snapshot["bids"]}
        asks = {str(lv["price"]): str(lv["size"]) for lv in snapshot["asks"]}
        for price, size in (*bids.items(), *asks.items()):
            _price(price), _size(size)
        self.market = str(snapshot.get("market", self.market))
        self.bids, self.asks, self.timestamp, self.stale = bids, asks, timestamp, False
        self.hash = str(snapshot.get("hash", ""))
        # The WebSocket `book` lacks min_order_size and neg_risk: keep what REST told us.
        for key in ("tick_size", "min_order_size", "neg_risk", "last_trade_price"):
            if key in snapshot:
                setattr(self, key, snapshot[key])
        return True

    def apply_change(self, change: Mapping[str, Any], timestamp: int) -> bool:
        """Apply one entry of a V2 `price_change` (size "0" removes the level)."""
        if self.stale or timestamp < self.timestamp:
            return False  # waiting for a snapshot, or already inside the one we hold
        side = {"BUY": self.bids, "SELL": self.asks}.get(change.get("side", ""))
        if side is None:
            raise BookError(f"side {change.get('side')!r} is not BUY or SELL")
        price, size = str(change["price"]), str(change["size"])
        _price(price)
        if _size(size) == 0:
            side.pop(price, None)
        else:
            side[price] = size
        self.timestamp, self.hash = timestamp, str(change.get("hash", ""))
        return True

    def set_tick_size(self, new_tick_size: str) -> None:
        """`tick_size_change`: the grid narrows near 0 and 1 (and widens back)."""
        if not Decimal(0) < Decimal(new_tick_size) < Decimal(1):
            raise BookError(f"tick size {new_tick_size!r} outside (0, 1)")
        self.tick_size = new_tick_size

    # --8<-- [end:apply]

    def best_bid(self) -> Decimal | None:
        return max(map(Decimal, self.bids), default=None)

    def best_ask(self) -> Decimal | None:
        return min(map(Decimal, self.asks), default=None)

    def levels(self) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
        """Bids lowest first and asks highest first: the order the server uses."""
        bids = sorted(self.bids.items(), key=lambda kv: Decimal(kv[0]))
        asks = sorted(self.asks.items(), key=lambda kv: Decimal(kv[0]), reverse=True)
        as_levels = lambda items: [{"price": p, "size": s} for p, s in items]  # noqa: E731
        return as_levels(bids), as_levels(asks)

    # --8<-- [start:hash]
    def can_hash(self) -> bool:
        """The hash covers min_order_size and neg_risk, which only a REST snapshot supplies."""
        return self.min_order_size is not None and self.neg_risk is not None

    def compute_hash(self) -> str:
        bids, asks = self.levels()
        payload = {
            "market": self.market,
            "asset_id": self.asset_id,
            "timestamp": str(self.timestamp),
            "hash": "",
            "bids": bids,
            "asks": asks,
            "min_order_size": self.min_order_size,
            "tick_size": self.tick_size,
            "neg_risk": self.neg_risk,
            "last_trade_price": self.last_trade_price,
        }
        text = json.dumps(payload, separators=(",", ":"), ensure_ascii=False)
        return hashlib.sha1(text.encode()).hexdigest()

    # --8<-- [end:hash]

    def as_rest_body(self) -> dict[str, Any]:
        """The book in the REST `/book` shape (what `compute_hash` hashes, hash filled in)."""
        bids, asks = self.levels()
        return {
            "market": self.market,
            "asset_id": self.asset_id,
            "timestamp": str(self.timestamp),
            "hash": self.hash,
            "bids": bids,
            "asks": asks,
            "min_order_size": self.min_order_size,
            "tick_size": self.tick_size,
            "neg_risk": self.neg_risk,
            "last_trade_price": self.last_trade_price,
        }
