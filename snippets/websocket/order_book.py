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
from bisect import bisect_left
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

#: Token ids (CTF markets) and Protocol V2 position ids are both uint256 decimal strings.
ASSET_ID = re.compile(r"[0-9]{1,78}")
#: A plain decimal strictly between 0 and 1 ("0.52", "0.001"). Such strings sort as numbers do.
PRICE = re.compile(r"0\.[0-9]*[1-9][0-9]*")
#: One level's JSON inside its braces; a side is "{" + "},{".join(levels) + "}".
LEVEL_JSON = '"price":"%s","size":"%s"'
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


def check_levels(prices: list[str], sizes: list[str]) -> None:
    """Validate a whole snapshot side with a few string operations over each joined column
    (`plain_prices`, `plain_sizes`); the per-level checks run only when that fails (to name
    the bad level, or to accept sizes like "1e3")."""
    if not prices or (plain_prices(prices) and plain_sizes(sizes)):
        return
    for price, size in zip(prices, sizes, strict=True):
        check_price(price)
        size_value(size)


#: One level in the server's compact form, checked as `check_price` and `size_value` would
#: (a plain decimal price in (0, 1), a plain non-negative decimal size); a side is a list of them.
#: Possessive repeats (`*+`, `++`): nothing is retried on a mismatch, which makes the match faster.
_LEVEL = rb'\{"price":"0\.0*+[1-9][0-9]*+","size":"(?:[0-9]++\.?+[0-9]*+|\.[0-9]++)"\}'
COMPACT_SIDE = re.compile(rb"\[(?:%s(?:,%s)*)?\]" % (_LEVEL, _LEVEL))
_SPACES = str.maketrans({c: " " for c in '[]{}",:pricesz'})  # what is not a price or size


def columns(text: str) -> tuple[list[str], list[str]]:
    """The price and size columns of a side's compact text (`COMPACT_SIDE` matched it)."""
    flat = text.translate(_SPACES).split()  # price, size, price, size...
    return flat[0::2], flat[1::2]


def plain_prices(prices: list[str], digits_and_dots: bool = False) -> bool:
    """True if every price is a plain decimal in (0, 1), as `PRICE` says, checked on the
    joined column: digits, dots and commas only (`digits_and_dots`: known already), each price
    "0." then digits, and the lowest (an all-zero price sorts below every positive one) has a
    digit other than 0."""
    joined, n = ",".join(prices), len(prices)
    return (
        joined.count(".") == n
        and joined.count(",") == n - 1
        and joined.count(",0.") == n - 1
        and joined.startswith("0.")
        and (digits_and_dots or not joined.encode().translate(None, b"0123456789.,"))
        and min(prices).strip("0.") != ""
    )


def plain_sizes(sizes: list[str], digits_and_dots: bool = False) -> bool:
    """True if every size is a plain non-negative decimal ("12", "0.5"): digits, dots and
    commas only (`digits_and_dots`: known already), no dot next to a comma or at an end, and
    each one a number to `float` (which rules out two dots in one size)."""
    joined = ",".join(sizes)
    if not (
        joined
        and (digits_and_dots or not joined.encode().translate(None, b"0123456789.,"))
        and ",." not in joined
        and ".," not in joined
        and joined[0] != "."
        and joined[-1] != "."
    ):
        return False
    try:
        sum(map(float, sizes))
    except ValueError:
        return False
    return True


