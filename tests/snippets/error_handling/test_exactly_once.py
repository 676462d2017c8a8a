"""One table of exactly-once cases, run through both SDK twins against a real HTTP server on
127.0.0.1 (local_clob.py): market kinds (standard, neg-risk, Exchange V3), failing lookups,
and the rate-limiting page's paced clients. Nothing is mocked but the exchange itself."""

from __future__ import annotations

import logging
from typing import NamedTuple

import pytest

from snippets.error_handling.classify import Action
from snippets.error_handling.retry import GaveUp
from snippets.rate_limiting.trading_limits import TradingRateLimits
from tests.snippets.error_handling.local_clob import LocalClob
from tests.snippets.error_handling.twins import (
    MARKETS,
    NEG_RISK_TOKEN,
    NO_JITTER,
    TWINS,
    Twin,
    short_timeouts,
)
from tests.snippets.placing_orders.support import API_KEY
from tests.snippets.rate_limiting.conftest import FakeClock

pytestmark = pytest.mark.usefixtures("frozen_orders")


class Case(NamedTuple):
    id: str
    market: str  # a key of MARKETS
    first_post: str  # "held": accepted, then the client times out; "dropped": never accepted
    lookup_faults: tuple[str, ...]
    posts: int  # POST /order requests the server saw
    lookups: int
    sleeps: int  # backoff waits of the helper
    gave_up: str | None = None  # the rule of GaveUp, when the helper must give up


CASES = [
    Case("accepted-timed-out-is-found", "standard", "held", (), 1, 1, 0),
    Case("neg-risk-market-is-found", "neg-risk", "held", (), 1, 1, 0),
    Case("exchange-v3-position-is-found", "v3", "held", (), 1, 1, 0),
    Case("not-accepted-is-reposted", "standard", "dropped", (), 2, 1, 1),
    Case("lookup-null-is-not-found", "standard", "dropped", ("null",), 2, 1, 1),
    Case("lookup-other-id-is-not-found", "standard", "dropped", ("other-id",), 2, 1, 1),
    Case("lookup-dropped-then-found", "standard", "held", ("drop",), 1, 2, 1),
    Case("lookup-timed-out-then-found", "standard", "held", ("timeout",), 1, 2, 1),
    Case("lookup-500-then-found", "standard", "held", ("500",), 1, 2, 1),
    Case("lookup-never-answers", "standard", "held", ("drop",) * 9, 1, 3, 2, "network"),
    Case("lookup-unauthorized", "standard", "held", ("401",), 1, 1, 0, "unauthorized"),
]


@pytest.fixture(scope="module")
def exchange():  # type: ignore[no-untyped-def]
    with pytest.MonkeyPatch.context() as patch:
        short_timeouts(patch)
        with LocalClob(API_KEY, neg_risk_tokens={NEG_RISK_TOKEN}) as server:
            yield server


@pytest.fixture
def clob(exchange: LocalClob) -> LocalClob:
    exchange.reset()
    return exchange


@pytest.mark.parametrize("twin", TWINS, ids=[t.name for t in TWINS])
@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_exactly_once(
    twin: Twin, case: Case, clob: LocalClob, caplog: pytest.LogCaptureFixture
) -> None:
    token, neg_risk = MARKETS[case.market]
    clob.hold_first_post = case.first_post == "held"
    clob.drop_first_post = case.first_post == "dropped"
    clob.lookup_faults = list(case.lookup_faults)
    sleeps: list[float] = []
    caplog.set_level(logging.INFO, logger="snippets.error_handling")
    with twin.session(clob, None) as client:
        signed = twin.sign(client, token, neg_risk)
        if case.gave_up:
            with pytest.raises(GaveUp) as raised:
                twin.place(client, signed, neg_risk=neg_risk, policy=NO_JITTER, sleep=sleeps.append)
        else:
            reply = twin.place(
                client, signed, neg_risk=neg_risk, policy=NO_JITTER, sleep=sleeps.append
            )
    (server_id,) = clob.orders  # the exchange holds exactly one order
    assert (clob.posts, clob.lookups, len(sleeps)) == (case.posts, case.lookups, case.sleeps)
    if case.gave_up:
        assert raised.value.decision.rule == case.gave_up
        assert raised.value.order_id == server_id  # the caller knows what to look for
        gave_up = [r for r in caplog.records if r.getMessage().startswith("gave up")]
        assert gave_up and gave_up[-1].order_id == server_id
    else:
        assert twin.reply_id(reply) == server_id
    for record in caplog.records:  # structured fields, and never a credential
        assert API_KEY not in record.getMessage() and API_KEY not in str(record.__dict__)


