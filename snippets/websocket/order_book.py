"""A local order book for one asset, kept from market-channel events, with the server's hash check.

No SDK needed: the standard library only. The hash is SHA-1 over the compact JSON of the REST
`/book` body with `hash` set to "" (the payload py-clob-client-v2 builds in
`utilities.generate_orderbook_summary_hash`); it reproduces the `hash` of recorded V2 `/book`
bodies and of the `price_change` entries that close a timestamp. Price levels stay sorted and
each level keeps its JSON text, so a hash check joins strings instead of re-serialising the book.
"""

from __future__ import annotations

import hashlib
import json
import re
from bisect import bisect_left, insort
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

#: Token ids (CTF markets) and Protocol V2 position ids are both uint256 decimal strings.
ASSET_ID = re.compile(r"[0-9]{1,78}")
#: A plain decimal strictly between 0 and 1 ("0.52", "0.001"). Such strings sort as numbers do.
PRICE = re.compile(r"0\.[0-9]*[1-9][0-9]*")
LEVEL_JSON = '{"price":"%s","size":"%s"}'
INF = float("inf")


class BookError(ValueError):
    """An event the book cannot apply: bad price, bad size, wrong asset, missing field."""


def check_asset_id(asset_id: object) -> str:
    """Return `asset_id` if it is a token id or position id (uint256 decimal), else raise."""
    if not isinstance(asset_id, str) or not ASSET_ID.fullmatch(asset_id):
        raise ValueError(f"invalid asset id {asset_id!r}: expected a uint256 decimal string")
    if int(asset_id) == 0 or int(asset_id) >= 2**256:
        raise ValueError(f"invalid asset id {asset_id!r}: out of uint256 range")
    return asset_id


# --8<-- [start:side]
def check_price(raw: str) -> str:
    if PRICE.fullmatch(raw):
        return raw
    try:
        in_range = Decimal(raw) > 0 and Decimal(raw) < 1
    except InvalidOperation:
        raise BookError(f"price {raw!r} is not a number") from None
    if in_range:
        raise BookError(f"price {raw!r} is not a plain decimal like '0.52'")
    raise BookError(f"price {raw!r} outside (0, 1)")


def size_value(raw: str) -> float:
    try:
        size = float(raw)
    except ValueError:
        raise BookError(f"size {raw!r} is not a number") from None
    if not 0 <= size < INF:  # also false for NaN
        raise BookError(f"size {raw!r} is negative or not finite")
    return size


class Side:
    """One side of a book: sizes by price, the prices kept sorted, each level's JSON text."""

    __slots__ = ("prices", "sizes", "texts")

    def __init__(self, levels: Iterable[Mapping[str, Any]] = ()) -> None:
        self.sizes: dict[str, str] = {}
        self.texts: dict[str, str] = {}
        for level in levels:
            price, size = check_price(str(level["price"])), str(level["size"])
            size_value(size)
            self.sizes[price], self.texts[price] = size, LEVEL_JSON % (price, size)
        self.prices = sorted(self.sizes)  # ascending; valid prices sort as numbers do

    def set(self, price: str, size: str) -> None:
        """Set one level (size "0" removes it). A price already held was checked on entry."""
        try:  # size_value(), inlined: this runs for every change
            value = float(size)
        except ValueError:
            value = -1.0
        if not 0 <= value < INF:
            size_value(size)  # raises the precise BookError
        if price in self.sizes:
            if not value:
                del self.sizes[price], self.texts[price]
                del self.prices[bisect_left(self.prices, price)]
                return
        elif value:
            insort(self.prices, check_price(price))
        else:
            check_price(price)
            return  # removing a level we do not hold
        self.sizes[price], self.texts[price] = size, LEVEL_JSON % (price, size)

    def json(self, descending: bool = False) -> str:
        """The levels as the server lists them, as compact JSON without the brackets."""
        prices = reversed(self.prices) if descending else self.prices
        return ",".join(map(self.texts.__getitem__, prices))


# --8<-- [end:side]


