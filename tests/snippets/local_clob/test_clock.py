"""The injectable server clock."""

from __future__ import annotations

import time

import pytest

from .code.clock import Clock


def test_frozen_clock_moves_only_when_told() -> None:
    clock = Clock(start=1_795_824_000.0)
    assert clock.now() == 1_795_824_000.0
    clock.advance(11)
    assert clock.now() == 1_795_824_011.0 and clock.now_ms() == 1_795_824_011_000
    with pytest.raises(ValueError, match="forward"):
        clock.advance(-1)


def test_wall_clock_with_an_offset() -> None:
    clock = Clock()
    clock.advance(3600)
    assert clock.now() - time.time() == pytest.approx(3600, abs=5)
