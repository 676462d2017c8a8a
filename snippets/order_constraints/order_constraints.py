"""Validate and round a Polymarket CLOB order before it is signed: Decimal only, no network.

Every check raises `OrderRejected` naming the field, what is wrong and, where one exists, the
nearest value that would pass. Sources (read 2026-11-28):

- tick sizes and rounding: `ROUNDING_CONFIG` in py-clob-client-v2 1.2.1
  (`order_builder/builder.py`) and `_ROUNDING_BY_TICK` in polymarket-client 0.14.0
  (`_internal/actions/orders/context.py`); 0.005 and 0.0025 were added to every official SDK on
  2026-07-01/02 "matching upstream CLOB behavior" (py-clob-client-v2 PR #95, py-sdk PR #131);
- price bounds `tick <= price <= 1 - tick` and the grid rule: both SDKs and py-sdk PR #181;
- GTD: the security minute (docs.polymarket.com/trading/orders/overview) and the 3-minute
  minimum (docs.polymarket.com/trading/place-orders, read 2026-12-02);
- `min_order_size`: the market's order book (`GET /book`);
- $1 minimum for a marketable BUY and the amount precisions: server errors quoted by users
  (see the page "Order constraints").
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_EVEN, Decimal, InvalidOperation
from typing import Literal

Side = Literal["BUY", "SELL"]
OrderType = Literal["GTC", "GTD", "FOK", "FAK"]
Kind = Literal["limit", "market"]

ONE = Decimal(1)
#: pUSD and outcome tokens both have 6 decimals; signed amounts are integers in those units.
TOKEN_DECIMALS = 6
#: Shares (and a market BUY's pUSD) are rounded to 2 decimals by both SDKs.
SIZE_DECIMALS = 2
#: A marketable BUY must be worth at least $1 (server: "invalid amount for a marketable BUY
#: order ($0.5), min size: $1").
MIN_MARKETABLE_BUY = Decimal("1")
#: docs.polymarket.com: a GTD order needs one extra minute of validity.
GTD_SECURITY_THRESHOLD_S = 60
#: "the expiration must be at least 3 minutes in the future" (docs: trading/place-orders);
#: polymarket-client refuses it before signing (`limit.py`), the CLOB refuses it after.
MIN_GTD_LEAD_S = 180
#: A market BUY's taker leg (the shares it asks for): the CLOB answers "the market buy orders
#: maker amount supports a max accuracy of 2 decimals, taker amount a max of 4 decimals".
#: Both SDKs round it to the tick's amount decimals instead (5 at tick 0.001 and 0.005, 6 at
#: 0.0001 and 0.0025), so on those markets they sign amounts the CLOB refuses.
MARKET_BUY_TAKER_DECIMALS = 4
#: An expiration above this is almost certainly in milliseconds (year 5138 in seconds).
MAX_PLAUSIBLE_EXPIRATION = 10**11


@dataclass(frozen=True)
class TickRule:
    """What one tick size implies: the price grid, its bounds and the amount precision."""

    tick: Decimal
    price_decimals: int
    amount_decimals: int
    documented: bool  # listed on docs.polymarket.com/trading/orders/overview

    @property
    def min_price(self) -> Decimal:
        return self.tick

    @property
    def max_price(self) -> Decimal:
        return ONE - self.tick


# --8<-- [start:ticks]
#: tick -> (price decimals, amount decimals, on the docs page); the SDKs' rounding tables.
TICK_RULES: dict[Decimal, TickRule] = {
    Decimal(t): TickRule(Decimal(t), p, a, d)
    for t, p, a, d in [
        ("0.1", 1, 3, True),
        ("0.01", 2, 4, True),
        ("0.005", 3, 5, False),
        ("0.0025", 4, 6, False),
        ("0.001", 3, 5, True),
        ("0.0001", 4, 6, True),
    ]
}
# --8<-- [end:ticks]


class OrderRejected(ValueError):
    """An order that must not be signed: which field, why, and the nearest valid value."""

    def __init__(self, field: str, problem: str, nearest: object = None) -> None:
        self.field, self.problem, self.nearest = field, problem, nearest
        hint = f"; nearest valid value: {nearest}" if nearest is not None else ""
        super().__init__(f"{field}: {problem}{hint}")


def decimals_of(value: Decimal) -> int:
    """Number of decimal places a finite Decimal really has (trailing zeros ignored)."""
    exponent = value.normalize().as_tuple().exponent
    return max(0, -int(exponent))


def plain(value: Decimal) -> str:
    """`Decimal('4.330000')` -> '4.33', `Decimal('10')` -> '10' (no exponent)."""
    return format(value.normalize(), "f")


def quantize(value: Decimal, places: int, rounding: str) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-places), rounding=rounding)


def to_decimal(field: str, value: object) -> Decimal:
    """A finite Decimal from a Decimal, int, str or float (floats via `str`, like the SDKs)."""
    if isinstance(value, bool) or not isinstance(value, Decimal | int | str | float):
        raise OrderRejected(field, f"must be a number, got {type(value).__name__}")
    try:
        result = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    except InvalidOperation:
        raise OrderRejected(field, f"{value!r} is not a number") from None
    if not result.is_finite():
        raise OrderRejected(field, f"must be finite, got {value!r}")
    return result


def rule_for(tick_size: object) -> TickRule:
    tick = to_decimal("tick_size", tick_size)
    rule = TICK_RULES.get(tick)
    if rule is None:
        known = ", ".join(str(t) for t in TICK_RULES)
        raise OrderRejected("tick_size", f"{tick} is not a tick size the CLOB uses ({known})")
    return rule


# --8<-- [start:price]
def snap_price(price: Decimal, rule: TickRule, side: Side | None = None) -> Decimal:
    """The grid price nearest to `price` inside the bounds. With a side, round the safe way:
    a BUY never pays more (down), a SELL never receives less (up)."""
    mode = {"BUY": ROUND_FLOOR, "SELL": ROUND_CEILING, None: ROUND_HALF_EVEN}[side]
    steps = (price / rule.tick).quantize(ONE, rounding=mode)
    snapped = (steps * rule.tick).quantize(rule.tick)
    return min(max(snapped, rule.min_price), rule.max_price)


def check_price(value: object, rule: TickRule, field: str = "price") -> Decimal:
    price = to_decimal(field, value)
    if price < rule.min_price or price > rule.max_price:
        bound = rule.min_price if price < rule.min_price else rule.max_price
        raise OrderRejected(
            field,
            f"{price} is outside [{rule.min_price}, {rule.max_price}] for tick {rule.tick}",
            bound,
        )
    if price % rule.tick != 0:
        raise OrderRejected(
            field, f"{price} is not on the {rule.tick} tick grid", snap_price(price, rule)
        )
    return price.quantize(rule.tick)


# --8<-- [end:price]


def check_side(value: object) -> Side:
    if value in ("BUY", "SELL"):
        return value  # type: ignore[return-value]
    upper = value.strip().upper() if isinstance(value, str) else None
    nearest = upper if upper in ("BUY", "SELL") else None
    raise OrderRejected("side", f"must be 'BUY' or 'SELL', got {value!r}", nearest)


def check_shares(
    value: object, field: str, minimum: Decimal, label: str = "the market's min_order_size"
) -> Decimal:
    """A share count: positive, at most 2 decimals, at least `minimum`."""
    size = to_decimal(field, value)
    if size <= 0:
        raise OrderRejected(field, f"must be positive, got {size}", minimum)
    if decimals_of(size) > SIZE_DECIMALS:
        floor = quantize(size, SIZE_DECIMALS, ROUND_FLOOR)
        raise OrderRejected(
            field, f"{size} has more than {SIZE_DECIMALS} decimals (the SDKs cut it)", floor
        )
    if size < minimum:
        raise OrderRejected(field, f"{size} is below {label} {minimum}", minimum)
    return size


# --8<-- [start:expiration]
def gtd_expiration(lifetime_s: int, now: float | None = None) -> int:
    """The `expiration` for a GTD order that should live `lifetime_s` seconds (docs: add 60)."""
    start = int(time.time() if now is None else now)
    return start + GTD_SECURITY_THRESHOLD_S + lifetime_s


def check_expiration(order_type: OrderType, value: object, now: float | None = None) -> int:
    """0 for GTC/FOK/FAK; for GTD a UTC second at least `MIN_GTD_LEAD_S` ahead."""
    start = int(time.time() if now is None else now)
    if isinstance(value, bool) or not isinstance(value, int):
        raise OrderRejected("expiration", f"must be an int of UTC seconds, got {value!r}")
    if order_type != "GTD":
        if value != 0:
            raise OrderRejected("expiration", f"only GTD orders expire; {order_type} needs 0", 0)
        return 0
    earliest = start + MIN_GTD_LEAD_S
    if value > MAX_PLAUSIBLE_EXPIRATION:
        raise OrderRejected("expiration", f"{value} looks like milliseconds", value // 1000)
    if value == 0:
        raise OrderRejected("expiration", "a GTD order needs an expiration", earliest)
    if value < earliest:
        why = "is in the past" if value <= start else f"is less than {MIN_GTD_LEAD_S} s ahead"
        raise OrderRejected("expiration", f"{value} {why} (now {start})", earliest)
    return value


# --8<-- [end:expiration]


@dataclass(frozen=True)
class Market:
    """What a market imposes on orders; read it from the order book (`GET /book`)."""

    tick_size: Decimal
    min_order_size: Decimal
    neg_risk: bool = False

    @classmethod
    def from_book(cls, book: Mapping[str, object]) -> Market:
        return cls(
            tick_size=to_decimal("tick_size", book["tick_size"]),
            min_order_size=to_decimal("min_order_size", book["min_order_size"]),
            neg_risk=bool(book.get("neg_risk", False)),
        )

    @property
    def rule(self) -> TickRule:
        return rule_for(self.tick_size)


@dataclass(frozen=True)
class CheckedOrder:
    """An order that passed every check, with the amounts the SDKs will sign (6-decimal units).

    `amount` is shares for a limit order or a market SELL, and pUSD for a market BUY."""

    kind: Kind
    side: Side
    order_type: OrderType
    price: Decimal
    amount: Decimal
    expiration: int
    maker_amount: int
    taker_amount: int


def to_units(value: Decimal) -> int:
    return int(value.scaleb(TOKEN_DECIMALS).to_integral_value(rounding=ROUND_HALF_EVEN))


def round_amount(value: Decimal, places: int) -> Decimal:
    """The SDKs' rounding of a derived amount: up at places+4, then down to `places`."""
    if decimals_of(value) <= places:
        return value
    value = quantize(value, places + 4, ROUND_CEILING)
    if decimals_of(value) > places:
        value = quantize(value, places, ROUND_FLOOR)
    return value


