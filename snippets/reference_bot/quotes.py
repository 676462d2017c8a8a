"""Where to quote: a two-sided quote around the mid, inside the position limit, checked against
the market's order constraints before anything is signed.

    cfg = QuoteConfig(size=Decimal(10), half_spread_ticks=2, max_position=Decimal(30))
    view = BookView(best_bid=Decimal("0.48"), best_ask=Decimal("0.52"), tick=Decimal("0.01"),
                    min_size=Decimal(5))
    quotes(view, position=Decimal(0), held=Decimal(50), cfg)  # [BUY 10 @ 0.48, SELL 10 @ 0.52]

SDK-free. The rounding, price bounds and minimum size come from order_constraints.py.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

from ..order_constraints.order_constraints import CheckedOrder, Market, check_limit_order


@dataclass(frozen=True)
class QuoteConfig:
    """How the bot quotes each market, and the limits it must stay inside."""

    size: Decimal = Decimal(10)  # shares per side
    half_spread_ticks: int = 2  # distance from the mid, in ticks
    max_position: Decimal = Decimal(30)  # |shares bought - shares sold| never beyond this
    max_loss: Decimal = Decimal(5)  # pUSD, marked at the mid: below -max_loss the bot halts


@dataclass(frozen=True)
class BookView:
    """The part of a verified book that pricing needs."""

    best_bid: Decimal | None
    best_ask: Decimal | None
    tick: Decimal
    min_size: Decimal

    @property
    def mid(self) -> Decimal | None:
        if self.best_bid is None or self.best_ask is None:
            return None
        return (self.best_bid + self.best_ask) / 2


def best_without(
    levels: Mapping[str, str], mine: Mapping[Decimal, Decimal], side: str
) -> Decimal | None:
    """The best price of one book side once the bot's own resting size is taken out: a maker
    that prices from a book holding its own quotes ends up chasing itself."""
    rest = [p for p, size in ((Decimal(t), Decimal(z)) for t, z in levels.items())
            if size > mine.get(p, 0)]  # fmt: skip
    if not rest:
        return None
    return max(rest) if side == "BUY" else min(rest)


def _snap(price: Decimal, tick: Decimal, rounding: str) -> Decimal:
    return (price / tick).to_integral_value(rounding=rounding) * tick


def quotes(
    view: BookView, *, position: Decimal, held: Decimal, cfg: QuoteConfig
) -> list[CheckedOrder]:
    """The bid and ask to rest now (either may be missing). Never crosses the book: the bid
    stays below the best ask and the ask above the best bid. `held` is the shares owned, which
    bound what may be offered."""
    mid, tick = view.mid, view.tick
    if mid is None or view.best_bid is None or view.best_ask is None:
        return []
    market = Market(tick_size=tick, min_order_size=view.min_size)
    rule = market.rule
    distance = tick * cfg.half_spread_ticks
    bid = min(_snap(mid - distance, tick, ROUND_FLOOR), view.best_ask - tick)
    ask = max(_snap(mid + distance, tick, ROUND_CEILING), view.best_bid + tick)
    out: list[CheckedOrder] = []
    if position + cfg.size <= cfg.max_position and bid >= rule.min_price:
        out.append(check_limit_order(market, "BUY", bid, cfg.size))
    if cfg.size <= held and position - cfg.size >= -cfg.max_position and ask <= rule.max_price:
        out.append(check_limit_order(market, "SELL", ask, cfg.size))
    return out