class LocalBook:
    """Price levels keyed by the server's price strings, plus the fields the hash covers."""

    def __init__(self, asset_id: str) -> None:
        self.asset_id = asset_id
        self.market = ""
        self._bids, self._asks = Side(), Side()
        self.timestamp = 0  # ms of the last snapshot or change applied
        self.hash = ""  # the server's hash for `timestamp`, when it sent one
        self.hash_checked = True  # False while `hash` came with a change and is not yet checked
        self.checked_at = 0  # timestamp of the last snapshot or hash check
        self.tick_size: str | None = None
        self.min_order_size: str | None = None  # only the REST /book carries it
        self.neg_risk: bool | None = None  # only the REST /book carries it
        self.last_trade_price: str | None = None
        self.best_bid_ask: tuple[str, str] | None = None  # from `best_bid_ask` events
        self.stale = True  # no snapshot since start or since the last disconnect
        self._frame: tuple[tuple[Any, ...], str, str] | None = None  # cached JSON around levels

    @property
    def bids(self) -> Mapping[str, str]:
        return self._bids.sizes

    @property
    def asks(self) -> Mapping[str, str]:
        return self._asks.sizes

    def mark_stale(self) -> None:
        """After a gap (disconnect), events were lost: wait for the next snapshot, any age."""
        self.stale, self.hash_checked = True, True

    # --8<-- [start:apply]
    def replace(self, snapshot: Mapping[str, Any]) -> bool:
        """Take a `book` event or a REST `/book` body; ignore one older than the book."""
        if snapshot.get("asset_id") != self.asset_id:
            raise BookError(f"snapshot for {snapshot.get('asset_id')!r}, not {self.asset_id}")
        timestamp = int(snapshot["timestamp"])
        if timestamp < self.timestamp and not self.stale:
            return False  # a late REST answer: the stream already moved past it
        bids, asks = Side(snapshot["bids"]), Side(snapshot["asks"])  # validates every level
        self.market = str(snapshot.get("market", self.market))
        self._bids, self._asks, self.timestamp, self.stale = bids, asks, timestamp, False
        self.hash = str(snapshot.get("hash", ""))
        self.hash_checked, self.checked_at = True, timestamp  # the server's own state
        # The WebSocket `book` lacks min_order_size and neg_risk: keep what REST told us.
        for key in ("tick_size", "min_order_size", "neg_risk", "last_trade_price"):
            if key in snapshot:
                setattr(self, key, snapshot[key])
        return True

    def apply(self, side: str, price: str, size: str, timestamp: int, hash: str) -> bool:
        """Apply one entry of a V2 `price_change` (size "0" removes the level)."""
        if self.stale or timestamp < self.timestamp:
            return False  # waiting for a snapshot, or already inside the one we hold
        if side == "BUY":
            self._bids.set(price, size)
        elif side == "SELL":
            self._asks.set(price, size)
        else:
            raise BookError(f"side {side!r} is not BUY or SELL")
        self.timestamp, self.hash, self.hash_checked = timestamp, hash, not hash
        return True

    def apply_change(self, change: Mapping[str, Any], timestamp: int) -> bool:
        """`apply` for a change given as a dict (as `json.loads` returns it)."""
        side, price, size = str(change.get("side")), str(change["price"]), str(change["size"])
        return self.apply(side, price, size, timestamp, str(change.get("hash", "")))

    def set_tick_size(self, new_tick_size: str) -> None:
        """`tick_size_change`: the grid narrows near 0 and 1 (and widens back)."""
        if not Decimal(0) < Decimal(new_tick_size) < Decimal(1):
            raise BookError(f"tick size {new_tick_size!r} outside (0, 1)")
        self.tick_size = new_tick_size

    # --8<-- [end:apply]

    def best_bid(self) -> Decimal | None:
        return Decimal(self._bids.prices[-1]) if self._bids.prices else None

    def best_ask(self) -> Decimal | None:
        return Decimal(self._asks.prices[0]) if self._asks.prices else None

    def levels(self) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
        """Bids lowest first and asks highest first: the order the server uses."""
        bids, asks = self._bids, self._asks
        return (
            [{"price": p, "size": bids.sizes[p]} for p in bids.prices],
            [{"price": p, "size": asks.sizes[p]} for p in reversed(asks.prices)],
        )

    # --8<-- [start:hash]
    def can_hash(self) -> bool:
        """The hash covers min_order_size and neg_risk, which only a REST snapshot supplies."""
        return self.min_order_size is not None and self.neg_risk is not None

    def compute_hash(self) -> str:
        """SHA-1 of the REST body with hash "": the same bytes as `json.dumps(...,
        separators=(",", ":"), ensure_ascii=False)` of `as_rest_body()`, built from the cached
        text of each level and of the fields around them."""
        fields = (self.market, self.min_order_size, self.tick_size, self.neg_risk)
        key = (*fields, self.last_trade_price)
        if self._frame is None or self._frame[0] != key:
            dump = lambda value: json.dumps(value, ensure_ascii=False)  # noqa: E731
            head = f'{{"market":{dump(self.market)},"asset_id":"{self.asset_id}","timestamp":"'
            tail = (
                f'],"min_order_size":{dump(self.min_order_size)},"tick_size":'
                f'{dump(self.tick_size)},"neg_risk":{dump(self.neg_risk)},'
                f'"last_trade_price":{dump(self.last_trade_price)}}}'
            )
            self._frame = (key, head, tail)
        _, head, tail = self._frame
        text = (
            f'{head}{self.timestamp}","hash":"","bids":[{self._bids.json()}],"asks":['
            f"{self._asks.json(descending=True)}{tail}"
        )
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
