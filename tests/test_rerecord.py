"""Re-recording: which tests may record, the shape report on the committed cassettes with
changes injected, the secret guard, the WebSocket capture against a server on 127.0.0.1, and
the stream tests' capture mode (`MARKET_REPLAY`) on captures written to tmp_path."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from websockets.asyncio.server import ServerConnection, serve

from scripts import rerecord
from scripts.cassette_format import dump, load
from scripts.vcr_policy import SecretInCassetteError
from tests.snippets.websocket import conftest as stream_tests

pytestmark = pytest.mark.long  # `scripts/run.py long` runs it, as CI does

ROOT = Path(__file__).resolve().parent.parent
BOOK = "neg_risk/test_lookup/test_book_flag_and_sdk_exchange.yaml"
TICK = "getting_started/test_market_data/test_read_market_and_book.yaml"
ORDERS = "placing_orders/test_orders/test_gtc_and_gtd.yaml"
REPLAY = json.loads(rerecord.REPLAY.read_text(encoding="utf-8"))


def edit(path: Path, index: int, change) -> None:
    """Apply `change(body_dict, response)` to interaction `index` of a cassette file."""
    data = load(path)
    response = data["interactions"][index]["response"]
    body = json.loads(response["body"]["string"])
    response["body"]["string"] = json.dumps(change(body, response))
    path.write_text(dump(data), encoding="utf-8")


@pytest.fixture
def trees(tmp_path: Path) -> tuple[Path, Path]:
    before, after = tmp_path / "before", tmp_path / "after"
    shutil.copytree(ROOT / "cassettes", before)
    shutil.copytree(ROOT / "cassettes", after)
    return before, after


def test_only_read_only_tests_are_re_recorded_by_default() -> None:
    tests = rerecord.http_tests()
    assert "tests/snippets/getting_started/test_market_data.py" in tests
    assert "tests/snippets/neg_risk/test_lookup.py" in tests
    for never in ("placing_orders/test_orders.py", "error_handling/test_errors.py"):
        assert f"tests/snippets/{never}" not in tests  # they POST orders or DELETE them
    for test in tests:
        slug, module = Path(test).parent.name, Path(test).stem
        for cassette in (ROOT / "cassettes" / slug / module).glob("*.yaml"):
            assert rerecord.read_only(load(cassette)), cassette
    assert not rerecord.read_only(load(ROOT / "cassettes" / ORDERS))


def test_unchanged_trees_report_nothing(trees: tuple[Path, Path]) -> None:
    assert rerecord.cassette_changes(*trees) == []


def test_shape_changes_are_reported_and_value_changes_are_not(trees: tuple[Path, Path]) -> None:
    before, after = trees

    def new_values(body: dict[str, Any], response: dict[str, Any]) -> dict[str, Any]:
        body.update(hash="0" * 40, timestamp="1799999999999", last_trade_price="0.5")
        body["bids"] = [*body["bids"][:1], {"price": "0.002", "size": "1"}]
        return body

    def renamed_and_retyped(body: dict[str, Any], response: dict[str, Any]) -> dict[str, Any]:
        body["negRisk"] = body.pop("neg_risk")  # renamed
        body["min_order_size"] = float(body["min_order_size"])  # retyped
        body["rfq_enabled"] = True  # new
        return body

    def now_404(body: dict[str, Any], response: dict[str, Any]) -> dict[str, Any]:
        response["status"]["code"] = 404
        return {"error": "market not found"}

    edit(after / BOOK, 0, renamed_and_retyped)
    edit(after / TICK, 1, new_values)  # the /book of getting_started: only values change
    edit(after / TICK, 2, now_404)  # its /midpoint
    # A fresh recording asks for another token: the path changes, the interaction is the same.
    text = (after / TICK).read_text().replace("97986244429993405301", "11111111111111111111")
    (after / TICK).write_text(text)
    (after / ORDERS).unlink()

    got = sorted(map(str, rerecord.cassette_changes(before, after)))
    assert got == [
        f"{TICK}: GET /midpoint #1: status 200 → 404",
        f"{BOOK}: GET /book #1: new `$.rfq_enabled` (boolean)",
        f"{BOOK}: GET /book #1: renamed `$.neg_risk` → `$.negRisk`",
        f"{BOOK}: GET /book #1: retyped `$.min_order_size`: string → number",
        f"{ORDERS}: cassette: removed",
    ]
    assert rerecord.main(["report", "--before", str(before), "--after", str(after)]) == 1


def test_a_cassette_that_holds_a_secret_is_put_back(trees: tuple[Path, Path]) -> None:
    before, after = trees
    leaked = load(after / BOOK)
    leaked["interactions"][1]["request"]["headers"]["POLY_API_KEY"] = [
        "4b1cdb4c-87a1-4bd8-9ab7-0f3c2a5e6d71"
    ]
    (after / BOOK).write_text(dump(leaked), encoding="utf-8")
    fresh = after / "neg_risk" / "test_new" / "leak.yaml"
    fresh.parent.mkdir()
    body = {"apiKey": "x", "secret": "c2VjcmV0LXNlY3JldC1zZWNyZXQ=", "passphrase": "p" * 64}
    fresh.write_text(
        yaml.safe_dump(
            {
                "interactions": [
                    {
                        "request": {"method": "GET", "uri": "https://clob.polymarket.com/x"},
                        "response": {"status": {"code": 200}, "body": {"string": json.dumps(body)}},
                    }
                ]
            }
        )
    )
    refused = rerecord.guard(before, after)
    assert [r.split(":")[0] for r in refused] == [BOOK, "neg_risk/test_new/leak.yaml"]
    assert (after / BOOK).read_bytes() == (before / BOOK).read_bytes()
    assert not fresh.exists()
    assert rerecord.cassette_changes(before, after) == []
    assert "Refused" in rerecord.report([], refused)


def test_a_frame_capture_with_a_secret_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "market.json"
    frames = [*REPLAY["frames"][:3], json.dumps({"event_type": "x", "secret": "s" * 40})]
    with pytest.raises(SecretInCassetteError, match="secret"):
        rerecord.write_capture(out, frames, {"kind": "recorded-live"})
    assert not out.exists()
    rerecord.write_capture(out, frames[:3], {"kind": "recorded-live"})
    assert json.loads(out.read_text())["frames"] == frames[:3]


def test_frame_shapes_per_event_type() -> None:
    frames = REPLAY["frames"]
    assert rerecord.frame_changes(frames, frames, "ws") == []
    changed = [
        f.replace('"best_bid"', '"bestBid"')
        .replace('"side":"BUY"', '"side":0')
        .replace('"side":"SELL"', '"side":1')
        for f in frames
    ]
    got = sorted(map(str, rerecord.frame_changes(frames, changed, "ws")))
    assert got == [
        "ws: frame best_bid_ask: renamed `$.best_bid` → `$.bestBid`",
        "ws: frame price_change: renamed `$.price_changes[].best_bid` → "
        "`$.price_changes[].bestBid`",
        "ws: frame price_change: retyped `$.price_changes[].side`: string → number",
    ]


async def test_capture_subscribes_and_keeps_the_frames() -> None:
    frames = REPLAY["frames"][:5]
    subscriptions: list[Any] = []

    async def market(ws: ServerConnection) -> None:
        subscriptions.append(json.loads(await ws.recv()))
        for raw in frames:
            await ws.send(raw)
        await ws.send("PONG")
        await ws.wait_closed()

    async with serve(market, "127.0.0.1", 0) as server:
        port = next(iter(server.sockets)).getsockname()[1]
        assets = ["1", "2"]
        got = await rerecord.capture(f"ws://127.0.0.1:{port}", assets, 30, limit=5)
    assert got == frames
    assert subscriptions == [{"assets_ids": assets, "type": "market"}]


def live_layout(frames: list[str]) -> list[str]:
    """The committed frames as a live capture may hold them: one frame per book snapshot."""
    return [json.dumps(b) for b in json.loads(frames[0])] + frames[1:]


def test_capture_mode_takes_the_market_frames_from_the_named_file(tmp_path: Path) -> None:
    books = json.loads(REPLAY["frames"][0])
    updates = REPLAY["frames"][1:5]
    capture = tmp_path / "market.json"
    provenance = {"kind": "recorded-live", "date": "2026-12-02"}
    rerecord.write_capture(capture, live_layout([REPLAY["frames"][0], *updates]), provenance)

    data = stream_tests.load_replay({rerecord.REPLAY_ENV: str(capture)})
    assert json.loads(data["frames"][0]) == books  # the per-book frames, merged into frame 0
    assert data["frames"][1:] == updates
    assert data["provenance"] == provenance
    assert data["user_frames"] == REPLAY["user_frames"]  # no capture of the user channel
    assert stream_tests.load_replay({}) == REPLAY  # without the variable: the committed file
    assert stream_tests.as_replay(REPLAY["frames"]) == REPLAY["frames"]

    rerecord.write_capture(capture, updates, provenance)
    with pytest.raises(ValueError, match="does not start with book snapshots"):
        stream_tests.load_replay({rerecord.REPLAY_ENV: str(capture)})


def test_the_stream_tests_rerun_on_a_capture(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    """A capture holding the recorded frames passes; the same capture with `hash` renamed in
    every price change fails the book-hash test, so the tests read the capture, not the file."""
    order_book = rerecord.STREAM_TESTS / "test_order_book.py"
    same = tmp_path / "same.json"
    rerecord.write_capture(same, live_layout(REPLAY["frames"]), {"kind": "test"})
    assert rerecord.replay_stream_tests(same, [order_book]) == 0
    assert "17 passed" in capfd.readouterr().out

    renamed = [
        raw.replace('"hash":', '"hash_v2":') if '"price_change"' in raw else raw
        for raw in REPLAY["frames"]
    ]
    drifted = tmp_path / "drifted.json"
    rerecord.write_capture(drifted, live_layout(renamed), {"kind": "test"})
    assert rerecord.replay_stream_tests(drifted, [order_book]) == 1
    out = capfd.readouterr().out
    assert "FAILED" in out and "test_every_recorded_price_change_hash_matches" in out
    assert "KeyError: 'hash'" in out
