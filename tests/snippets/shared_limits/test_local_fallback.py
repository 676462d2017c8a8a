"""The local fallbacks start as if the limit had just been used up."""

from __future__ import annotations

import math

import pytest

from .code.local_fallback import LocalBucket, LocalWindow


def test_local_bucket_starts_empty_and_refills() -> None:
    bucket = LocalBucket(capacity=3, refill_per_second=10.0, now=100.0)
    assert bucket.wait(1, 100.0) == pytest.approx(0.1)  # empty: one token in 0.1 s
    assert bucket.wait(1, 100.1) <= 0
    bucket.record(1, 100.1)
    assert bucket.wait(3, 200.0) <= 0 < bucket.wait(1, 100.1)  # refills up to the capacity
    assert bucket.wait(4, 200.0) == math.inf  # beyond the capacity: never


def test_local_window_starts_full_for_one_window() -> None:
    window = LocalWindow(max_calls=2, window_seconds=10.0, now=100.0)
    assert window.wait(1, 100.0) == 10.0 and window.wait(1, 110.0) == 0
    window.record(2, 110.0)
    assert window.admitted == 2 and window.wait(1, 119.9) > 0 and window.wait(2, 120.0) == 0
    assert window.wait(3, 500.0) == math.inf
