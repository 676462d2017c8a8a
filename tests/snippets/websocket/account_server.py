"""Served HTTP on 127.0.0.1 for the gap-recovery tests: the CLOB account reads UserStream looks
up after a reconnect (GET /data/orders, /data/order/{id}, /data/trades), answered from records
the test sets, every request kept for the assertions.

The records are schema-derived, not recorded: the shapes both SDKs parse (polymarket-client
0.14.0 `models/clob/account.py` `OpenOrder` and `ClobTrade`, pages of `data` plus `next_cursor`
as py-clob-client-v2 1.2.1 `get_open_orders` / `get_trades` read them; read 2026-12-02), filled
with the values of the recorded user-channel trade (nautilus_trader user_trade2.json, genuine,
V1; see the provenance in data/market_replay.json).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit


class AccountServer:
    def __init__(self, api_key: str) -> None:
        self.open_orders: list[dict[str, Any]] = []
        self.orders: dict[str, dict[str, Any]] = {}
        self.trades: list[dict[str, Any]] = []
        self.requests: list[tuple[str, dict[str, list[str]]]] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def _reply(self, status: int, body: object) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self) -> None:
                url = urlsplit(self.path)
                query = parse_qs(url.query)
                server.requests.append((url.path, query))
                page = lambda items: {"data": items, "next_cursor": "LTE=", "count": len(items)}  # noqa: E731
                if url.path == "/auth/api-keys":
                    return self._reply(200, {"apiKeys": [api_key]})
                if url.path == "/data/orders":
                    return self._reply(200, page(server.open_orders))
                if url.path.startswith("/data/order/"):
                    order = server.orders.get(url.path.rsplit("/", 1)[1])
                    return self._reply(200, order) if order else self._reply(404, {"error": "?"})
                if url.path == "/data/trades":
                    after = int(query.get("after", ["0"])[0])
                    return self._reply(
                        200, page([t for t in server.trades if int(t["match_time"]) > after])
                    )
                return self._reply(404, {"error": "not here"})

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def serve(self) -> Iterator[AccountServer]:
        thread = threading.Thread(target=self.httpd.serve_forever, args=(0.02,), daemon=True)
        thread.start()
        try:
            yield self
        finally:
            self.httpd.shutdown()
            self.httpd.server_close()