class Side:
    """One side of a book: sizes by price, the prices kept sorted, and for the hash each
    level's JSON text in price order plus the whole side's text, rebuilt only after the side
    changed. A side taken from a frame's compact text stays that text (its best price read from
    its end, its hash text the text itself) until a change or a reader needs its levels."""

    __slots__ = ("descending", "frame_text", "keep", "pending", "prices", "sizes", "text", "texts")

    def __init__(self, levels: Iterable[Mapping[str, Any]] = (), descending: bool = False) -> None:
        levels = list(levels)
        self.descending = descending  # the server lists asks highest first
        self.load([str(lv["price"]) for lv in levels], [str(lv["size"]) for lv in levels])

    def load(self, prices: list[str], sizes: list[str]) -> None:
        """Take a snapshot side given as columns in the server's order; checked here."""
        check_levels(prices, sizes)
        self.sizes: dict[str, str] | None = dict(zip(prices, sizes, strict=True))
        self.prices: list[str] | None = sorted(self.sizes)  # valid prices sort as numbers do
        self.texts: list[str] | None = None  # per level, same order; built at the first check
        self.pending: dict[str, str] = {}  # new sizes of held levels, not yet in `texts`
        self.text: str | None = None
        self.frame_text: str | None = None
        self.keep = True

    def take(self, frame_text: str, keep: bool) -> None:
        """Take a snapshot side as the frame's compact JSON text (`COMPACT_SIDE` matched it).
        Its levels are split out only when needed (`materialize`); `keep`: then keep their
        texts for the hash check. The server lists bids lowest first and asks highest first
        (the order its hash covers), so the best price is the last; a side whose first and
        last prices say otherwise is split and sorted at once."""
        self.frame_text, self.keep = frame_text, keep
        self.sizes = self.prices = self.texts = self.text = None
        self.pending = {}
        if len(frame_text) > 2:  # the best price must come last: else split and sort now
            first, best = frame_text[11 : frame_text.index('"', 11)], self.best()
            assert best is not None
            if first < best if self.descending else first > best:
                self.materialize()

    def materialize(self) -> dict[str, str]:
        """Split a frame's text into the levels (and with `keep`, the level texts, if the
        server's order is the sorted one); return the sizes."""
        text = self.frame_text
        assert text is not None  # callers test `sizes` first
        listed, sizes = columns(text)
        self.sizes = dict(zip(listed, sizes, strict=True))
        self.prices = sorted(self.sizes)
        if self.descending:
            listed.reverse()
        if self.keep and listed == self.prices:  # cut once, before the levels move on
            texts = text[2:-2].split("},{") if len(text) > 2 else []
            self.texts = texts[::-1] if self.descending else texts
        self.frame_text = self.text = None
        return self.sizes

    def best(self) -> str | None:
        """The best price: the highest bid, the lowest ask."""
        prices = self.prices
        if prices is None:  # still the frame's text: the server lists the best price last
            text = self.frame_text
            assert text is not None
            if len(text) == 2:
                return None
            start = text.rindex('{"price":"') + 10
            return text[start : text.index('"', start)]
        if not prices:
            return None
        return prices[0] if self.descending else prices[-1]

    def levels(self) -> dict[str, str]:
        """Sizes by price."""
        return self.materialize() if self.sizes is None else self.sizes

    def set(self, price: str, size: str) -> None:
        """Set one level (size "0" removes it). A price already held was checked on entry.
        MarketStream runs the same steps inline, for speed."""
        try:  # size_value(), inlined: this runs for every change
            value = float(size)
        except ValueError:
            value = -1.0
        if not 0 <= value < INF:
            size_value(size)  # raises the precise BookError
        sizes = self.sizes
        if sizes is None:
            sizes = self.materialize()
        prices, texts = self.prices, self.texts
        assert prices is not None
        if price in sizes:
            if value:
                sizes[price] = size
                if texts is not None:
                    self.pending[price] = size  # the text waits for the next check
            else:
                i = bisect_left(prices, price)
                del sizes[price], prices[i]
                if texts is not None:
                    del texts[i]
                    self.pending.pop(price, None)
        elif value:
            i = bisect_left(prices, check_price(price))
            sizes[price] = size
            prices.insert(i, price)
            if texts is not None:
                texts.insert(i, LEVEL_JSON % (price, size))
        else:
            check_price(price)
            return  # removing a level not held
        self.text = None

    def json_text(self) -> str:
        """The levels as the server lists them: compact JSON without the brackets."""
        if self.text is None:
            texts = self.texts
            if texts is None:
                if self.frame_text is not None:  # unchanged since the snapshot: its own text
                    self.text = self.frame_text[1:-1]
                    return self.text
                texts = self.texts = self._built_texts()
            if self.pending:
                self.flush()
            joined = "},{".join(reversed(texts) if self.descending else texts)
            self.text = f"{{{joined}}}" if texts else ""
        return self.text

    def flush(self) -> None:
        """Bring the level texts up to date with the sizes changed since the last check (a
        level changed many times between two checks is formatted once)."""
        texts, prices = self.texts, self.prices
        assert texts is not None and prices is not None
        for price, size in self.pending.items():
            texts[bisect_left(prices, price)] = LEVEL_JSON % (price, size)
        self.pending.clear()

    def _built_texts(self) -> list[str]:
        sizes, prices = self.sizes, self.prices
        assert sizes is not None and prices is not None  # no frame text: levels are held
        self.pending.clear()
        return [LEVEL_JSON % (p, sizes[p]) for p in prices]


