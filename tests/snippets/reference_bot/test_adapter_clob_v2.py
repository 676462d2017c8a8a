"""adapter_clob_v2: the bot's py-clob-client-v2 calls against the local CLOB (real SDK)."""

from __future__ import annotations

import json
import time
from decimal import Decimal

import pytest
from eth_account import Account

from ..code.error_handling.retry import RetryPolicy
from ..code.local_clob.app import NEG_RISK_TOKEN, TOKEN, V3_TOKEN, LocalClob
from ..code.market_versions.exchanges import MarketVersionError, route_for
from ..code.partial_fills.tracker import FillTracker
from .code.adapter_clob_v2 import ClobV2Adapter
from .code.sessions import session_markets

ROUTES = {TOKEN: route_for("v1", False), NEG_RISK_TOKEN: route_for("v1", True),
          V3_TOKEN: route_for("v2", False)}  # fmt: skip


def test_clob_v2_adapter_end_to_end() -> None:
    with LocalClob(seed=5, markets=session_markets()) as clob:
        account = Account.create()
        clob.fund(account.address, pusd=50, positions={V3_TOKEN: 20})
        adapter = ClobV2Adapter.connect(account.key.to_0x_hex(), host=clob.url)
        try:
            assert adapter.credentials.api_key == clob.add_api_key(account.address).key
            ids = []
            for token, route in ROUTES.items():
                signed, oid = adapter.sign(token, route, "BUY", Decimal("0.4"), Decimal(5))
                ids.append(oid)
                clob.faults.drop_after_accept("/order", method="POST")
                reply = adapter.submit(signed, oid, RetryPolicy(rng=lambda: 0.0), time.sleep)
                assert reply == {"id": oid, "status": "LIVE"}
                assert clob.records.orders[oid].posts == 1
            posted = [r.body for r in clob.records.requests if r.path == "/order" and r.body]
            assert len(posted) >= 3 and all(json.loads(b)["postOnly"] is True for b in posted)
            signed, oid = adapter.sign(TOKEN, ROUTES[TOKEN], "SELL", Decimal("0.4"), Decimal(5))
            crossing = clob.faults.fail("/order", 400, {"error": f"order {oid} crosses the book"})
            with pytest.raises(Exception) as refused:
                adapter.submit(signed, oid, RetryPolicy(), time.sleep)
            assert refused.value.decision.rule == "post_only_crosses" and crossing.times == 0
            with pytest.raises(MarketVersionError):
                adapter.sign(NEG_RISK_TOKEN, ROUTES[TOKEN], "BUY", Decimal("0.4"), Decimal(5))
            assert {o["id"] for o in adapter.open_orders()} == set(ids)
            tracker = FillTracker(ids[0])
            adapter.poll(tracker)
            assert tracker.status == "LIVE"
            assert adapter.cancel(ids[:1]) == ((ids[0],), {})
            assert adapter.cancel_all() == (tuple(ids[1:]), {})
            assert adapter.pusd() == 50 and adapter.shares(V3_TOKEN, ROUTES[V3_TOKEN]) == 20
            first = adapter.beat()
            adapter.reset_heartbeat()
            assert adapter.beat() != first  # the stale id's 400 names the current one: resent
        finally:
            adapter.remove_hook()
