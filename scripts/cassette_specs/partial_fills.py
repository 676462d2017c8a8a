"""Cassettes for "Partial fills": genuine V1 order records, docs-derived trade progressions.

The two GET /data/order/{id} bodies are GENUINE captures of 2026-01-20 (V1, before the CLOB V2
cutover; owner replaced by the zero UUID when copied, see shared/recorded/PROVENANCE.md
section 7): a FAK BUY 10 @ 0.47 that matched 5 (rest killed) and a FAK BUY 5 @ 0.53 that
matched fully. No public capture shows a trade moving MATCHED -> MINED -> CONFIRMED or
RETRYING -> FAILED, so the GET /data/trades replies are docs-derived (statuses from the
user-channel docs page, fields from the SDK trade model), tied to the genuine trade ids.
"""

from __future__ import annotations

from typing import Any

from scripts.cassette_builder import Cassette, Interaction, docs, public, recorded_json
from scripts.cassette_specs.placing_orders import API_KEYS, CHECKED, CLOB

KALSHI = "Polymarket-Kalshi-Arbitrage-bot/controller/tests/integration/fixtures"
ORIGIN = (
    "https://github.com/Tydog99/Polymarket-Kalshi-Arbitrage-bot/blob/0987cf2f49ea/"
    "controller/tests/integration/fixtures/{}"
)
VERDICT = "GENUINE, V1 (captured 2026-01-20, before the V2 cutover), owner anonymised"
PARTIAL = "0x8b416d01048aea99086ea6c1e4510cad2d0bb881a0def312b9b81b7ac732ad8e"
FULL = "0x300b6f4a853408b38846aee01695d25ff0da109a1072fea577f067fbb67bb80f"
PARTIAL_TRADE = "31f73244-fcb1-4977-9cbc-bbdaf793be7e"
FULL_TRADE = "9a34f42f-492d-4e10-a1cb-151f71451f98"
TRADES_DOCS = (
    "https://docs.polymarket.com/market-data/websocket/user-channel (trade statuses); "
    "https://docs.polymarket.com/api-reference/trade/get-trades.md; "
    "polymarket/models/clob/account.py ClobTrade"
)


def order_record(name: str, order_id: str) -> Interaction:
    return Interaction(
        "GET",
        f"{CLOB}/data/order/{order_id}",
        recorded_json(f"{KALSHI}/{name}", "response", "body_raw"),
        public(f"{KALSHI}/{name}", ORIGIN.format(name), VERDICT),
    )


def trade(order: dict[str, Any], trade_id: str, status: str, v2: bool) -> Interaction:
    item = {
        "id": trade_id,
        "taker_order_id": order["id"],
        "market": order["market"],
        "asset_id": order["asset_id"],
        "side": "BUY",
        "size": order["size_matched"],
        "fee_rate_bps": "0",
        "price": order["price"],
        "status": status,
        "match_time": str(order["created_at"]),
        "last_update": str(order["created_at"] + 5),
        "outcome": order["outcome"],
        "bucket_index": 0,
        "owner": "REDACTED",
        "maker_address": order["maker_address"],
        "transaction_hash": "0x" + "6b" * 32 if status in ("MINED", "CONFIRMED") else None,
        "maker_orders": [],
        "trader_side": "TAKER",
    }
    query = f"id={trade_id}" + ("&next_cursor=MA==" if v2 else "")
    return Interaction(
        "GET",
        f"{CLOB}/data/trades?{query}",
        {"limit": 100, "count": 1, "next_cursor": "LTE=", "data": [item]},
        docs(TRADES_DOCS, CHECKED, f"Trade {trade_id} of the genuine order, status {status}."),
    )


def _sequence(name: str, order_id: str, trade_id: str, statuses: list[str], v2: bool):
    order = recorded_json(f"{KALSHI}/{name}", "response", "body_parsed")
    out: list[Interaction] = [] if v2 else [API_KEYS]
    for status in statuses:
        out += [order_record(name, order_id), trade(order, trade_id, status, v2)]
    return out


SETTLES = ["MATCHED", "MINED", "CONFIRMED"]
FAILS = ["MATCHED", "RETRYING", "FAILED"]
PARTIAL_FILE = "poly_order_status_partial_real.json"
FULL_FILE = "poly_order_status_full_real.json"

CASSETTES = [
    Cassette(
        f"partial_fills/{module}/test_fak_partial_fill_settles.yaml",
        _sequence(PARTIAL_FILE, PARTIAL, PARTIAL_TRADE, SETTLES, v2),
    )
    for module, v2 in (("test_partial_fills", False), ("test_partial_fills_clob_v2", True))
] + [
    Cassette(
        f"partial_fills/{module}/test_matched_but_failed_to_settle.yaml",
        _sequence(FULL_FILE, FULL, FULL_TRADE, FAILS, v2),
    )
    for module, v2 in (("test_partial_fills", False), ("test_partial_fills_clob_v2", True))
]
