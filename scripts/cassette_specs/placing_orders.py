"""Cassettes for "Placing and cancelling orders": both SDKs sign for real, the CLOB is replayed.

No public V2 `POST /order` capture exists (shared/recorded/PROVENANCE.md, second-pass
summary), so every reply here is **docs-derived**: the shape comes from the docs page or SDK
model named in its provenance, the values are chosen for the test. The request bodies are what
the SDKs send for the throwaway key of tests/snippets/placing_orders/support.py with salt and
signing time pinned; `owner` and `signature` are REDACTED, as scripts/vcr_policy.py does.
"""

from __future__ import annotations

from typing import Any

from scripts.cassette_builder import Cassette, Interaction, docs

CHECKED = "2026-11-28"
CLOB = "https://clob.polymarket.com"
TOKEN = "97986244429993405301006613239860350847262749399039648046285499627250726259070"
CONDITION = "0xaea50c46b138456d358138b2c1737f22cc692ac199e2cfa0c1e86e2babf9e37b"
MAKER = "0x60C69b838AFe891CeDA663fB5F4Efe0a36EC8d8A"
API_KEY = "00000000-0000-4000-8000-000000000001"
ZERO32 = "0x" + "00" * 32
TIMESTAMP = "1795824000000"
PC_SALT = 1234567890  # polymarket-client, pinned
V2_SALT = 897912000000  # py-clob-client-v2: random() pinned to 0.5 times the pinned ms clock
ORDER_ID = "0x" + "5e" * 32
OPENAPI = "https://docs.polymarket.com/api-reference/trade/post-a-new-order.md"
PC_MODEL = "polymarket-client 0.14.0 polymarket/models/clob/order_response.py"


def _d(source: str, note: str = "") -> dict[str, str]:
    return docs(source, CHECKED, note)


def pc_order(maker: str, taker: str, side: str, order_type: str, **extra: Any) -> dict[str, Any]:
    """The body polymarket-client posts (`_internal/actions/orders/post.py`)."""
    body: dict[str, Any] = {
        "deferExec": False,
        "order": {
            "builder": ZERO32,
            "expiration": extra.pop("expiration", "0"),
            "maker": MAKER,
            "makerAmount": maker,
            "metadata": ZERO32,
            "salt": PC_SALT,
            "side": side,
            "signature": "REDACTED",
            "signatureType": 0,
            "signer": MAKER,
            "takerAmount": taker,
            "timestamp": TIMESTAMP,
            "tokenId": TOKEN,
        },
        "orderType": order_type,
        "owner": "REDACTED",
    }
    return body | extra


def v2_order(maker: str, taker: str, side: str, order_type: str, **extra: Any) -> dict[str, Any]:
    """The body py-clob-client-v2 posts (`order_utils/model/order_data_v2.py`)."""
    return {
        "order": {
            "salt": V2_SALT,
            "maker": MAKER,
            "signer": MAKER,
            "tokenId": TOKEN,
            "makerAmount": maker,
            "takerAmount": taker,
            "side": side,
            "expiration": extra.get("expiration", "0"),
            "signatureType": 0,
            "timestamp": TIMESTAMP,
            "metadata": ZERO32,
            "builder": ZERO32,
            "signature": "REDACTED",
        },
        "owner": "REDACTED",
        "orderType": order_type,
        "deferExec": False,
        "postOnly": extra.get("postOnly", False),
    }


