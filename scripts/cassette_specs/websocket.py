"""Cassettes for the WebSocket reconnection page: REST `/book` snapshots for the streamed assets.

The fault-injection tests replay the V2 market-channel frames recorded by Marfusios
(polymarket-client-websocket, 2026-05-19). No REST `/book` capture exists for those assets (the
V2 REST books in Thabris-polymarket are for three other tokens), so each `/book` body is built
from the recorded WebSocket `book` frame of the same asset and labelled docs-derived, saying how.

    python3 scripts/build_cassettes.py websocket          # the cassettes
    python3 -m scripts.cassette_specs.websocket            # also the replay fixture for the tests
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from scripts.cassette_builder import ROOT, Cassette, Interaction, docs, recorded_bytes

REPLAY = (
    "polymarket-client-websocket/test_integration/"
    "Polymarket.Client.Websocket.Tests.Integration/data/polymarket_public_replay.txt"
)
REPLAY_ORIGIN = (
    "https://github.com/Marfusios/polymarket-client-websocket/blob/"
    "fe372ef90edabfbfeb8300eb64e9849db021a525/test_integration/"
    "Polymarket.Client.Websocket.Tests.Integration/data/polymarket_public_replay.txt"
)
REPLAY_VERDICT = "GENUINE (lightly sanitised), CLOB V2 market channel, 2026-05-19 20:50-20:52 UTC"
CLOB = "https://clob.polymarket.com"
FIXTURE = ROOT / "tests/snippets/websocket/data/market_replay.json"

#: The busiest pair in the recording (one market, YES and NO), and a second market.
ASSET_A = "35897145766259317849531537649732979331853484456543966713822507439506839868603"
ASSET_B = "18124776046378286261632296176797913974857552946923528818498431780145315271239"
ASSET_C = "101407360275578242025559123794924815546227269981219987932032932255334246314286"
ASSET_D = "76150632180345500942617667303892128055275310542626568919906405357352468359168"
ASSETS = (ASSET_A, ASSET_B, ASSET_C, ASSET_D)
USER_FILES = (
    "tests/integration_tests/adapters/polymarket/resources/ws_messages/user_trade2.json",
    "crates/adapters/polymarket/test_data/ws_user_order_fok_killed.json",
)
ZERO_UUID = "00000000-0000-0000-0000-000000000000"
#: Values tried for the two /book fields the WebSocket `book` frame lacks.
MIN_ORDER_SIZES = ("5", "1", "10", "15", "20", "50", "100")


def market_frames() -> list[str]:
    """The market-channel frames of the recording, byte-exact (RTDS frames left out)."""
    out = []
    for raw in recorded_bytes(REPLAY).split(";;"):
        if not raw.strip():
            continue
        data = json.loads(raw)
        items = data if isinstance(data, list) else [data]
        if all(isinstance(i, dict) and "event_type" in i for i in items):
            out.append(raw)
    return out


def _sha1(payload: dict[str, Any]) -> str:
    text = json.dumps(payload, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha1(text.encode()).hexdigest()


def rest_book(asset: str) -> dict[str, Any]:
    """The `/book` body whose SHA-1 equals the server hash in the recorded `book` frame."""
    frame = next(b for b in json.loads(market_frames()[0]) if b["asset_id"] == asset)
    for min_size in MIN_ORDER_SIZES:
        for neg_risk in (False, True):
            body = {
                "market": frame["market"],
                "asset_id": frame["asset_id"],
                "timestamp": frame["timestamp"],
                "hash": "",
                "bids": frame["bids"],
                "asks": frame["asks"],
                "min_order_size": min_size,
                "tick_size": frame["tick_size"],
                "neg_risk": neg_risk,
                "last_trade_price": frame["last_trade_price"],
            }
            if _sha1(body) == frame["hash"]:
                return body | {"hash": frame["hash"]}
    raise ValueError(f"no min_order_size/neg_risk reproduces the hash of {asset}")


def _book(asset: str) -> Interaction:
    body = rest_book(asset)
    return Interaction(
        "GET",
        f"{CLOB}/book?token_id={asset}",
        body,
        docs(
            "https://docs.polymarket.com/api-reference/market-data/get-order-book (GET /book "
            "schema) and py-clob-client-v2 1.2.1 utilities.generate_orderbook_summary_hash "
            f"(the hash payload); levels from shared/recorded/{REPLAY} ({REPLAY_ORIGIN}, "
            f"verdict {REPLAY_VERDICT})",
            "2026-11-28",
            "Not a REST capture. No recorded GET /book exists for this asset, so this body is "
            "the recorded WebSocket `book` frame (first frame of the replay) re-shaped to the "
            "/book schema: market, asset_id, timestamp, hash, bids, asks, tick_size and "
            "last_trade_price are the frame's values, unchanged. min_order_size "
            f"{body['min_order_size']!r} and neg_risk {body['neg_risk']!r} are not in the frame; "
            "they are the only values tried for which SHA-1 of the /book payload equals the "
            "server hash the frame carries, so this is the body the server hashed (key order "
            "as in recorded V2 /book bodies; whitespace compact).",
        ),
    )


def _cassette(test_file: str, test: str, assets: tuple[str, ...]) -> Cassette:
    return Cassette(f"websocket/{test_file}/{test}.yaml", [_book(a) for a in assets])


MARKET_TESTS = (
    "test_streams_and_verifies_every_hash",
    "test_abrupt_close_resyncs_and_streams_again",
    "test_close_1011_resyncs_and_streams_again",
    "test_half_open_is_detected_by_the_stale_timeout",
    "test_refused_connections_back_off_then_recover",
    "test_bad_input_is_counted_never_fatal",
    "test_tick_size_change_mid_stream_then_resync",
    "test_subscribe_and_unsubscribe_while_connected",
    "test_slow_callback_drops_oldest_and_raising_callback_is_isolated",
    "test_failed_rest_resync_is_retried",
    "test_unexpected_error_is_logged_and_retried",
)
SDK_TESTS = (
    "test_sdk_stream_reconnects_after_abrupt_close",
    "test_sdk_stream_on_close_1011_and_bad_frames",
    "test_sdk_stream_half_open_needs_its_watchdog",
)

CASSETTES = [
    *(_cassette("test_market_stream", t, ASSETS) for t in MARKET_TESTS),
    _cassette("test_book_source", "test_polymarket_client_body_reproduces_hash", ASSETS[:2]),
    _cassette("test_book_source_clob_v2", "test_clob_v2_body_reproduces_hash", ASSETS[:2]),
    *(_cassette("test_sdk_streams", t, ASSETS[:2]) for t in SDK_TESTS),
]


def _anonymised(value: Any) -> Any:
    """Replace API key ids (owner fields) with the zero UUID, recursively."""
    if isinstance(value, dict):
        return {
            k: ZERO_UUID if k in {"owner", "trade_owner", "order_owner"} else _anonymised(v)
            for k, v in value.items()
        }
    return [_anonymised(v) for v in value] if isinstance(value, list) else value


def write_replay_fixture(path: Path = FIXTURE) -> None:
    """Copy the market frames the fault server replays next to the tests (CI has no shared/)."""
    fixture = {
        "provenance": {
            "kind": "public-recording",
            "file": f"shared/recorded/{REPLAY}",
            "origin": REPLAY_ORIGIN,
            "verdict": REPLAY_VERDICT,
            "licence": "Apache-2.0 (Marfusios/polymarket-client-websocket)",
            "note": "market-channel frames only, byte-exact, in recorded order; RTDS frames "
            "(crypto/equity prices, comments) left out",
        },
        "frames": market_frames(),
        "user_provenance": {
            "kind": "public-recording",
            "files": [f"shared/recorded/nautilus_trader/{p}" for p in USER_FILES],
            "origin": "https://github.com/nautechsystems/nautilus_trader (LGPL-3.0 test data)",
            "verdict": "user_trade2.json GENUINE (V1, 2024-09-10); ws_user_order_fok_killed.json "
            "GENUINE, ANONYMISED (V2, 2026-05-03)",
            "note": "re-serialised compactly; owner / trade_owner / order_owner (API key ids) "
            "replaced by the zero UUID; no V2 user-channel trade frame is public",
        },
        "user_frames": [
            json.dumps(_anonymised(json.loads(recorded_bytes(f"nautilus_trader/{p}"))))
            for p in USER_FILES
        ],
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(fixture, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    write_replay_fixture()
    print(f"wrote {FIXTURE.relative_to(ROOT)}")
