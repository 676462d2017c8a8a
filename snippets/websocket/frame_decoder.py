"""Decode market-channel frames fast: msgspec when installed, else `json`.

msgspec is optional: with it, `price_change` and `book` frames are decoded straight into typed
structs holding only the fields the book needs (several times faster than `json.loads` into
dicts); without it, or for any other frame, `decode_frame` returns None and the caller takes the
`json` path, building the same `Change` records with `change_from_dict`.
No SDK needed.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Literal, NamedTuple, Protocol

try:
    import msgspec
except ImportError:  # the standard-library path below does the same work, slower
    msgspec = None  # type: ignore[assignment]


class Change(NamedTuple):
    """One entry of a V2 `price_change`; the msgspec struct below has the same fields."""

    asset_id: str
    price: str
    size: str
    side: str
    hash: str = ""
    best_bid: str | None = None
    best_ask: str | None = None


class PriceChanges(Protocol):
    timestamp: int  # ms; the frame carries it as a decimal string
    price_changes: Sequence[Change]


def change_from_dict(change: Mapping[str, Any]) -> Change:
    """A change from `json.loads` output; a missing field raises KeyError."""
    best_bid, best_ask = change.get("best_bid"), change.get("best_ask")
    return Change(
        str(change["asset_id"]),
        str(change["price"]),
        str(change["size"]),
        str(change["side"]),
        str(change.get("hash", "")),
        None if best_bid is None else str(best_bid),
        None if best_ask is None else str(best_ask),
    )


_scan = json.JSONDecoder().scan_once  # the C scanner behind json.loads


def parse_json(frame: str | bytes) -> Any:
    """`json.loads(frame)`, faster on the usual frame (text, no surrounding whitespace): the
    scanner `json.loads` itself ends in, called directly; anything else takes `json.loads`,
    which also raises its usual ValueError on bad JSON."""
    if type(frame) is str:
        try:
            data, end = _scan(frame, 0)
        except StopIteration:  # no JSON value at the start (whitespace?): json.loads decides
            pass
        else:
            if end == len(frame):
                return data
    return json.loads(frame)


def to_builtins(event: Any) -> dict[str, Any]:
    """A decoded `book` struct as the plain dict `json.loads` would give (for callbacks)."""
    return msgspec.json.decode(msgspec.json.encode(event))  # type: ignore[no-any-return]


def change_to_dict(change: Any) -> dict[str, Any]:
    """The payload handed to callbacks (a plain dict, whichever decoder made the change)."""
    if isinstance(change, Change):
        return change._asdict()
    return msgspec.structs.asdict(change)


# --8<-- [start:decode]
if msgspec is not None:

    class _Change(msgspec.Struct, gc=False):
        asset_id: str
        price: str
        size: str
        side: str
        hash: str = ""
        best_bid: str | None = None
        best_ask: str | None = None

    class _LeanChange(msgspec.Struct, gc=False):  # what the book needs (no callback)
        asset_id: str
        price: str
        size: str
        side: str
        hash: str = ""

    class _PriceChanges(msgspec.Struct, gc=False):
        event_type: Literal["price_change"]
        timestamp: int  # a decimal string in the frame, read as a number (strict=False)
        price_changes: list[_Change]

    class _LeanPriceChanges(msgspec.Struct, gc=False):
        event_type: Literal["price_change"]
        timestamp: int
        price_changes: list[_LeanChange]

    class _Level(msgspec.Struct, gc=False):
        price: str
        size: str

    class _Book(msgspec.Struct, gc=False):
        event_type: Literal["book"]
        asset_id: str
        timestamp: str
        bids: msgspec.Raw  # the side's own text: order_book.split_compact, else split_levels
        asks: msgspec.Raw
        market: str = ""
        hash: str = ""
        tick_size: str | None = None
        last_trade_price: str | None = None

    # One plain decoder per shape: a tagged union would scan each frame for its tag first.
    # strict=False lets msgspec read the timestamp string as an int in C, for a few ns more
    # than reading it as a string (int() on the string took about 0.1 µs). It also reads an
    # integer written "1e3" or "17.0", which int() refuses (the json path then rejects the
    # frame); every other field here is a string.
    _full = msgspec.json.Decoder(_PriceChanges, strict=False).decode
    _lean = msgspec.json.Decoder(_LeanPriceChanges, strict=False).decode
    _books = msgspec.json.Decoder(_Book | list[_Book]).decode
    _levels = msgspec.json.Decoder(list[_Level]).decode
    _Error = DecodeError = msgspec.MsgspecError

    def split_levels(raw: Any) -> tuple[list[str], list[str]]:
        """One side of a `book` frame in any JSON layout: its prices and its sizes."""
        levels = _levels(raw)
        return [lv.price for lv in levels], [lv.size for lv in levels]

    def price_change_decoder(lean: bool) -> Callable[[str | bytes], Any] | None:
        """msgspec's own decode function for `price_change` frames (`lean`: without the
        `best_bid`/`best_ask` only callbacks read); it raises `DecodeError` on any other
        frame. None without msgspec."""
        return _lean if lean else _full

    def decode_books(frame: str | bytes) -> Any:
        """A `book` or a list of books as typed structs; None for anything else."""
        try:
            return _books(frame)
        except _Error:
            return None

    def decode_frame(frame: str | bytes) -> Any:
        """A `price_change`, a `book` or a list of books as typed structs; None for anything
        else (the caller then parses it with `json` and reports what is wrong)."""
        try:
            return _full(frame)
        except _Error:
            return decode_books(frame)

    def decode_frame_lean(frame: str | bytes) -> Any:
        """`decode_frame` without the `best_bid`/`best_ask` of each change (faster)."""
        try:
            return _lean(frame)
        except _Error:
            return decode_books(frame)

    BOOK: type | None = _Book

else:
    BOOK = split_levels = None  # type: ignore[assignment]  # only book structs need it
    DecodeError = ValueError  # type: ignore[misc]  # never raised: there is no decoder

    def price_change_decoder(lean: bool) -> Callable[[str | bytes], Any] | None:
        """Without msgspec every frame takes the `json` path."""
        return None

    def decode_frame(frame: str | bytes) -> Any:
        """Without msgspec every frame takes the `json` path."""
        return None

    decode_frame_lean = decode_books = decode_frame


# --8<-- [end:decode]


def decode_price_change(frame: str | bytes) -> PriceChanges | None:
    """The frame if it is a well-formed `price_change`, else None."""
    decoded = decode_frame(frame)
    return (
        None if decoded is None or isinstance(decoded, list) or type(decoded) is BOOK else decoded
    )