# --8<-- [end:side]


#: "No value given" for `compute_hash(last_trade_price=...)` and "no trade since the check".
UNSET: Any = object()


class LocalBook:
    """Price levels keyed by the server's price strings, plus the fields the hash covers."""

    __slots__ = (
        "_asks",
        "_bids",
        "_frame",
        "asset_id",
        "best_bid_ask",
        "checked_at",
        "hash",
        "hash_checked",
        "last_trade_price",
        "ltp_before",
        "market",
        "min_order_size",
        "neg_risk",
        "stale",
        "tick_size",
        "timestamp",
    )

    def __init__(self, asset_id: str) -> None:
        self.asset_id = asset_id
        self.market = ""
        self._bids, self._asks = Side(), Side(descending=True)
        self.timestamp = 0  # ms of the last snapshot or change applied
        self.hash = ""  # the server's hash for `timestamp`, when it sent one
        self.hash_checked = True  # False while `hash` came with a change and is not yet checked
        self.checked_at = 0  # timestamp of the last snapshot or hash check
        self.tick_size: str | None = None
        self.min_order_size: str | None = None  # only the REST /book carries it
        self.neg_risk: bool | None = None  # only the REST /book carries it
        self.last_trade_price: str | None = None
        self.ltp_before: Any = UNSET  # last_trade_price before the trades since the last check
        self.best_bid_ask: tuple[str, str] | None = None  # from `best_bid_ask` events
        self.stale = True  # no snapshot since start or since the last disconnect
        self._frame: tuple[tuple[Any, ...], Any, str, str] | None = None  # JSON around levels

    @property
    def bids(self) -> Mapping[str, str]:
        return self._bids.levels()

    @property
    def asks(self) -> Mapping[str, str]:
        return self._asks.levels()

    def mark_stale(self) -> None:
        """After a gap (disconnect), events were lost: wait for the next snapshot, any age."""
        self.stale, self.hash_checked = True, True

    # --8<-- [start:apply]
    def replace(self, snapshot: Mapping[str, Any]) -> bool:
        """Take a `book` event or a REST `/book` body; ignore levels older than the book."""
        if snapshot.get("asset_id") != self.asset_id:
            raise BookError(f"snapshot for {snapshot.get('asset_id')!r}, not {self.asset_id}")
        # The WebSocket `book` lacks min_order_size and neg_risk, which never change with the
        # book: take them from any REST body, even one too old for its levels.
        for key in ("min_order_size", "neg_risk"):
            if key in snapshot:
                setattr(self, key, snapshot[key])
        timestamp = int(snapshot["timestamp"])
        if timestamp < self.timestamp and not self.stale:
            return False  # a late REST answer: the stream already moved past it
        bids, asks = Side(snapshot["bids"]), Side(snapshot["asks"], descending=True)
        # A `book` frame after the first may lack last_trade_price: keep the value held.
        fields = {k: snapshot[k] for k in ("tick_size", "last_trade_price") if k in snapshot}
        self._install(
            timestamp,
            str(snapshot.get("market", self.market)),
            bids,
            asks,
            str(snapshot.get("hash", "")),
            fields,
        )
        return True

    def replace_levels(self, snapshot: Any, split_levels: Any, keep_text: bool = True) -> bool:
        """`replace` for a decoded `book` struct, its sides left as JSON text: a side in the
        compact form (`COMPACT_SIDE`) is checked whole and kept as text until needed; any other
        is decoded by `split_levels(raw)` (frame_decoder.split_levels: the price and size
        columns) and checked level by level. `keep_text`: keep level texts for the hash."""
        if snapshot.asset_id != self.asset_id:
            raise BookError(f"snapshot for {snapshot.asset_id!r}, not {self.asset_id}")
        timestamp = int(snapshot.timestamp)
        if timestamp < self.timestamp and not self.stale:
            return False
        bids, asks = Side.__new__(Side), Side.__new__(Side)
        bids.descending, asks.descending = False, True
        for side, raw in ((bids, snapshot.bids), (asks, snapshot.asks)):
            text = bytes(raw)
            if COMPACT_SIDE.fullmatch(text):
                side.take(text.decode(), keep_text)
            else:  # another JSON layout: decoded, then checked level by level
                side.load(*split_levels(raw))
        fields = {}
        if snapshot.tick_size is not None:
            fields["tick_size"] = snapshot.tick_size
        if snapshot.last_trade_price is not None:
            fields["last_trade_price"] = snapshot.last_trade_price
        self._install(timestamp, snapshot.market or self.market, bids, asks, snapshot.hash, fields)
        return True

    def _install(
        self, timestamp: int, market: str, bids: Side, asks: Side, hash: str, fields: dict
    ) -> None:
        self._bids, self._asks, self.timestamp, self.stale = bids, asks, timestamp, False
        self.market, self.hash = market, hash
        self.hash_checked, self.checked_at = True, timestamp  # the server's own state
        self.ltp_before = UNSET
        for key, value in fields.items():
            setattr(self, key, value)

    def apply(self, side: str, price: str, size: str, timestamp: int, hash: str) -> bool:
        """Apply one entry of a V2 `price_change` (size "0" removes the level)."""
        if self.stale or timestamp < self.timestamp:
            return False  # waiting for a snapshot, or already inside the one held
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

    def set_last_trade_price(self, price: str) -> None:
        """`last_trade_price`: a trade moved the field the hash covers. The value before it is
        kept until the next check, which may carry a hash computed just before the trade."""
        check_price(price)
        if price != self.last_trade_price:
            if self.ltp_before is UNSET:
                self.ltp_before = self.last_trade_price
            self.last_trade_price = price

    def set_tick_size(self, new_tick_size: str) -> None:
        """`tick_size_change`: the grid narrows near 0 and 1 (and widens back)."""
        if not Decimal(0) < Decimal(new_tick_size) < Decimal(1):
            raise BookError(f"tick size {new_tick_size!r} outside (0, 1)")
        self.tick_size = new_tick_size

    # --8<-- [end:apply]

    def best_bid(self) -> Decimal | None:
        price = self._bids.best()
        return None if price is None else Decimal(price)

    def best_ask(self) -> Decimal | None:
        price = self._asks.best()
        return None if price is None else Decimal(price)

    def levels(self) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
        """Bids lowest first and asks highest first: the order the server uses."""
        bids, asks = self._bids.levels(), self._asks.levels()
        return (
            [{"price": p, "size": bids[p]} for p in sorted(bids)],
            [{"price": p, "size": asks[p]} for p in sorted(asks, reverse=True)],
        )

    # --8<-- [start:hash]
    def can_hash(self) -> bool:
        """The hash covers min_order_size and neg_risk, which only a REST snapshot supplies."""
        return self.min_order_size is not None and self.neg_risk is not None

    def compute_hash(self, last_trade_price: Any = UNSET) -> str:
        """SHA-1 of the REST body with hash "": the same bytes as `json.dumps(...,
        separators=(",", ":"), ensure_ascii=False)` of `as_rest_body()`, fed to SHA-1 in
        one piece: the cached text around the levels joined with each side's cached text and
        encoded once."""
        frame = self._frame
        if (
            frame is None
            or last_trade_price is not UNSET
            or frame[0] != (self.market, self.min_order_size, self.tick_size, self.neg_risk)
            or frame[1] != self.last_trade_price
        ):
            frame = self._hash_frame(last_trade_price)
        bids, asks = self._bids, self._asks
        body = "".join(
            (
                frame[2],
                str(self.timestamp),
                '","hash":"","bids":[',
                bids.json_text() if bids.text is None else bids.text,
                '],"asks":[',
                asks.json_text() if asks.text is None else asks.text,
                frame[3],
            )
        ).encode()
        return hashlib.sha1(body).hexdigest()

    def _hash_frame(self, last_trade_price: Any) -> tuple[tuple[Any, ...], Any, str, str]:
        """The body's text before the timestamp and after the levels (kept for the next
        check unless it is for another `last_trade_price`)."""
        ltp = self.last_trade_price if last_trade_price is UNSET else last_trade_price
        key = (self.market, self.min_order_size, self.tick_size, self.neg_risk)
        dump = lambda value: json.dumps(value, ensure_ascii=False)  # noqa: E731
        head = f'{{"market":{dump(self.market)},"asset_id":"{self.asset_id}","timestamp":"'
        tail = (
            f'],"min_order_size":{dump(self.min_order_size)},"tick_size":'
            f'{dump(self.tick_size)},"neg_risk":{dump(self.neg_risk)},'
            f'"last_trade_price":{dump(ltp)}}}'
        )
        frame = (key, ltp, head, tail)
        if last_trade_price is UNSET:
            self._frame = frame
        return frame

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
