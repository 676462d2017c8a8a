"""Every recorded or documented CLOB error, replayed through polymarket-client and classified."""

from __future__ import annotations

import dataclasses
import json
from decimal import Decimal as D
from typing import Any

import pytest
from polymarket import (
    OrderHeartbeatMismatchError,
    PublicClient,
    RateLimitError,
    RequestRejectedError,
    TransportError,
    UnexpectedResponseError,
    UserInputError,
)
from polymarket.environments import PRODUCTION, _create_environment

from ..conftest import TOKEN, polymarket_secure_client
from .cases import CASES, Case, failing_reply
from .code.classify import Action, Failure
from .code.errors import decide, failure_from, failure_from_rejected

pytestmark = pytest.mark.usefixtures("frozen_orders")


def _trigger(case: Case) -> Any:
    """Run the SDK call that meets the case's reply; return the exception or the reply."""
    if case.trigger == "book":
        with PublicClient() as public:
            return _call(lambda: public.get_order_book(token_id=TOKEN))
    with polymarket_secure_client() as client:
        if case.trigger == "order":
            signed = client.create_limit_order(
                token_id=TOKEN, price=D("0.50"), size=D("10"), side="BUY"
            )
            return _call(lambda: client.post_order(signed))
        if case.trigger == "heartbeat":
            return _call(lambda: client.send_order_heartbeat(heartbeat_id=""))
        if case.trigger == "balance":
            return _call(lambda: client.get_balance_allowance(asset_type="COLLATERAL"))
        return _call(lambda: client.list_open_orders().first_page())


def _call(fn: Any) -> Any:
    try:
        return fn()
    except Exception as error:  # the point of the test
        return error


CASES_HERE = [c for c in CASES if c.trigger != "api_key"]


@pytest.mark.vcr
@pytest.mark.parametrize("case", CASES_HERE, ids=[c.id for c in CASES_HERE])
def test_replay(case: Case) -> None:
    reply = failing_reply("test_errors", case)
    outcome = _trigger(case)
    if reply["status"] == 200:  # refused inside a 200: a RejectedOrder, no exception
        assert not outcome.ok
        failure = failure_from_rejected(outcome)
    else:
        assert isinstance(outcome, RequestRejectedError | RateLimitError), outcome
        failure = failure_from(outcome)
    from .code.classify import classify

    decision = classify(failure)
    assert decision.rule == case.rule
    assert failure.status == reply["status"]
    _sdk_specifics(case, reply, outcome, failure)


def _sdk_specifics(case: Case, reply: dict, outcome: Any, failure: Failure) -> None:
    """What polymarket-client adds or loses, per case (read from clients/_transport.py)."""
    if case.id == "rate_limited":
        assert isinstance(outcome, RateLimitError)
        assert outcome.retry_after == 3.0 and failure.retry_after == 3.0
        assert outcome.rate_limit is not None and outcome.rate_limit.remaining == -2
        assert outcome.rate_limit.tier == "standard"
    elif case.id == "post_only_mode":
        assert (outcome.restriction, outcome.code, outcome.retry_after) == (
            "post_only",
            "post_only_mode",
            79.0,
        )
    elif case.id == "cancel_only":
        assert outcome.restriction == "cancel_only"
    elif case.id == "service_not_ready":
        assert outcome.restriction == "restarting" and str(outcome) == "service not ready"
    elif case.id == "cloudflare_block":
        # the HTML page is not kept: the SDK replaces it with a sentence. With the edge's
        # `server: cloudflare` header it reads "blocked by Cloudflare"; the suite's replay
        # drops that header (scripts/vcr_policy.py), so here it reads:
        assert "403 and an unexpected HTML response body" in str(outcome)
        assert failure.body is None
    elif case.id == "heartbeat_stale":
        # the V1-era body has `error`, the SDK model wants `error_msg`: no mismatch error
        assert not isinstance(outcome, OrderHeartbeatMismatchError)
        assert str(outcome) == "Invalid Heartbeat ID"
    elif case.id == "empty_405":
        assert "failed with status 405" in str(outcome)
    elif reply["status"] != 200:
        # the body's `error` text, verbatim
        assert str(outcome) == json.loads(reply["body"])["error"]


@pytest.mark.vcr
def test_existing_api_key_is_derived_instead() -> None:
    """POST /auth/api-key 400 "Could not create api key": SecureClient.create derives instead."""
    from polymarket import SecureClient

    from ..conftest import ADDRESS, THROWAWAY_KEY

    with SecureClient.create(private_key=THROWAWAY_KEY, wallet=ADDRESS) as client:
        assert client.credentials.key == "REDACTED"  # the derived (redacted) key


def test_mismatch_error_keeps_the_expected_id() -> None:
    failure = failure_from(OrderHeartbeatMismatchError("abc"))
    assert failure.message == "Invalid Heartbeat ID (expected 'abc')"
    assert decide(OrderHeartbeatMismatchError("abc")).action is Action.RETRY_SAFELY


def test_no_response_is_network_not_server() -> None:
    config = dataclasses.replace(PRODUCTION._config, clob_url="http://127.0.0.1:9")
    env = _create_environment(name="closed-port", config=config)
    with PublicClient(environment=env) as client:
        error = _call(lambda: client.get_order_book(token_id=TOKEN))
    assert isinstance(error, TransportError)
    decision = decide(error)
    assert decision.rule == "network" and decision.failure.status is None
    assert decision.action is Action.RETRY_SAFELY


def test_input_refused_before_sending() -> None:
    decision = decide(UserInputError("price must be positive"))
    assert (decision.rule, decision.action) == ("client_validation", Action.FIX_INPUT)
    assert decision.failure.sent is False


def test_unparseable_success_and_unknown_rejection_are_unknown() -> None:
    assert decide(UnexpectedResponseError("bad shape")).action is Action.UNKNOWN
    odd = RequestRejectedError("a message no rule knows", status=418)
    decision = decide(odd)
    assert decision.action is Action.UNKNOWN and decision.failure.message == odd.args[0]


def test_other_exceptions_propagate() -> None:
    with pytest.raises(KeyError):
        failure_from(KeyError("not a request failure"))
