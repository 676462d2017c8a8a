"""Post many signed orders in batches of at most `MAX_BATCH`, keeping what was accepted.

    try:
        replies = post_in_batches(signed, client.post_orders)
    except BatchInterrupted as stopped:  # replies of the accepted batches, and what is left
        book(stopped.done); retry_later(stopped.pending)

SDK-free; `orders.py` and `orders_clob_v2.py` use it. When a batch fails, the replies of the
batches before it are not lost: `BatchInterrupted.done` holds them (one per order), so the
caller books those orders instead of posting them again, the double placement the
rate-limiting page warns about. `pending` holds the signed orders not known to be placed: the
failed batch first, then the ones never sent. If the failure was ambiguous (a timeout, a 5xx)
the failed batch may have reached the exchange: look its order ids up before posting it again,
and post the same signed orders, never newly signed ones.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

log = logging.getLogger(__name__)
T = TypeVar("T")

#: POST /orders takes at most 15 orders: the CLOB OpenAPI on docs.polymarket.com
#: (/cn/api-reference/endpoints/clob/post-orders: "Maximum 15 orders per request", read
#: 2026-12-02); polymarket-client 0.14.0 `_internal/actions/orders/post.py` `_MAX_BATCH = 15`.
MAX_BATCH = 15


class BatchInterrupted(Exception):
    """A batch failed: `done` holds the replies of the accepted batches (one per order),
    `pending` the signed orders not known to be placed; `__cause__` is the failure."""

    def __init__(self, done: list[Any], pending: list[Any]) -> None:
        super().__init__(f"{len(done)} order(s) answered, {len(pending)} not known to be placed")
        self.done, self.pending = done, pending


def post_in_batches(
    signed: Sequence[T], post: Callable[[list[T]], Sequence[Any]], size: int = MAX_BATCH
) -> list[Any]:
    """Call `post` on consecutive chunks of `signed`; one reply per order, in order."""
    if not 1 <= size <= MAX_BATCH:
        raise ValueError(f"batch size must be 1..{MAX_BATCH}, got {size}")
    replies: list[Any] = []
    for start in range(0, len(signed), size):
        try:
            replies.extend(post(list(signed[start : start + size])))
        except Exception as error:
            pending = list(signed[start:])
            log.error(
                "batch at order %d failed; %d answered, %d pending",
                start,
                len(replies),
                len(pending),
                extra={"answered": len(replies), "pending": len(pending), "error": repr(error)},
            )
            raise BatchInterrupted(replies, pending) from error
    return replies
