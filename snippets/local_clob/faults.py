"""The control API for faults: what goes wrong, on which path, how many times.

    clob.faults.drop_after_accept("/order")     # order accepted, connection cut before the reply
    clob.faults.fail("/order", status=500)       # recorded 500 body "could not run the execution"
    clob.faults.storm(times=3, retry_after=2)    # the next 3 requests get 429 + Retry-After
    clob.faults.mutate("/book", "rename", "hash", to="hash_v2")  # a response-shape drift

HTTP rules match a path prefix (and a method, when given) and run `times` times (None =
until `clear()`). WebSocket faults and refused connections act at once through hooks app.py
installs. Standard library only.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

COULD_NOT_RUN = {"error": "could not run the execution"}  # recorded 500 (site cassette)


@dataclass
class Rule:
    action: str  # drop_before | drop_after | delay | hold | fail | storm | mutate
    path: str
    method: str | None = None
    times: int | None = 1
    args: dict[str, Any] = field(default_factory=dict)

    def matches(self, method: str, path: str) -> bool:
        return path.startswith(self.path) and self.method in (None, method)


class Faults:
    def __init__(self) -> None:
        self.rules: list[Rule] = []
        self.lock = threading.Lock()
        #: installed by app.py: (kind, channel, code) -> None
        self.ws_hook: Callable[[str, str | None, int], None] = lambda *a: None
        self.listen_hook: Callable[[bool], None] = lambda accept: None

    def _add(self, rule: Rule) -> Rule:
        with self.lock:
            self.rules.append(rule)
        return rule

    def take(self, method: str, path: str, actions: tuple[str, ...]) -> Rule | None:
        """The first live rule for this request among `actions`, used up by one."""
        with self.lock:
            for rule in self.rules:
                if rule.action in actions and rule.matches(method, path):
                    if rule.times is not None:
                        rule.times -= 1
                        if rule.times <= 0:
                            self.rules.remove(rule)
                    return rule
        return None

    def clear(self) -> None:
        with self.lock:
            for rule in self.rules:
                if rule.action == "hold":
                    rule.args["release"].set()
            self.rules.clear()

    # --- HTTP -------------------------------------------------------------------------------
    def drop_before(self, path: str, method: str | None = None, times: int | None = 1) -> Rule:
        """The request is lost: the connection closes and the server never processes it
        (a lost heartbeat: `drop_before("/v1/heartbeats", times=None)`)."""
        return self._add(Rule("drop_before", path, method, times))

    def drop_after_accept(self, path: str, method: str | None = None, times: int | None = 1):
        """The server processes the request (the order is accepted), then cuts the connection
        before the client reads the reply."""
        return self._add(Rule("drop_after", path, method, times))

    def delay(self, path: str, seconds: float, method: str | None = None, times: int | None = 1):
        return self._add(Rule("delay", path, method, times, {"seconds": seconds}))

    def hold(self, path: str, method: str | None = None, times: int | None = 1) -> threading.Event:
        """Process the request, then keep the reply until the returned event is set (or
        `clear()`): a client timeout without a sleep in the test."""
        release = threading.Event()
        self._add(Rule("hold", path, method, times, {"release": release}))
        return release

    def fail(
        self,
        path: str,
        status: int = 500,
        body: Any = COULD_NOT_RUN,
        method: str | None = None,
        times: int | None = 1,
    ) -> Rule:
        return self._add(Rule("fail", path, method, times, {"status": status, "body": body}))

    def storm(self, times: int | None = 5, retry_after: int = 1, path: str = "/") -> Rule:
        """429 `Too Many Requests` with `Retry-After` before any processing."""
        return self._add(Rule("storm", path, None, times, {"retry_after": retry_after}))

    def mutate(
        self, path: str, op: str, field_name: str, to: Any = None, times: int | None = None
    ) -> Rule:
        """Change the JSON shape of replies on `path`: `op` is "rename" (`to` = new name),
        "remove", or "retype" (`to` = the new value, e.g. 1 for a string field). A dotted
        `field_name` ("maker_orders.price") reaches nested objects; see `apply_mutation`."""
        if op not in ("rename", "remove", "retype"):
            raise ValueError("op is rename, remove or retype")
        return self._add(
            Rule("mutate", path, None, times, {"op": op, "field": field_name, "to": to})
        )

    # --- connections ------------------------------------------------------------------------
    def refuse_connections(self) -> None:
        """Stop listening: new connections are refused until `accept_connections()`."""
        self.listen_hook(False)

    def accept_connections(self) -> None:
        self.listen_hook(True)

    def ws_abrupt_close(self, channel: str | None = None) -> None:
        """Cut every WebSocket (of `channel`, when given) without a close frame."""
        self.ws_hook("abort", channel, 1006)

    def ws_close(self, code: int = 1011, channel: str | None = None) -> None:
        self.ws_hook("close", channel, code)

    def ws_half_open(self, channel: str | None = None) -> None:
        """Connections stay open but go silent: no data, no PONG, no protocol pong."""
        self.ws_hook("silence", channel, 0)


def apply_mutation(body: Any, args: dict[str, Any]) -> Any:
    """Rename, remove or retype `args["field"]` in place. A dotted field ("tokens.price")
    walks nested objects, through every item of a list; a plain one also reaches the items of
    a top-level list or of a `data` list (the paged endpoints)."""
    parts = args["field"].split(".")

    def walk(node: Any, rest: list[str]) -> None:
        if isinstance(node, list):
            for item in node:
                walk(item, rest)
            return
        if not isinstance(node, dict) or rest[0] not in node:
            return
        if len(rest) > 1:
            walk(node[rest[0]], rest[1:])
        elif args["op"] == "rename":
            node[args["to"]] = node.pop(rest[0])
        elif args["op"] == "remove":
            del node[rest[0]]
        else:
            node[rest[0]] = args["to"]

    walk(body, parts)
    if len(parts) == 1 and isinstance(body, dict) and isinstance(body.get("data"), list):
        walk(body["data"], parts)
    return body
