"""The two `place_exactly_once` twins behind one interface, so one table of cases runs through
both SDKs against the local CLOB stand-in (local_clob.py).

Each twin signs a real order for the market of `token` (standard, neg-risk or a Protocol V2
position) with its SDK, against the exchange the stand-in assigns to that market, and posts it
through the snippet: `SecureClient` / `ClobClient`, or the rate-limiting page's paced clients.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import pytest
from polymarket.environments import PRODUCTION, _create_environment

from snippets.error_handling import safe_submit, safe_submit_clob_v2
from snippets.error_handling.retry import RetryPolicy
from snippets.rate_limiting.header_sync import PacedSecureClient
from snippets.rate_limiting.header_sync_clob_v2 import PacedClobClient, install_hook
from snippets.rate_limiting.trading_limits import TradingRateLimits
from tests.snippets.error_handling.local_clob import LocalClob, market_exchange
from tests.snippets.placing_orders.support import TOKEN, clob_v2_client, polymarket_secure_client

#: A Protocol V2 position id (module 1, outcome 0; bits 40-103 zero): traded on Exchange V3.
POSITION = str((1 << 248) | (0xABCDEF0123456789ABCDEF0123456789ABCD << 104))
#: A CTF token id the stand-in lists as a neg-risk market.
NEG_RISK_TOKEN = "71321045679252212594626385532706912750332728571942532289631379312455583992563"
TIMEOUT_S = 0.3


def short_timeouts(monkeypatch: pytest.MonkeyPatch) -> None:
    """Both SDKs time out after 0.3 s instead of 10 s / 5 s, so a held POST fails fast."""
    from polymarket.clients import _transport
    from py_clob_client_v2.http_helpers import helpers

    monkeypatch.setattr(_transport, "_DEFAULT_TIMEOUT", httpx.Timeout(TIMEOUT_S))
    monkeypatch.setattr(helpers, "_http_client", httpx.Client(timeout=TIMEOUT_S))


@dataclasses.dataclass
class Twin:
    name: str
    session: Callable[[LocalClob, TradingRateLimits | None], Any]  # context manager -> client
    sign: Callable[[Any, str, bool], Any]
    place: Callable[..., Any]

    def reply_id(self, reply: Any) -> str:
        if isinstance(reply, dict):
            return str(reply.get("orderID") or reply.get("id"))
        return str(getattr(reply, "order_id", None) or reply.id)


@contextmanager
def _polymarket(clob: LocalClob, limits: TradingRateLimits | None) -> Iterator[Any]:
    """One `SecureClient` per stand-in (building one takes ~0.5 s of TLS set-up), wrapped in a
    `PacedSecureClient` when `limits` are given (its 429s carry Retry-After themselves)."""
    client = clob.clients.get("polymarket-client")
    if client is None:
        config = dataclasses.replace(PRODUCTION._config, clob_url=clob.url)
        env = _create_environment(name="local", config=config)
        client = clob.clients["polymarket-client"] = polymarket_secure_client(environment=env)
    yield PacedSecureClient(client, limits) if limits else client


def _polymarket_sign(client: Any, token: str, neg_risk: bool) -> Any:
    from polymarket._internal.actions.orders.types import OrderDraft

    sdk = client.client if isinstance(client, PacedSecureClient) else client
    draft = OrderDraft(
        chain_id=137,
        exchange_address=market_exchange(token, {NEG_RISK_TOKEN} if neg_risk else set())[0],
        expiration=0,
        funder_address=sdk.wallet,
        offered_amount=5_000_000,
        order_type="GTC",
        side="BUY",
        signer=sdk.signer,
        requested_amount=10_000_000,
        asset_id=token,
    )
    return sdk._sign_order(draft, post_only=False)


@contextmanager
def _clob_v2(clob: LocalClob, limits: TradingRateLimits | None) -> Iterator[Any]:
    client = clob_v2_client(clob.url)
    if limits is None:
        yield client
        return
    remove = install_hook(limits)
    try:
        yield PacedClobClient(client, limits)
    finally:
        remove()


def _clob_v2_sign(client: Any, token: str, neg_risk: bool) -> Any:
    from py_clob_client_v2 import OrderArgs, PartialCreateOrderOptions

    sdk = client.client if isinstance(client, PacedClobClient) else client
    sdk._ClobClient__tick_sizes[token] = "0.01"  # no GET /tick-size: the stand-in lacks it
    asset = {"position_id": token} if token == POSITION else {"token_id": token}
    args = OrderArgs(price=0.5, size=10, side="BUY", **asset)
    options = PartialCreateOrderOptions(tick_size="0.01", neg_risk=neg_risk, version=2)
    return sdk.create_order(args, options)


TWINS = [
    Twin("polymarket-client", _polymarket, _polymarket_sign, safe_submit.place_exactly_once),
    Twin("py-clob-client-v2", _clob_v2, _clob_v2_sign, safe_submit_clob_v2.place_exactly_once),
]
NO_JITTER = RetryPolicy(base_s=0.01, cap_s=0.05, max_attempts=3, rng=lambda: 1.0)
MARKETS = {"standard": (TOKEN, False), "neg-risk": (NEG_RISK_TOKEN, True), "v3": (POSITION, False)}
