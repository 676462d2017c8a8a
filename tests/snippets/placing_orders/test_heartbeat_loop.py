"""Heartbeats through both SDKs against a real endpoint on 127.0.0.1 (heartbeat_server.py):
one table of stale-id cases for both twins, and the run/stop loop with an injected clock."""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from polymarket.environments import PRODUCTION, _create_environment

from snippets.placing_orders import heartbeats as P
from snippets.placing_orders import heartbeats_clob_v2 as V
from snippets.placing_orders.heartbeat_loop import HeartbeatLoop, expected_heartbeat_id
from tests.snippets.placing_orders.heartbeat_server import HeartbeatServer
from tests.snippets.placing_orders.support import API_KEY, clob_v2_client, polymarket_secure_client


@contextmanager
def _polymarket(url: str) -> Iterator[Any]:
    config = dataclasses.replace(PRODUCTION._config, clob_url=url)
    env = _create_environment(name="local", config=config)
    with polymarket_secure_client(environment=env) as client:
        yield P.Heartbeat(client)


@contextmanager
def _clob_v2(url: str) -> Iterator[Any]:
    yield V.Heartbeat(clob_v2_client(url))


TWINS: dict[str, Callable[[str], Any]] = {
    "polymarket-client": _polymarket,
    "py-clob-client-v2": _clob_v2,
}
SHAPES = ["error", "error_msg"]  # the public recording, and polymarket-client's model


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("twin", TWINS)
def test_stale_id_is_replaced_by_the_expected_one(
    twin: str, shape: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="snippets.placing_orders")
    with HeartbeatServer(API_KEY, shape) as server, TWINS[twin](server.url) as heartbeat:
        assert heartbeat.beat() == "hb-1"
        assert heartbeat.beat() == "hb-2"
        heartbeat.heartbeat_id = ""  # a restarted process starts from "" again
        assert heartbeat.beat() == "hb-3"
    assert server.sent == ["", "hb-1", "", "hb-2"]  # the expected id, resent once
    (stale,) = [r for r in caplog.records if "stale heartbeat" in r.getMessage()]
    assert (stale.sent_id, stale.expected_id) == ("", "hb-2")


@pytest.mark.parametrize(("fault", "status"), [("500", 500), ("garbled", 400)])
@pytest.mark.parametrize("twin", TWINS)
def test_other_failures_propagate(twin: str, fault: str, status: int) -> None:
    with HeartbeatServer(API_KEY) as server, TWINS[twin](server.url) as heartbeat:
        server.faults = [fault]
        with pytest.raises(Exception) as raised:  # each SDK's own error type
            heartbeat.beat()
    error = raised.value
    assert getattr(error, "status", None) == status or error.status_code == status
    assert heartbeat.heartbeat_id == "" and server.sent == [""]  # nothing was resent


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


@pytest.mark.parametrize("twin", TWINS)
def test_loop_beats_retries_and_reports_a_lapse(
    twin: str, caplog: pytest.LogCaptureFixture
) -> None:
    """t=0 and t=5 accepted; six failures from t=10 (the sixth, at t=15, is 10 s after the
    last accepted beat: one lapse); accepted again at t=16; stopped after the next wait."""
    clock, waits, lapses = Clock(), [], []
    caplog.set_level(logging.INFO, logger="snippets.placing_orders")
    with HeartbeatServer(API_KEY) as server, TWINS[twin](server.url) as heartbeat:
        server.faults = ["", ""] + ["500"] * 6 + [""]

        def wait(seconds: float) -> None:
            waits.append(seconds)
            clock.now += seconds
            if len(waits) == 9:
                loop.stop()

        loop = HeartbeatLoop(heartbeat.beat, on_lapse=lapses.append, clock=clock, wait=wait)
        loop.run()
    assert waits == [5.0, 5.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 5.0]
    assert (loop.beats, loop.failures, loop.lapses, lapses) == (3, 6, 1, [10.0])
    assert server.sent == ["", "hb-1", "hb-2", "hb-2", "hb-2", "hb-2", "hb-2", "hb-2", "hb-2"]
    messages = [r.getMessage() for r in caplog.records]
    assert sum(m.startswith("heartbeat failed") for m in messages) == 6
    assert any("may have cancelled all open orders" in m for m in messages)
    assert "heartbeats accepted again" in messages


def test_stop_ends_a_started_loop_without_waiting() -> None:
    beats: list[int] = []
    loop = HeartbeatLoop(lambda: str(beats.append(1)), interval_s=3600)
    thread = loop.start()
    loop.stop()  # the default wait returns at once
    thread.join(timeout=5)
    assert not thread.is_alive() and len(beats) <= 1


def test_expected_id_reads_both_shapes_only() -> None:
    assert expected_heartbeat_id({"error": "Invalid Heartbeat ID", "heartbeat_id": "a"}) == "a"
    assert expected_heartbeat_id({"error_msg": "Invalid Heartbeat ID", "heartbeat_id": "b"}) == "b"
    assert expected_heartbeat_id({"error": "Unauthorized/Invalid api key"}) is None
    assert expected_heartbeat_id("Invalid Heartbeat ID") is None