API_KEYS = Interaction(
    "GET",
    f"{CLOB}/auth/api-keys",
    {"apiKeys": [API_KEY]},
    _d(
        "https://docs.polymarket.com/api-reference/auth/get-api-keys.md; "
        "polymarket/_internal/actions/auth.py parse_api_keys_response",
        "SecureClient.create(credentials=...) checks the key is active; the id is the test's.",
    ),
)
BY_TOKEN = Interaction(
    "GET",
    f"{CLOB}/markets-by-token/{TOKEN}",
    {"condition_id": CONDITION},
    _d(
        "polymarket/_internal/actions/orders/market_data.py _parse_condition_by_token",
        "Only the field the SDKs read. Token and condition ids are the genuine pair of the "
        "Thabris GET /book capture (2026-08-22).",
    ),
)
CLOB_MARKET = Interaction(
    "GET",
    f"{CLOB}/clob-markets/{CONDITION}",
    {"t": [{"t": TOKEN, "o": "Yes"}], "mos": 5, "mts": 0.01, "nr": False},
    _d(
        "https://docs.polymarket.com/api-reference/markets/get-clob-market-info.md; "
        "shared/recorded/Polymarket.Net/.../GetMarketInfo.txt (DOCS-DERIVED)",
        "tick 0.01, min size 5 and neg_risk false as in the genuine book of this token; no fee "
        "block (fd), so no fee adjustment.",
    ),
)
VERSION = Interaction(
    "GET",
    f"{CLOB}/version",
    {"version": 2},
    _d("py_clob_client_v2/client.py get_version (reads `version`, defaults to 2)"),
)
TICK = Interaction(
    "GET",
    f"{CLOB}/tick-size?token_id={TOKEN}",
    {"minimum_tick_size": 0.01},
    _d("https://docs.polymarket.com/api-reference/markets/get-tick-size.md"),
)


def posted(request: dict[str, Any], reply: dict[str, Any], note: str = "") -> Interaction:
    return Interaction(
        "POST",
        f"{CLOB}/order",
        reply,
        _d(f"{OPENAPI}; {PC_MODEL}", note or "No public V2 POST /order capture exists."),
        request_body=request,
    )


def live(order_id: str = ORDER_ID) -> dict[str, Any]:
    return {
        "errorMsg": "",
        "orderID": order_id,
        "takingAmount": "",
        "makingAmount": "",
        "status": "live",
        "success": True,
    }


def matched(making: str, taking: str, **extra: Any) -> dict[str, Any]:
    return {
        "errorMsg": "",
        "orderID": ORDER_ID,
        "takingAmount": taking,
        "makingAmount": making,
        "status": "matched",
        "success": True,
    } | extra


TX = "0x" + "7a" * 32
TRADE_ID = "5b0c3a8e-0000-4000-8000-00000000f111"
TRADE = {
    "id": TRADE_ID,
    "taker_order_id": ORDER_ID,
    "market": CONDITION,
    "asset_id": TOKEN,
    "side": "BUY",
    "size": "9.4339",
    "fee_rate_bps": "0",
    "price": "0.53",
    "status": "CONFIRMED",
    "match_time": "1795824001",
    "last_update": "1795824009",
    "outcome": "Yes",
    "bucket_index": 0,
    "owner": "REDACTED",
    "maker_address": MAKER,
    "transaction_hash": TX,
    "maker_orders": [],
    "trader_side": "TAKER",
}
TRADES = Interaction(
    "GET",
    f"{CLOB}/data/trades?id={TRADE_ID}&next_cursor=MA==",
    {"limit": 100, "count": 1, "next_cursor": "LTE=", "data": [TRADE]},
    _d(
        "https://docs.polymarket.com/api-reference/trade/get-trades.md; "
        "polymarket/models/clob/account.py ClobTrade",
        "py-clob-client-v2 post_order polls GET /data/trades for every tradeIDs entry until it "
        "has a transaction_hash (up to 30 s); this reply resolves it on the first poll.",
    ),
)


def cancel(method_path: str, request: Any, canceled: list[str], not_canceled: dict[str, str]):
    method, path = method_path.split(" ")
    return Interaction(
        method,
        f"{CLOB}{path}",
        {"not_canceled": not_canceled, "canceled": canceled},
        _d("https://docs.polymarket.com/trading/orders/cancel"),
        request_body=request,
    )


def heartbeat(request_id: str, reply: dict[str, Any], status: int = 200, note: str = ""):
    return Interaction(
        "POST",
        f"{CLOB}/v1/heartbeats",
        reply,
        _d(
            "https://docs.polymarket.com/api-reference/trade/send-heartbeat.md; "
            "polymarket/models/clob/order_heartbeats.py; py_clob_client_v2/endpoints.py",
            note
            or 'The docs page shows POST /heartbeats and {"status":"ok"}; both SDKs post '
            "to /v1/heartbeats and polymarket-client requires heartbeat_id in the reply.",
        ),
        status=status,
        request_body={"heartbeat_id": request_id},
    )


