"""Market and user channels: what a subscriber receives, and that hashes match the REST book."""

from __future__ import annotations

import asyncio
import json

import pytest
import websockets
from polymarket import ApiKeyCreds, AsyncPublicClient, AsyncSecureClient
from polymarket.streams import MarketBookEvent, MarketSpec, UserSpec
from websockets.exceptions import ConnectionClosed

from .code.app import TOKEN, LocalClob
from .code.sdk_env import local_environment
from .conftest import Trader

CONDITION = "0xaea50c46b138456d358138b2c1737f22cc692ac199e2cfa0c1e86e2babf9e37b"


async def recv(ws, timeout: float = 5.0):
    raw = await asyncio.wait_for(ws.recv(), timeout)
    return raw if raw in ("PONG",) else json.loads(raw)


async def market_ws(clob: LocalClob, *assets: str, custom: bool = True):
    ws = await websockets.connect(clob.ws_market_url)
    await ws.send(
        json.dumps({"assets_ids": list(assets), "type": "market", "custom_feature_enabled": custom})
    )
    return ws


async def user_ws(clob: LocalClob, trader: Trader, markets: list[str] | None = None):
    ws = await websockets.connect(clob.ws_user_url)
    auth = {
        "apiKey": trader.key.key,
        "secret": trader.key.secret,
        "passphrase": trader.key.passphrase,
    }
    message = {
        "auth": auth,
        "type": "user",
        **({"markets": markets} if markets is not None else {}),
    }
    await ws.send(json.dumps(message))
    return ws


async def test_market_channel_hashes_are_the_rest_books(clob: LocalClob, trader: Trader) -> None:
    ws = await market_ws(clob, TOKEN, "999")
    [book] = await recv(ws)
    assert book["event_type"] == "book" and book["hash"] == trader.v2.get_order_book(TOKEN)["hash"]
    await ws.send("PING")
    assert await recv(ws) == "PONG"
    trader.v2.post_order(trader.order(TOKEN, 0.3, 5))
    change = await recv(ws)
    assert change["event_type"] == "price_change"
    assert change["price_changes"][0]["hash"] == trader.v2.get_order_book(TOKEN)["hash"]
    assert change["price_changes"][0] | {"hash": ""} == {
        "asset_id": TOKEN, "price": "0.3", "size": "153.8", "side": "BUY", "hash": "",
        "best_bid": "0.51", "best_ask": "0.52",
    }  # fmt: skip
    assert (await recv(ws))["event_type"] == "best_bid_ask"
    trader.v2.post_order(trader.order(TOKEN, 0.52, 5))  # a trade
    events = [await recv(ws) for _ in range(4)]
    kinds = [e["event_type"] for e in events]
    assert kinds == ["price_change", "best_bid_ask", "last_trade_price", "book"]
    assert events[3]["hash"] == events[0]["price_changes"][0]["hash"]  # the same book state
    assert {
        h for *_, h, via in clob.records.published if via == "ws"
    } <= clob.records.published_hashes
    await ws.send(json.dumps({"operation": "unsubscribe", "assets_ids": [TOKEN]}))
    await ws.send("PING")
    assert await recv(ws) == "PONG"  # the unsubscribe is processed before the PING
    assert clob.records.subscribed(TOKEN, at=clob.records.connections[0].subscriptions[0].start)
    assert not clob.records.subscribed(TOKEN, at=clob.clock.now() + 1)
    await ws.close()


async def test_custom_features_off_and_dynamic_subscribe(clob: LocalClob, trader: Trader) -> None:
    ws = await market_ws(clob, custom=False)
    await ws.send(json.dumps({"operation": "subscribe", "assets_ids": [TOKEN]}))
    assert (await recv(ws))[0]["asset_id"] == TOKEN
    await ws.send("not json")
    await ws.send("[1, 2]")
    await ws.send(json.dumps({"assets_ids": "oops"}))
    trader.v2.post_order(trader.order(TOKEN, 0.3, 5))
    assert (await recv(ws))["event_type"] == "price_change"
    await ws.send("PING")
    assert await recv(ws) == "PONG"  # no best_bid_ask in between
    clob.change_tick_size(TOKEN, "0.001")
    tick = await recv(ws)
    assert (tick["event_type"], tick["old_tick_size"], tick["new_tick_size"]) == (
        "tick_size_change", "0.01", "0.001",
    )  # fmt: skip
    await ws.close()


