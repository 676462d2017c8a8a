"""A real WebSocket server on 127.0.0.1 (random port) that replays the recorded V2 market frames
(data/market_replay.json, see its provenance) and injects faults on cue.

Capture mode: with `MARKET_REPLAY=path/to/capture.json` (a capture `scripts/rerecord.py` writes:
`{"provenance": ..., "frames": [...]}`), the market frames come from that file instead, so the
stream tests re-run on a fresh capture; the user-channel frames stay the committed ones."""

from __future__ import annotations

import asyncio
import json
import os
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from websockets.asyncio.server import Server, ServerConnection, serve
from websockets.exceptions import ConnectionClosed

REPLAY_ENV = "MARKET_REPLAY"
COMMITTED = Path(__file__).parent / "data" / "market_replay.json"


def as_replay(frames: list[str]) -> list[str]:
    """Frames in the committed layout: the leading book snapshots (one array, or one frame per
    book as a live capture may hold them) merged into frame 0, every later frame as captured."""
    books: list[dict[str, Any]] = []
    rest = 0
    for raw in frames:
        event = json.loads(raw)
        items = event if isinstance(event, list) else [event]
        if not items or any(i.get("event_type") != "book" for i in items):
            break
        books += items
        rest += 1
    if not books:
        raise ValueError(f"{REPLAY_ENV}: the capture does not start with book snapshots")
    first = frames[0] if rest == 1 and frames[0].lstrip().startswith("[") else json.dumps(books)
    return [first, *frames[rest:]]


def load_replay(env: Mapping[str, str] = os.environ) -> dict[str, Any]:
    """The committed recording, or with `MARKET_REPLAY` set, that capture's market frames."""
    data = json.loads(COMMITTED.read_text("utf-8"))
    path = env.get(REPLAY_ENV)
    if path:
        capture = json.loads(Path(path).read_text("utf-8"))
        data |= {
            "provenance": capture.get("provenance", {}),
            "frames": as_replay(capture["frames"]),
        }
    return data


DATA = load_replay()
FRAMES: list[str] = DATA["frames"]
USER_FRAMES: list[str] = DATA["user_frames"]
BOOKS: dict[str, dict[str, Any]] = {b["asset_id"]: b for b in json.loads(FRAMES[0])}
A = "35897145766259317849531537649732979331853484456543966713822507439506839868603"
B = "18124776046378286261632296176797913974857552946923528818498431780145315271239"
C = "101407360275578242025559123794924815546227269981219987932032932255334246314286"
D = "76150632180345500942617667303892128055275310542626568919906405357352468359168"


def touches(raw: str, assets: set[str]) -> bool:
    event = json.loads(raw)
    if event.get("event_type") == "price_change":
        return any(c["asset_id"] in assets for c in event["price_changes"])
    return event.get("asset_id") in assets


def updates_for(assets: list[str] | set[str]) -> list[str]:
    """The recorded price_change / best_bid_ask frames that touch `assets`, in order."""
    return [raw for raw in FRAMES[1:] if touches(raw, set(assets))]


@dataclass
class Conn:
    ws: ServerConnection
    path: str = ""
    assets: list[str] = field(default_factory=list)
    received: list[Any] = field(default_factory=list)
    pings: int = 0
    answer_pings: bool = True
    sent_updates: int = 0


Step = Callable[["FaultServer", Conn], Awaitable[None]]


class FaultServer:
    """Each connection runs one script (a list of steps); the default streams everything."""

    def __init__(self) -> None:
        self.port = 0
        self.scripts: list[list[Step]] = []
        self.conns: list[Conn] = []
        self.server: Server | None = None

    @property
    def url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/ws/market"

    async def start(self) -> None:
        self.server = await serve(self._handle, "127.0.0.1", self.port, ping_interval=None)
        self.port = self.server.sockets[0].getsockname()[1]

    async def stop(self) -> None:
        """Stop listening (new connections are refused) and drop open ones."""
        assert self.server is not None
        self.server.close()
        await self.server.wait_closed()

    async def _handle(self, ws: ServerConnection) -> None:
        conn = Conn(ws, ws.request.path if ws.request is not None else "")
        self.conns.append(conn)
        try:
            first = json.loads(await ws.recv())
            conn.received.append(first)
            conn.assets = list(first.get("assets_ids", []))  # the user channel has none
            reader = asyncio.create_task(self._read(conn))
            try:
                for step in self.scripts.pop(0) if self.scripts else [books, updates(), hold]:
                    await step(self, conn)
                await ws.wait_closed()
            finally:
                reader.cancel()
        except ConnectionClosed:
            pass

    async def _read(self, conn: Conn) -> None:
        try:
            async for message in conn.ws:
                if message == "PING":
                    conn.pings += 1
                    if conn.answer_pings:
                        await conn.ws.send("PONG")
                    continue
                op = json.loads(message)
                conn.received.append(op)
                if op.get("operation") == "subscribe":  # the server answers with book snapshots
                    conn.assets += op["assets_ids"]
                    await send_books(conn, op["assets_ids"])
                elif op.get("operation") == "unsubscribe":
                    conn.assets = [a for a in conn.assets if a not in op["assets_ids"]]
        except ConnectionClosed:
            pass


async def send_books(conn: Conn, assets: list[str]) -> None:
    known = [BOOKS[a] for a in assets if a in BOOKS]
    if known:
        await conn.ws.send(json.dumps(known))


# --- script steps ---------------------------------------------------------------------------


async def books(server: FaultServer, conn: Conn) -> None:
    await send_books(conn, conn.assets)


def updates(count: int | None = None) -> Step:
    async def step(server: FaultServer, conn: Conn) -> None:
        frames = updates_for(conn.assets)
        chunk = frames[conn.sent_updates :][:count]
        for raw in chunk:
            await conn.ws.send(raw)
        conn.sent_updates += len(chunk)

    return step


def send(text: str) -> Step:
    async def step(server: FaultServer, conn: Conn) -> None:
        await conn.ws.send(text)

    return step


def wait(event: asyncio.Event) -> Step:
    async def step(server: FaultServer, conn: Conn) -> None:
        await event.wait()

    return step


async def hold(server: FaultServer, conn: Conn) -> None:
    await conn.ws.wait_closed()


async def abort(server: FaultServer, conn: Conn) -> None:
    """Abrupt close: the TCP connection vanishes without a close frame."""
    conn.ws.transport.abort()


def close(code: int, reason: str = "") -> Step:
    async def step(server: FaultServer, conn: Conn) -> None:
        await conn.ws.close(code, reason)

    return step


async def half_open(server: FaultServer, conn: Conn) -> None:
    """The socket stays up but nothing comes back, not even PONG."""
    conn.answer_pings = False
    await conn.ws.wait_closed()


@pytest.fixture
async def fault_server() -> AsyncIterator[FaultServer]:
    server = FaultServer()
    await server.start()
    yield server
    if server.server is not None:
        server.server.close()
        async with asyncio.timeout(10):  # a script step still waiting fails here, never hangs
            await server.server.wait_closed()


async def until(predicate: Callable[[], bool], timeout: float = 3.0) -> None:
    """Wait (in 5 ms steps) until `predicate()` holds; fail after `timeout` seconds."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not predicate():
        if loop.time() > deadline:
            raise AssertionError("condition not met in time")
        await asyncio.sleep(0.005)


class RecordingSleep:
    """Injected backoff sleep: records each delay, yields once, never waits for real."""

    def __init__(self) -> None:
        self.delays: list[float] = []

    async def __call__(self, delay: float) -> None:
        self.delays.append(delay)
        await asyncio.sleep(0)
