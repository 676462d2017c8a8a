"""The checks a signed order must pass before it rests, each returning the error body the real
server sends (or the closest documented one, marked GUESS).

    problem = amount_problem(order_id, side="BUY", market_order=False, maker=5_000_000,
                             taker=10_000_000, tick=Decimal("0.01"))
    problem  # None, or {"error": "invalid amounts, ..."}

Amounts are 6-decimal integers (py-clob-client-v2 1.2.1 `constants.py`). Standard library only.
"""

from __future__ import annotations

from decimal import Decimal

UNIT = Decimal(1_000_000)
#: Amount decimals per tick (py-clob-client-v2 1.2.1 `ROUNDING_CONFIG`, `amount` column).
AMOUNT_DECIMALS = {
    Decimal("0.1"): 3,
    Decimal("0.01"): 4,
    Decimal("0.005"): 5,
    Decimal("0.0025"): 6,
    Decimal("0.001"): 5,
    Decimal("0.0001"): 6,
}
#: GTD orders must expire at least this far ahead: "the expiration must be at least 3 minutes
#: in the future" (docs.polymarket.com/trading/place-orders, read 2026-12-02).
GTD_MIN_AHEAD_S = 180
#: "There is a security threshold of one minute": a GTD order stops one minute before its
#: expiration (docs.polymarket.com/trading/orders/overview, read 2026-12-02).
GTD_SECURITY_S = 60
MAX_BATCH = 15  # "Too many orders in payload: {N}, max allowed: {M}" (docs error-codes page)
MIN_MARKET_BUY = Decimal(1)  # GUESS from third-party logs: "min size: $1"


def decimals(units: int) -> int:
    """How many decimals a 6-decimal integer amount uses (5_000_000 -> 0, 4_331_800 -> 4)."""
    value = (Decimal(units) / UNIT).normalize()
    return max(0, -value.as_tuple().exponent)  # type: ignore[operator]


def amount_problem(
    side: str, *, market_order: bool, maker: int, taker: int, tick: Decimal
) -> dict[str, str] | None:
    """Limit BUY: maker (pUSD) at most the tick's amount decimals, taker (shares) 2; SELL the
    other way round. Market (FOK/FAK) BUY: maker 2, taker 4. Recorded bodies in the site's error
    cassettes (amounts_4_decimals, amounts_5_decimals, amounts_market_buy). The market SELL
    limits (maker 2, taker 4) are a GUESS by symmetry."""
    if market_order:
        max_maker, max_taker = (2, 4)
        kind = f"market {side.lower()}"
    else:
        money = AMOUNT_DECIMALS.get(tick, 4)
        max_maker, max_taker = (money, 2) if side == "BUY" else (2, money)
        kind = side.lower()
    if decimals(maker) > max_maker or decimals(taker) > max_taker:
        return {
            "error": f"invalid amounts, the {kind} orders maker amount supports a max accuracy "
            f"of {max_maker} decimals, taker amount a max of {max_taker} decimals"
        }
    return None


def price_problem(order_id: str, price: Decimal, tick: Decimal, *, on_grid: bool) -> dict | None:
    """Price between tick and 1 - tick, and on the tick grid for limit orders. GUESS wording
    (V1-era `INVALID_ORDER_MIN_TICK_SIZE`); the docs say only that an off-tick price is
    rejected (docs.polymarket.com/trading/orders/overview, read 2026-12-02)."""
    if price < tick or price > 1 - tick or (on_grid and price % tick != 0):
        return {
            "error": f"order {order_id} is invalid. Price ({price.normalize()}) breaks minimum "
            f"tick size rule: {tick.normalize()}"
        }
    return None


def size_problem(order_id: str, size: Decimal, min_size: Decimal) -> dict[str, str] | None:
    """Recorded body (site cassette below_min_size; docs error-codes page)."""
    if size < min_size:
        return {
            "error": f"order {order_id} is invalid. Size ({size.normalize()}) lower than the "
            f"minimum: {min_size.normalize()}"
        }
    return None


def expiration_problem(order_type: str, expiration: int, now: float) -> dict[str, str] | None:
    if order_type == "GTD" and expiration < now + GTD_MIN_AHEAD_S:
        return {"error": "invalid expiration"}  # message: polymarket-client order_response.py
    return None


def balance_problem(
    *, balance: int, reserved: int, need: int, allowance: int
) -> dict[str, str] | None:
    """Recorded V2 bodies: site cassettes balance_v2_long and balance_v2_matched."""
    if balance - reserved < need:
        if reserved:
            detail = (
                f"balance: {balance}, sum of matched orders: {reserved}, "
                f"order amount (inc. fees): {need}"
            )
        else:
            detail = f"balance: {balance}, order amount: {need}"
        return {"error": f"not enough balance / allowance: the balance is not enough -> {detail}"}
    if allowance < need:  # GUESS wording; polymarket-client matches "allowance is not enough"
        return {
            "error": "not enough balance / allowance: the allowance is not enough -> "
            f"allowance: {allowance}, order amount: {need}"
        }
    return None
