"""Retries that never place an order twice.

SDK-free. Two rules:

1. Retry the SAME signed order, never a newly signed one. A signed order is identified by its
   hash (salt and timestamp included), so posting the same bytes again cannot create a second
   order; signing again gives a new salt, a new id, and a second order if the first one was in
   fact accepted.
2. After an ambiguous failure (no response, a timeout, a 5xx) reconcile first: look the order
   id up, and only post again if the exchange does not have it.

Delays use full jitter (a random fraction of an exponential step), capped per wait, with a
total time budget; a server's `Retry-After` is a floor.

Copy with: classify.py
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .classify import Action, Decision

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
    """Raised when the failure is not retryable or the attempts or budget ran out."""

    def __init__(self, decision: Decision, attempts: int) -> None:
        super().__init__(f"{decision.action.value} after {attempts} attempt(s): {decision.why}")
        self.decision = decision
        self.attempts = attempts


def submit_once(
    post: Callable[[], Any],
    lookup: Callable[[], Any | None],
    decide: Callable[[Exception], Decision],
    policy: RetryPolicy,
    sleep: Callable[[float], None] = time.sleep,
) -> Any:
    """Post one already-signed order until the exchange has it exactly once.

    `post` must send the same signed order every time; `lookup` returns the exchange's record
    of that order id, or None when it has none. Returns the post reply or the found record.
    """
    waited = 0.0
    for attempt in range(policy.max_attempts):
        try:
            return post()
        except Exception as error:
            decision = decide(error)
        if decision.action not in RETRYABLE:
            raise GaveUp(decision, attempt + 1)
        if decision.action is Action.RETRY_SAFELY:
            found = lookup()
            if found is not None:
                return found
        wait = policy.delay(attempt, decision.retry_after)
        if waited + wait > policy.budget_s:
            raise GaveUp(decision, attempt + 1)
        sleep(wait)
        waited += wait
    raise GaveUp(decision, policy.max_attempts)
