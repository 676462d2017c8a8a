"""The local CLOB held to the recordings: every cassette request it supports is sent to it, and
the status and JSON shape (keys, types, nesting) of its answer are compared with the recorded
or documented response. Ids the server does not know are swapped for seeded ones of the kind."""

from __future__ import annotations

import asyncio
import json
import re
from collections import defaultdict
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlparse

import httpx
import pytest
import yaml
from eth_account import Account
from py_clob_client_v2.headers.headers import create_level_1_headers
from py_clob_client_v2.signer import Signer

from ..conftest import SAFE_LOADER
from .code.app import NEG_RISK_TOKEN, TOKEN, V3_TOKEN, LocalClob
from .code.signing import EXCHANGE_V2, EXCHANGE_V3, NEG_RISK_EXCHANGE_V2
from .conftest import Trader

ROOT = Path(__file__).resolve().parents[3]
M = 1_000_000
CONDITION = "0xaea50c46b138456d358138b2c1737f22cc692ac199e2cfa0c1e86e2babf9e37b"
SEEDED = {TOKEN, NEG_RISK_TOKEN, V3_TOKEN}
ID = re.compile(r"/(0x[0-9a-fA-F]+|\d{20,})")
VARYING = r"0x[0-9a-f]{64}|[0-9a-f]{8}-[0-9a-f-]{27}|[\d.]+"  # ids, uuids, amounts


def family(method: str, path: str) -> str:
    return f"{method} {ID.sub('/{id}', path)}"


def recorded() -> dict[str, list[dict[str, Any]]]:
    """Every clob.polymarket.com interaction in cassettes/, by family."""
    found: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for path in sorted((ROOT / "cassettes").rglob("*.yaml")):
        for item in yaml.load(path.read_text("utf-8"), Loader=SAFE_LOADER)["interactions"]:
            url = urlparse(item["request"]["uri"])
            if url.netloc == "clob.polymarket.com":
                item["cassette"] = str(path.relative_to(ROOT))
                found[family(item["request"]["method"], url.path)].append(item)
    return found


RECORDED = recorded()
SUPPORTED = sorted(RECORDED)


def shape(value: Any) -> Any:
    if isinstance(value, dict):
        if value and all(ID.fullmatch("/" + str(k)) or "-" in str(k) for k in value):
            return {"<id>": shape(next(iter(value.values())))}  # a map keyed by ids
        return {k: shape(v) for k, v in value.items()}
    if isinstance(value, list):
        return [shape(value[0])] if value else []
    if value is None:
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return "number"  # JSON has one number type: 5 and 5.0 are the same shape
    return type(value).__name__


def differences(recorded_shape: Any, served_shape: Any, where: str = "$") -> list[str]:
    """What the recording has that the server's answer lacks or types differently."""
    if recorded_shape is None or recorded_shape == [] or recorded_shape == {}:
        return []  # null, [] and {} say nothing about types
    if isinstance(recorded_shape, dict):
        if not isinstance(served_shape, dict):
            return [f"{where}: object expected"]
        if "<id>" in recorded_shape:
            inner = next(iter(served_shape.values()), None)
            return differences(recorded_shape["<id>"], inner, f"{where}.<id>") if inner else []
        out = []
        for key, sub in recorded_shape.items():
            if key not in served_shape:
                out.append(f"{where}.{key}: missing")
            else:
                out += differences(sub, served_shape[key], f"{where}.{key}")
        return out
    if isinstance(recorded_shape, list):
        if not isinstance(served_shape, list):
            return [f"{where}: list expected"]
        return (
            differences(recorded_shape[0], served_shape[0], f"{where}[0]") if served_shape else []
        )
    if served_shape is not None and recorded_shape != served_shape:
        return [f"{where}: {recorded_shape} recorded, {served_shape} served"]
    return []


def body_of(item: dict[str, Any]) -> Any:
    text = item["response"]["body"]["string"]
    try:
        return json.loads(text)
    except ValueError:
        return text


