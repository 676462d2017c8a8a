"""UserStream on the loopback fault server: auth frame, statuses, reconnect, no leaked secret."""

from __future__ import annotations

import asyncio
import dataclasses
import json
import logging
from collections.abc import Iterator, Mapping
from typing import Any

import pytest

from snippets.websocket.market_stream import PRESETS, ConnectionChange, StreamConfig
from snippets.websocket.user_recovery import SdkLookups
from snippets.websocket.user_stream import USER_URL, ApiCredentials, UserStream, auth_message
from tests.snippets.placing_orders.support import (
    ADDRESS,
    API_KEY,
    API_PASSPHRASE,
    API_SECRET,
    THROWAWAY_KEY,
)

from .account_server import AccountServer
from .conftest import USER_FRAMES, FaultServer, RecordingSleep, abort, half_open, hold, send, until

CREDS = ApiCredentials(
    "11111111-2222-3333-4444-555555555555", "c2VjcmV0LXNlY3JldA==", "pass-phrase"
)
TRADE = json.loads(USER_FRAMES[0])  # recorded MATCHED trade (V1 era)
ORDER = json.loads(USER_FRAMES[1])  # recorded FOK CANCELLATION (V2)


def config(server: FaultServer) -> StreamConfig:
    return StreamConfig(
        url=server.url.replace("/market", "/user"),
        ping_interval=0.02,
        stale_after=0.5,  # the half-open connection is detected; a slow CI run is not
        backoff_base=0.01,
        backoff_cap=0.05,
        close_timeout=0.05,
    )


def test_auth_message_shape_and_no_secret_in_repr() -> None:
    assert json.loads(auth_message(CREDS, ["0xabc"])) == {
        "auth": {"apiKey": CREDS.api_key, "secret": CREDS.secret, "passphrase": CREDS.passphrase},
        "markets": ["0xabc"],
        "type": "user",
    }
    assert CREDS.secret not in repr(CREDS) and CREDS.passphrase not in repr(CREDS)
    assert CREDS.api_key not in repr(CREDS)


