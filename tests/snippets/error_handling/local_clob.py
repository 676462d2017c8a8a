"""A tiny CLOB stand-in on 127.0.0.1 for the timeout tests (not a cassette: a timeout needs
a server that really holds the connection open).

It keeps accepted orders keyed by their EIP-712 hash, computed with py-clob-client-v2's own
`build_order_hash` (independent of the snippet's order_hash.py). Behaviour is chosen by the
test: `hold_first_post` accepts the first POST /order and then stalls until released, so the
client times out although the order exists; `drop_first_post` stalls without accepting.
A POST of an order whose hash is already known is answered with the existing order and adds
nothing, as an exchange keyed by order hash must. GET /data/order/{id} of an unknown id
answers 404 (the real reply for an unknown id is not documented: an assumption).
"""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from py_clob_client_v2.order_utils.exchange_order_builder_v2 import ExchangeOrderBuilderV2
from py_clob_client_v2.order_utils.model.order_data_v2 import OrderV2

EXCHANGE = "0xE111180000d2663C0091e4f400237545B87B996B"


def server_hash(order: dict[str, Any]) -> str:
    builder = ExchangeOrderBuilderV2(EXCHANGE, 137, None)
    fields = {k: order[k] for k in OrderV2.__dataclass_fields__ if k != "expiration"}
    fields["side"] = 0 if order["side"] == "BUY" else 1
    fields["salt"] = str(order["salt"])
    typed = builder.build_order_typed_data(OrderV2(**fields))
    return builder.build_order_hash(typed)


class LocalClob:
    def __init__(self, api_key: str) -> None:
        self.orders: dict[str, dict[str, Any]] = {}
        self.posts = 0
        self.lookups = 0
        self.hold_first_post = False
        self.drop_first_post = False
        self.release = threading.Event()
        clob = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def _reply(self, status: int, body: object) -> None:
                data = json.dumps(body).encode()
                try:
                    self.send_response(status)
                    self.send_header("content-type", "application/json")
                    self.send_header("content-length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except OSError:
                    pass  # the client gave up waiting

            def do_GET(self) -> None:
                if self.path.startswith("/auth/api-keys"):
                    return self._reply(200, {"apiKeys": [api_key]})
                if self.path.startswith("/data/order/"):
                    clob.lookups += 1
                    oid = self.path.rsplit("/", 1)[1]
                    if oid in clob.orders:
                        return self._reply(200, clob.orders[oid])
                    return self._reply(404, {"error": "order not found"})
                return self._reply(404, {"error": "not here"})

            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers["content-length"])))
                clob.posts += 1
                first = clob.posts == 1
                order = body["order"]
                oid = server_hash(order)
                if first and clob.drop_first_post:
                    clob.release.wait(5)
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
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> LocalClob:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release.set()
        self.server.shutdown()
        self.server.server_close()