class Replayer:
    """Sends the server's version of a recorded request."""

    def __init__(self, clob: LocalClob) -> None:
        self.clob = clob
        self.trader = Trader(clob, pusd=10_000, positions={t: 1_000 for t in SEEDED})
        self.live = self.trader.v2.post_order(self.trader.order(TOKEN, 0.3, 5))["orderID"]
        self.trade = self.trader.v2.post_order(self.trader.order(TOKEN, 0.52, 5))["tradeIDs"][0]

    def token(self, value: str) -> str:
        return value if value in SEEDED else TOKEN

    def order(self, recorded_order: dict[str, Any]) -> dict[str, Any]:
        token = self.token(str(recorded_order["tokenId"]))
        exchange = {NEG_RISK_TOKEN: NEG_RISK_EXCHANGE_V2, V3_TOKEN: EXCHANGE_V3}.get(token)
        signed = self.trader.raw_order(
            token, int(recorded_order["makerAmount"]), int(recorded_order["takerAmount"]),
            recorded_order["side"], exchange=exchange or EXCHANGE_V2,
            version="3" if token == V3_TOKEN else "2",
        )  # fmt: skip
        return signed

    def send(self, item: dict[str, Any]) -> httpx.Response:
        request = item["request"]
        method, url = request["method"], urlparse(request["uri"])
        params = dict(parse_qsl(url.query))
        if "token_id" in params:
            params["token_id"] = self.token(params["token_id"])
        path = url.path
        if path.startswith(("/markets-by-token/", "/clob-markets/", "/markets/")):
            kind = path.rsplit("/", 1)[0]
            path = f"{kind}/{TOKEN if kind == '/markets-by-token' else CONDITION}"
        if path.startswith("/data/order/"):
            path = f"/data/order/{self.live}"
        if path == "/data/trades" and "id" in params:
            params["id"] = self.trade
        body = json.loads(request["body"]) if request.get("body") else None
        if path in ("/order", "/orders") and method == "POST":
            entries = body if isinstance(body, list) else [body]
            rebuilt = [
                self.trader.body(
                    self.order(e["order"]), e.get("orderType", "GTC"), e.get("postOnly", False)
                )
                for e in entries
            ]
            body = rebuilt if isinstance(body, list) else rebuilt[0]
        if path == "/v1/heartbeats":
            body = {"heartbeat_id": ""}
        if path.startswith("/auth/") and path != "/auth/api-keys":
            # Creating a key works once per address: the trader already has one, so a create
            # is signed by a fresh wallet; a derive by the trader.
            key = Account.create().key if path == "/auth/api-key" else self.trader.account.key
            headers = create_level_1_headers(Signer(key.to_0x_hex(), 137))
            return httpx.request(method, self.clob.url + path, headers=headers)
        if path in ("/book", "/midpoint", "/tick-size", "/neg-risk", "/fee-rate", "/time",
                    "/version") or path.startswith(("/markets", "/clob-markets")):  # fmt: skip
            return httpx.request(method, self.clob.url + path, params=params)
        return self.trader.send(method, path, body, params=params)


@pytest.fixture
def replayer(clob: LocalClob) -> Replayer:
    return Replayer(clob)


def test_every_recorded_family_is_served(replayer: Replayer) -> None:
    """For each family, the first recorded 200: same status, and nothing of its shape lacking."""
    problems, served = [], []
    for name in SUPPORTED:
        ok = [i for i in RECORDED[name] if i["response"]["status"]["code"] == 200]
        if not ok:
            continue
        item = ok[0]
        reply = replayer.send(item)
        served.append(name)
        if reply.status_code != 200:
            problems.append(f"{name} ({item['cassette']}): {reply.status_code} {reply.text[:200]}")
            continue
        answer = reply.json() if reply.text else ""
        problems += [f"{name}: {d}" for d in differences(shape(body_of(item)), shape(answer))]
    assert not problems, "\n".join(problems)
    # 24 families: every CLOB request of the site's flows that was recorded with a 200.
    assert len(served) == 24, served


# Recorded (or documented) error bodies the server reproduces, with how to provoke each.
def _post(
    r: Replayer | Trader, order, order_type="GTC", post_only=False, **extra
) -> httpx.Response:
    trader = r if isinstance(r, Trader) else r.trader
    return trader.send("POST", "/order", dict(trader.body(order, order_type, post_only), **extra))


def _mode(r: Replayer, mode: str) -> httpx.Response:
    r.clob.set_mode(mode)
    return _post(r, r.trader.order(TOKEN, 0.3, 5))


def _fault(r: Replayer, arm) -> httpx.Response:
    arm(r.clob.faults)
    return _post(r, r.trader.order(TOKEN, 0.3, 5))


def _stale_heartbeat(r: Replayer) -> httpx.Response:
    r.trader.v2.post_heartbeat("")
    return r.trader.send("POST", "/v1/heartbeats", {"heartbeat_id": ""})


