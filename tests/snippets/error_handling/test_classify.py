"""The classifier's table is complete: every rule is replayed through both SDKs somewhere."""

from __future__ import annotations

from .cases import CASES
from .code.classify import RULES, Action, Failure, classify, rule

#: Rules exercised without a cassette: nothing reaches a server for them.
NO_BODY = {
    "client_validation": "test_errors*.py::test_input_refused_before_sending",
    "network": "test_safe_submit*.py and test_errors*.py::test_no_response_*",
}


def test_every_rule_has_a_replayed_case() -> None:
    replayed = {case.rule for case in CASES}
    assert replayed | set(NO_BODY) == {r.name for r in RULES}


def test_first_match_wins_and_order_matters() -> None:
    # a 503 with the post-only body is post-only mode, not a generic server error
    post_only = Failure(503, "post-only mode: only post-only orders and cancels are allowed")
    assert classify(post_only).action is Action.POST_ONLY_MODE
    assert classify(Failure(503, "upstream connect error")).rule == "server_error"
    # the same order-level text inside a 200 (a batch entry) gets the same action
    assert classify(Failure(200, "not enough balance / allowance")).rule == "balance_allowance"


def test_unknown_keeps_the_failure() -> None:
    failure = Failure(418, "teapot", body="<raw/>")
    decision = classify(failure)
    assert decision.action is Action.UNKNOWN and decision.failure is failure
    assert decision.retry_after is None


def test_rule_lookup() -> None:
    assert rule("rate_limited").statuses == (429,)