def limit_amounts(side: Side, price: Decimal, size: Decimal, rule: TickRule) -> tuple[int, int]:
    """(makerAmount, takerAmount): a BUY gives pUSD for shares, a SELL gives shares for pUSD."""
    value = round_amount(size * price, rule.amount_decimals)
    return (to_units(value), to_units(size)) if side == "BUY" else (to_units(size), to_units(value))


def taker_decimals(kind: Kind, side: Side, rule: TickRule) -> int:
    """How many decimals the exchange accepts on the taker leg."""
    if kind == "market" and side == "BUY":
        return min(rule.amount_decimals, MARKET_BUY_TAKER_DECIMALS)
    return SIZE_DECIMALS if side == "BUY" else rule.amount_decimals


def market_amounts(side: Side, amount: Decimal, price: Decimal, rule: TickRule) -> tuple[int, int]:
    """(makerAmount, takerAmount) of a FOK/FAK order: BUY spends `amount` pUSD at up to
    `price`, SELL sells `amount` shares at no less than `price`. A BUY's shares are rounded
    down to at most 4 decimals (the SDKs' rounding, at the CLOB's precision)."""
    maker = quantize(amount, SIZE_DECIMALS, ROUND_FLOOR)
    taker = maker / price if side == "BUY" else maker * price
    places = taker_decimals("market", side, rule)
    return to_units(maker), to_units(round_amount(taker, places))


