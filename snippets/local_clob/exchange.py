"""The exchange's state and rules, with no I/O: markets, orders, trades, balances, heartbeats.

    ex = Exchange(Clock(start=1_795_824_000.0), seed=7)
    ex.seed_markets(load_seed())                     # the recorded books in seed_books.json
    ex.fund("0xabc…", pusd=100, positions={token: 50})
    status, body = ex.post_order(api_key, {"order": {...}, "owner": ..., "orderType": "GTC"})

Every change is also announced to `ex.listeners` as `(channel, topic, frame)`: channel
"market" (topic = asset id) or "user" (topic = API key). app.py serves this over HTTP and
WebSocket; channels.py delivers the frames. All methods expect `ex.lock` to be held.
Copy with: book.py, clock.py, rules.py, signing.py, auth.py, buckets.py, records.py.
"""

from __future__ import annotations

import hashlib
import json
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from .auth import ApiKey, ApiKeys
from .book import Book, Fill, Order, fmt
from .buckets import SignerLimits
from .clock import Clock
from .records import OrderRecord, Records
from .rules import (
    GTD_SECURITY_S,
    MIN_MARKET_BUY,
    UNIT,
    amount_problem,
    balance_problem,
    expiration_problem,
    price_problem,
    size_problem,
)
from .signing import EXCHANGES, exchange_for, order_digest, recover

SEED_FILE = Path(__file__).with_name("seed_books.json")
MAX_UINT = 2**256 - 1
#: "after ten seconds without an accepted send, the server attempts cancel-all"
#: (polymarket-client 0.14.0 docstring; the docs page gives no number).
HEARTBEAT_TIMEOUT_S = 10.0
TRADE_STEPS = ("MATCHED", "MINED", "CONFIRMED")  # docs: websocket user-channel, read 2026-12-02
Reply = tuple[int, Any]


def load_seed(path: Path = SEED_FILE) -> list[dict[str, Any]]:
    return json.loads(path.read_text("utf-8"))["markets"]


@dataclass
class Market:
    condition_id: str
    version: str  # "v1" (CTF tokens) or "v2" (Protocol V2 positions, Exchange V3)
    tokens: list[dict[str, str]]
    neg_risk: bool
    tick: Decimal
    min_size: Decimal
    accepting_orders: bool = True

    @property
    def exchange(self) -> tuple[str, str]:
        return exchange_for(market_version=self.version, neg_risk=self.neg_risk)


@dataclass
class Trade:
    id: str
    taker: Order
    fills: list[Fill]
    side: str
    price: Decimal
    size: Decimal
    outcome: str
    match_time: int
    status: str = "MATCHED"
    last_update: int = 0
    transaction_hash: str | None = None

    def body(self, for_key: str) -> dict[str, Any]:
        """`GET /data/trades` item (site partial_fills cassette; polymarket-client ClobTrade)."""
        taker_side = self.taker.owner == for_key
        mine = next((f.maker for f in self.fills if f.maker.owner == for_key), self.taker)
        return {
            "id": self.id,
            "taker_order_id": self.taker.id,
            "market": self.taker.market,
            "asset_id": self.taker.asset_id,
            "side": self.side,
            "size": fmt(self.size),
            "fee_rate_bps": "0",
            "price": fmt(self.price),
            "status": self.status,
            "match_time": str(self.match_time),
            "last_update": str(self.last_update or self.match_time),
            "outcome": self.outcome,
            "bucket_index": 0,
            "owner": for_key,
            "maker_address": mine.maker,
            "transaction_hash": self.transaction_hash,
            "maker_orders": [
                {
                    "order_id": f.maker.id,
                    "owner": f.maker.owner,
                    "maker_address": f.maker.maker,
                    "matched_amount": fmt(f.size),
                    "price": fmt(f.price),
                    "fee_rate_bps": "0",
                    "asset_id": f.maker.asset_id,
                    "outcome": f.maker.outcome,
                    "side": f.maker.side,
                }
                for f in self.fills
            ],
            "trader_side": "TAKER" if taker_side else "MAKER",
        }


