"""Neg-risk events as data: recognise one, check its outcome set, price the YES basket,
and convert NO positions. SDK-free: works on the raw Gamma `GET /events` JSON.

Sources (read 2026-11-28): docs.polymarket.com/advanced/neg-risk (a NO share in one market
converts into 1 YES in every other market, through the Neg Risk Adapter);
github.com/Polymarket/neg-risk-ctf-adapter README (1 NO A + 1 NO B = 1 USDC + 1 YES C, written
for USDC collateral; since CLOB V2 the collateral released is pUSD).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any


class NotNegRiskError(ValueError):
    """The event (or one of its markets) is not a neg-risk market."""


class IncompleteOutcomeSetError(ValueError):
    """Some outcomes of the event are missing, so a basket over them is not a full set."""


# --8<-- [start:recognise]
@dataclass(frozen=True)
class NegRiskOutcome:
    question_index: int  # the low byte of questionID: 0, 1, 2, ... within the event
    title: str
    yes_token_id: str
    no_token_id: str
    yes_price: Decimal  # Gamma's outcomePrices[0]
    best_bid: Decimal | None
    best_ask: Decimal | None


def _dec(value: Any) -> Decimal | None:
    return None if value in (None, "") else Decimal(str(value))


def neg_risk_outcomes(event: Mapping[str, Any]) -> list[NegRiskOutcome]:
    """The event's outcomes, checked: every market must carry negRisk and the event's
    negRiskMarketID, and its questionID must be that id with a question index in the last byte."""
    market_id = event.get("negRiskMarketID")
    if not event.get("negRisk") or not market_id:
        raise NotNegRiskError(
            f"event {event.get('id')} is not neg-risk (negRisk={event.get('negRisk')})"
        )
    outcomes = []
    for m in event.get("markets", []):
        question = str(m.get("questionID", ""))
        if not m.get("negRisk") or m.get("negRiskMarketID") != market_id:
            raise NotNegRiskError(f"market {m.get('id')} is not part of neg-risk event {market_id}")
        if question[:-2] != market_id[:-2]:
            raise NotNegRiskError(
                f"market {m.get('id')}: questionID {question} not under {market_id}"
            )
        yes_id, no_id = json.loads(m["clobTokenIds"])
        outcomes.append(
            NegRiskOutcome(
                question_index=int(question[-2:], 16),
                title=str(m.get("groupItemTitle") or m.get("question")),
                yes_token_id=yes_id,
                no_token_id=no_id,
                yes_price=Decimal(json.loads(m["outcomePrices"])[0]),
                best_bid=_dec(m.get("bestBid")),
                best_ask=_dec(m.get("bestAsk")),
            )
        )
    return sorted(outcomes, key=lambda o: o.question_index)


def missing_question_indices(outcomes: Iterable[NegRiskOutcome]) -> list[int]:
    """Question indices below the highest one seen that no market in the data carries."""
    seen = {o.question_index for o in outcomes}
    return sorted(set(range(max(seen, default=-1) + 1)) - seen)


# --8<-- [end:recognise]


# --8<-- [start:basket]
@dataclass(frozen=True)
class YesBasket:
    """One YES of every outcome pays exactly 1 pUSD, since exactly one outcome wins."""

    outcomes: int
    price_sum: Decimal  # sum of displayed YES prices: about 1 for a complete, liquid event
    ask_sum: Decimal  # cost to buy the whole basket at the best asks
    bid_sum: Decimal  # proceeds from selling the whole basket at the best bids

    @property
    def buy_edge(self) -> Decimal:
        """1 - cost of buying every YES: positive means the basket is cheap (before fees)."""
        return Decimal(1) - self.ask_sum

    @property
    def sell_edge(self) -> Decimal:
        """Proceeds of selling every YES - 1: positive means the basket is rich (before fees)."""
        return self.bid_sum - Decimal(1)


def yes_basket(outcomes: list[NegRiskOutcome]) -> YesBasket:
    """Price the full YES basket; refuses a partial outcome set, whose sum means nothing."""
    missing = missing_question_indices(outcomes)
    if missing or not outcomes:
        raise IncompleteOutcomeSetError(
            f"{len(outcomes)} outcomes in the data; question indices {missing} are missing"
        )
    if any(o.best_ask is None or o.best_bid is None for o in outcomes):
        raise IncompleteOutcomeSetError("an outcome has no best bid or ask")
    return YesBasket(
        outcomes=len(outcomes),
        price_sum=sum((o.yes_price for o in outcomes), Decimal(0)),
        ask_sum=sum((o.best_ask or Decimal(0) for o in outcomes), Decimal(0)),
        bid_sum=sum((o.best_bid or Decimal(0) for o in outcomes), Decimal(0)),
    )


# --8<-- [end:basket]


# --8<-- [start:convert]
@dataclass(frozen=True)
class Conversion:
    collateral: Decimal  # pUSD released
    yes_indices: tuple[int, ...]  # you receive `amount` YES of each of these outcomes
    amount: Decimal


def convert_no_positions(
    no_indices: Iterable[int], amount: Decimal, question_count: int
) -> Conversion:
    """Converting `amount` NO of each of k outcomes gives (k - 1) * amount pUSD plus `amount`
    YES of every other outcome: the same payoff whichever outcome wins."""
    held = sorted(set(no_indices))
    if not held or any(i < 0 or i >= question_count for i in held):
        raise ValueError(f"NO indices {held} must be a non-empty subset of 0..{question_count - 1}")
    if amount <= 0:
        raise ValueError(f"amount must be positive, got {amount}")
    others = tuple(i for i in range(question_count) if i not in held)
    return Conversion(collateral=(len(held) - 1) * amount, yes_indices=others, amount=amount)


def payoff(
    no_indices: Iterable[int], yes_indices: Iterable[int], cash: Decimal, winner: int
) -> Decimal:
    """What a holding of 1 NO per `no_indices`, 1 YES per `yes_indices` and `cash` is worth."""
    no_value = sum(1 for i in set(no_indices) if i != winner)
    yes_value = sum(1 for i in set(yes_indices) if i == winner)
    return cash + no_value + yes_value


# --8<-- [end:convert]
