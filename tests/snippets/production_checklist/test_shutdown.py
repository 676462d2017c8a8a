"""The SDK-free shutdown sequence: order of steps, exactly once, signals, keep-resting."""

from __future__ import annotations

import os
import signal
import threading

from .code.shutdown import GracefulShutdown, OnShutdown


def test_keep_resting_never_cancels(quoting, caplog) -> None:
    shutdown = GracefulShutdown(
        OnShutdown.KEEP_RESTING,
        stop_quoting=lambda: quoting.append("stop"),
        cancel_all=lambda: quoting.append("cancel") or ((), {}),  # type: ignore[func-returns-value]
    )
    report = shutdown.finish()
    assert (
        quoting == ["stop"] and report.canceled == () and report.policy is OnShutdown.KEEP_RESTING
    )
    assert "left resting on purpose" in caplog.text


def test_finish_runs_once_under_racing_threads(quoting) -> None:
    calls = []
    shutdown = GracefulShutdown(
        OnShutdown.CANCEL_ALL,
        stop_quoting=lambda: quoting.append("stop"),
        cancel_all=lambda: calls.append(1) or (("0x1",), {}),  # type: ignore[func-returns-value]
    )
    reports = []
    threads = [threading.Thread(target=lambda: reports.append(shutdown.finish())) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert calls == [1] and quoting == ["stop"]
    assert all(r is reports[0] for r in reports)


def test_a_signal_only_requests_the_stop() -> None:
    cancels = []
    shutdown = GracefulShutdown(
        OnShutdown.CANCEL_ALL,
        stop_quoting=lambda: None,
        cancel_all=lambda: cancels.append(1) or ((), {}),  # type: ignore[func-returns-value]
    )
    previous = signal.getsignal(signal.SIGTERM)
    try:
        shutdown.install([signal.SIGTERM])
        os.kill(os.getpid(), signal.SIGTERM)
        assert shutdown.requested.wait(timeout=1)
        assert cancels == []  # the handler does no I/O; the main loop calls finish()
    finally:
        signal.signal(signal.SIGTERM, previous)
