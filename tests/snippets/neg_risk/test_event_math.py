"""Neg-risk event maths on the genuine recorded Gamma event (Democratic Presidential Nominee
2028, captured 2026-03) and on exact small cases."""

from __future__ import annotations

from decimal import Decimal
from itertools import combinations

import httpx
import pytest

from snippets.neg_risk.event_math import (
    IncompleteOutcomeSetError,
    NegRiskOutcome,
    NotNegRiskError,
    convert_no_positions,
    missing_question_indices,
    neg_risk_outcomes,
    payoff,
    yes_basket,
)

GAMMA = "https://gamma-api.polymarket.com"
SLUG = "democratic-presidential-nominee-2028"


def _event() -> dict:
    with httpx.Client() as http:
        return http.get(f"{GAMMA}/events", params={"slug": SLUG}).json()[0]


@pytest.mark.vcr
def test_recorded_event_is_partial() -> None:
    """Neg-risk, but only two of the event's outcomes are in the recorded file."""
    outcomes = neg_risk_outcomes(_event())
    assert [(o.question_index, o.title) for o in outcomes] == [
        (5, "Stephen A. Smith"),
        (7, "Gretchen Whitmer"),
    ]
    assert [o.yes_price for o in outcomes] == [Decimal("0.0105"), Decimal("0.0145")]
    assert missing_question_indices(outcomes) == [0, 1, 2, 3, 4, 6]
    # so the YES prices here sum to 0.025, not ~1: a partial set proves nothing
    with pytest.raises(IncompleteOutcomeSetError, match=r"question indices \[0, 1, 2, 3, 4, 6\]"):
        yes_basket(outcomes)


@pytest.mark.vcr
def test_a_date_ladder_event_is_not_neg_risk() -> None:
    # "Another US strike on Venezuela by...?": several markets, cumulative, can all resolve YES
    with httpx.Client() as http:
        event = http.get(f"{GAMMA}/events/slug/another-us-strike-on-venezuela-by").json()
    assert len(event["markets"]) == 5
    with pytest.raises(NotNegRiskError, match="is not neg-risk"):
        neg_risk_outcomes(event)


@pytest.mark.vcr
def test_a_foreign_market_in_the_event_is_refused() -> None:
    event = _event()
    stray = dict(event["markets"][0], negRiskMarketID="0x" + "ab" * 32)
    with pytest.raises(NotNegRiskError, match="is not part of neg-risk event"):
        neg_risk_outcomes(dict(event, markets=[stray]))
    odd = dict(event["markets"][0], questionID="0x" + "cd" * 32)
    with pytest.raises(NotNegRiskError, match="not under"):
        neg_risk_outcomes(dict(event, markets=[odd]))


def _outcome(i: int, bid: str | None, ask: str | None, price: str = "0.25") -> NegRiskOutcome:
    return NegRiskOutcome(
        i, f"o{i}", str(i), str(100 + i), Decimal(price), bid and Decimal(bid), ask and Decimal(ask)
    )


def test_a_complete_basket_prices_around_one() -> None:
    outcomes = [
        _outcome(i, b, a)
        for i, (b, a) in enumerate(
            [("0.24", "0.26"), ("0.49", "0.51"), ("0.19", "0.21"), ("0.05", "0.06")]
        )
    ]
    basket = yes_basket(outcomes)
    assert basket.price_sum == Decimal("1.00")
    assert (basket.ask_sum, basket.buy_edge) == (Decimal("1.04"), Decimal("-0.04"))
    assert (basket.bid_sum, basket.sell_edge) == (Decimal("0.97"), Decimal("-0.03"))


def test_a_basket_with_an_empty_side_is_refused() -> None:
    with pytest.raises(IncompleteOutcomeSetError, match="no best bid or ask"):
        yes_basket([_outcome(0, "0.5", None), _outcome(1, "0.4", "0.5")])
    with pytest.raises(IncompleteOutcomeSetError, match="0 outcomes"):
        yes_basket([])


@pytest.mark.parametrize("n", [2, 3, 5])
def test_conversion_preserves_the_payoff_in_every_state(n: int) -> None:
    for k in range(1, n + 1):
        for held in combinations(range(n), k):
            c = convert_no_positions(held, Decimal(1), n)
            assert c.collateral == k - 1
            for winner in range(n):
                before = payoff(held, (), Decimal(0), winner)
                after = payoff((), c.yes_indices, c.collateral, winner)
                assert before == after, (held, winner)


def test_readme_example_two_no_become_one_usdc_and_one_yes() -> None:
    c = convert_no_positions({0, 1}, Decimal("1"), 3)  # 1 NO A + 1 NO B, candidates A, B, C
    assert (c.collateral, c.yes_indices) == (Decimal(1), (2,))


@pytest.mark.parametrize(
    ("held", "amount", "message"),
    [
        ((), Decimal(1), "non-empty subset"),
        ((3,), Decimal(1), "subset of 0..2"),
        ((0,), Decimal(0), "amount must be positive"),
    ],
)
def test_bad_conversions_are_refused(held, amount, message) -> None:
    with pytest.raises(ValueError, match=message):
        convert_no_positions(held, amount, 3)