HB1 = "3f0b9a52-1d7e-4c1a-9a57-0d6a8f2e0001"
HB2 = "3f0b9a52-1d7e-4c1a-9a57-0d6a8f2e0002"
OTHER = ["0x" + "a1" * 32, "0x" + "a2" * 32]
BATCH_PRICES = ("2350000", "2400000", "2450000")


def _batch_reply() -> list[dict[str, Any]]:
    ok = [live("0x" + f"{i:02x}" * 32) for i in (1, 2)]
    refused = {
        "errorMsg": "not enough balance / allowance",
        "orderID": "",
        "takingAmount": "",
        "makingAmount": "",
        "status": "",
        "success": False,
    }
    return [*ok, refused]


def _batch(body: Any) -> Interaction:
    return Interaction(
        "POST",
        f"{CLOB}/orders",
        _batch_reply(),
        _d(
            f"https://docs.polymarket.com/api-reference/trade/post-multiple-orders.md; {PC_MODEL}",
            "One reply per order, in order. The third shows a per-order refusal inside the "
            "200 (message text as in error-bodies.md item 1).",
        ),
        request_body=body,
    )


#: 16 quotes of 5 shares at 0.30 ... 0.45: sent as 15 + 1; the second batch fails.
INTERRUPTED_PRICES = tuple(str(5 * (30 + i) * 10_000) for i in range(16))


def _interrupted(order: Any) -> list[Interaction]:
    """POST /orders twice: 15 accepted, then the one-order batch fails with a 500."""
    first = [order(p, "5000000", "BUY", "GTC") for p in INTERRUPTED_PRICES[:15]]
    accepted = Interaction(
        "POST",
        f"{CLOB}/orders",
        [live("0x" + f"{0xC0 + i:064x}") for i in range(15)],
        _d(
            f"https://docs.polymarket.com/api-reference/trade/post-multiple-orders.md; {PC_MODEL}",
            "One reply per order, in order: the first batch is accepted whole.",
        ),
        request_body=first,
    )
    failed = Interaction(
        "POST",
        f"{CLOB}/orders",
        {"error": "could not run the execution"},
        _d(
            "https://github.com/Polymarket/py-clob-client/issues/331",
            "Message text verbatim from the thread (a 500 on POST /order, V1); replayed here "
            'on the second POST /orders; the {"error": ...} wrapper is inferred.',
        ),
        status=500,
        request_body=[order(INTERRUPTED_PRICES[15], "5000000", "BUY", "GTC")],
    )
    return [accepted, failed]


PC, V2 = "placing_orders/test_orders", "placing_orders/test_orders_clob_v2"
PC_META = [API_KEYS, BY_TOKEN, CLOB_MARKET]

