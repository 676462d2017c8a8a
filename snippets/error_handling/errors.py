"""How polymarket-client reports a failed request, turned into a `Failure` for `classify()`.

Copy with: classify.py

polymarket-client raises typed errors (read from polymarket/errors.py and
clients/_transport.py, version 0.14.0):

- `RequestRejectedError` for any non-2xx reply: `.status`, `.code` (the body's `code`),
  `.retry_after` (the `Retry-After` header or the body's `retry_after_seconds`) and
  `.restriction` ("restarting" on 425, "post_only" / "cancel_only" on 503). Its message is the
  body's `error` text; the raw body itself is not kept, and an HTML page becomes a sentence.
- `RateLimitError` for 429 (not a `RequestRejectedError`), with `.retry_after` and
  `.rate_limit` (the parsed `Poly-RateLimit-*` headers).
- `OrderHeartbeatMismatchError` (a `RequestRejectedError`) for a stale heartbeat id.
- `TransportError` when no response arrived (connect error, reset, timeout).
- `UserInputError` before anything is sent; `UnexpectedResponseError` for a 2xx reply it
  cannot parse.

The SDK never retries a request by itself.
"""

from __future__ import annotations

from polymarket import (
    OrderHeartbeatMismatchError,
    RateLimitError,
    RequestRejectedError,
    TransportError,
    UnexpectedResponseError,
    UserInputError,
)
from polymarket.models.clob.order_response import RejectedOrder

from .classify import Decision, Failure, classify

SDK = "polymarket-client"


def failure_from(error: Exception) -> Failure:
    """The `Failure` behind a polymarket-client exception; other exceptions propagate."""
    if isinstance(error, OrderHeartbeatMismatchError):
        message = f"Invalid Heartbeat ID (expected {error.heartbeat_id!r})"
        return Failure(400, message, sdk=SDK)
    if isinstance(error, RequestRejectedError):
        return Failure(
            error.status,
            str(error),
            code=error.code,
            retry_after=error.retry_after,
            restriction=error.restriction,
            sdk=SDK,
        )
    if isinstance(error, RateLimitError):
        return Failure(429, str(error), retry_after=error.retry_after, sdk=SDK)
    if isinstance(error, TransportError):
        return Failure(None, str(error), sdk=SDK)
    if isinstance(error, UserInputError):
        return Failure(None, str(error), sdk=SDK, sent=False)
    if isinstance(error, UnexpectedResponseError):
        return Failure(200, str(error), sdk=SDK)
    raise error


def failure_from_rejected(order: RejectedOrder) -> Failure:
    """An order the server refused inside a 200 reply (`post_orders`, or `success: false`)."""
    return Failure(200, order.message, code=order.code, sdk=SDK)


def decide(error: Exception) -> Decision:
    """Classify a polymarket-client exception."""
    return classify(failure_from(error))