def _someone_elses_order(r: Replayer) -> httpx.Response:
    them = Trader(r.clob)
    return r.trader.send(
        "POST", "/order", dict(them.body(them.order(TOKEN, 0.3, 5)), owner=r.trader.key.key)
    )


def _closed_market(r: Replayer) -> httpx.Response:
    r.clob.set_accepting_orders(CONDITION, False)
    return _post(r, r.trader.order(TOKEN, 0.3, 5))


def _broke(r: Replayer) -> httpx.Response:
    poor = Trader(r.clob, pusd=0)
    return _post(poor, poor.order(TOKEN, 0.3, 100))


ERRORS = {
    "fok_not_filled": lambda r: _post(r, r.trader.order(TOKEN, 0.52, 5000), "FOK"),
    "fak_no_match": lambda r: _post(r, r.trader.order(TOKEN, 0.3, 5), "FAK"),
    "invalid_signature": lambda r: _post(r, r.trader.raw_order(NEG_RISK_TOKEN, 3 * M, 10 * M)),
    "signer_not_api_key": _someone_elses_order,
    "order_version_mismatch": lambda r: r.trader.send(
        "POST", "/order", {"order": {"nonce": "1", "tokenId": TOKEN}, "owner": r.trader.key.key}
    ),
    "balance_v2_long": _broke,
    "below_min_size": lambda r: _post(r, r.trader.raw_order(TOKEN, 600_000, 2 * M)),
    "post_only_crosses": lambda r: _post(r, r.trader.order(TOKEN, 0.53, 5), post_only=True),
    "amounts_4_decimals": lambda r: _post(r, r.trader.raw_order(TOKEN, 1_234_567, 10 * M)),
    "amounts_market_buy": lambda r: _post(
        r,
        r.trader.raw_order(NEG_RISK_TOKEN, 9_980_000, 10_131_970, exchange=NEG_RISK_EXCHANGE_V2),
        "FOK",
    ),
    "heartbeat_stale": _stale_heartbeat,
    "no_orderbook": lambda r: httpx.get(f"{r.clob.url}/book", params={"token_id": "123"}),
    "unauthorized": lambda r: httpx.get(
        f"{r.clob.url}/balance-allowance", params={"asset_type": "COLLATERAL"}
    ),
    "market_not_ready": _closed_market,
    "cancel_only": lambda r: _mode(r, "cancel_only"),
    "trading_disabled": lambda r: _mode(r, "disabled"),
    "post_only_mode": lambda r: _mode(r, "post_only"),
    "service_not_ready": lambda r: _mode(r, "restarting"),
    "could_not_run": lambda r: _fault(r, lambda f: f.fail("/order")),
    "rate_limited": lambda r: _fault(r, lambda f: f.storm(1, retry_after=3)),
}


@pytest.mark.parametrize("case", sorted(ERRORS))
def test_recorded_error_bodies(replayer: Replayer, case: str) -> None:
    [item] = [
        i
        for items in RECORDED.values()
        for i in items
        if i["cassette"].endswith(f"test_errors/test_replay[{case}].yaml")
        and not re.search(r"/(auth/api-keys|markets-by-token|clob-markets)", i["request"]["uri"])
    ]
    reply = ERRORS[case](replayer)
    expected = body_of(item)
    assert reply.status_code == item["response"]["status"]["code"]
    served = reply.json() if isinstance(expected, dict) else reply.text
    if isinstance(expected, dict) and re.search(VARYING, json.dumps(expected)):
        assert shape(served) == shape(expected)  # the body carries ids or amounts
        assert re.sub(VARYING, "N", json.dumps(served)) == re.sub(
            VARYING, "N", json.dumps(expected)
        )
    else:
        assert served == expected
    retry = item["response"]["headers"].get("retry-after")
    if retry:
        assert reply.headers["Retry-After"] == retry[0]


