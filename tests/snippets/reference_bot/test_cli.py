"""cli: the command line against the local CLOB, dry run and live, with /metrics served."""

from __future__ import annotations

import asyncio
import json
import logging
import socket

import httpx
import pytest
from eth_account import Account

from ..code.local_clob.app import TOKEN, V3_TOKEN, LocalClob
from .code import cli
from .code.metrics import BotMetrics
from .code.sessions import session_markets


@pytest.fixture
def clob(monkeypatch: pytest.MonkeyPatch):
    with LocalClob(seed=9, markets=session_markets()) as server:
        account = Account.create()
        server.fund(account.address, pusd=100, positions={TOKEN: 50, V3_TOKEN: 50})
        monkeypatch.setenv("POLY_PRIVATE_KEY", account.key.to_0x_hex())
        yield server


def test_dry_run_signs_and_logs_but_sends_no_order(clob: LocalClob, capsys) -> None:
    argv = ["--sdk", "py-clob-client-v2", "--clob-url", clob.url, "--market", TOKEN, "--market",
            f"{V3_TOKEN}:v2", "--dry-run", "--steps", "2", "--interval", "0"]  # fmt: skip
    try:
        report = cli.main(argv)
    finally:
        for name in ("reference_bot", "snippets", "websocket", "rate_limiting", "error_handling"):
            logging.getLogger(name).handlers.clear()
    assert report.intents == 4 and report.drift is None
    paths = {r.path for r in clob.records.requests}
    assert "/order" not in paths and "/v1/heartbeats" not in paths and not clob.open_orders()
    last = json.loads(capsys.readouterr().out.splitlines()[-1])
    assert last["intents"] == 4 and last["not_canceled"] == {}


async def test_live_run_serves_metrics_and_cancels_on_stop(clob: LocalClob) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    args = cli.parse(["--sdk", "py-clob-client-v2", "--clob-url", clob.url, "--market", TOKEN,
                      "--steps", "3", "--interval", "0", "--metrics-port", str(port)])  # fmt: skip
    metrics = BotMetrics()
    report = await cli.run(args, asyncio.Event(), metrics)
    try:
        text = httpx.get(f"http://127.0.0.1:{port}/metrics").text
    finally:
        metrics.server.shutdown()  # type: ignore[attr-defined]
    assert "polymarket_bot_orders_total" in text and "polymarket_bot_bucket_level" in text
    assert len(report.canceled) == 2 and not clob.open_orders()


async def test_refuses_without_a_key_or_without_prometheus(monkeypatch: pytest.MonkeyPatch):
    args = cli.parse(["--market", TOKEN, "--metrics-port", "1"])
    monkeypatch.delenv("POLY_PRIVATE_KEY", raising=False)
    with pytest.raises(SystemExit, match="POLY_PRIVATE_KEY"):
        await cli.run(args)
    monkeypatch.setenv("POLY_PRIVATE_KEY", "0x" + "11" * 32)
    monkeypatch.setattr(cli, "start_http_server", None)
    with pytest.raises(SystemExit, match="prometheus-client"):
        await cli.run(args)


def test_polymarket_client_is_the_default_sdk(clob: LocalClob, monkeypatch) -> None:
    key = cli.os.environ["POLY_PRIVATE_KEY"]
    monkeypatch.setenv("POLY_WALLET", Account.from_key(key).address)  # an EOA, not a deposit wallet
    args = cli.parse(["--clob-url", clob.url, "--market", TOKEN])
    adapter = cli.connect(args, cli.os.environ["POLY_PRIVATE_KEY"])
    assert adapter.sdk == "polymarket-client" and cli.specs([f"{V3_TOKEN}:v2"])[0].version == "v2"
    config = cli.config(cli.parse(["--market", TOKEN]))
    assert config.market_stream.url.startswith("wss://") and config.user_stream.url.endswith("user")


def test_without_prometheus_client_metrics_are_off(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib
    import sys

    monkeypatch.setitem(sys.modules, "prometheus_client", None)
    try:
        assert importlib.reload(cli).start_http_server is None
    finally:
        monkeypatch.delitem(sys.modules, "prometheus_client")
        importlib.reload(cli)
