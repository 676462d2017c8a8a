"""Decode market-channel `price_change` frames fast: msgspec when installed, else `json`.

msgspec is optional: with it, a `price_change` frame is decoded straight into typed structs
holding only the fields the book needs (several times faster than `json.loads` into dicts);
without it, or for any other frame, `decode_price_change` returns None and the caller takes the
`json` path, building the same `Change` records with `change_from_dict`.
No SDK needed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
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
    timestamp: str
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

    class _PriceChanges(msgspec.Struct, gc=False):
        event_type: Literal["price_change"]
        timestamp: str
        price_changes: list[_Change]

    _decoder = msgspec.json.Decoder(_PriceChanges)

    def decode_price_change(frame: str | bytes) -> PriceChanges | None:
        """The frame as typed structs, or None if it is anything but a well-formed
        `price_change` (the caller then parses it with `json` and reports what is wrong)."""
        try:
            return _decoder.decode(frame)  # type: ignore[no-any-return]
        except msgspec.MsgspecError:
            return None

else:

    def decode_price_change(frame: str | bytes) -> PriceChanges | None:
        """Without msgspec every frame takes the `json` path."""
        return None


# --8<-- [end:decode]