def _check_order_type(value: object, allowed: tuple[str, ...]) -> OrderType:
    if value in allowed:
        return value  # type: ignore[return-value]
    nearest = {"IOC": "FAK", "GTT": "GTD", "DAY": "GTD"}.get(str(value).upper(), allowed[0])
    raise OrderRejected("order_type", f"{value!r} is not one of {', '.join(allowed)}", nearest)


# --8<-- [start:check]
def check_limit_order(
    market: Market,
    side: object,
    price: object,
    size: object,
    order_type: object = "GTC",
    expiration: object = 0,
    now: float | None = None,
    best_ask: Decimal | None = None,
) -> CheckedOrder:
    """A GTC/GTD order of `size` shares at `price`; raises OrderRejected before any network
    call. Give `best_ask` to apply the $1 minimum to a BUY that would cross the book."""
    kind = _check_order_type(order_type, ("GTC", "GTD", "FOK", "FAK"))
    if kind in ("FOK", "FAK"):
        raise OrderRejected("order_type", f"{kind} is a market order type", "GTC")
    rule = market.rule
    checked_side = check_side(side)
    checked_price = check_price(price, rule)
    shares = check_shares(size, "size", market.min_order_size)
    exp = check_expiration(kind, expiration, now)
    crosses = checked_side == "BUY" and best_ask is not None and checked_price >= best_ask
    if crosses and checked_price * shares < MIN_MARKETABLE_BUY:
        enough = quantize(MIN_MARKETABLE_BUY / checked_price, SIZE_DECIMALS, ROUND_CEILING)
        raise OrderRejected(
            "size",
            f"a marketable BUY of {shares} at {checked_price} is ${checked_price * shares}, "
            "below $1",
            enough,
        )
    maker, taker = limit_amounts(checked_side, checked_price, shares, rule)
    return CheckedOrder("limit", checked_side, kind, checked_price, shares, exp, maker, taker)


