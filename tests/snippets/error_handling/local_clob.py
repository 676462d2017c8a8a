"""A tiny CLOB stand-in on 127.0.0.1 for the timeout tests (not a cassette: a timeout needs
a server that really holds the connection open).

It keeps accepted orders keyed by their EIP-712 hash, computed with py-clob-client-v2's own
`build_order_hash` (independent of the snippet's order_hash.py) against the exchange of the
order's market: Exchange V3 with domain "3" for a Protocol V2 position id (decided with
polymarket-client's own `is_v2_position_id`), the neg-risk exchange for the tokens in
`neg_risk_tokens`, else the standard V2 exchange. Behaviour is chosen by the test:

- `hold_first_post` accepts the first POST /order, then stalls until the client gives up, so
  the client times out although the order exists; `drop_first_post` stalls without accepting.
- `post_faults` / `lookup_faults`: one entry is used per POST /order / GET /data/order: "429"
  (with `Retry-After: 3`), "500", "401", "drop" (close without a reply), "timeout" (stall),
  "null" (200 with `null`), "other-id" (200 with another order's record), or "" (normal).

A POST of an order whose hash is already known is answered with the existing order and adds
nothing, as an exchange keyed by order hash must. GET /data/order/{id} of an unknown id answers
404: docs.polymarket.com/resources/error-codes (read 2026-12-02) says any "not found" error is
returned as a 404; the exact body is not documented.
"""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from polymarket._internal.protocol import is_v2_position_id
from py_clob_client_v2.config import get_contract_config
from py_clob_client_v2.order_utils.exchange_order_builder_v2 import ExchangeOrderBuilderV2
from py_clob_client_v2.order_utils.model.order_data_v2 import OrderV2

CONFIG = get_contract_config(137)
EXCHANGE = CONFIG.exchange_v2
ERRORS = {
    "429": (429, {"error": "Too Many Requests"}),
    "500": (500, {"error": "could not run the execution"}),
    "401": (401, {"error": "Unauthorized/Invalid api key"}),
}


def market_exchange(token_id: str, neg_risk_tokens: set[str] = frozenset()) -> tuple[str, str]:
    """(verifyingContract, domain version) of the market `token_id` trades in."""
    if is_v2_position_id(token_id):
        return CONFIG.exchange_v3, "3"
    if token_id in neg_risk_tokens:
        return CONFIG.neg_risk_exchange_v2, "2"
    return CONFIG.exchange_v2, "2"


def server_hash(order: dict[str, Any], neg_risk_tokens: set[str] = frozenset()) -> str:
    exchange, version = market_exchange(str(order["tokenId"]), neg_risk_tokens)
    builder = ExchangeOrderBuilderV2(exchange, 137, None, domain_version=version)
    fields = {k: order[k] for k in OrderV2.__dataclass_fields__ if k != "expiration"}
    fields["side"] = 0 if order["side"] in ("BUY", 0) else 1
    fields["salt"] = str(order["salt"])
    typed = builder.build_order_typed_data(OrderV2(**fields))
    return builder.build_order_hash(typed)


class LocalClob:
    def __init__(self, api_key: str, neg_risk_tokens: set[str] = frozenset()) -> None:
        self.orders: dict[str, dict[str, Any]] = {}
        self.neg_risk_tokens = set(neg_risk_tokens)
        self.posts = 0
        self.lookups = 0
        self.hold_first_post = False
        self.drop_first_post = False
        self.post_faults: list[str] = []
        self.lookup_faults: list[str] = []
        self.release = threading.Event()
        self.clients: dict[str, Any] = {}  # SDK clients kept across tests (closed on exit)
        clob = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def _reply(self, status: int, body: object, headers: dict[str, str] = {}) -> None:  # noqa: B006
                data = json.dumps(body).encode()
                try:
                    self.send_response(status)
                    self.send_header("content-type", "application/json")
                    self.send_header("content-length", str(len(data)))
                    for name, value in headers.items():
                        self.send_header(name, value)
                    self.end_headers()
                    self.wfile.write(data)
                except OSError:
                    pass  # the client gave up waiting

            def _fault(self, faults: list[str]) -> bool:
                """Act out the next scripted fault; True when the request was answered."""
                fault = faults.pop(0) if faults else ""
                if fault == "drop":
                    self.close_connection = True
                    return True
                if fault == "timeout":
                    clob.release.wait(5)
                    self.close_connection = True
                    return True
                if fault == "null":
                    self._reply(200, None)
                    return True
                if fault == "other-id":
                    self._reply(200, {"id": "0x" + "0f" * 32, "status": "LIVE"})
                    return True
                if fault in ERRORS:
                    status, body = ERRORS[fault]
                    headers = {"Retry-After": "3"} if fault == "429" else {}
                    self._reply(status, body, headers)
                    return True
                return False

            def do_GET(self) -> None:
                if self.path.startswith("/auth/api-keys"):
                    return self._reply(200, {"apiKeys": [api_key]})
                if self.path.startswith("/data/order/"):
                    clob.lookups += 1
                    if self._fault(clob.lookup_faults):
                        return None
                    oid = self.path.rsplit("/", 1)[1]
                    if oid in clob.orders:
                        return self._reply(200, clob.orders[oid])
                    return self._reply(404, {"error": "order not found"})
                return self._reply(404, {"error": "not here"})

            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers["content-length"])))
                clob.posts += 1
                first = clob.posts == 1
                if self._fault(clob.post_faults):
                    return None
                order = body["order"]
                oid = server_hash(order, clob.neg_risk_tokens)
                if first and clob.drop_first_post:
                    clob.release.wait(5)
                    self.close_connection = True
                    return None
                if oid not in clob.orders:
                    clob.orders[oid] = {
                        "id": oid,
                        "status": "LIVE",
                        "owner": "REDACTED",
                        "maker_address": order["maker"],
                        "market": "0x" + "aa" * 32,
                        "asset_id": order["tokenId"],
                        "side": order["side"],
                        "original_size": "10",
                        "size_matched": "0",
                        "price": "0.5",
                        "outcome": "Yes",
                        "expiration": "0",
                        "order_type": body["orderType"],
                        "associate_trades": [],
                        "created_at": 1795824000,
                    }
                if first and clob.hold_first_post:
                    clob.release.wait(5)
                    self.close_connection = True
                    return None
                return self._reply(
                    200,
                    {
                        "errorMsg": "",
                        "orderID": oid,
                        "takingAmount": "",
                        "makingAmount": "",
                        "status": "live",
                        "success": True,
                    },
                )

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    def reset(self) -> None:
        """Forget orders, counters and scripted faults (a fresh exchange on the same port)."""
        self.orders, self.posts, self.lookups = {}, 0, 0
        self.hold_first_post = self.drop_first_post = False
        self.post_faults, self.lookup_faults = [], []

    def __enter__(self) -> LocalClob:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        for client in self.clients.values():
            client.close()
        self.release.set()
        self.server.shutdown()
        self.server.server_close()
