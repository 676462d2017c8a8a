"""Every fault of the control API, reached from a test."""

from __future__ import annotations

import asyncio
import json

import httpx
import pytest
import websockets
from py_clob_client_v2.exceptions import PolyApiException
from websockets.exceptions import ConnectionClosed

from .code.app import TOKEN, LocalClob
from .code.faults import Faults, apply_mutation
from .conftest import Trader


def test_connection_dropped_after_the_order_was_accepted(clob: LocalClob, trader: Trader) -> None:
    clob.faults.drop_after_accept("/order")
    order = trader.order(TOKEN, 0.3, 5)
    with pytest.raises(PolyApiException) as err:
        trader.v2.post_order(order)
    assert err.value.status_code is None  # a network error, yet the order rests
    [accepted] = clob.open_orders()
    again = trader.v2.post_order(order)  # the same signed order: the same order
    assert again["orderID"] == accepted["id"] and clob.records.orders[accepted["id"]].posts == 2
    assert len(clob.open_orders()) == 1


def test_lost_heartbeats_cancel_everything(clob: LocalClob, trader: Trader) -> None:
    trader.v2.post_order(trader.order(TOKEN, 0.3, 5))
    beat = trader.v2.post_heartbeat("")["heartbeat_id"]
    clob.faults.drop_before("/v1/heartbeats", times=None)
    with pytest.raises(PolyApiException) as err:
        trader.v2.post_heartbeat(beat)
    assert err.value.status_code is None  # lost on the way: the server never saw it
    clob.advance(11)
    assert not clob.open_orders()
    clob.clear_faults()


def test_delay_hold_and_5xx(clob: LocalClob, trader: Trader) -> None:
    clob.faults.delay("/time", 0.5)
    with pytest.raises(httpx.ReadTimeout):
        httpx.get(f"{clob.url}/time", timeout=0.1)
    release = clob.faults.hold("/order")
    with pytest.raises(httpx.ReadTimeout):
        trader.send("POST", "/order", trader.body(trader.order(TOKEN, 0.3, 5)), timeout=0.2)
    assert len(clob.open_orders()) == 1  # processed, reply held back
    release.set()
    clob.faults.fail("/order", times=1)
    with pytest.raises(PolyApiException) as err:
        trader.v2.post_order(trader.order(TOKEN, 0.3, 5))
    assert (err.value.status_code, err.value.error_msg) == (
        500, {"error": "could not run the execution"}
    )  # fmt: skip
    clob.faults.fail("/book", status=502, body="<html>bad gateway</html>", method="GET")
    reply = httpx.get(f"{clob.url}/book", params={"token_id": TOKEN})
    assert (reply.status_code, reply.text) == (502, "<html>bad gateway</html>")


def test_storm_and_retry_after_windows(clob: LocalClob, trader: Trader) -> None:
    clob.faults.storm(times=2, retry_after=3)
    for _ in range(2):
        reply = trader.send("GET", "/data/orders")
        assert reply.status_code == 429 and reply.headers["Retry-After"] == "3"
    assert trader.send("GET", "/data/orders").status_code == 200
    assert [r.in_retry_after for r in clob.records.requests] == [False, True, True]
    assert clob.records.retry_windows[0].end - clob.records.retry_windows[0].start == 3
    clob.advance(3)
    assert trader.send("GET", "/data/orders").status_code == 200
    assert not clob.records.requests[-1].in_retry_after
    assert len(clob.records.rate_limited) == 2


def test_refused_connections(clob: LocalClob) -> None:
    port = clob.port
    clob.faults.refuse_connections()
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"{clob.url}/time")
    clob.faults.accept_connections()
    assert clob.port == port and httpx.get(f"{clob.url}/time").status_code == 200


@pytest.mark.parametrize(
    ("op", "to", "expected"),
    [
        ("rename", "hash_v2", lambda b: "hash" not in b and "hash_v2" in b),
        ("remove", None, lambda b: "hash" not in b),
        ("retype", 1, lambda b: b["hash"] == 1),
    ],
)
def test_response_shape_mutation(clob: LocalClob, op, to, expected) -> None:
    clob.faults.mutate("/book", op, "hash", to=to)
    assert expected(httpx.get(f"{clob.url}/book", params={"token_id": TOKEN}).json())
    clob.clear_faults()
    assert "hash" in httpx.get(f"{clob.url}/book", params={"token_id": TOKEN}).json()