def check_market_order(
    market: Market,
    side: object,
    amount: object,
    worst_price: object,
    order_type: object = "FOK",
    post_only: bool = False,
) -> CheckedOrder:
    """A FOK/FAK order: BUY spends `amount` pUSD, SELL sells `amount` shares; `worst_price`
    is the highest price a BUY pays or the lowest a SELL accepts."""
    kind = _check_order_type(order_type, ("FOK", "FAK"))
    if post_only:
        raise OrderRejected("post_only", f"a {kind} order cannot be post-only", False)
    rule = market.rule
    checked_side = check_side(side)
    price = check_price(worst_price, rule, "worst_price")
    if checked_side == "BUY":
        spend = to_decimal("amount", amount)
        if spend <= 0 or decimals_of(spend) > SIZE_DECIMALS:
            floor = max(quantize(spend, SIZE_DECIMALS, ROUND_FLOOR), MIN_MARKETABLE_BUY)
            raise OrderRejected("amount", f"{spend} pUSD must be positive with 2 decimals", floor)
        if spend < MIN_MARKETABLE_BUY:
            raise OrderRejected(
                "amount", f"a marketable BUY of ${spend} is below $1", MIN_MARKETABLE_BUY
            )
    else:
        spend = check_shares(amount, "amount", Decimal("0.01"), "the smallest share amount")
    maker, taker = market_amounts(checked_side, spend, price, rule)
    return CheckedOrder("market", checked_side, kind, price, spend, 0, maker, taker)


# --8<-- [end:check]


# --8<-- [start:amounts]
def check_amounts(
    kind: Kind, side: Side, maker_amount: int, taker_amount: int, tick_size: object
) -> None:
    """Check signed amounts (6-decimal integers) against the precision the exchange accepts:
    the share leg and a market BUY's pUSD leg 2 decimals, a market BUY's shares at most 4, the
    other leg the tick's amount decimals; a limit order's amounts must imply a grid price."""
    rule = rule_for(tick_size)
    maker = Decimal(maker_amount).scaleb(-TOKEN_DECIMALS)
    taker = Decimal(taker_amount).scaleb(-TOKEN_DECIMALS)
    # a limit BUY gives pUSD (amount decimals) for shares; every other maker leg has 2 decimals
    limit_buy = kind == "limit" and side == "BUY"
    maker_places = rule.amount_decimals if limit_buy else SIZE_DECIMALS
    limits = {"maker": maker_places, "taker": taker_decimals(kind, side, rule)}
    for leg, value in (("maker", maker), ("taker", taker)):
        places = limits[leg]
        if value <= 0 or decimals_of(value) > places:
            nearest = quantize(value, places, ROUND_FLOOR)
            raise OrderRejected(
                f"{leg}_amount",
                f"{kind} {side} {leg} amount {plain(value)} has {decimals_of(value)} decimals; "
                f"the exchange accepts at most {places}",
                nearest,
            )
    if kind == "limit":
        shares, pusd = (taker, maker) if side == "BUY" else (maker, taker)
        price = pusd / shares
        if price % rule.tick != 0:
            right = round_amount(snap_price(price, rule) * shares, rule.amount_decimals)
            leg = "maker" if side == "BUY" else "taker"
            raise OrderRejected(
                f"{leg}_amount",
                f"{plain(pusd)} pUSD for {plain(shares)} shares implies price {price:.6f}",
                plain(right),
            )


# --8<-- [end:amounts]


# --8<-- [start:tick_change]
@dataclass(frozen=True)
class RestingOrder:
    order_id: str
    side: Side
    price: Decimal


@dataclass(frozen=True)
class TickAction:
    order_id: str
    action: Literal["keep", "replace"]
    price: Decimal  # the price to keep, or the new price to re-post at


def on_tick_size_change(resting: Iterable[RestingOrder], new_tick: object) -> list[TickAction]:
    """What to do with resting orders when a `tick_size_change` arrives: keep those still on
    the new grid and inside its bounds; cancel and re-post the others at the nearest safe
    price. Also refresh the SDK's cached tick size before the next order (see the page)."""
    rule = rule_for(new_tick)
    actions = []
    for order in resting:
        try:
            actions.append(TickAction(order.order_id, "keep", check_price(order.price, rule)))
        except OrderRejected:
            new_price = snap_price(order.price, rule, order.side)
            actions.append(TickAction(order.order_id, "replace", new_price))
    return actions


# --8<-- [end:tick_change]