@pytest.mark.parametrize("twin", TWINS, ids=[t.name for t in TWINS])
def test_paced_client_is_looked_up_and_429_waits_once(
    twin: Twin, clob: LocalClob, caplog: pytest.LogCaptureFixture
) -> None:
    """The paced client has `get_order`, and a 429 is waited out by its limiter alone."""
    clock = FakeClock()
    limits = TradingRateLimits.exact("standard", clock=clock, sleep=clock.sleep)
    clob.post_faults = ["429"]  # Retry-After: 3
    clob.hold_first_post = False
    helper_sleeps: list[float] = []
    caplog.set_level(logging.INFO, logger="snippets")
    with twin.session(clob, limits) as paced:
        signed = twin.sign(paced, MARKETS["standard"][0], False)
        reply = twin.place(
            paced, signed, neg_risk=False, policy=NO_JITTER, sleep=helper_sleeps.append
        )
        assert twin.reply_id(reply) in clob.orders and clob.posts == 2
        assert helper_sleeps == [] and clock.sleeps == [pytest.approx(3.0)]
        held = [r for r in caplog.records if getattr(r, "held_by_limiter", False)]
        assert held and held[0].rule == "rate_limited"

        clob.hold_first_post, clob.posts, clob.lookups = True, 0, 0
        clob.orders.clear()
        signed = twin.sign(paced, MARKETS["neg-risk"][0], True)
        found = twin.place(
            paced, signed, neg_risk=True, policy=NO_JITTER, sleep=helper_sleeps.append
        )
    assert (clob.posts, clob.lookups) == (1, 1) and twin.reply_id(found) in clob.orders


def test_gave_up_names_the_order() -> None:
    from snippets.error_handling.classify import Failure, classify

    decision = classify(Failure(None, "timed out"))
    error = GaveUp(decision, 3, "0xabc")
    assert error.order_id == "0xabc" and "(order 0xabc)" in str(error)
    assert decision.action is Action.RETRY_SAFELY


@pytest.mark.parametrize("twin", TWINS, ids=[t.name for t in TWINS])
def test_a_wrong_market_flag_is_a_blind_repost_and_is_reported(
    twin: Twin, clob: LocalClob, caplog: pytest.LogCaptureFixture
) -> None:
    """What the market's exchange is for: an order signed for a neg-risk market, looked up
    under the standard exchange's hash, is never found, so it is posted again (the same bytes,
    so the exchange still keeps one) and the id mismatch is logged as an error."""
    clob.hold_first_post = True
    caplog.set_level(logging.ERROR, logger="snippets.error_handling")
    with twin.session(clob, None) as client:
        signed = twin.sign(client, NEG_RISK_TOKEN, True)
        reply = twin.place(client, signed, neg_risk=False, policy=NO_JITTER, sleep=lambda s: None)
    (server_id,) = clob.orders
    assert (clob.posts, clob.lookups) == (2, 1) and twin.reply_id(reply) == server_id
    (mismatch,) = [r for r in caplog.records if r.getMessage().startswith("order id mismatch")]
    assert mismatch.returned_id == server_id and mismatch.order_id != server_id


def test_no_attempt_is_refused() -> None:
    from snippets.error_handling.classify import Failure, classify
    from snippets.error_handling.retry import RetryPolicy, submit_once

    def decide(error: Exception):  # type: ignore[no-untyped-def]
        return classify(Failure(None, str(error)))

    with pytest.raises(ValueError, match="max_attempts"):
        submit_once(lambda: 1, lambda: None, decide, RetryPolicy(max_attempts=0))