async def test_user_channel_sees_its_own_orders_and_trade_steps(
    clob: LocalClob, trader: Trader, other: Trader
) -> None:
    mine, theirs = await user_ws(clob, trader, [CONDITION]), await user_ws(clob, other)
    placed = trader.v2.post_order(trader.order(TOKEN, 0.3, 5))
    event = await recv(mine)
    assert (event["event_type"], event["type"], event["id"]) == (
        "order",
        "PLACEMENT",
        placed["orderID"],
    )
    trader.v2.post_order(trader.order(TOKEN, 0.52, 5))
    steps = [(await recv(mine))["status"] for _ in range(3)]
    assert steps == ["MATCHED", "MINED", "CONFIRMED"]
    other.v2.post_order(other.order(TOKEN, 0.3, 5))
    assert (await recv(theirs))["owner"] == other.key.key  # the other key's own order only
    await mine.send(json.dumps({"operation": "unsubscribe", "markets": [CONDITION]}))
    await mine.send(json.dumps({"operation": "subscribe", "markets": [CONDITION]}))
    trader.v2.cancel_all()
    assert (await recv(mine))["type"] == "CANCELLATION"
    conns = clob.records.connections
    assert [c.credentials_sent for c in conns] == [True, True]
    await mine.close()
    await theirs.close()


async def test_user_channel_refuses_bad_credentials(clob: LocalClob, trader: Trader) -> None:
    ws = await websockets.connect(clob.ws_user_url)
    await ws.send(json.dumps({"markets": [CONDITION], "type": "user"}))  # no auth: ignored
    await ws.send(
        json.dumps({"auth": {"apiKey": trader.key.key, "secret": "x", "passphrase": "y"}})
    )
    with pytest.raises(ConnectionClosed) as closed:
        await recv(ws)
    assert closed.value.rcvd.code == 1008


async def test_polymarket_client_streams(clob: LocalClob, trader: Trader) -> None:
    environment = local_environment(clob.url)
    creds = ApiKeyCreds(
        key=trader.key.key, secret=trader.key.secret, passphrase=trader.key.passphrase
    )
    async with AsyncPublicClient(environment=environment) as public:
        market = await public.subscribe(MarketSpec(asset_ids=[TOKEN], custom_feature_enabled=True))
        async with market:
            first = await asyncio.wait_for(anext(market), 5)
            assert isinstance(first, MarketBookEvent)
            assert first.payload.hash == trader.v2.get_order_book(TOKEN)["hash"]
    secure = await AsyncSecureClient.create(
        private_key=trader.account.key.to_0x_hex(), wallet=trader.address, credentials=creds,
        environment=environment,
    )  # fmt: skip
    async with secure:
        user = await secure.subscribe(UserSpec())
        async with user:
            await asyncio.to_thread(trader.v2.post_order, trader.order(TOKEN, 0.3, 5))
            event = await asyncio.wait_for(anext(user), 5)
            assert type(event).__name__ == "UserOrderEvent"


async def test_credentials_sent_to_the_market_channel_are_recorded(
    clob: LocalClob, trader: Trader
) -> None:
    """What a bot that sends its API secret to /ws/market leaves in the records."""
    auth = {"apiKey": trader.key.key, "secret": trader.key.secret, "passphrase": "x"}
    ws = await websockets.connect(clob.ws_market_url)
    await ws.send(json.dumps({"auth": auth, "assets_ids": [TOKEN], "type": "market"}))
    await recv(ws)  # subscribed all the same, as the real channel ignores the extra field
    [conn] = clob.records.connections
    assert conn.channel == "market" and conn.credentials_sent
    await ws.close()
