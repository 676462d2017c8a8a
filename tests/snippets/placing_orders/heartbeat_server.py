"""A heartbeat endpoint on 127.0.0.1 that keeps the chain of ids like the CLOB: the first send
("") starts a chain, each accepted send returns the next id, and any other id is refused with
HTTP 400 and the expected id. `shape` picks the refusal's body: "error" is the one public
recording (`{"error":"Invalid Heartbeat ID","heartbeat_id":"..."}`, py-clob-client
`examples/post_heartbeat.py`), "error_msg" the shape polymarket-client 0.14.0's model parses.
`faults` scripts one reply per send: "500", "garbled" (a 400 whose body is not JSON), "drop"
(close without a reply) or "" (normal).
"""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class HeartbeatServer:
    def __init__(self, api_key: str, shape: str = "error") -> None:
        self.shape = shape
        self.expected = ""
        self.issued = 0
        self.sent: list[str] = []
        self.faults: list[str] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def _reply(self, status: int, body: object) -> None:
                data = body.encode() if isinstance(body, str) else json.dumps(body).encode()
                self.send_response(status)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self) -> None:
                self._reply(200, {"apiKeys": [api_key]})

            def do_POST(self) -> None:
                sent = json.loads(self.rfile.read(int(self.headers["content-length"])))
                server.sent.append(sent["heartbeat_id"])
                fault = server.faults.pop(0) if server.faults else ""
                if fault == "drop":
                    return None
                if fault == "garbled":
                    return self._reply(400, "<html>bad request</html>")
                if fault == "500":
                    return self._reply(500, {"error": "could not run the execution"})
                if server.expected and sent["heartbeat_id"] != server.expected:
                    body = {server.shape: "Invalid Heartbeat ID", "heartbeat_id": server.expected}
                    return self._reply(400, body)
                server.issued += 1
                server.expected = f"hb-{server.issued}"
                return self._reply(200, {"heartbeat_id": server.expected})

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    def __enter__(self) -> HeartbeatServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
