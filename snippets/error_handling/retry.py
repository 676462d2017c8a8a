"""Retries that never place an order twice.

SDK-free. Two rules:

1. Retry the SAME signed order, never a newly signed one. A signed order is identified by its
   hash (salt and timestamp included), so posting the same bytes again cannot create a second
   order; signing again gives a new salt, a new id, and a second order if the first one was in
   fact accepted.
2. After an ambiguous failure (no response, a timeout, a 5xx) reconcile first: look the order
   id up, and only post again if the exchange answers that it does not have it. A lookup that
   itself fails (no response, 5xx, 429) proves nothing: wait and look again, never post.

Delays use full jitter (a random fraction of an exponential step), capped per wait, with a
total time budget; a server's `Retry-After` is a floor. A client that already holds its rate
limiter for a 429's `Retry-After` (the paced clients of the rate-limiting page) is not made to
wait a second time: pass `paced=True`.

Every retry, lookup failure and give-up is logged on the `snippets.error_handling.retry`
logger with structured `extra` fields (order id, rule, attempt, wait); never a credential.

Copy with: classify.py
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .classify import Action, Decision

log = logging.getLogger(__name__)
RETRYABLE = {Action.RETRY_SAFELY, Action.BACK_OFF}


@dataclass
class RetryPolicy:
    """Exponential backoff with full jitter, a cap per wait and a total budget (seconds)."""

    base_s: float = 0.25
    cap_s: float = 8.0
    max_attempts: int = 5
    budget_s: float = 30.0
    rng: Callable[[], float] = field(default=random.random)

    def delay(self, attempt: int, retry_after: float | None = None) -> float:
        """Wait before retry number `attempt` (0-based); never shorter than `retry_after`."""
        jittered = min(self.cap_s, self.base_s * 2**attempt) * self.rng()
        return max(jittered, retry_after or 0.0)


class GaveUp(Exception):
    """Raised when the failure is not retryable or the attempts or budget ran out.

    `order_id` is the id of the signed order. After an ambiguous failure the exchange may hold
    it: look it up (or watch the user channel) before deciding it does not exist.
    """

    def __init__(self, decision: Decision, attempts: int, order_id: str | None = None) -> None:
        what = f" (order {order_id})" if order_id else ""
        super().__init__(
            f"{decision.action.value} after {attempts} attempt(s){what}: {decision.why}"
        )
        self.decision = decision
        self.attempts = attempts
        self.order_id = order_id


def _give_up(decision: Decision, attempts: int, order_id: str | None, step: str) -> GaveUp:
    log.error(
        "gave up on order %s after %d attempt(s): %s",
        order_id,
        attempts,
        decision.rule,
        extra={
            "order_id": order_id,
            "rule": decision.rule,
            "action": decision.action.value,
            "status": decision.failure.status,
            "attempts": attempts,
            "step": step,
        },
    )
    return GaveUp(decision, attempts, order_id)


def submit_once(
    post: Callable[[], Any],
    lookup: Callable[[], Any | None],
    decide: Callable[[Exception], Decision],
    policy: RetryPolicy,
    sleep: Callable[[float], None] = time.sleep,
    *,
    order_id: str | None = None,
    paced: bool = False,
) -> Any:
    """Post one already-signed order until the exchange has it exactly once.

    `post` must send the same signed order every time. `lookup` returns the exchange's record
    of that order id, None when the exchange answers that it has none, and raises when it
    cannot tell (the error goes through `decide` like a post's). Returns the post reply or the
    found record; raises `GaveUp` carrying `order_id` otherwise. With `paced=True` a 429 is not
    waited out here: the caller's rate limiter already holds the next send.
    """
    waited = 0.0
    unsure = False  # a post may have reached the exchange: look it up before posting again
    for attempt in range(policy.max_attempts):
        step = "lookup" if unsure else "post"
        if not unsure:
            try:
                return post()
            except Exception as error:
                decision, cause = decide(error), error
            if decision.action not in RETRYABLE:
                raise _give_up(decision, attempt + 1, order_id, "post") from cause
            unsure = decision.action is Action.RETRY_SAFELY
        if unsure:
            try:
                found = lookup()
            except Exception as error:
                looked = decide(error)
                if looked.action not in RETRYABLE:
                    raise _give_up(looked, attempt + 1, order_id, "lookup") from error
                decision, step = looked, "lookup"
            else:
                if found is not None:
                    log.info(
                        "order %s found on lookup: not posted again",
                        order_id,
                        extra={"order_id": order_id, "attempts": attempt + 1},
                    )
                    return found
                unsure = False
        held = paced and decision.rule == "rate_limited"
        wait = 0.0 if held else policy.delay(attempt, decision.retry_after)
        if attempt + 1 == policy.max_attempts or waited + wait > policy.budget_s:
            raise _give_up(decision, attempt + 1, order_id, step)
        log.warning(
            "%s of order %s failed (%s); next try in %.3f s",
            step,
            order_id,
            decision.rule,
            wait,
            extra={
                "order_id": order_id,
                "rule": decision.rule,
                "status": decision.failure.status,
                "attempt": attempt + 1,
                "wait_s": wait,
                "step": step,
                "held_by_limiter": held,
            },
        )
        if wait:
            sleep(wait)
        waited += wait
    raise ValueError(f"max_attempts must be at least 1, got {policy.max_attempts}")
