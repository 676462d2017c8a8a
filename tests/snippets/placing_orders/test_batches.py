"""post_in_batches: chunking and the bookkeeping of a failed batch (the SDK runs are in
test_orders*.py::test_batch_keeps_what_was_accepted, replayed through both SDKs)."""

from __future__ import annotations

import logging

import pytest

from snippets.placing_orders.batches import MAX_BATCH, BatchInterrupted, post_in_batches


def test_replies_come_back_in_order_one_per_item() -> None:
    sizes: list[int] = []

    def post(chunk: list[int]) -> list[int]:
        sizes.append(len(chunk))
        return [n * 10 for n in chunk]

    assert post_in_batches(list(range(32)), post) == [n * 10 for n in range(32)]
    assert sizes == [15, 15, 2]
    assert post_in_batches([], post) == [] and sizes == [15, 15, 2]


def test_a_failed_batch_keeps_the_replies_before_it(caplog: pytest.LogCaptureFixture) -> None:
    def post(chunk: list[int]) -> list[int]:
        if chunk[0] >= 4:
            raise TimeoutError("read timed out")
        return chunk

    with pytest.raises(BatchInterrupted) as stopped:
        post_in_batches(list(range(10)), post, size=2)
    assert stopped.value.done == [0, 1, 2, 3] and stopped.value.pending == [4, 5, 6, 7, 8, 9]
    assert isinstance(stopped.value.__cause__, TimeoutError)
    (record,) = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert (record.answered, record.pending) == (4, 6)


@pytest.mark.parametrize("size", [0, MAX_BATCH + 1])
def test_batch_size_is_bounded(size: int) -> None:
    with pytest.raises(ValueError, match="batch size"):
        post_in_batches([1], lambda chunk: chunk, size=size)
