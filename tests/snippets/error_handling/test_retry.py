"""The retry policy: jittered backoff, Retry-After as a floor, a cap, a budget; and
submit_once's order of operations (reconcile before any re-post)."""

from __future__ import annotations

import pytest

from .code.classify import Action, Decision, Failure, classify
from .code.retry import GaveUp, RetryPolicy, submit_once


def test_delay_is_jittered_capped_and_floored() -> None:
    policy = RetryPolicy(base_s=0.5, cap_s=4.0, rng=lambda: 0.5)
    assert [policy.delay(n) for n in range(5)] == [0.25, 0.5, 1.0, 2.0, 2.0]
    assert policy.delay(0, retry_after=3.0) == 3.0  # the server's Retry-After wins


def _decide(status: int | None, message: str = "", retry_after: float | None = None):
    def decide(error: Exception) -> Decision:
        return classify(Failure(status, message, retry_after=retry_after))

    return decide


class Flaky:
    def __init__(self, failures: int) -> None:
        self.failures, self.posts, self.lookups = failures, 0, 0

    def post(self) -> str:
        self.posts += 1
        if self.posts <= self.failures:
            raise RuntimeError("boom")
        return "placed"

    def lookup(self) -> None:
        self.lookups += 1


def test_ambiguous_failure_looks_up_before_reposting() -> None:
    flaky, sleeps = Flaky(failures=2), []
    policy = RetryPolicy(rng=lambda: 1.0)
    out = submit_once(flaky.post, flaky.lookup, _decide(None), policy, sleeps.append)
    assert out == "placed" and flaky.posts == 3 and flaky.lookups == 2
    assert sleeps == [0.25, 0.5]


def test_back_off_does_not_look_up_and_honours_retry_after() -> None:
    flaky, sleeps = Flaky(failures=1), []
    out = submit_once(
        flaky.post, flaky.lookup, _decide(429, retry_after=3.0), RetryPolicy(), sleeps.append
    )
    assert out == "placed" and flaky.lookups == 0 and sleeps == [3.0]


def test_found_on_lookup_is_returned_without_posting_again() -> None:
    flaky = Flaky(failures=1)
    out = submit_once(flaky.post, lambda: "found", _decide(500), RetryPolicy(), lambda s: None)
    assert out == "found" and flaky.posts == 1


@pytest.mark.parametrize(
    ("policy", "attempts"),
    [
        (RetryPolicy(max_attempts=3, rng=lambda: 0.0), 3),
        (RetryPolicy(base_s=1.0, budget_s=2.5, rng=lambda: 1.0), 2),  # 1 s + 2 s > 2.5 s
    ],
)
def test_attempts_and_budget_run_out(policy: RetryPolicy, attempts: int) -> None:
    flaky = Flaky(failures=99)
    with pytest.raises(GaveUp) as gave_up:
        submit_once(flaky.post, flaky.lookup, _decide(None), policy, lambda s: None)
    assert gave_up.value.attempts == attempts
    assert gave_up.value.decision.action is Action.RETRY_SAFELY


def test_non_retryable_fails_at_once() -> None:
    flaky = Flaky(failures=1)
    with pytest.raises(GaveUp, match="fund or approve after 1 attempt"):
        submit_once(
            flaky.post,
            flaky.lookup,
            _decide(400, "not enough balance / allowance"),
            RetryPolicy(),
            lambda s: None,
        )
    assert flaky.posts == 1
