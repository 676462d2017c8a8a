"""Shut a bot down on purpose: stop quoting first, then cancel everything or keep it, once.

SDK-free: pass the cancel-all call of your SDK (see cancel_all.py / cancel_all_clob_v2.py).
"""

from __future__ import annotations

import logging
import signal
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from enum import Enum
from types import FrameType

log = logging.getLogger(__name__)

#: What a cancel-all reported: the ids it canceled, and {id: reason} for the ones it did not.
CancelResult = tuple[tuple[str, ...], dict[str, str]]


class OnShutdown(Enum):
    CANCEL_ALL = "cancel-all"  # the safe default: nobody watches those quotes any more
    KEEP_RESTING = "keep-resting"  # only without heartbeats: stopping them cancels anyway


@dataclass(frozen=True)
class ShutdownReport:
    policy: OnShutdown
    canceled: tuple[str, ...] = ()
    not_canceled: dict[str, str] = field(default_factory=dict)  # may already be matched


class GracefulShutdown:
    """Turns SIGINT/SIGTERM into one orderly stop; `finish()` runs its steps exactly once."""

    def __init__(
        self,
        policy: OnShutdown,
        *,
        stop_quoting: Callable[[], None],
        cancel_all: Callable[[], CancelResult],
    ) -> None:
        self.policy = policy
        self.requested = threading.Event()  # your main loop checks this between iterations
        self._stop_quoting = stop_quoting
        self._cancel_all = cancel_all
        self._lock = threading.Lock()
        self._report: ShutdownReport | None = None

    def install(self, signals: Iterable[int] = (signal.SIGINT, signal.SIGTERM)) -> None:
        """Call from the main thread: the handlers only set `requested`, nothing else."""
        for sig in signals:
            signal.signal(sig, self._on_signal)

    def _on_signal(self, signum: int, frame: FrameType | None) -> None:
        self.requested.set()

    def finish(self) -> ShutdownReport:
        with self._lock:
            if self._report is None:
                self._report = self._run()
            return self._report

    def _run(self) -> ShutdownReport:
        self._stop_quoting()  # first, so nothing new is placed while we cancel
        if self.policy is OnShutdown.KEEP_RESTING:
            log.warning("shutting down with orders left resting on purpose")
            return ShutdownReport(self.policy)
        canceled, not_canceled = self._cancel_all()
        for order_id, reason in not_canceled.items():
            log.warning("order %s not canceled: %s", order_id, reason)
        return ShutdownReport(self.policy, canceled, dict(not_canceled))
