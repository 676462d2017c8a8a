"""The frame loop's less travelled paths, fed directly (no server): odd changes, snapshots the
hash text cannot be cut from, callbacks that raise, REST answers with no live subscription."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest

from .code import market_stream
from .code.market_stream import (
    ConnectionChange,
    MarketStream,
    StreamConfig,
    StreamStats,
    notify,
)
from .code.order_book import COMPACT_SIDE, BookError, LocalBook, check_levels, columns
from .conftest import BOOKS, A, B, updates_for
from .test_stream_correctness import rest


async def never(asset: str) -> Any:
    raise AssertionError("no REST call expected")


def primed(**config: Any) -> MarketStream:
    """A stream holding A's recorded book, its REST fields known, as inside a session."""
    stream = MarketStream([A, B], never, config=StreamConfig(**{"verify_every": 0.0} | config))
    stream._on_frame(json.dumps([BOOKS[A]]))
    stream.books[A].min_order_size, stream.books[A].neg_risk = "5", False
    return stream


def change(price: str, size: str, side: str = "BUY", ts: int = 1779223999000) -> str:
    entry = {"asset_id": A, "price": price, "size": size, "side": side, "hash": "h"}
    return json.dumps(
        {
            "event_type": "price_change",
            "market": "m",
            "timestamp": str(ts),
            "price_changes": [entry],
        }
    )


@pytest.mark.parametrize(
    "config",
    [{"verify_hashes": False}, {"verify_every": 1e9}],  # the plain loop, the one with texts
)
def test_odd_changes_are_rejected_or_move_only_the_hash(config: dict[str, Any]) -> None:
    stream = primed(**config)
    book = stream.books[A]
    bids = dict(book.bids)
    stream._on_frame(change("0.5", "1", side="BOTH"))
    stream._on_frame(change("0.5", "many"))
    stream._on_frame(change("0.5", "-1"))
    assert stream.stats.rejected == 3 and dict(book.bids) == bids
    stream._on_frame(change("0.777", "0"))  # removing a level it does not hold
    assert dict(book.bids) == bids and book.hash == "h" and book.timestamp == 1779223999000
    stream._on_frame(change("0.5", "1", ts=1))  # older than the book: ignored
    assert dict(book.bids) == bids
    stream._on_frame(json.dumps({"event_type": "book", "asset_id": "9" * 70}))  # not ours
    other = json.loads(change("0.5", "1"))
    other["price_changes"][0]["asset_id"] = "9" * 70  # a change for an asset not subscribed
    stream._on_frame(json.dumps(other))
    book.mark_stale()  # a stale book takes no change (outside a session: no resync either)
    stream._on_frame(change("0.5", "1", ts=1779223999001))
    assert dict(book.bids) == bids and stream.stats.rejected == 3 and not stream._resyncing


def test_plain_loop_drops_level_texts_a_hash_built() -> None:
    """Hash checks off and no callback: the loop keeps no level texts; texts that a
    `compute_hash` call built are dropped at the next change and built again when asked."""
    stream = MarketStream([A], never, config=StreamConfig(verify_hashes=False))
    stream._on_frame(json.dumps([BOOKS[A]], separators=(",", ":")))
    book = stream.books[A]
    book.min_order_size, book.neg_risk = "5", False
    ts = int(BOOKS[A]["timestamp"])
    price = BOOKS[A]["bids"][-1]["price"]
    stream._on_frame(change(price, "4", ts=ts + 1))  # splits the side from the frame text
    book.compute_hash()
    assert book._bids.texts is not None
    stream._on_frame(change(price, "5", ts=ts + 2))
    assert book._bids.texts is None and book.bids[price] == "5"
    fresh = LocalBook(A)
    fresh.replace(book.as_rest_body())
    assert book.compute_hash() == fresh.compute_hash()


