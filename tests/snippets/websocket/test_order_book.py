"""LocalBook on the recorded V2 frames: the server's hash is reproduced, bad input is refused."""

from __future__ import annotations

import hashlib
import json
import random
from decimal import Decimal

import pytest

from .code.order_book import BookError, LocalBook, check_asset_id
from .conftest import BOOKS, FRAMES, A, B


def rest_body(asset: str) -> dict:
    """The /book body for a recorded `book` frame: it lacks min_order_size and neg_risk."""
    return BOOKS[asset] | {"min_order_size": "5", "neg_risk": False}


def test_book_frame_hash_is_reproduced_once_rest_fields_are_known() -> None:
    book = LocalBook(A)
    assert book.stale and not book.can_hash()
    assert book.replace(BOOKS[A])  # the WebSocket frame: no min_order_size / neg_risk
    assert not book.stale and not book.can_hash()
    book.replace(rest_body(A))
    assert book.compute_hash() == BOOKS[A]["hash"]
    assert book.best_bid() < book.best_ask()
    assert book.as_rest_body()["bids"] == BOOKS[A]["bids"]


def test_every_recorded_price_change_hash_matches_at_the_end_of_its_timestamp() -> None:
    books = {a: LocalBook(a) for a in (A, B)}
    for asset, book in books.items():
        book.replace(rest_body(asset))
    pending: dict[str, tuple[int, str]] = {}
    checked = mismatched = 0
    for raw in FRAMES[1:]:
        event = json.loads(raw)
        ts = int(event["timestamp"])
        for change in event.get("price_changes", []):
            book = books.get(change["asset_id"])
            if book is None:
                continue
            if change["asset_id"] in pending and pending[change["asset_id"]][0] != ts:
                checked += 1
                mismatched += book.compute_hash() != pending.pop(change["asset_id"])[1]
            book.apply_change(change, ts)
            pending[change["asset_id"]] = (ts, change["hash"])
    assert checked == 140 and mismatched == 0  # 168 changes, bursts share a hash


def test_older_snapshot_is_ignored_unless_the_book_is_stale() -> None:
    book = LocalBook(A)
    book.replace(rest_body(A))
    change = {"price": "0.5", "size": "0", "side": "BUY", "hash": "x"}
    assert book.apply_change(change, int(BOOKS[A]["timestamp"]) + 1)
    assert "0.5" not in book.bids
    assert not book.replace(rest_body(A))  # older than what we hold
    assert not book.apply_change(change, 1)  # already inside the snapshot
    book.mark_stale()
    assert not book.apply_change(change, 2**62)  # a stale book waits for a snapshot
    assert book.replace(rest_body(A)) and "0.5" in book.bids


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"price": "1", "size": "1", "side": "BUY"}, "outside"),
        ({"price": "0", "size": "1", "side": "SELL"}, "outside"),
        ({"price": "abc", "size": "1", "side": "BUY"}, "not a number"),
        ({"price": "nan", "size": "1", "side": "BUY"}, "not a number"),
        ({"price": "5e-1", "size": "1", "side": "BUY"}, "not a plain decimal"),
        ({"price": "0.5", "size": "inf", "side": "BUY"}, "not finite"),
        ({"price": "0.5", "size": "nan", "side": "BUY"}, "not finite"),
        ({"price": "0.5", "size": "-1", "side": "BUY"}, "negative"),
        ({"price": "0.5", "size": "x", "side": "BUY"}, "not a number"),
        ({"price": "0.5", "size": "1", "side": "HOLD"}, "not BUY or SELL"),
    ],
)
def test_bad_changes_raise_book_error(change: dict, message: str) -> None:
    book = LocalBook(A)
    book.replace(rest_body(A))
    with pytest.raises(BookError, match=message):
        book.apply_change(change, 2**62)


def test_tick_size_and_wrong_asset() -> None:
    book = LocalBook(A)
    book.set_tick_size("0.001")
    assert book.tick_size == "0.001"
    with pytest.raises(BookError, match="tick size"):
        book.set_tick_size("1.5")
    with pytest.raises(BookError, match="not 3589"):
        book.replace(BOOKS[B])


def test_asset_ids_token_and_position_ids() -> None:
    # A Protocol V2 position id (the docs-derived example on the market versions page).
    position_id = "719975933196953153479451074212216146913267758697617460687455287637002158080"
    assert check_asset_id(position_id) == position_id
    assert check_asset_id(A) == A
    for bad in ("", "0", "0x12", "12a", 5, str(2**256)):
        with pytest.raises(ValueError, match="invalid asset id"):
            check_asset_id(bad)


def reference_hash(book: LocalBook) -> str:
    """The hash as py-clob-client-v2 builds it: json.dumps of the whole REST body."""
    payload = book.as_rest_body() | {"hash": ""}
    text = json.dumps(payload, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha1(text.encode()).hexdigest()


def test_cached_serialisation_equals_the_reference_after_random_changes() -> None:
    rng = random.Random(5)
    book = LocalBook(A)
    book.replace(rest_body(A) | {"market": 'a "quoted" m\u00e4rket', "last_trade_price": None})
    prices = [f"0.{n:03d}".rstrip("0") for n in range(1, 1000, 7)] + ["0.5", "0.55", "0.555"]
    for ts in range(int(BOOKS[A]["timestamp"]) + 1, int(BOOKS[A]["timestamp"]) + 400):
        side, price = rng.choice(["BUY", "SELL"]), rng.choice(prices)
        size = rng.choice(["0", "0.00", "12", "3.5", "1000000"])
        assert book.apply(side, price, size, ts, "h")
        if ts % 40 == 0:
            book.tick_size, book.neg_risk = rng.choice(["0.01", "0.001"]), rng.random() < 0.5
        assert book.compute_hash() == reference_hash(book)
    bids, asks = book.levels()
    assert [lv["price"] for lv in bids] == sorted((lv["price"] for lv in bids), key=float)
    assert [lv["price"] for lv in asks] == sorted((lv["price"] for lv in asks), key=float)[::-1]
    assert book.best_bid() == max(map(Decimal, book.bids)) and book.best_ask() == min(
        map(Decimal, book.asks)
    )
    held = dict(book.bids)
    assert "0.777" not in held and book.apply("BUY", "0.777", "0", ts + 1, "")
    assert book.bids == held  # removing a level we never held changes no level


def test_empty_book_has_no_best_prices() -> None:
    book = LocalBook(A)
    book.replace(BOOKS[A] | {"bids": [], "asks": []})
    assert book.best_bid() is None and book.best_ask() is None
