"""Every recorded or documented CLOB error, replayed through py-clob-client-v2 and classified."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
from py_clob_client_v2 import (
    BalanceAllowanceParams,
    ClobClient,
    OrderArgs,
    PartialCreateOrderOptions,
)
from py_clob_client_v2.exceptions import PolyApiException, PolyException

from ..conftest import TOKEN, clob_v2_client
from .cases import CASES, Case, failing_reply
from .code.classify import Action, classify
from .code.errors_clob_v2 import decide, failure_from, failure_from_response

pytestmark = pytest.mark.usefixtures("frozen_orders")
HOST = "https://clob.polymarket.com"


def _call(fn: Any) -> Any:
    try:
        return fn()
    except Exception as error:  # the point of the test
        return error


def _trigger(case: Case) -> Any:
    client = clob_v2_client()
    if case.trigger == "order":
        options = PartialCreateOrderOptions(tick_size="0.01", neg_risk=False, version=2)
        signed = client.create_order(
            OrderArgs(token_id=TOKEN, price=0.50, size=10, side="BUY"), options
        )
        return _call(lambda: client.post_order(signed, "GTC"))
    if case.trigger == "book":
        return _call(lambda: ClobClient(HOST, chain_id=137).get_order_book(TOKEN))
    if case.trigger == "heartbeat":
        return _call(lambda: client.post_heartbeat(""))
    if case.trigger == "balance":
        params = BalanceAllowanceParams(asset_type="COLLATERAL")
        return _call(lambda: client.get_balance_allowance(params))
    if case.trigger == "api_key":
        return _call(client.create_api_key)
    return _call(client.get_open_orders)


@pytest.mark.vcr
@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_replay(case: Case) -> None:
    reply = failing_reply("test_errors_clob_v2", case)
    outcome = _trigger(case)
    if reply["status"] == 200:  # refused inside a 200: the reply dict, no exception
        assert outcome["success"] is False
        failure = failure_from_response(outcome)
    else:
        assert isinstance(outcome, PolyApiException), outcome
        assert outcome.status_code == reply["status"]
        failure = failure_from(outcome)
    assert classify(failure).rule == case.rule
    # py-clob-client-v2 keeps the whole body: parsed JSON, or the raw text
    if reply["status"] != 200:
        raw = reply["body"]
        is_json = "json" in reply["headers"]["content-type"][0]
        assert outcome.error_msg == (json.loads(raw) if is_json else raw)
        assert (json.loads(failure.body) if is_json else failure.body) == outcome.error_msg
    if case.id in ("rate_limited", "post_only_mode"):
        # headers are dropped: Retry-After is lost, only a retry_after_seconds body field stays
        assert failure.retry_after == (79.0 if case.id == "post_only_mode" else None)
    if case.trigger == "api_key":
        creds = clob_v2_client().derive_api_key()  # what create_or_derive_api_key does next
        assert creds.api_key == "REDACTED"


def test_no_response_is_network_not_server() -> None:
    decision = decide(PolyApiException(error_msg="Request exception!"))
    assert (decision.rule, decision.failure.status) == ("network", None)
    assert decision.failure.sent is True


def test_unknown_body_is_kept_raw() -> None:
    """A body no rule knows (synthetic, made here, no cassette) is UNKNOWN with the body kept."""
    reply = httpx.Response(409, text="<weird>proxy says no</weird>")
    decision = decide(PolyApiException(reply))
    assert decision.action is Action.UNKNOWN
    assert decision.failure.body == "<weird>proxy says no</weird>"
    odd_json = decide(PolyApiException(httpx.Response(400, json={"detail": ["x"]})))
    assert odd_json.action is Action.UNKNOWN and odd_json.failure.body == '{"detail": ["x"]}'


def test_input_refused_before_sending() -> None:
    price = decide(PolyException("invalid price (1.5), min: 0.01 - max: 0.99"))
    assert (price.rule, price.action, price.failure.sent) == (
        "client_validation",
        Action.FIX_INPUT,
        False,
    )
    assert decide(ValueError("post_only is not supported for FOK/FAK orders")).rule == (
        "client_validation"
    )


def test_other_exceptions_propagate() -> None:
    with pytest.raises(KeyError):
        failure_from(KeyError("not a request failure"))
