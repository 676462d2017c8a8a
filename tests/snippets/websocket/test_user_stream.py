"""UserStream on the loopback fault server: auth frame, statuses, reconnect, no leaked secret."""

from __future__ import annotations

import asyncio
import dataclasses
import json
import logging
from collections.abc import Mapping
from typing import Any

import pytest

from .code.market_stream import PRESETS, ConnectionChange, StreamConfig
from .code.user_stream import USER_URL, ApiCredentials, UserStream, auth_message
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