def test_mutation_reaches_list_items() -> None:
    body = {"data": [{"id": 1}, {"x": 2}], "id": 0}
    assert apply_mutation(body, {"op": "rename", "field": "id", "to": "ID"}) == {
        "data": [{"ID": 1}, {"x": 2}], "ID": 0
    }  # fmt: skip
    assert apply_mutation([{"a": 1}], {"op": "remove", "field": "a"}) == [{}]
    nested = {"data": [{"maker_orders": [{"price": "0.5"}, {"size": "1"}]}], "x": {"y": 1}}
    apply_mutation(nested, {"op": "retype", "field": "data.maker_orders.price", "to": 0.5})
    assert nested["data"][0]["maker_orders"] == [{"price": 0.5}, {"size": "1"}]
    assert apply_mutation(nested, {"op": "remove", "field": "x.z.w"})["x"] == {"y": 1}
    with pytest.raises(ValueError, match="rename, remove or retype"):
        Faults().mutate("/", "swap", "a")


async def test_websocket_faults(clob: LocalClob) -> None:
    subscribe = json.dumps({"assets_ids": [TOKEN], "type": "market"})
    ws = await websockets.connect(clob.ws_market_url)
    await ws.send(subscribe)
    await ws.recv()
    clob.faults.ws_abrupt_close("market")
    with pytest.raises(ConnectionClosed) as closed:
        await asyncio.wait_for(ws.recv(), 5)
    assert closed.value.rcvd is None  # no close frame: abrupt
    ws = await websockets.connect(clob.ws_market_url)
    clob.faults.ws_close(1011)
    with pytest.raises(ConnectionClosed) as closed:
        await asyncio.wait_for(ws.recv(), 5)
    assert closed.value.rcvd.code == 1011
    ws = await websockets.connect(clob.ws_market_url, ping_interval=None)
    clob.faults.ws_half_open()
    await ws.send(subscribe)
    await ws.send("PING")
    with pytest.raises(TimeoutError):  # no book, no PONG: the socket is open and silent
        await asyncio.wait_for(ws.recv(), 0.3)
    await ws.close()
    closes = [c.close_code for c in clob.records.connections]
    assert closes == [None, 1011, None]


async def test_book_frames_can_drift_too(clob: LocalClob) -> None:
    clob.faults.mutate("ws:book", "rename", "bids", to="buys")
    ws = await websockets.connect(clob.ws_market_url)
    await ws.send(json.dumps({"assets_ids": [TOKEN], "type": "market"}))
    [book] = json.loads(await asyncio.wait_for(ws.recv(), 5))
    assert "buys" in book and "bids" not in book
    await ws.close()


def test_http_control_api(clob: LocalClob, trader: Trader) -> None:
    control = f"{clob.url}/_control"
    assert httpx.post(f"{control}/storm", json={"times": 1, "retry_after": 2}).json()["ok"]
    assert trader.send("GET", "/data/orders").status_code == 429
    httpx.post(f"{control}/fund", json={"address": trader.address, "pusd": 5})
    assert clob.balances(trader.address)["pusd"] == 105_000_000
    assert httpx.post(f"{control}/advance", json={"seconds": 1}).status_code == 200
    hold = httpx.post(f"{control}/set_tier", json={"signer": trader.address, "tier": "gold"})
    assert hold.json() == {"ok": True, "result": None}
    assert httpx.post(f"{control}/explode").status_code == 404
    assert httpx.post(f"{control}/set_mode", json={"mode": "?"}).status_code == 400
    assert (
        httpx.post(f"{control}/add_api_key", json={"address": trader.address}).json()["result"][
            "key"
        ]
        == trader.key.key
    )
    records = httpx.get(f"{control}/records").json()
    assert records["requests"][1]["status"] == 429
    with pytest.raises(AttributeError):
        clob.no_such_control  # noqa: B018


async def test_faults_pick_their_channel_and_protocol_pings_are_answered(clob: LocalClob) -> None:
    user = await websockets.connect(clob.ws_user_url)
    market = await websockets.connect(clob.ws_market_url)
    clob.faults.ws_abrupt_close("market")  # the user connection is left alone
    with pytest.raises(ConnectionClosed):
        await asyncio.wait_for(market.recv(), 5)
    pong = await user.ping()
    await asyncio.wait_for(pong, 5)
    await user.close()


def test_clear_releases_held_replies(clob: LocalClob) -> None:
    release = clob.faults.hold("/time", times=None)
    clob.clear_faults()
    assert release.is_set() and not clob.faults.rules
