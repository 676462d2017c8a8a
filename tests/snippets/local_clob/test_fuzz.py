"""Random bodies, query strings and frames at every endpoint: the server answers each with a
status below 500, and afterwards its state is consistent (books hold exactly the live orders,
no balance is negative, every published hash is the hash of its body)."""

from __future__ import annotations

import json
import os
from decimal import Decimal

import httpx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from websockets.sync.client import connect

from .code.app import NEG_RISK_TOKEN, TOKEN, LocalClob
from .code.book import hash_of
from .conftest import Trader

GET = (
    "/", "/time", "/version", "/book", "/tick-size", "/neg-risk", "/fee-rate", "/midpoint",
    "/price", "/spread", "/last-trade-price", "/markets/0x1", "/markets-by-token/1",
    "/clob-markets/0x1", "/auth/derive-api-key", "/auth/api-keys", "/data/order/0x1",
    "/data/orders", "/data/trades", "/balance-allowance", "/balance-allowance/update",
    "/v1/user/rate-limit-tier", "/auth/ban-status/closed-only", "/nowhere",
)  # fmt: skip
POST = ("/books", "/auth/api-key", "/order", "/orders", "/v1/heartbeats")
DELETE = ("/order", "/orders", "/cancel-all", "/cancel-market-orders", "/auth/api-key")
ROUTES = [("GET", p) for p in GET] + [("POST", p) for p in POST] + [("DELETE", p) for p in DELETE]
IDS = [TOKEN, NEG_RISK_TOKEN, "0x" + "ab" * 32, "MA==", "GTC", "BUY"]
scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-(2**70), 2**70), st.floats(allow_nan=False),
    st.text(max_size=20), st.sampled_from(IDS),
)  # fmt: skip
json_values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=5)
    ),
    max_leaves=12,
)
ORDER_KEYS = (
    "salt", "maker", "signer", "tokenId", "makerAmount", "takerAmount", "side", "signatureType",
    "timestamp", "metadata", "builder", "expiration", "signature",
)  # fmt: skip
#: (price, size, side, fields replaced by junk, orderType, postOnly) of a real signed order
order_specs = st.tuples(
    st.sampled_from([0.3, 0.51, 0.52, 0.6]),
    st.sampled_from([5, 10, 2, 1000]),
    st.sampled_from(["BUY", "SELL"]),
    st.dictionaries(st.sampled_from(ORDER_KEYS), json_values, max_size=2),
    st.sampled_from(["GTC", "GTD", "FOK", "FAK", "IOC", 3]),
    st.booleans(),
)


def signed_body(trader: Trader, spec) -> dict:
    price, size, side, junk, order_type, post_only = spec
    body = trader.body(trader.order(TOKEN, price, size, side), "GTC", post_only)
    body["order"].update(junk)
    body["orderType"] = order_type
    return body


def check_consistency(clob: LocalClob) -> None:
    ex = clob.exchange
    with ex.lock:
        resting = set()
        for token, book in ex.books.items():
            for side in ("BUY", "SELL"):
                for price, level in book.levels[side].items():
                    for order in level:
                        assert order.status == "LIVE" and order.remaining > 0
                        assert order.price == price and order.side == side
                        resting.add(order.id)
            body = book.rest_body(ex.book_time[token])
            assert hash_of(body) == body["hash"]
        assert {o.id for o in ex.orders.values() if o.status == "LIVE"} <= resting
        for address, acct in ex.accounts.items():
            assert acct.pusd >= 0 and all(v >= 0 for v in acct.positions.values())
            assert ex.reserved(address, None) <= acct.pusd
        for trade in ex.trades:
            assert trade.size == sum((f.size for f in trade.fills), Decimal(0))


#: Examples per test: 40 in the default suite; `scripts/run.py long` runs 600 (FUZZ_EXAMPLES).
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "40"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))


def test_fuzz_http() -> None:
    with LocalClob(seed=11) as clob:
        trader = Trader(clob, pusd=50, positions={TOKEN: 20})

        @FUZZ
        @given(
            route=st.sampled_from(ROUTES),
            body=st.one_of(json_values, order_specs, st.lists(order_specs, max_size=3)),
            raw=st.one_of(st.none(), st.text(max_size=40)),
            params=st.dictionaries(
                st.sampled_from(["token_id", "side", "asset_type", "next_cursor", "id", "market"]),
                st.one_of(st.text(max_size=10), st.sampled_from([*IDS, "COLLATERAL"])),
                max_size=3,
            ),
            signed=st.booleans(),
        )
        def one(route, body, raw, params, signed) -> None:
            method, path = route
            if isinstance(body, tuple):
                body = signed_body(trader, body)
            elif isinstance(body, list) and body and all(isinstance(b, tuple) for b in body):
                body = [signed_body(trader, b) for b in body]
            if signed:
                reply = trader.send(method, path, body, raw=raw, params=params)
            else:
                content = raw if raw is not None else json.dumps(body)
                reply = httpx.request(method, clob.url + path, content=content, params=params)
            assert reply.status_code < 500, (method, path, reply.text)

        one()
        check_consistency(clob)
        assert httpx.get(f"{clob.url}/version").json() == {"version": 2}
        trader.close()


def test_fuzz_frames() -> None:
    with LocalClob(seed=12) as clob:
        trader = Trader(clob, pusd=50)
        subscribe = st.fixed_dictionaries(
            {"assets_ids": st.lists(st.sampled_from([TOKEN, "1", ""]), max_size=3)},
            optional={
                "operation": st.sampled_from(["subscribe", "unsubscribe", 7]),
                "custom_feature_enabled": json_values,
                "markets": json_values,
            },
        )
        frames = st.one_of(st.text(max_size=60), json_values, subscribe)

        @FUZZ
        @given(path=st.sampled_from(["/ws/market", "/ws/user"]), sent=st.lists(frames, max_size=8))
        def one(path: str, sent: list) -> None:
            with connect(f"ws://127.0.0.1:{clob.port}{path}") as ws:
                for frame in sent:
                    ws.send(frame if isinstance(frame, str) else json.dumps(frame))
                ws.send("PING")
                while ws.recv(timeout=5) != "PONG":
                    pass

        one()
        trader.v2.post_order(trader.order(TOKEN, 0.3, 5))
        check_consistency(clob)
        trader.close()