CASSETTES = [
    Cassette(
        f"{PC}/test_gtc_and_gtd.yaml",
        [
            *PC_META,
            posted(pc_order("5000000", "10000000", "BUY", "GTC"), live()),
            posted(pc_order("5000000", "10000000", "BUY", "GTD", expiration="1795827660"), live()),
        ],
    ),
    Cassette(
        f"{PC}/test_post_only.yaml",
        [
            *PC_META,
            posted(pc_order("5100000", "10000000", "BUY", "GTC", postOnly=True), live()),
        ],
    ),
    Cassette(
        f"{PC}/test_market_orders.yaml",
        [
            *PC_META,
            posted(
                pc_order("5000000", "9433900", "BUY", "FOK"),
                matched("5", "9.4339", tradeIDs=[TRADE_ID]),
                "V2 matched reply carrying tradeIDs (py-clob-client-v2 PR #101); amounts in the "
                "decimal-string form of the genuine V1 captures.",
            ),
            posted(pc_order("10000000", "5000000", "SELL", "FAK"), matched("10", "5.1")),
        ],
    ),
    Cassette(
        f"{PC}/test_batch.yaml",
        [
            *PC_META,
            _batch([pc_order(p, "5000000", "BUY", "GTC") for p in BATCH_PRICES]),
        ],
    ),
    Cassette(f"{PC}/test_batch_keeps_what_was_accepted.yaml", [*PC_META, *_interrupted(pc_order)]),
    Cassette(
        f"{PC}/test_cancels.yaml",
        [
            API_KEYS,
            cancel("DELETE /order", {"orderID": ORDER_ID}, [ORDER_ID], {}),
            cancel("DELETE /orders", OTHER, [OTHER[0]], {OTHER[1]: "order can't be found"}),
            cancel("DELETE /cancel-market-orders", {"market": CONDITION}, OTHER, {}),
            cancel("DELETE /cancel-all", None, [ORDER_ID, *OTHER], {}),
        ],
    ),
    Cassette(
        "placing_orders/test_heartbeats/test_heartbeat.yaml",
        [
            API_KEYS,
            heartbeat("", {"heartbeat_id": HB1}),
            heartbeat(HB1, {"heartbeat_id": HB2}),
            heartbeat(
                HB1,
                {"error_msg": "Invalid Heartbeat ID", "heartbeat_id": HB2},
                400,
                "Shape polymarket-client parses into OrderHeartbeatMismatchError (error_msg key); "
                "the V1-era recorded body uses an `error` key instead (error-bodies.md item 18).",
            ),
            heartbeat(HB2, {"heartbeat_id": HB1}),
        ],
    ),
    Cassette(
        f"{V2}/test_gtc_and_gtd.yaml",
        [
            VERSION,
            TICK,
            posted(v2_order("5000000", "10000000", "BUY", "GTC"), live()),
            posted(v2_order("5000000", "10000000", "BUY", "GTD", expiration="1795827660"), live()),
        ],
    ),
    Cassette(
        f"{V2}/test_post_only.yaml",
        [
            VERSION,
            TICK,
            posted(v2_order("5100000", "10000000", "BUY", "GTC", postOnly=True), live()),
        ],
    ),
    Cassette(
        f"{V2}/test_market_orders.yaml",
        [
            VERSION,
            BY_TOKEN,
            CLOB_MARKET,
            posted(
                v2_order("5000000", "9433900", "BUY", "FOK"),
                matched("5", "9.4339", tradeIDs=[TRADE_ID]),
                "V2 matched reply carrying tradeIDs (py-clob-client-v2 PR #101).",
            ),
            TRADES,
            posted(v2_order("10000000", "5000000", "SELL", "FAK"), matched("10", "5.1")),
        ],
    ),
    Cassette(
        f"{V2}/test_batch.yaml",
        [
            TICK,
            VERSION,
            _batch([v2_order(p, "5000000", "BUY", "GTC") for p in BATCH_PRICES]),
        ],
    ),
    Cassette(
        f"{V2}/test_batch_keeps_what_was_accepted.yaml", [TICK, VERSION, *_interrupted(v2_order)]
    ),
    Cassette(
        f"{V2}/test_cancels.yaml",
        [
            cancel("DELETE /order", {"orderID": ORDER_ID}, [ORDER_ID], {}),
            cancel("DELETE /orders", OTHER, [OTHER[0]], {OTHER[1]: "order can't be found"}),
            cancel("DELETE /cancel-market-orders", {"market": CONDITION}, OTHER, {}),
            cancel("DELETE /cancel-all", None, [ORDER_ID, *OTHER], {}),
        ],
    ),
    Cassette(
        "placing_orders/test_heartbeats_clob_v2/test_heartbeat.yaml",
        [
            heartbeat("", {"heartbeat_id": HB1}),
            heartbeat(
                HB1,
                {"error": "Invalid Heartbeat ID", "heartbeat_id": HB2},
                400,
                "The wire shape quoted in py-clob-client examples/post_heartbeat.py line 33 "
                "(error-bodies.md item 18), with this test's ids.",
            ),
            heartbeat(HB2, {"heartbeat_id": HB1}),
        ],
    ),
]
