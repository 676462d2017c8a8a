"""Shutdown through polymarket-client: the real SecureClient, DELETE /cancel-all replayed."""

from __future__ import annotations

import logging

import pytest

from .code.cancel_all import cancel_all
from .code.shutdown import GracefulShutdown, OnShutdown
from .conftest import CANCELED


@pytest.fixture
def client(secure_client):
    c = secure_client()
    yield c
    c.close()


@pytest.mark.vcr
def test_shutdown_cancels_everything(client, quoting) -> None:
    def cancel():
        quoting.append("cancel")
        return cancel_all(client)

    shutdown = GracefulShutdown(
        OnShutdown.CANCEL_ALL, stop_quoting=lambda: quoting.append("stop"), cancel_all=cancel
    )
    report = shutdown.finish()
    assert quoting == ["stop", "cancel"]
    assert report.canceled == CANCELED and report.not_canceled == {}
    assert shutdown.finish() is report and quoting == ["stop", "cancel"]  # never twice


@pytest.mark.vcr
def test_orders_that_could_not_be_canceled(client, caplog) -> None:
    shutdown = GracefulShutdown(
        OnShutdown.CANCEL_ALL, stop_quoting=lambda: None, cancel_all=lambda: cancel_all(client)
    )
    with caplog.at_level(logging.WARNING):
        report = shutdown.finish()
    assert report.canceled == CANCELED[:1]
    assert report.not_canceled == {CANCELED[1]: "already canceled or matched"}
    assert f"order {CANCELED[1]} not canceled: already canceled or matched" in caplog.text