async def test_trade_lifecycle_survives_faults_and_never_logs_credentials(
    fault_server: FaultServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    # The follow-up statuses are the recorded trade with `status` changed (no public capture).
    mined = json.dumps(TRADE | {"status": "MINED"})
    confirmed = json.dumps(TRADE | {"status": "CONFIRMED"})
    odd = json.dumps(TRADE | {"status": "TELEPORTED"})
    fault_server.scripts = [
        [send("PONG"), send(USER_FRAMES[0]), send(USER_FRAMES[1]), abort],
        [send(mined), half_open],
        [send("not json"), send(odd), send('{"event_type": "hello"}'), send(confirmed), hold],
    ]
    seen: list[Mapping[str, Any]] = []

    def on_event(event: Mapping[str, Any]) -> None:
        seen.append(event)
        if len(seen) == 1:
            raise RuntimeError("consumer bug")

    sleep = RecordingSleep()
    stream = UserStream(
        CREDS, ["0xdd22"], on_event=on_event, config=config(fault_server), sleep=sleep
    )
    async with stream:
        await until(lambda: stream.trades.get(TRADE["id"], {}).get("status") == "MINED")
        assert stream.unsettled_trades() == [TRADE["id"]]
        assert stream.orders[ORDER["id"]]["type"] == "CANCELLATION"
        await until(lambda: stream.trades[TRADE["id"]]["status"] == "CONFIRMED")
        assert stream.unsettled_trades() == []
    assert stream.stats.connects == 3 and stream.stats.stale_disconnects == 1
    assert stream.stats.malformed == 1 and stream.stats.rejected == 1 and stream.stats.unknown == 1
    assert stream.stats.callback_errors == 1 and len(seen) == 4
    for conn in fault_server.conns:  # resubscribed with the auth message every time
        assert conn.received[0]["auth"]["apiKey"] == CREDS.api_key
        assert conn.received[0]["markets"] == ["0xdd22"]
    assert caplog.records, "the stream logged its faults"
    for secret in (CREDS.secret, CREDS.passphrase, CREDS.api_key):
        assert secret not in caplog.text
    assert len(asyncio.all_tasks()) == 1


async def test_async_callback_and_no_callback(fault_server: FaultServer) -> None:
    fault_server.scripts = [[send(USER_FRAMES[0]), hold], [send(USER_FRAMES[0]), hold]]
    seen: list[str] = []

    async def on_event(event: Mapping[str, Any]) -> None:
        seen.append(event["status"])

    async with UserStream(CREDS, on_event=on_event, config=config(fault_server)):
        await until(lambda: seen == ["MATCHED"])
    async with UserStream(CREDS, config=config(fault_server)) as quiet:
        await until(lambda: TRADE["id"] in quiet.trades)
    assert fault_server.conns[1].received[0]["markets"] == []  # all markets


# --- the seams: URL, connection events, bugs in the loop, gap recovery --------------------------


async def test_a_market_preset_still_sends_the_secret_only_to_the_user_channel(
    fault_server: FaultServer,
) -> None:
    fault_server.scripts = [[send(USER_FRAMES[0]), hold]]
    preset = dataclasses.replace(PRESETS["trading bot"], url=fault_server.url)  # .../ws/market
    assert preset.url.endswith("/ws/market")
    async with UserStream(CREDS, config=preset) as stream:
        await until(lambda: TRADE["id"] in stream.trades)
    assert [c.path for c in fault_server.conns] == ["/ws/user"]
    for conn in fault_server.conns:
        if conn.path == "/ws/market":  # never reached, but if it were: no secret there
            assert CREDS.secret not in json.dumps(conn.received)
    assert UserStream(CREDS).url == USER_URL
    with pytest.raises(ValueError, match="not a /ws/market or /ws/user URL"):
        UserStream(CREDS, config=StreamConfig(url="wss://example.com/other"))


async def test_connection_events_and_a_bug_in_the_loop_is_surfaced(
    fault_server: FaultServer, caplog: pytest.LogCaptureFixture
) -> None:
    fault_server.scripts = [[send(USER_FRAMES[0]), hold], [send(USER_FRAMES[1]), hold]]
    changes: list[ConnectionChange] = []
    stream = UserStream(CREDS, config=config(fault_server), on_connection=changes.append)
    original = stream._on_frame
    calls = 0

    async def buggy_once(frame: str | bytes) -> None:
        nonlocal calls
        calls += 1
        if calls == 1:
            raise RuntimeError("bug in the loop")
        await original(frame)

    stream._on_frame = buggy_once  # type: ignore[method-assign]
    async with stream:
        await until(lambda: ORDER["id"] in stream.orders)  # it went on, on a new connection
    assert stream.stats.loop_errors == 1 and "bug in the loop" in caplog.text
    assert changes[:2] == [
        ConnectionChange(True),
        ConnectionChange(False, "RuntimeError: bug in the loop"),
    ]
    assert changes[2] == ConnectionChange(True)


@pytest.fixture
def account() -> Iterator[AccountServer]:
    yield from AccountServer(API_KEY).serve()


async def secure_client(url: str) -> Any:
    from polymarket import AsyncSecureClient
    from polymarket.environments import PRODUCTION, _create_environment
    from polymarket.models.clob import ApiKeyCreds

    config = dataclasses.replace(PRODUCTION._config, clob_url=url)
    creds = ApiKeyCreds.model_validate(
        {"apiKey": API_KEY, "secret": API_SECRET, "passphrase": API_PASSPHRASE}
    )
    return await AsyncSecureClient.create(
        private_key=THROWAWAY_KEY,
        wallet=ADDRESS,
        credentials=creds,
        environment=_create_environment(name="loopback", config=config),
    )


#: The recorded trade as GET /data/trades lists it (docs-derived shape, recorded values). The
#: recording is V1; V2 added `side` to each maker order (the maker sold to this BUY taker).
TRADE_REST = {
    k: v for k, v in TRADE.items() if k not in ("event_type", "type", "timestamp", "trade_owner")
} | {"maker_orders": [m | {"side": "SELL"} for m in TRADE["maker_orders"]]}
OID = TRADE["taker_order_id"]
#: Its taker order as GET /data/order/{id} answers (docs-derived shape, recorded values).
ORDER_REST = {
    "id": OID,
    "status": "MATCHED",
    "owner": TRADE["owner"],
    "maker_address": TRADE["maker_address"],
    "market": TRADE["market"],
    "asset_id": TRADE["asset_id"],
    "side": "BUY",
    "original_size": "5",
    "size_matched": "5",
    "price": "0.52",
    "outcome": "Yes",
    "expiration": "0",
    "order_type": "GTC",
    "associate_trades": [TRADE["id"]],
    "created_at": int(TRADE["match_time"]) - 60,
}
PLACEMENT = {  # the user-channel event for that order resting (docs-derived, recorded values)
    k: ORDER_REST[k] for k in ("id", "owner", "market", "asset_id", "side", "price", "outcome")
} | {
    "event_type": "order",
    "type": "PLACEMENT",
    "status": "LIVE",
    "original_size": "5",
    "size_matched": "0",
    "timestamp": str((int(TRADE["match_time"]) - 60) * 1000),
}


async def test_orders_and_trades_missed_in_a_gap_are_recovered_by_rest(
    fault_server: FaultServer, account: AccountServer
) -> None:
    # Connection 1 shows the order resting, then drops. Meanwhile it fills and settles.
    # Connection 2 is silent: only REST can tell the stream what happened.
    fault_server.scripts = [[send(json.dumps(PLACEMENT)), abort], [hold]]
    account.orders[OID] = ORDER_REST
    account.trades = [TRADE_REST | {"status": "CONFIRMED"}]
    last_frame_s = int(TRADE["match_time"]) - 30  # the clock when the last frame arrived
    client = await secure_client(account.url)
    seen: list[Mapping[str, Any]] = []
    stream = UserStream(
        CREDS,
        [TRADE["market"]],
        on_event=seen.append,
        lookups=SdkLookups(client),
        config=config(fault_server),
        clock=lambda: float(last_frame_s),
    )
    async with stream:
        await until(lambda: stream.recovered == 2)
    await client.close()
    assert stream.orders[OID]["status"] == "MATCHED" and stream.orders[OID]["recovered"]
    assert stream.trades[TRADE["id"]]["status"] == "CONFIRMED"
    assert stream.unsettled_trades() == []
    assert [e["event_type"] for e in seen] == ["order", "order", "trade"]
    paths = [(path, q) for path, q in account.requests if path != "/auth/api-keys"]
    assert paths == [
        ("/data/orders", {"market": [TRADE["market"]]}),
        (f"/data/order/{OID}", {}),
        ("/data/trades", {"market": [TRADE["market"]], "after": [str(last_frame_s - 1)]}),
    ]


async def test_a_failed_recovery_is_retried_at_the_next_connect(fault_server: FaultServer) -> None:
    class Flaky:
        calls = 0

        async def open_orders(self, markets: Any) -> list[Any]:
            Flaky.calls += 1
            if Flaky.calls == 1:
                raise ConnectionError("REST down")
            return []

        async def order(self, order_id: str) -> None:
            return None

        async def trades_since(self, after_s: int, markets: Any) -> list[Any]:
            return [TRADE_REST]

    fault_server.scripts = [[send(json.dumps(PLACEMENT)), abort], [abort], [hold]]
    stream = UserStream(CREDS, lookups=Flaky(), config=config(fault_server))
    async with stream:
        await until(lambda: stream.recovered == 1)
    assert Flaky.calls == 2 and stream.stats.resync_failures == 1
    assert stream.trades[TRADE["id"]]["recovered"] and OID in stream.orders  # no record: kept
    quiet = UserStream(CREDS, config=config(fault_server))  # no lookups: nothing to recover
    await quiet._recover(0.0)
    assert quiet.recovered == 0