@dataclass
class Account:
    pusd: int = 0  # 6-decimal units
    positions: dict[str, int] = field(default_factory=dict)
    allowances: dict[str, int] = field(default_factory=lambda: dict.fromkeys(EXCHANGES, MAX_UINT))


def _uint(value: Any) -> int:
    """A uint256 sent as digits (or a JSON integer); anything else is a bad payload."""
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise ValueError("not an integer")
    text = str(value)
    if not text.isdigit() or len(text) > 78:  # also refuses "1e999999999" before it is built
        raise ValueError("not a uint256")
    return int(text)


class Exchange:
    def __init__(self, clock: Clock, seed: int = 0) -> None:
        self.clock = clock
        self.seed = seed
        self.lock = threading.RLock()
        self.keys = ApiKeys(seed)
        self.limits = SignerLimits(clock.now)
        self.records = Records()
        self.markets: dict[str, Market] = {}
        self.books: dict[str, Book] = {}
        self.book_time: dict[str, int] = {}
        self.token_market: dict[str, str] = {}
        self.orders: dict[str, Order] = {}
        self.trades: list[Trade] = []
        self.accounts: dict[str, Account] = {}
        self.heartbeats: dict[str, tuple[str, float]] = {}  # address -> (id, last accepted)
        self.listeners: list[Callable[[str, str, dict[str, Any]], None]] = []
        self.mode = "normal"  # normal | cancel_only | disabled | post_only | restarting
        self.settle = "auto"  # auto: MATCHED -> MINED -> CONFIRMED at once; manual: settle_trade
        self.fail_next_trades = 0
        self._seq = 0

    # --- setup ------------------------------------------------------------------------------
    def seed_markets(self, markets: list[dict[str, Any]]) -> None:
        for m in markets:
            book = m["book"]
            market = Market(
                condition_id=m["condition_id"],
                version=m.get("version", "v1"),
                tokens=m["tokens"],
                neg_risk=bool(book["neg_risk"]),
                tick=Decimal(book["tick_size"]),
                min_size=Decimal(book["min_order_size"]),
            )
            self.markets[market.condition_id] = market
            for token in market.tokens:
                self.token_market[token["token_id"]] = market.condition_id
                self.books[token["token_id"]] = Book(
                    market.condition_id,
                    token["token_id"],
                    tick=market.tick,
                    min_size=market.min_size,
                    neg_risk=market.neg_risk,
                    last_trade_price=book.get("last_trade_price", "")
                    if token["token_id"] == book["asset_id"]
                    else "",
                )
                self.book_time[token["token_id"]] = int(book["timestamp"])
            seeded = self.books[book["asset_id"]]
            for side, levels in (("BUY", book["bids"]), ("SELL", book["asks"])):
                for level in levels:
                    self._seq += 1
                    seeded.rest(
                        Order(
                            id=f"seed-{self._seq}",
                            owner="",
                            maker="",
                            signer="",
                            market=market.condition_id,
                            asset_id=book["asset_id"],
                            side=side,
                            price=Decimal(level["price"]),
                            original_size=Decimal(level["size"]),
                            seq=self._seq,
                        )
                    )

    def account(self, address: str) -> Account:
        return self.accounts.setdefault(address.lower(), Account())

    def fund(
        self, address: str, pusd: float = 0, positions: dict[str, float] | None = None
    ) -> None:
        acct = self.account(address)
        acct.pusd += int(Decimal(str(pusd)) * UNIT)
        for token, shares in (positions or {}).items():
            acct.positions[token] = acct.positions.get(token, 0) + int(Decimal(str(shares)) * UNIT)

    # --- events -----------------------------------------------------------------------------
    def emit(self, channel: str, topic: str, frame: dict[str, Any]) -> None:
        for listener in list(self.listeners):
            listener(channel, topic, frame)

    def book_body(self, asset_id: str, via: str = "rest") -> dict[str, Any]:
        body = self.books[asset_id].rest_body(self.book_time[asset_id])
        self.records.published.append((asset_id, body["timestamp"], body["hash"], via))
        return body

    def ws_book(self, asset_id: str) -> dict[str, Any]:
        """The market channel's `book` frame: the REST body without `min_order_size` and
        `neg_risk`, keys in the recorded order (the genuine V2 frames of the site's WebSocket
        tests); its `hash` is still the REST body's."""
        body = self.book_body(asset_id, via="ws")
        keys = ("market", "asset_id", "timestamp", "hash", "bids", "asks", "tick_size")
        return {**{k: body[k] for k in keys}, "event_type": "book",
                "last_trade_price": body["last_trade_price"]}  # fmt: skip

    def _touch(self, asset_id: str) -> None:
        self.book_time[asset_id] = max(self.book_time[asset_id] + 1, self.clock.now_ms())

    def _publish_levels(self, asset_id: str, changes: list[tuple[str, Decimal]]) -> None:
        """`price_change` carrying the hash of the server's own REST body after the change."""
        self._touch(asset_id)
        book = self.books[asset_id]
        body = self.book_body(asset_id, via="ws")
        best_bid, best_ask = book.best("BUY"), book.best("SELL")
        frame = {
            "market": book.market,
            "price_changes": [
                {
                    "asset_id": asset_id,
                    "price": fmt(price),
                    "size": fmt(book.size_at(side, price)),
                    "side": side,
                    "hash": body["hash"],
                    "best_bid": fmt(best_bid) if best_bid is not None else "0",
                    "best_ask": fmt(best_ask) if best_ask is not None else "1",
                }
                for side, price in dict.fromkeys(changes)
            ],
            "timestamp": body["timestamp"],
            "event_type": "price_change",
        }
        self.emit("market", asset_id, frame)
        self.emit(
            "market",
            asset_id,
            {  # keys in the recorded order
                "market": book.market,
                "asset_id": asset_id,
                "best_bid": frame["price_changes"][0]["best_bid"],
                "best_ask": frame["price_changes"][0]["best_ask"],
                "spread": fmt(
                    Decimal(frame["price_changes"][0]["best_ask"])
                    - Decimal(frame["price_changes"][0]["best_bid"])
                ),
                "timestamp": body["timestamp"],
                "event_type": "best_bid_ask",
            },
        )

    def _order_event(self, order: Order, kind: str) -> None:
        if order.owner:
            frame = dict(order.body(), event_type="order", type=kind, order_owner=order.owner)
            frame["created_at"] = str(order.created_at)  # a string on the channel (recorded)
            frame["timestamp"] = str(self.clock.now_ms())
            self.emit("user", order.owner, frame)

    def _trade_event(self, trade: Trade) -> None:
        owners = dict.fromkeys([trade.taker.owner] + [f.maker.owner for f in trade.fills])
        for owner in owners:
            if owner:
                frame = dict(trade.body(owner), event_type="trade", type="TRADE")
                frame["trade_owner"] = owner
                frame["timestamp"] = str(self.clock.now_ms())
                self.emit("user", owner, frame)

    # --- time -------------------------------------------------------------------------------
    def tick(self) -> None:
        """Apply what the clock's passing implies: GTD expiry and heartbeat timeouts."""
        now = self.clock.now()
        for order in list(self.orders.values()):
            if (
                order.status == "LIVE"
                and order.order_type == "GTD"
                and now >= order.expiration - GTD_SECURITY_S
            ):
                self._cancel(order, status="CANCELED")
        for address, (_, last) in list(self.heartbeats.items()):
            if now - last > HEARTBEAT_TIMEOUT_S:
                del self.heartbeats[address]
                for order in list(self.orders.values()):
                    if order.status == "LIVE" and order.signer.lower() == address:
                        self._cancel(order)

    # --- heartbeats -------------------------------------------------------------------------
    def heartbeat(self, key: ApiKey, heartbeat_id: Any) -> Reply:
        """First send `""`, then the id of the previous reply; a wrong id answers 400 with the
        current one (recorded body, site cassette heartbeat_stale). Cancels on timeout: see
        `tick` (docs.polymarket.com/api-reference/trade/send-heartbeat, read 2026-12-02)."""
        address = key.address.lower()
        current = self.heartbeats.get(address)
        expected = current[0] if current else ""
        if heartbeat_id != expected:
            return 400, {"error": "Invalid Heartbeat ID", "heartbeat_id": expected}
        new_id = str(uuid.UUID(bytes=self._rand(f"hb:{address}")[:16], version=4))
        self.heartbeats[address] = (new_id, self.clock.now())
        return 200, {"heartbeat_id": new_id}

    def _rand(self, text: str) -> bytes:
        self._seq += 1
        return hashlib.sha256(f"{self.seed}:{self._seq}:{text}".encode()).digest()

    # --- orders -----------------------------------------------------------------------------
    def reserved(self, address: str, asset: str | None) -> int:
        """Units held by open orders: pUSD for BUYs (asset None), shares of `asset` for SELLs."""
        total = Decimal(0)
        for o in self.orders.values():
            if o.status != "LIVE" or o.maker.lower() != address.lower():
                continue
            if asset is None and o.side == "BUY":
                total += o.remaining * o.price
            elif asset is not None and o.side == "SELL" and o.asset_id == asset:
                total += o.remaining
        return int(total * UNIT)

    def _mode_reply(self, post_only: bool) -> Reply | None:
        """Trading modes (docs error-codes page and docs.polymarket.com/trading/matching-engine,
        read 2026-12-02)."""
        if self.mode == "disabled":
            return 503, {"error": "Trading is currently disabled. Check polymarket.com for updates"}
        if self.mode == "cancel_only":
            return 503, {
                "error": "Trading is currently cancel-only. New orders are not accepted, "
                "but cancels are allowed."
            }
        if self.mode == "restarting":
            return 425, "service not ready"
        if self.mode == "post_only" and not post_only:
            return 503, {
                "error": "post-only mode: only post-only orders and cancels are allowed",
                "code": "post_only_mode",
                "retry_after_seconds": 79,
            }
        return None

    def post_order(self, key: ApiKey, payload: Any) -> Reply:
        with self.lock:
            try:
                return self._post_order(key, payload)
            except (KeyError, TypeError, ValueError, AttributeError, OverflowError):
                return 400, {"error": "Invalid order payload"}  # GUESS wording (3p reports)

    def _post_order(self, key: ApiKey, payload: Any) -> Reply:
        if not isinstance(payload, dict) or not isinstance(payload.get("order"), dict):
            raise ValueError("no order")
        post_only = payload.get("postOnly", False) is True
        mode = self._mode_reply(post_only)
        if mode:
            return mode
        raw = payload["order"]
        if "timestamp" not in raw and ("nonce" in raw or "feeRateBps" in raw):
            return 400, {"error": "order_version_mismatch"}  # recorded (cassette)
        order_type = payload.get("orderType", "GTC")
        if order_type not in ("GTC", "GTD", "FOK", "FAK"):
            return 400, {"error": f"invalid order type {order_type}"}  # GUESS wording
        if payload.get("owner") != key.key:
            # GUESS wording: the owner must be the API key that signs the request.
            return 400, {"error": "the order owner has to be the owner of the API KEY"}
        token = str(raw["tokenId"])
        market = self.markets.get(self.token_market.get(token, ""))
        if market is None:
            return 400, {"error": "Invalid token id"}  # error-codes page (GET /book), reused
        if not market.accepting_orders:  # docs-derived body (site cassette market_not_ready)
            return 200, {
                "orderID": "", "takingAmount": "", "makingAmount": "", "status": "",
                "success": False, "errorMsg": "the market is not yet ready to process new orders",
            }  # fmt: skip
        if str(raw["signer"]).lower() != key.address.lower():
            return 400, {"error": "the order signer address has to be the address of the API KEY"}
        side = raw["side"]
        if side not in ("BUY", "SELL"):
            raise ValueError("side")
        maker_amt, taker_amt = _uint(raw["makerAmount"]), _uint(raw["takerAmount"])
        expiration = _uint(raw.get("expiration", "0"))
        if maker_amt <= 0 or taker_amt <= 0:
            raise ValueError("amounts")
        exchange, version = market.exchange
        digest = order_digest(raw, exchange, version)
        order_id = "0x" + digest.hex()
        if order_id in self.orders:  # same signed order again: the same order, not a second
            self.records.orders[order_id].posts += 1
            return 200, self._accepted(self.orders[order_id], [], replay=True)
        signer = recover(digest.hex(), str(raw["signature"]))
        if (
            signer is None
            or signer.lower() != key.address.lower()
            or (int(raw["signatureType"]) == 0 and str(raw["maker"]).lower() != signer.lower())
        ):
            return 400, {"error": "invalid signature"}  # recorded (cassette invalid_signature)
        market_order = order_type in ("FOK", "FAK")
        if post_only and market_order:  # docs orders overview: post-only only with GTC/GTD
            return 400, {"error": "invalid post-only order: only GTC and GTD orders"}  # GUESS
        problem = amount_problem(
            side, market_order=market_order, maker=maker_amt, taker=taker_amt, tick=market.tick
        )
        if problem:
            return 400, problem
        shares_units, money_units = (
            (taker_amt, maker_amt) if side == "BUY" else (maker_amt, taker_amt)
        )
        price = Decimal(money_units) / Decimal(shares_units)
        size = Decimal(shares_units) / UNIT
        problem = price_problem(order_id, price, market.tick, on_grid=not market_order)
        if not problem and not (market_order and side == "BUY"):
            problem = size_problem(order_id, size, market.min_size)
        if not problem and market_order and side == "BUY" and maker_amt < MIN_MARKET_BUY * UNIT:
            problem = {
                "error": f"invalid amount for a marketable BUY order "
                f"(${fmt(Decimal(maker_amt) / UNIT)}), min size: $1"
            }
        problem = problem or expiration_problem(order_type, expiration, self.clock.now())
        if problem:
            return 400, problem
        book = self.books[token]
        if post_only and book.crosses(side, price):
            return 400, {"error": f"order {order_id} crosses the book"}  # recorded (cassette)
        acct = self.account(str(raw["maker"]))
        need = maker_amt
        if side == "BUY":
            held, reserved = acct.pusd, self.reserved(acct_key := str(raw["maker"]), None)
        else:
            acct_key = str(raw["maker"])
            held, reserved = acct.positions.get(token, 0), self.reserved(acct_key, token)
        problem = balance_problem(
            balance=held, reserved=reserved, need=need, allowance=acct.allowances.get(exchange, 0)
        )
        if problem:
            return 400, problem
        spend = Decimal(maker_amt) / UNIT if market_order and side == "BUY" else None
        want = None if spend is not None else size
        if order_type == "FOK":
            shares, cost = book.fillable(side, price, size=want, spend=spend)
            short = (spend - cost >= Decimal("0.01")) if spend is not None else shares < size
            if short:
                return 400, {  # recorded (cassette fok_not_filled)
                    "error": "order couldn't be fully filled. "
                    "FOK orders are fully filled or killed."
                }
        if order_type == "FAK" and not book.fillable(side, price, size=want, spend=spend)[0]:
            return 200, {  # docs-derived (cassette fak_no_match)
                "orderID": "",
                "takingAmount": "",
                "makingAmount": "",
                "status": "",
                "success": False,
                "errorMsg": "no orders found to match with FAK order. FAK orders are partially "
                "filled or killed if no match is found.",
            }
        self._seq += 1
        order = Order(
            id=order_id,
            owner=key.key,
            maker=str(raw["maker"]),
            signer=str(raw["signer"]),
            market=market.condition_id,
            asset_id=token,
            side=side,
            price=price,
            original_size=size,
            order_type=order_type,
            expiration=expiration,
            created_at=int(self.clock.now()),
            outcome=next(t["outcome"] for t in market.tokens if t["token_id"] == token),
            seq=self._seq,
        )
        self.orders[order_id] = order
        self.records.orders[order_id] = OrderRecord(
            order_id, key.key, key.address, token, side, fmt(price), fmt(size), order_type,
            self.clock.now(),
        )  # fmt: skip
        fills = book.match(side, price, size=want, spend=spend)
        trades = self._execute(order, fills) if fills else []
        if spend is not None:  # a market BUY's size is what it bought
            order.original_size = order.size_matched
        if order.remaining > 0 and not market_order:
            book.rest(order)
            self._publish_levels(token, [(side, price)])
            self._order_event(order, "PLACEMENT")
        elif order.remaining > 0 or order.original_size == 0:
            order.status = "CANCELED" if order.size_matched == 0 else "MATCHED"
        else:
            order.status = "MATCHED"
        return 200, self._accepted(order, trades)

    def _accepted(self, order: Order, trades: list[Trade], replay: bool = False) -> dict[str, Any]:
        """Success body (docs-derived: site cassettes; polymarket-client order_response.py)."""
        matched = order.size_matched
        cost = sum((f.size * f.price for t in trades for f in t.fills), Decimal(0))
        making, taking = (cost, matched) if order.side == "BUY" else (matched, cost)
        return {
            "errorMsg": "",
            "orderID": order.id,
            "takingAmount": fmt(taking) if trades else "",
            "makingAmount": fmt(making) if trades else "",
            "status": "matched" if trades else ("live" if order.status == "LIVE" else "matched"),
            "success": True,
            **({"tradeIDs": [t.id for t in trades]} if trades else {}),
        }

    def _execute(self, taker: Order, fills: list[Fill]) -> list[Trade]:
        """Move balances, mark orders, announce: one trade per taker order."""
        now_ms = self.clock.now_ms()
        trade = Trade(
            id=str(uuid.UUID(bytes=self._rand(taker.id)[:16], version=4)),
            taker=taker,
            fills=fills,
            side=taker.side,
            price=fills[0].price,  # GUESS: the first maker's price
            size=sum((f.size for f in fills), Decimal(0)),
            outcome=taker.outcome,
            match_time=now_ms // 1000,
        )
        taker.size_matched = trade.size
        taker.associate_trades.append(trade.id)
        for f in fills:
            f.maker.associate_trades.append(trade.id)
            self._move(taker, f.size, f.price)
            self._move(f.maker, f.size, f.price)
            if f.maker.owner:
                self._order_event(f.maker, "UPDATE")
        self.trades.append(trade)
        book = self.books[taker.asset_id]
        book.last_trade_price = fmt(trade.price)
        opposite = "SELL" if taker.side == "BUY" else "BUY"
        self._publish_levels(taker.asset_id, [(opposite, f.price) for f in fills])
        self.emit(
            "market",
            taker.asset_id,
            {
                "asset_id": taker.asset_id,
                "event_type": "last_trade_price",
                "fee_rate_bps": "0",
                "market": taker.market,
                "price": fmt(trade.price),
                "side": taker.side,
                "size": fmt(trade.size),
                "timestamp": str(now_ms),
            },
        )
        # "book" is also "emitted when there is a trade that affects the book" (docs
        # market-channel page, read 2026-12-02); its hash is that of the REST body now.
        self.emit("market", taker.asset_id, self.ws_book(taker.asset_id))
        self._trade_event(trade)
        if self.settle == "auto":
            self.settle_trade(trade.id, "MINED")
            self.settle_trade(trade.id, "CONFIRMED")
        return [trade]

    def _move(self, order: Order, size: Decimal, price: Decimal, sign: int = 1) -> None:
        if not order.owner:
            return  # seeded liquidity has no account
        acct = self.account(order.maker)
        money, shares = int(size * price * UNIT), int(size * UNIT)
        direction = sign if order.side == "BUY" else -sign
        acct.pusd -= direction * money
        acct.positions[order.asset_id] = acct.positions.get(order.asset_id, 0) + direction * shares

    def settle_trade(self, trade_id: str, status: str) -> None:
        """Move a trade on: MATCHED -> MINED -> CONFIRMED, or RETRYING -> FAILED (balances go
        back). The user channel sees each step (docs user-channel page, read 2026-12-02)."""
        trade = next(t for t in self.trades if t.id == trade_id)
        if self.fail_next_trades and status in ("MINED", "CONFIRMED"):
            self.fail_next_trades -= 1
            status = "FAILED"
        if trade.status in ("CONFIRMED", "FAILED"):
            return
        if status == "FAILED":
            for f in trade.fills:
                self._move(trade.taker, f.size, f.price, sign=-1)
                self._move(f.maker, f.size, f.price, sign=-1)
        trade.status = status
        trade.last_update = int(self.clock.now())
        if status in ("MINED", "CONFIRMED"):
            trade.transaction_hash = "0x" + hashlib.sha256(trade.id.encode()).hexdigest()
        self._trade_event(trade)

    # --- cancels ----------------------------------------------------------------------------
    def _cancel(self, order: Order, status: str = "CANCELED") -> None:
        self.books[order.asset_id].remove(order)
        order.status = status
        self._publish_levels(order.asset_id, [(order.side, order.price)])
        self._order_event(order, "CANCELLATION")

    def cancel(self, key: ApiKey, ids: list[str]) -> dict[str, Any]:
        """`{"canceled": [...], "not_canceled": {id: reason}}` (docs.polymarket.com/trading/
        orders/cancel, read 2026-12-02; reason text recorded in the site's cancel cassette)."""
        canceled, not_canceled = [], {}
        for oid in ids:
            order = self.orders.get(oid)
            if order is None or order.owner != key.key or order.status != "LIVE":
                not_canceled[oid] = "order can't be found"
                continue
            self._cancel(order)
            canceled.append(oid)
        return {"not_canceled": not_canceled, "canceled": canceled}

    def live_orders(self, key: ApiKey, market: str = "", asset_id: str = "") -> list[Order]:
        return [
            o
            for o in sorted(self.orders.values(), key=lambda o: o.seq)
            if o.owner == key.key
            and o.status == "LIVE"
            and (not market or o.market == market)
            and (not asset_id or o.asset_id == asset_id)
        ]

    def trades_of(self, key: ApiKey) -> list[Trade]:
        return [
            t
            for t in self.trades
            if t.taker.owner == key.key or any(f.maker.owner == key.key for f in t.fills)
        ]

    def change_tick_size(self, asset_id: str, new_tick: str) -> None:
        """A `tick_size_change` event (docs market-channel page, read 2026-12-02)."""
        market = self.markets[self.token_market[asset_id]]
        old = market.tick
        market.tick = Decimal(new_tick)
        for token in market.tokens:
            self.books[token["token_id"]].tick = market.tick
            self._touch(token["token_id"])
            self.emit(
                "market",
                token["token_id"],
                {
                    "event_type": "tick_size_change",
                    "asset_id": token["token_id"],
                    "market": market.condition_id,
                    "old_tick_size": fmt(old),
                    "new_tick_size": fmt(market.tick),
                    "timestamp": str(self.clock.now_ms()),
                },
            )
