"""The bad inputs of the "Order constraints" page: one list, used by the tests AND by the table
generator (scripts/tables/order_constraints.py), so the page shows exactly what is tested.

`sdks` says what the two SDKs do with the same input, and the tests check it:
- "both": polymarket-client and py-clob-client-v2 both refuse it before any network call;
- "pc": polymarket-client refuses it; py-clob-client-v2 signs it (rounded or as is);
- "server": both SDKs sign it and the CLOB rejects it (the `note` cites the server's words);
- "rounds": both SDKs silently cut it to another order than the one asked for;
- "none": nobody stops it; the order is valid but not what was meant.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal as D
from typing import Any

from snippets.order_constraints import order_constraints as oc

NOW = 1_795_824_000  # 2026-11-28T00:00:00Z, the tests' frozen clock


@dataclass(frozen=True)
class Case:
    name: str
    kind: str  # "limit" | "market" | "amounts"
    args: dict[str, Any]
    field: str
    nearest: str | None
    sdks: str
    note: str
    tick: str = "0.01"
    min_size: str = "5"
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def market(self) -> oc.Market:
        return oc.Market(D(self.tick), D(self.min_size))

    def call(self) -> Callable[[], object]:
        if self.kind == "limit":
            return lambda: oc.check_limit_order(self.market, now=NOW, **self.args)
        if self.kind == "market":
            return lambda: oc.check_market_order(self.market, **self.args)
        return lambda: oc.check_amounts(tick_size=self.tick, **self.args)

    def message(self) -> str:
        try:
            self.call()()
        except oc.OrderRejected as rejected:
            return str(rejected)
        raise AssertionError(f"{self.name} was accepted")


def limit(name: str, field: str, nearest: str | None, sdks: str, note: str, **kw: Any) -> Case:
    tick, min_size = kw.pop("tick", "0.01"), kw.pop("min_size", "5")
    args = {"side": "BUY", "price": "0.50", "size": "10"} | kw
    return Case(name, "limit", args, field, nearest, sdks, note, tick, min_size)


def market(name: str, field: str, nearest: str | None, sdks: str, note: str, **kw: Any) -> Case:
    args = {"side": "BUY", "amount": "5", "worst_price": "0.53"} | kw
    return Case(name, "market", args, field, nearest, sdks, note)


SIZE_MIN = "CLOB: `Size (1.08) lower than the minimum: 5` (py-clob-client #301)"
EXPIRY = "CLOB `errorMsg` `invalid expiration` (polymarket-client `order_response.py`)"
MARKETABLE = "CLOB: `invalid amount for a marketable BUY order ($0.5), min size: $1` (3p logs)"

CASES: list[Case] = [
    limit(
        "off-tick price", "price", "0.50", "pc", "py-clob-client-v2 rounds to 0.5", price="0.503"
    ),
    limit("float noise", "price", "0.30", "pc", "py-clob-client-v2 rounds", price=0.1 + 0.2),
    limit("price 0", "price", "0.01", "both", "", price="0"),
    limit("price 1", "price", "0.99", "both", "", price="1"),
    limit("price above 1", "price", "0.99", "both", "", price="1.5"),
    limit("negative price", "price", "0.01", "both", "", price="-0.2"),
    limit("NaN price", "price", None, "both", "", price="NaN"),
    limit("infinite price", "price", None, "both", "", price=float("inf")),
    limit("price not a number", "price", None, "both", "", price="abc"),
    limit("price missing", "price", None, "both", "", price=None),
    limit(
        "off the 0.005 grid",
        "price",
        "0.050",
        "pc",
        "py-clob-client-v2 signs 0.051; the CLOB needs price / tick to be whole (py-sdk #181)",
        price="0.051",
        tick="0.005",
    ),
    limit("below a 0.0025 tick", "price", "0.0025", "both", "", price="0.001", tick="0.0025"),
    limit("sub-tick at the top", "price", "0.999", "both", "", price="0.9995", tick="0.001"),
    limit("unsupported tick size", "tick_size", None, "both", "", tick="0.05"),
    limit("size 0", "size", "5", "pc", "py-clob-client-v2 signs a zero order", size="0"),
    limit("negative size", "size", "5", "both", "py-clob-client-v2 fails in eth_abi", size="-5"),
    limit("below min_order_size", "size", "5", "server", SIZE_MIN, size="4.99"),
    limit("size too precise", "size", "10.55", "rounds", "both cut to 10.55", size="10.555"),
    limit("NaN size", "size", None, "both", "", size="NaN"),
    limit("lower-case side", "side", "BUY", "both", "", side="buy"),
    limit("unknown side", "side", None, "both", "", side="LONG"),
    limit(
        "GTD without expiration",
        "expiration",
        str(NOW + 180),
        "none",
        "polymarket-client makes it GTC; py-clob-client-v2 posts GTD with 0 (answer unverified)",
        order_type="GTD",
    ),
    limit(
        "expired GTD",
        "expiration",
        str(NOW + 180),
        "pc",
        EXPIRY,
        **{"order_type": "GTD", "expiration": NOW - 10},
    ),
    limit(
        "GTD inside the 1-minute threshold",
        "expiration",
        str(NOW + 180),
        "pc",
        EXPIRY,
        **{"order_type": "GTD", "expiration": NOW + 60},
    ),
    limit(
        "GTD 2 minutes ahead",
        "expiration",
        str(NOW + 180),
        "pc",
        "the CLOB would take it (60 s rule); we follow polymarket-client's 180 s",
        order_type="GTD",
        expiration=NOW + 120,
    ),
    limit(
        "GTD in milliseconds",
        "expiration",
        str(NOW + 3600),
        "none",
        "a valid order that expires in the year 58,000",
        order_type="GTD",
        expiration=(NOW + 3600) * 1000,
    ),
    limit(
        "GTC with an expiration",
        "expiration",
        "0",
        "none",
        "polymarket-client silently makes it GTD",
        expiration=NOW + 3600,
    ),
    limit(
        "float expiration", "expiration", None, "pc", "", order_type="GTD", expiration=NOW + 3600.5
    ),
    limit(
        "marketable BUY under $1",
        "size",
        "10.00",
        "server",
        MARKETABLE,
        price="0.10",
        size="5",
        best_ask=D("0.10"),
    ),
    market("market BUY under $1", "amount", "1", "server", MARKETABLE, amount="0.5"),
    market(
        "market BUY too precise", "amount", "2.00", "rounds", "both cut to 2.00", amount="2.005"
    ),
    market("negative market BUY", "amount", "1", "both", "v2 fails in eth_abi", amount="-3"),
    market(
        "worst price off-tick",
        "worst_price",
        "0.54",
        "pc",
        "py-clob-client-v2 rounds down to 0.53",
        worst_price="0.535",
    ),
    market(
        "IOC order type",
        "order_type",
        "FAK",
        "pc",
        "py-clob-client-v2 has no IOC",
        order_type="IOC",
    ),
    market("post-only FOK", "post_only", "False", "both", "refused when posting", post_only=True),
    market(
        "market SELL too precise",
        "amount",
        "10.55",
        "rounds",
        "both cut to 10.55",
        **{"side": "SELL", "amount": "10.555", "worst_price": "0.50"},
    ),
    Case(
        "market BUY maker with 6 decimals",
        "amounts",
        {"kind": "market", "side": "BUY", "maker_amount": 1_999_422, "taker_amount": 2_019_600},
        "maker_amount",
        "1.99",
        "server",
        "CLOB: `the market buy orders maker amount supports a max accuracy of 2 decimals, taker "
        "amount a max of 4 decimals` (rs-clob-client-v2 #59, V2)",
    ),
    Case(
        "limit BUY maker with 5 decimals",
        "amounts",
        {"kind": "limit", "side": "BUY", "maker_amount": 5_000_050, "taker_amount": 10_000_000},
        "maker_amount",
        "5.0000",
        "server",
        "CLOB: `the buy orders maker amount supports a max accuracy of 4 decimals, taker amount "
        "a max of 2 decimals` (py-clob-client #305)",
    ),
    Case(
        "limit SELL amounts off the price grid",
        "amounts",
        {"kind": "limit", "side": "SELL", "maker_amount": 19_690_000, "taker_amount": 4_330_000},
        "taker_amount",
        "4.3318",
        "server",
        "CLOB: `the taker amount for a $0.22 order of size 19.69 should be '4.3318'` "
        "(Polymarket.Net #5, V1)",
    ),
]
