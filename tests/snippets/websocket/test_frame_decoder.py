"""frame_decoder: msgspec structs and the standard-library records carry the same fields."""

from __future__ import annotations

import importlib
import json
import sys

import pytest

from .code import frame_decoder
from .code.frame_decoder import (
    Change,
    change_from_dict,
    change_to_dict,
    decode_frame,
    decode_frame_lean,
    decode_price_change,
    parse_json,
)
from .conftest import FRAMES


def test_msgspec_and_json_give_the_same_changes() -> None:
    frames = [f for f in FRAMES[1:] if json.loads(f)["event_type"] == "price_change"]
    for raw in frames:
        fast = decode_price_change(raw)
        event = json.loads(raw)
        assert fast is not None and fast.timestamp == int(event["timestamp"])
        slow = [change_from_dict(c) for c in event["price_changes"]]
        assert [change_to_dict(c) for c in fast.price_changes] == [c._asdict() for c in slow]
    assert change_to_dict(slow[0]) == slow[0]._asdict()
    lean = decode_frame_lean(frames[0])  # the fields the book needs, no best_bid/best_ask
    first = json.loads(frames[0])["price_changes"]
    assert [(c.price, c.hash) for c in lean.price_changes] == [
        (c["price"], c["hash"]) for c in first
    ]
    assert type(decode_frame_lean(FRAMES[0])) is type(decode_frame(FRAMES[0])) is list


@pytest.mark.parametrize(
    "frame",
    [
        FRAMES[0],  # an array of book snapshots
        '{"event_type": "best_bid_ask", "asset_id": "1"}',
        '{"event_type": "price_change", "timestamp": "5 ms", "price_changes": []}',  # no number
        '{"event_type": "price_change", "timestamp": "5", "price_changes": [{"price": "0.5"}]}',
        "{not json",
        b"\xff\xfe",
    ],
)
def test_anything_else_is_left_to_the_json_path(frame: str | bytes) -> None:
    assert decode_price_change(frame) is None


def test_change_from_dict_needs_the_book_fields() -> None:
    assert change_from_dict({"asset_id": "1", "price": "0.5", "size": "2", "side": "BUY"}) == (
        Change("1", "0.5", "2", "BUY")
    )
    with pytest.raises(KeyError):
        change_from_dict({"asset_id": "1", "price": "0.5", "side": "BUY"})


def test_without_msgspec_every_frame_takes_the_json_path(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "msgspec", None)  # `import msgspec` now raises ImportError
    try:
        module = importlib.reload(frame_decoder)
        assert module.msgspec is None
        assert module.decode_price_change(FRAMES[1]) is None
        assert module.price_change_decoder(lean=True) is None
    finally:
        monkeypatch.undo()
        importlib.reload(frame_decoder)
    assert frame_decoder.decode_price_change(FRAMES[1]) is not None


@pytest.mark.parametrize(
    "frame",
    [FRAMES[1], FRAMES[1].encode(), f"  {FRAMES[1]}\n", '"PONG"', "[]", "NaN"],
)
def test_parse_json_is_json_loads(frame: str | bytes) -> None:
    assert parse_json(frame) == json.loads(frame) or frame == "NaN"


@pytest.mark.parametrize("frame", ["{not json", '{"a": 1} extra', "", " ", b"\xff"])
def test_parse_json_rejects_what_json_loads_rejects(frame: str | bytes) -> None:
    with pytest.raises(ValueError):
        json.loads(frame)
    with pytest.raises(ValueError):
        parse_json(frame)
