"""How py-clob-client-v2 reports a failed request, turned into a `Failure` for `classify()`.

Copy with: classify.py

Read from py_clob_client_v2/exceptions.py and http_helpers/helpers.py (version 1.2.1):

- Every reply whose status is not exactly 200 raises `PolyApiException` with `.status_code`
  and `.error_msg`: the parsed JSON body (usually `{"error": "..."}`) or, when it is not JSON,
  the raw text (an HTML page stays whole). Response headers are dropped, so `Retry-After`
  is lost; only a `retry_after_seconds` inside the body survives.
- No response at all (`httpx.RequestError`: refused, reset, timeout) raises
  `PolyApiException` with `status_code=None` and `error_msg="Request exception!"`.
- Checks before sending raise `PolyException` (`.msg`, e.g. "invalid price (...)") or
  `ValueError` (post-only on FOK/FAK).
- `ClobClient(retry_on_error=True)` retries POST requests only (so also `POST /order`),
  once, 30 ms later, on 5xx or no response. That second POST of an order whose first POST
  timed out can place it twice only if it is a *different* signed order; the SDK resends the
  same bytes, so it is the same order. It is off by default.
"""

from __future__ import annotations

import json
from typing import Any

from py_clob_client_v2.exceptions import PolyApiException, PolyException

from .classify import Decision, Failure, classify

SDK = "py-clob-client-v2"


def _message(body: Any) -> str:
    if isinstance(body, dict) and isinstance(body.get("error"), str):
        return body["error"]
    return body if isinstance(body, str) else json.dumps(body)


def failure_from(error: Exception) -> Failure:
    """The `Failure` behind a py-clob-client-v2 exception; other exceptions propagate."""
    if isinstance(error, PolyApiException):
        if error.status_code is None:
            return Failure(None, str(error.error_msg), sdk=SDK)
        body = error.error_msg
        raw = body if isinstance(body, str) else json.dumps(body)
        extra: dict[str, Any] = body if isinstance(body, dict) else {}
        retry = extra.get("retry_after_seconds")
        return Failure(
            error.status_code,
            _message(body),
            body=raw,
            code=extra.get("code"),
            retry_after=float(retry) if isinstance(retry, (int, float)) else None,
            sdk=SDK,
        )
    if isinstance(error, PolyException):
        return Failure(None, str(error.msg), sdk=SDK, sent=False)
    if isinstance(error, ValueError):
        return Failure(None, str(error), sdk=SDK, sent=False)
    raise error


def failure_from_response(response: dict[str, Any]) -> Failure:
    """An order refused inside a 200 reply (a `post_orders` entry with an `errorMsg`)."""
    return Failure(200, str(response.get("errorMsg", "")), body=json.dumps(response), sdk=SDK)


def decide(error: Exception) -> Decision:
    """Classify a py-clob-client-v2 exception."""
    return classify(failure_from(error))
