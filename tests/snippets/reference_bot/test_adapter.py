"""adapter: the bot's polymarket-client calls against the local CLOB (real SDK, loopback)."""

from __future__ import annotations

import time
from decimal import Decimal

import pytest
from eth_account import Account

from ..code.error_handling.classify import Action
from ..code.error_handling.retry import RetryPolicy
from ..code.local_clob.app import NEG_RISK_TOKEN, TOKEN, V3_TOKEN, LocalClob
from ..code.local_clob.sdk_env import local_environment
from ..code.market_versions.exchanges import MarketVersionError, route_for
from ..code.partial_fills.tracker import FillTracker
from .code.adapter import PolymarketAdapter
from .code.sessions import session_markets

ROUTES = {TOKEN: route_for("v1", False), NEG_RISK_TOKEN: route_for("v1", True),
          V3_TOKEN: route_for("v2", False)}  # fmt: skip


@pytest.mark.slow
def test_polymarket_adapter_end_to_end() -> None:
    with LocalClob(seed=5, markets=session_markets()) as clob:
        account = Account.create()
        clob.fund(account.address, pusd=50, positions={TOKEN: 20})
        adapter = PolymarketAdapter.connect(
            account.key.to_0x_hex(), wallet=account.address,
            environment=local_environment(clob.url),
        )  # fmt: skip
        assert adapter.credentials.api_key == clob.add_api_key(account.address).key  # L1 derived
        ids = []
        for token, route in ROUTES.items():
            signed, oid = adapter.sign(token, route, "BUY", Decimal("0.4"), Decimal(5))
            ids.append(oid)
            clob.faults.drop_after_accept("/order", method="POST")  # the reply never arrives
            reply = adapter.submit(signed, oid, RetryPolicy(rng=lambda: 0.0), time.sleep)
            assert reply == {"id": oid, "status": "LIVE"}  # found by id, not posted again
            assert clob.records.orders[oid].posts == 1
        with pytest.raises(MarketVersionError):
            adapter.sign(TOKEN, ROUTES[NEG_RISK_TOKEN], "BUY", Decimal("0.4"), Decimal(5))
        assert {o["id"] for o in adapter.open_orders()} == set(ids)
        tracker = FillTracker(ids[0])
        adapter.poll(tracker)
        assert tracker.status == "LIVE"
        assert adapter.cancel(ids[:1]) == ((ids[0],), {})
        assert adapter.cancel_all() == (tuple(ids[1:]), {})
        assert adapter.pusd() == 50 and adapter.shares(TOKEN, ROUTES[TOKEN]) == 20
        first = adapter.beat()
        assert adapter.beat() != first
        adapter.reset_heartbeat()  # "" while a chain is alive: the 400 names the id to resend
        assert adapter.beat() not in ("", first)
        clob.faults.drop_before("/v1/heartbeats")
        with pytest.raises(Exception) as lost:
            adapter.beat()
        assert adapter.decide(lost.value).action is Action.RETRY_SAFELY
