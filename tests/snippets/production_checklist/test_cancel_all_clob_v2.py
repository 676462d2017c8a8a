"""Shutdown through py-clob-client-v2: the real ClobClient, DELETE /cancel-all replayed."""

from __future__ import annotations

import pytest

from .code.cancel_all_clob_v2 import cancel_all
from .code.shutdown import GracefulShutdown, OnShutdown
from .conftest import CANCELED


@pytest.fixture
def client(clob_client):
    return clob_client


@pytest.mark.vcr
def test_shutdown_cancels_everything(client, quoting) -> None:
    shutdown = GracefulShutdown(
        OnShutdown.CANCEL_ALL,
        stop_quoting=lambda: quoting.append("stop"),
        cancel_all=lambda: cancel_all(client),
    )
    report = shutdown.finish()
    assert quoting == ["stop"] and report.canceled == CANCELED and report.not_canceled == {}


@pytest.mark.vcr
def test_orders_that_could_not_be_canceled(client) -> None:
    canceled, not_canceled = cancel_all(client)
    assert canceled == CANCELED[:1]
    assert not_canceled == {CANCELED[1]: "already canceled or matched"}
