"""`python -m snippets.local_clob --seed N` prints its URLs and serves until stopped."""

from __future__ import annotations

import json
import threading

import pytest

from .code.__main__ import main


def test_prints_urls_and_stops(capsys: pytest.CaptureFixture[str]) -> None:
    stop = threading.Event()
    stop.set()
    clob = main(["--seed", "3"], stop=stop)
    urls = json.loads(capsys.readouterr().out)
    assert urls["clob_url"] == clob.url and urls["ws_user_url"].endswith("/ws/user")
    assert clob.exchange.seed == 3


def test_ctrl_c_stops_cleanly(capsys: pytest.CaptureFixture[str]) -> None:
    class Interrupted(threading.Event):
        def wait(self, timeout: float | None = None) -> bool:
            raise KeyboardInterrupt

    assert main([], stop=Interrupted()).exchange.seed == 0