def test_unknown_paths_and_bad_input(clob: LocalClob, trader: Trader) -> None:
    assert httpx.get(f"{clob.url}/no/such/path").status_code == 404
    assert httpx.post(f"{clob.url}/book").status_code == 405
    assert httpx.get(f"{clob.url}/book").json() == {"error": "Invalid token id"}
    assert httpx.get(f"{clob.url}/markets/0x12").status_code == 404
    assert httpx.post(f"{clob.url}/books", content="{").json() == {"error": "Invalid payload"}
    assert httpx.post(f"{clob.url}/books", json={"a": 1}).status_code == 400
    assert httpx.post(f"{clob.url}/books", json=[{}] * 501).json() == {
        "error": "Payload exceeds the limit"
    }
    assert httpx.get(f"{clob.url}/price", params={"token_id": TOKEN}).status_code == 400
    for path, body in (
        ("/order", {"x": 1}),
        ("/orders", [1]),
        ("/order", [1]),
        ("/cancel-market-orders", [1]),
        ("/cancel-market-orders", {"market": 1}),
    ):
        assert trader.send("DELETE", path, body).status_code == 400, (path, body)
    [entry] = trader.send("POST", "/orders", ["x"]).json()  # each entry answers for itself
    assert entry["success"] is False and entry["errorMsg"] == "Invalid order payload"
    too_many = trader.send("DELETE", "/orders", ["0x1"] * 3001)
    assert too_many.json() == {"error": "Too many orders in payload: 3001"}
    assert trader.send("GET", "/data/orders", params={"next_cursor": "!!"}).status_code == 400
    assert trader.send("GET", "/data/order/0x123").status_code == 404
    assert trader.send("GET", "/balance-allowance").json() == {"error": "Invalid asset type"}
    assert trader.send("POST", "/v1/heartbeats", [1]).status_code == 400


#: Required fields of GET /book and their types, transcribed from the docs API reference
#: (docs.polymarket.com/cn/api-reference/endpoints/clob/get-book, read 2026-12-02; no full copy
#: of Polymarket's OpenAPI document was found to validate against).
BOOK_SCHEMA = {
    "market": str, "asset_id": str, "timestamp": str, "hash": str, "bids": list, "asks": list,
    "min_order_size": str, "tick_size": str, "neg_risk": bool, "last_trade_price": str,
}  # fmt: skip


def test_book_matches_the_documented_schema(clob: LocalClob) -> None:
    for token in SEEDED:
        body = httpx.get(f"{clob.url}/book", params={"token_id": token}).json()
        assert {k: type(body[k]) for k in BOOK_SCHEMA} == BOOK_SCHEMA
        assert all(set(level) == {"price", "size"} for level in body["bids"] + body["asks"])


def recorded_frames() -> dict[str, dict[str, Any]]:
    """The first recorded frame of each event type (genuine V2 market frames; user frames as
    recorded, see the file's provenance)."""
    data = json.loads((ROOT / "tests/snippets/websocket/data/market_replay.json").read_text())
    first: dict[str, dict[str, Any]] = {}
    for raw in data["frames"] + data["user_frames"]:
        parsed = json.loads(raw)
        for event in parsed if isinstance(parsed, list) else [parsed]:
            first.setdefault(event["event_type"], event)
    return first


async def test_frames_have_the_recorded_shape(clob: LocalClob, trader: Trader) -> None:
    import websockets

    recorded_by_type = recorded_frames()
    key = trader.key
    auth = {"apiKey": key.key, "secret": key.secret, "passphrase": key.passphrase}
    market = await websockets.connect(clob.ws_market_url)
    user = await websockets.connect(clob.ws_user_url)
    subscribe = {"assets_ids": [TOKEN], "type": "market", "custom_feature_enabled": True}
    await market.send(json.dumps(subscribe))
    await user.send(json.dumps({"auth": auth, "type": "user"}))
    served: dict[str, dict[str, Any]] = {}
    for event in json.loads(await market.recv()):
        served.setdefault(event["event_type"], event)
    trader.v2.post_order(trader.order(TOKEN, 0.3, 5))  # PLACEMENT, price_change, best_bid_ask
    trader.v2.post_order(trader.order(TOKEN, 0.52, 5))  # a trade
    while len(served) < 6:
        for ws in (market, user):
            try:
                event = json.loads(await asyncio.wait_for(ws.recv(), 0.5))
            except TimeoutError:
                continue
            served.setdefault(event["event_type"], event)
    for kind in ("book", "price_change", "best_bid_ask"):  # genuine V2: same keys, same order
        assert list(served[kind]) == list(recorded_by_type[kind]), kind
        assert differences(shape(recorded_by_type[kind]), shape(served[kind])) == [], kind
    for kind in ("trade", "order"):  # older or anonymised recordings: nothing of theirs missing
        assert differences(shape(recorded_by_type[kind]), shape(served[kind])) == [], kind
    await market.close()
    await user.close()
