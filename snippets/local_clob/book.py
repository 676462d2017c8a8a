"""One asset's order book: price levels of resting orders in time order, matched price-time.

    book = Book("0xmarket", "123", tick=Decimal("0.01"), min_size=Decimal(5), neg_risk=False)
    book.rest(Order(...))                  # joins the back of its price level
    fills = book.match("BUY", Decimal("0.55"), size=Decimal(10))  # best price first, then oldest

`rest_body(timestamp)` is the REST `/book` body and `hash_of(body)` its hash: SHA-1 over the
compact JSON with `hash` set to "" (the payload py-clob-client-v2 1.2.1 rebuilds in
`utilities.generate_orderbook_summary_hash`, "Server-compatible orderbook hash"; it reproduces
the `hash` of the recorded V2 `/book` bodies in seed_books.json). Standard library only.
"""

from __future__ import annotations

import hashlib
import json
from collections import deque
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any


def fmt(value: Decimal) -> str:
    """A decimal the way the server writes prices and sizes: no trailing zeros ("0.5", "25")."""
    text = format(value.normalize(), "f")
    return text if text != "-0" else "0"


@dataclass
class Order:
    """A resting or finished order. Seeded liquidity has `owner == ""` and no account."""

    id: str
    owner: str  # API key of the poster
    maker: str  # maker address (whose balance moves)
    signer: str
    market: str
    asset_id: str
    side: str  # "BUY" | "SELL"
    price: Decimal
    original_size: Decimal
    order_type: str = "GTC"
    expiration: int = 0
    created_at: int = 0
    outcome: str = "Yes"
    size_matched: Decimal = Decimal(0)
    status: str = "LIVE"  # LIVE | MATCHED | CANCELED | EXPIRED
    associate_trades: list[str] = field(default_factory=list)
    seq: int = 0

    @property
    def remaining(self) -> Decimal:
        return self.original_size - self.size_matched

    def body(self) -> dict[str, Any]:
        """The `GET /data/order/{id}` shape (field order of the recorded body in the site's
        partial_fills cassette, a genuine capture from 2026-01-20)."""
        return {
            "id": self.id,
            "status": self.status,
            "owner": self.owner,
            "maker_address": self.maker,
            "market": self.market,
            "asset_id": self.asset_id,
            "side": self.side,
            "original_size": fmt(self.original_size),
            "size_matched": fmt(self.size_matched),
            "price": fmt(self.price),
            "outcome": self.outcome,
            "expiration": str(self.expiration),
            "order_type": self.order_type,
            "associate_trades": list(self.associate_trades),
            "created_at": self.created_at,
        }


def _shares(dollars: Decimal, price: Decimal) -> Decimal:
    """Whole cents of shares `dollars` buy at `price` (rounded down)."""
    return (dollars / price).quantize(Decimal("0.01"), "ROUND_DOWN")


@dataclass(frozen=True)
class Fill:
    maker: Order
    size: Decimal
    price: Decimal


class Book:
    def __init__(
        self,
        market: str,
        asset_id: str,
        *,
        tick: Decimal,
        min_size: Decimal,
        neg_risk: bool,
        last_trade_price: str = "",
    ) -> None:
        self.market, self.asset_id = market, asset_id
        self.tick, self.min_size, self.neg_risk = tick, min_size, neg_risk
        self.last_trade_price = last_trade_price
        self.levels: dict[str, dict[Decimal, deque[Order]]] = {"BUY": {}, "SELL": {}}

    # --- state ------------------------------------------------------------------------------
    def rest(self, order: Order) -> None:
        self.levels[order.side].setdefault(order.price, deque()).append(order)

    def remove(self, order: Order) -> bool:
        level = self.levels[order.side].get(order.price)
        if level is None or order not in level:
            return False
        level.remove(order)
        if not level:
            del self.levels[order.side][order.price]
        return True

    def size_at(self, side: str, price: Decimal) -> Decimal:
        return sum((o.remaining for o in self.levels[side].get(price, ())), Decimal(0))

    def best(self, side: str) -> Decimal | None:
        prices = self.levels[side]
        if not prices:
            return None
        return max(prices) if side == "BUY" else min(prices)

    def crosses(self, side: str, price: Decimal) -> bool:
        """Would an order at `price` trade at once against the other side?"""
        other = self.best("SELL" if side == "BUY" else "BUY")
        return other is not None and (price >= other if side == "BUY" else price <= other)

    # --- matching ---------------------------------------------------------------------------
    def _opposite(self, side: str, limit: Decimal) -> list[Decimal]:
        """Opposite-side prices a `side` order at `limit` may take, best first."""
        if side == "BUY":
            return sorted(p for p in self.levels["SELL"] if p <= limit)
        return sorted((p for p in self.levels["BUY"] if p >= limit), reverse=True)

    def fillable(self, side: str, limit: Decimal, *, size: Decimal | None, spend: Decimal | None):
        """(shares, cost) a taker could get now: by `size` shares, or by dollars to `spend`."""
        shares, cost = Decimal(0), Decimal(0)
        for price in self._opposite(side, limit):
            available = self.size_at("SELL" if side == "BUY" else "BUY", price)
            left = _shares(spend - cost, price) if spend is not None else size - shares  # type: ignore[operator]
            take = min(available, left)
            shares, cost = shares + take, cost + take * price
            if take < available:
                break
        return shares, cost

    def match(
        self,
        side: str,
        limit: Decimal,
        *,
        size: Decimal | None = None,
        spend: Decimal | None = None,
    ) -> list[Fill]:
        """Take liquidity at `limit` or better: best price first, oldest order first within a
        price (docs.polymarket.com/trading/matching-engine, read 2026-12-02: price-time).
        Executes at the resting order's price. Fills are removed from the book."""
        fills: list[Fill] = []
        shares, cost = Decimal(0), Decimal(0)
        opposite = "SELL" if side == "BUY" else "BUY"
        for price in self._opposite(side, limit):
            level = self.levels[opposite][price]
            while level:
                want = _shares(spend - cost, price) if spend is not None else size - shares  # type: ignore[operator]
                if want <= 0:
                    break
                maker = level[0]
                take = min(want, maker.remaining)
                maker.size_matched += take
                fills.append(Fill(maker, take, price))
                shares, cost = shares + take, cost + take * price
                if maker.remaining <= 0:
                    maker.status = "MATCHED"
                    level.popleft()
            if not level:
                del self.levels[opposite][price]
            else:
                break
        return fills

    # --- REST body and hash -----------------------------------------------------------------
    def _side_body(self, side: str) -> list[dict[str, str]]:
        # Recorded order: bids ascending, asks descending (best price last in both).
        prices = sorted(self.levels[side], reverse=side == "SELL")
        return [{"price": fmt(p), "size": fmt(self.size_at(side, p))} for p in prices]

    def rest_body(self, timestamp_ms: int) -> dict[str, Any]:
        body = {
            "market": self.market,
            "asset_id": self.asset_id,
            "timestamp": str(timestamp_ms),
            "hash": "",
            "bids": self._side_body("BUY"),
            "asks": self._side_body("SELL"),
            "min_order_size": fmt(self.min_size),
            "tick_size": fmt(self.tick),
            "neg_risk": self.neg_risk,
            "last_trade_price": self.last_trade_price,
        }
        body["hash"] = hash_of(body)
        return body


def hash_of(body: dict[str, Any]) -> str:
    """SHA-1 of the compact JSON body with `hash` blanked, keys in the server's order."""
    payload = dict(body, hash="")
    text = json.dumps(payload, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha1(text.encode("utf-8")).hexdigest()