def test_standard_library_path_without_a_callback(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(market_stream, "price_change_decoder", lambda lean: None)
    slow, fast = primed(), None
    monkeypatch.undo()
    fast = primed()
    for raw in updates_for([A]):
        slow._on_frame(raw)
        fast._on_frame(raw)
    assert slow.books[A].as_rest_body() == fast.books[A].as_rest_body()
    assert slow.stats.hash_mismatches == 0 and slow.stats.hash_checks > 10


async def test_rebuilt_texts_save_a_false_divergence() -> None:
    body = BOOKS[A]
    flip = lambda lv: f'{{"size":"{lv["size"]}","price":"{lv["price"]}"}}'  # noqa: E731
    raw = json.dumps(body, separators=(",", ":"))
    for side in ("bids", "asks"):
        compact = ",".join(json.dumps(lv, separators=(",", ":")) for lv in body[side])
        raw = raw.replace(compact, ",".join(flip(lv) for lv in body[side]))
    stream = MarketStream([A], never, config=StreamConfig(verify_every=0.0))
    stream._on_frame(f"[{raw}]")
    book = stream.books[A]
    book.min_order_size, book.neg_risk = "5", False
    book.hash_checked = False
    stream.verify_now()
    assert stream.stats.hash_checks == 1 and stream.stats.hash_mismatches == 0
    spaced = json.dumps([body])  # not compact: the text is built from the levels instead
    stream._on_frame(spaced)
    book.hash_checked = False
    stream.verify_now()
    assert stream.stats.hash_mismatches == 0
    stream._on_frame(spaced)  # and after a change: `}, {` does not even split into levels
    price = body["bids"][0]["price"]
    stream._on_frame(change(price, "0", ts=int(body["timestamp"]) + 1))
    assert book._bids.texts is None and price not in book.bids
    book.hash = book.compute_hash()  # what the server would send for this book
    book.hash_checked = False
    stream.verify_now()
    assert stream.stats.hash_mismatches == 0 and stream.stats.hash_checks == 3


async def test_connection_callbacks_may_be_async_and_may_raise(
    caplog: pytest.LogCaptureFixture,
) -> None:
    stats, seen = StreamStats(), []

    async def async_cb(change: ConnectionChange) -> None:
        seen.append(change)

    def raising(change: ConnectionChange) -> None:
        raise RuntimeError("consumer bug")

    await notify(async_cb, ConnectionChange(True), stats)
    await notify(raising, ConnectionChange(False, "x"), stats)
    assert seen == [ConnectionChange(True)] and stats.callback_errors == 1
    assert "on_connection raised" in caplog.text


@pytest.mark.parametrize("verify", [True, False])
async def test_a_rest_answer_without_a_subscription_is_dropped(verify: bool) -> None:
    fetched: list[str] = []

    async def fetch(asset: str) -> Any:
        fetched.append(asset)
        return rest(asset)

    stream = MarketStream([A], fetch, config=StreamConfig(verify_hashes=verify))
    stream._resync(A)  # no session: the answer must not make the book fresh
    for _ in range(5):
        await asyncio.sleep(0)
    assert fetched == [A] and stream.books[A].stale and stream.stats.resyncs == 0
    stream._ws = object()  # type: ignore[assignment]  # a change for a stale book, in a session
    stream._on_frame(updates_for([A])[0])
    assert A in stream._resyncing
    await stream.close()


def test_level_texts_cut_from_the_frame_follow_every_change() -> None:
    """Texts cut from a compact frame, sizes noted between checks (`Side.pending`), levels
    added and removed: the hash equals the one of the same levels formatted afresh."""
    stream = MarketStream([A], never, config=StreamConfig(verify_every=0.0))
    stream._on_frame(json.dumps([BOOKS[A]], separators=(",", ":")))
    book = stream.books[A]
    book.min_order_size, book.neg_risk = "5", False
    bids = [lv["price"] for lv in BOOKS[A]["bids"]]
    asks = [lv["price"] for lv in BOOKS[A]["asks"]]
    ts = int(BOOKS[A]["timestamp"])
    steps = [
        (bids[-1], "7", "BUY"),  # a held level, twice before a check: formatted once
        (bids[-1], "8", "BUY"),
        (bids[0], "0", "BUY"),  # removed
        ("0.0005", "3", "BUY"),  # added
        (asks[0], "9.5", "SELL"),
        (asks[-1], "0", "SELL"),
    ]
    for n, (price, size, side) in enumerate(steps, start=1):
        entry = {"asset_id": A, "price": price, "size": size, "side": side, "hash": ""}
        frame = {"event_type": "price_change", "timestamp": str(ts + n), "price_changes": [entry]}
        stream._on_frame(json.dumps(frame))  # no hash: the stream checks nothing itself
        fresh = LocalBook(A)
        fresh.replace(book.as_rest_body())
        assert book.compute_hash() == fresh.compute_hash()
    assert book.bids[bids[-1]] == "8" and not book._bids.pending
    assert stream.stats.rejected == 0


def split_compact(text: str) -> tuple[list[str], list[str]] | None:
    return columns(text) if COMPACT_SIDE.fullmatch(text.encode()) else None


def test_snapshot_sides_split_as_text_only_when_compact() -> None:
    assert split_compact("[]") == ([], [])
    assert split_compact('[{"price":"0.5","size":"10"},{"price":"0.6","size":"2.5"}]') == (
        ["0.5", "0.6"],
        ["10", "2.5"],
    )
    assert split_compact('[{"price":"0.05","size":".5"},{"price":"0.6","size":"7."}]') == (
        ["0.05", "0.6"],
        [".5", "7."],
    )
    for other in (
        '[{"price": "0.5", "size": "10"}]',  # spaced
        '[{"size":"10","price":"0.5"}]',  # keys swapped
        '[{"price":"0.5","size":"10","x":"1"}]',  # another key
        '[{"price":"0.5","size":"1\\u0030"}]',  # an escape
        '[{"price":"0.5","size":"10"},{"price":"0.6"}]',  # a size missing
        '[{"price":"0.5","size":""}]',  # an empty size
        '[{"price":"0.5","size":"."}]',  # a lone dot
        '[{"price":"0.5.1","size":"1"}]',  # two dots
        '[{"price":"0.000","size":"1"}]',  # an all-zero price
        '[{"price":"1.5","size":"1"}]',  # not "0."
        '[{"price":"0.5","size":"1"},7{"price":"0.6","size":"1"}]',  # a digit between levels
        '[{"price":"0.5","size":"1x"}]',  # a letter in a value
    ):
        assert split_compact(other) is None, other
    # Either way the stream holds the same book.
    body = BOOKS[A] | {"asks": []}
    compact = MarketStream([A], never)
    compact._on_frame(json.dumps([body], separators=(",", ":")))
    spaced = MarketStream([A], never)
    spaced._on_frame(json.dumps([body]))
    assert compact.books[A].as_rest_body() == spaced.books[A].as_rest_body()
    assert compact.books[A].best_ask() is None and not compact.books[A].stale


def test_apply_on_a_book_taken_from_a_frame_follows_its_text() -> None:
    """`LocalBook.apply` (the reference path) on a book whose sides came as frame text."""
    stream = MarketStream([A], never, config=StreamConfig(verify_every=0.0))
    stream._on_frame(json.dumps([BOOKS[A]], separators=(",", ":")))
    book = stream.books[A]
    book.min_order_size, book.neg_risk = "5", False
    ts = int(BOOKS[A]["timestamp"])
    assert book.apply("BUY", BOOKS[A]["bids"][-1]["price"], "4", ts + 1, "")
    assert book.apply("SELL", "0.9995", "6", ts + 2, "")
    fresh = LocalBook(A)
    fresh.replace(book.as_rest_body())
    assert book.compute_hash() == fresh.compute_hash()


def test_a_side_kept_as_frame_text_answers_best_prices_and_its_hash() -> None:
    """Until a change or a reader needs its levels, a side is the frame's text: the best prices
    come from its end, and the hash from the text itself."""
    stream = MarketStream([A, B], never)
    stream._on_frame(json.dumps([BOOKS[A], BOOKS[B] | {"asks": []}], separators=(",", ":")))
    book, other = stream.books[A], stream.books[B]
    book.min_order_size, book.neg_risk = "5", False
    assert book._bids.sizes is None and book._asks.sizes is None  # not split yet
    assert book.compute_hash() == BOOKS[A]["hash"]
    best = book.best_bid(), book.best_ask(), other.best_ask()
    assert book._bids.sizes is None and other.best_ask() is None
    fresh = LocalBook(A)
    fresh.replace(BOOKS[A])
    assert best[:2] == (fresh.best_bid(), fresh.best_ask()) and best[2] is None
    assert book.bids == fresh.bids and book.levels() == fresh.levels()


def test_a_side_listed_in_the_other_order_is_sorted_at_once() -> None:
    """Asks lowest first (or bids highest first): the best price is not the last one listed,
    so the side is split and sorted on arrival, and hashed from its sorted levels."""
    flipped = BOOKS[A] | {"bids": BOOKS[A]["bids"][::-1], "asks": BOOKS[A]["asks"][::-1]}
    stream = MarketStream([A], never)
    stream._on_frame(json.dumps([flipped], separators=(",", ":")))
    book = stream.books[A]
    assert book._bids.sizes is not None and book._asks.sizes is not None  # split on arrival
    fresh = LocalBook(A)
    fresh.replace(BOOKS[A])
    assert (book.best_bid(), book.best_ask()) == (fresh.best_bid(), fresh.best_ask())
    book.min_order_size, book.neg_risk = "5", False
    assert book.compute_hash() == BOOKS[A]["hash"]


def test_a_bad_snapshot_in_a_list_is_rejected_alone() -> None:
    stream = primed()
    bad = BOOKS[A] | {"bids": [{"price": "1.5", "size": "1"}]}
    stream._on_frame(json.dumps([bad, BOOKS[B]], separators=(",", ":")))
    assert stream.stats.rejected == 1 and not stream.books[B].stale


def test_snapshot_checks_name_the_bad_level() -> None:
    check_levels(["0.5", "0.6"], ["1e3", "2"])  # unusual but valid: the per-level path
    with pytest.raises(BookError, match="outside"):
        check_levels(["0.5", "1.5"], ["1", "2"])
    for prices, sizes, match in (
        (["0.5", "0.6"], ["1", "1.2.3"], "not a number"),  # two dots in one size
        (["0.5", "0.6"], ["1", "-2"], "not a number|negative"),
        (["0.5", "0.0"], ["1", "2"], "outside"),  # an all-zero price
        (["0.5,0", "0.6"], ["1", "2"], "not a number"),  # a comma inside a price
        (["0.5", "0.\u0663"], ["1", "2"], "not a plain decimal|not a number"),  # non-ASCII
    ):
        with pytest.raises(BookError, match=match):
            check_levels(prices, sizes)
    book = LocalBook(A)
    struct = type("S", (), {"asset_id": B, "timestamp": "1"})
    with pytest.raises(BookError, match="snapshot for"):
        book.replace_levels(struct, None)
    book.replace(rest(A))
    older = type("S", (), {"asset_id": A, "timestamp": "1"})
    assert book.replace_levels(older, None) is False
