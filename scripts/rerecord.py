"""Re-record every cassette family in one command, then report which recordings changed SHAPE.

    python3 scripts/rerecord.py                      # http + chain + ws, then the shape report
    python3 scripts/rerecord.py --family http tests/snippets/getting_started
    python3 scripts/rerecord.py report --before DIR  # compare a saved copy with cassettes/

Families:
- `http`: the snippet tests with pytest-recording's `--record-mode=all`. By default only the test
  modules whose committed cassettes hold nothing but GETs to Polymarket's public hosts (read
  only: nothing is ordered or cancelled); name test paths to choose others. The suite's
  SafePersister scrubs credentials before anything is written and refuses a cassette that still
  holds a secret.
- `chain`: `scripts/record_chain.py` (real anvil nodes on 127.0.0.1; needs npm and the Multicall3
  pre-signed transaction, see that script).
- `ws`: a capture of the public market channel: subscribe to the assets of the committed replay,
  keep the frames for a while, scan them for secrets, write `.cache/rerecord/ws/market.json`,
  then re-run the stream tests (tests/snippets/websocket) on that capture through their capture
  mode (`MARKET_REPLAY=<capture>`). `--ws-replay FILE` re-runs them on an existing capture
  without connecting.

Afterwards every cassette is compared with the copy taken before: fields new, missing, renamed
or retyped and status codes changed are reported; changed values (ids, prices, timestamps) are
not. A written cassette that holds a secret is put back as it was and reported as refused.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from scripts.cassette_format import load, secret_findings  # noqa: E402
from scripts.drift import PRODUCTION, compare, endpoint_of, shape  # noqa: E402
from scripts.drift import compare_responses as compare_http  # noqa: E402
from scripts.secret_scan import scan_json, scan_text  # noqa: E402
from scripts.vcr_policy import SecretInCassetteError  # noqa: E402

CASSETTES = ROOT / "cassettes"
WORK = ROOT / ".cache" / "rerecord"
STREAM_TESTS = ROOT / "tests" / "snippets" / "websocket"
REPLAY = STREAM_TESTS / "data" / "market_replay.json"
REPLAY_ENV = "MARKET_REPLAY"  # the stream tests' capture mode (their conftest.py)
MARKET_WS = "wss://ws-subscriptions-clob.polymarket.com/ws/market"
PY = ROOT / ".venv" / "bin" / "python"


# --- which HTTP tests may be re-recorded -----------------------------------------------------


def read_only(cassette: dict[str, Any]) -> bool:
    """Every interaction is a GET to a public Polymarket host (no order, no cancel, no key)."""
    return all(
        i["request"]["method"] == "GET" and endpoint_of("GET", i["request"]["uri"])[0] in PRODUCTION
        for i in cassette["interactions"]
    )


def http_tests(root: Path = ROOT) -> list[str]:
    """Test modules whose every committed cassette is read-only (`read_only`)."""
    verdicts: dict[Path, bool] = {}
    for path in sorted((root / "cassettes").rglob("*.yaml")):
        module = path.parent  # cassettes/<slug>/<test module>/<test>.yaml
        verdicts[module] = verdicts.get(module, True) and read_only(load(path))
    out = []
    for module, ok in verdicts.items():
        test = root / "tests" / "snippets" / module.parent.name / f"{module.name}.py"
        if ok and test.exists():
            out.append(test.relative_to(root).as_posix())
    return out


# --- the shape report ------------------------------------------------------------------------


@dataclass(frozen=True)
class ShapeChange:
    cassette: str
    where: str  # "GET /book #1" or "frame book"
    change: str

    def __str__(self) -> str:
        return f"{self.cassette}: {self.where}: {self.change}"


def _keyed(cassette: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Interactions keyed by "METHOD /endpoint/{id} #n" (n-th of that endpoint), so a new id in
    the path or query is not a new interaction."""
    out: dict[str, dict[str, Any]] = {}
    seen: dict[str, int] = {}
    for interaction in cassette["interactions"]:
        req = interaction["request"]
        host, endpoint = endpoint_of(req["method"], req["uri"])
        name = endpoint if host in PRODUCTION else f"{host} {endpoint}"
        seen[name] = seen.get(name, 0) + 1
        out[f"{name} #{seen[name]}"] = interaction
    return out


def cassette_changes(before: Path, after: Path) -> list[ShapeChange]:
    """Shape changes between two cassette trees (the same relative paths)."""
    out: list[ShapeChange] = []
    old = {p.relative_to(before).as_posix() for p in before.rglob("*.yaml")}
    new = {p.relative_to(after).as_posix() for p in after.rglob("*.yaml")}
    out += [ShapeChange(rel, "cassette", "removed") for rel in sorted(old - new)]
    out += [ShapeChange(rel, "cassette", "new") for rel in sorted(new - old)]
    for rel in sorted(old & new):
        a, b = _keyed(load(before / rel)), _keyed(load(after / rel))
        for key in sorted(a.keys() - b.keys()):
            out.append(ShapeChange(rel, key, "interaction no longer made"))
        for key in sorted(b.keys() - a.keys()):
            out.append(ShapeChange(rel, key, "new interaction"))
        for key in sorted(a.keys() & b.keys()):
            changes = compare_http(a[key]["response"], b[key]["response"])
            out += [ShapeChange(rel, key, str(c)) for c in changes]
    return out


def frames_by_type(frames: Iterable[str]) -> dict[str, dict[str, str]]:
    """Merged JSON shape per event type ("book", "price_change", …) of raw WebSocket frames."""
    grouped: dict[str, list[Any]] = {}
    for raw in frames:
        try:
            msg = json.loads(raw)
        except ValueError:
            grouped.setdefault("non-JSON", []).append(raw)
            continue
        for event in msg if isinstance(msg, list) else [msg]:
            kind = event.get("event_type", "?") if isinstance(event, dict) else "?"
            grouped.setdefault(kind, []).append(event)
    return {kind: _item_shape(events) for kind, events in grouped.items()}


def _item_shape(events: list[Any]) -> dict[str, str]:
    """The merged shape of a list's items, with paths rooted at `$`."""
    return {k.replace("$[]", "$", 1): v for k, v in shape(events).items() if k != "$"}


def frame_changes(before: Iterable[str], after: Iterable[str], name: str) -> list[ShapeChange]:
    """Shape changes per event type between two frame captures."""
    a, b = frames_by_type(before), frames_by_type(after)
    out = [
        ShapeChange(name, f"frame {k}", "event type no longer seen")
        for k in sorted(a.keys() - b.keys())
    ]
    out += [ShapeChange(name, f"frame {k}", "new event type") for k in sorted(b.keys() - a.keys())]
    for kind in sorted(a.keys() & b.keys()):
        out += [ShapeChange(name, f"frame {kind}", str(c)) for c in compare(a[kind], b[kind])]
    return out


def report(changes: list[ShapeChange], refused: list[str]) -> str:
    lines = ["# Re-recording: shape changes", ""]
    if refused:
        lines += ["Refused (held a secret after scrubbing; the old file is kept):", ""]
        lines += [f"- {r}" for r in refused] + [""]
    if not changes:
        lines.append("No cassette changed shape (values may have changed: that is not drift).")
    else:
        lines += [f"- {c}" for c in changes]
    return "\n".join(lines) + "\n"


# --- safety ----------------------------------------------------------------------------------


def guard(before: Path, after: Path) -> list[str]:
    """Scan every cassette that differs from `before`; put back any that holds a secret."""
    refused = []
    for path in sorted(after.rglob("*.yaml")):
        rel = path.relative_to(after)
        old = before / rel
        if old.exists() and old.read_bytes() == path.read_bytes():
            continue
        findings = secret_findings(load(path), rel.as_posix(), path.read_text(encoding="utf-8"))
        if findings:
            refused.append(f"{rel.as_posix()}: {findings[0].what}")
            if old.exists():
                shutil.copyfile(old, path)
            else:
                path.unlink()
    return refused


def write_capture(path: Path, frames: list[str], provenance: dict[str, Any]) -> None:
    """Write a frame capture, or raise SecretInCassetteError if any frame holds a secret."""
    data = {"provenance": provenance, "frames": frames}
    text = json.dumps(data, indent=1)
    findings = scan_text(text, str(path.name))
    for i, raw in enumerate(frames):
        try:
            findings += scan_json(json.loads(raw), f"{path.name} frame {i}")
        except ValueError:
            continue
    if findings:
        raise SecretInCassetteError(
            "refusing to write a capture that holds a secret:\n  " + "\n  ".join(map(str, findings))
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text + "\n", encoding="utf-8")


# --- the families ----------------------------------------------------------------------------


def snapshot(dest: Path) -> Path:
    if dest.exists():
        shutil.rmtree(dest)
    shutil.copytree(CASSETTES, dest)
    return dest


def record_http(tests: list[str]) -> int:
    python = PY if PY.exists() else Path(sys.executable)
    cmd = [str(python), "-m", "pytest", "-p", "no:cacheprovider", "-n", "0", "-q"]
    # pytest-recording lets a test with a cassette reach the network when it records.
    cmd += ["--record-mode=all", *tests]
    print("[http]", " ".join(cmd[1:]), flush=True)
    return subprocess.call(cmd, cwd=ROOT)


def record_chain() -> int:
    print("[chain] scripts/record_chain.py", flush=True)
    return subprocess.call([sys.executable, str(ROOT / "scripts" / "record_chain.py")], cwd=ROOT)


async def capture(url: str, assets: list[str], seconds: float, limit: int) -> list[str]:
    """Subscribe to `assets` on a market channel and keep the raw frames (at most `limit`)."""
    from websockets.asyncio.client import connect

    frames: list[str] = []
    deadline = time.monotonic() + seconds
    async with connect(url, open_timeout=15) as ws:
        await ws.send(json.dumps({"assets_ids": assets, "type": "market"}))
        while len(frames) < limit and (left := deadline - time.monotonic()) > 0:
            try:
                raw = await asyncio.wait_for(ws.recv(), timeout=left)
            except TimeoutError:
                break
            if isinstance(raw, str) and raw not in ("PONG", "pong"):
                frames.append(raw)
    return frames


def record_ws(url: str, seconds: float, limit: int) -> tuple[list[ShapeChange], Path]:
    committed = json.loads(REPLAY.read_text(encoding="utf-8"))["frames"]
    assets = [b["asset_id"] for b in json.loads(committed[0])]
    frames = asyncio.run(capture(url, assets, seconds, limit))
    out = WORK / "ws" / "market.json"
    from importlib.metadata import version

    write_capture(
        out,
        frames,
        {
            "kind": "recorded-live",
            "date": dt.date.today().isoformat(),
            "endpoint": url,
            "sdk": {n: version(n) for n in ("polymarket-client", "py-clob-client-v2")},
        },
    )
    rel = out.relative_to(ROOT).as_posix()
    return frame_changes(committed, frames, rel), out


def replay_stream_tests(capture: Path, tests: Iterable[str | Path] = (STREAM_TESTS,)) -> int:
    """Run the stream tests with their market frames taken from `capture`; pytest's exit code.
    Tests that pin counts of the committed recording fail on any other capture: read which."""
    python = PY if PY.exists() else Path(sys.executable)
    cmd = [str(python), "-m", "pytest", "-p", "no:cacheprovider", "-n", "0", "-q"]
    cmd += [str(t) for t in tests]
    env = {**os.environ, REPLAY_ENV: str(Path(capture).resolve())}
    print(f"[ws] {REPLAY_ENV}={capture} pytest {' '.join(map(str, tests))}", flush=True)
    return subprocess.call(cmd, cwd=ROOT, env=env)


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["report"]:
        p = argparse.ArgumentParser(prog="rerecord.py report")
        p.add_argument("--before", type=Path, required=True)
        p.add_argument("--after", type=Path, default=CASSETTES)
        a = p.parse_args(argv[1:])
        changes = cassette_changes(a.before, a.after)
        print(report(changes, []), end="")
        return 1 if changes else 0
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--family", action="append", choices=["http", "chain", "ws"])
    p.add_argument("--ws-url", default=MARKET_WS)
    p.add_argument("--ws-seconds", type=float, default=60.0)
    p.add_argument("--ws-frames", type=int, default=200)
    p.add_argument("--ws-replay", type=Path, help="re-run the stream tests on this capture only")
    p.add_argument("--out", type=Path, default=WORK / "report.md")
    p.add_argument("tests", nargs="*", help="HTTP test paths (default: the read-only ones)")
    a = p.parse_args(argv)
    if a.ws_replay:
        return replay_stream_tests(a.ws_replay)
    families = a.family or ["http", "chain", "ws"]
    before = snapshot(WORK / "before")
    codes = []
    stream: int | None = None
    if "http" in families:
        codes.append(record_http(a.tests or http_tests()))
    if "chain" in families:
        codes.append(record_chain())
    refused = guard(before, CASSETTES)
    changes = cassette_changes(before, CASSETTES)
    if "ws" in families:
        try:
            ws_changes, where = record_ws(a.ws_url, a.ws_seconds, a.ws_frames)
            changes += ws_changes
            print(f"[ws] {where.relative_to(ROOT)}", flush=True)
            stream = replay_stream_tests(where)
            codes.append(stream)
        except SecretInCassetteError as error:
            refused.append(str(error))
        except OSError as error:
            print(f"[ws] capture failed: {error}", flush=True)
            codes.append(1)
    text = report(changes, refused)
    if stream is not None:
        verdict = "passed" if stream == 0 else f"failed (pytest exit code {stream})"
        text += f"\nStream tests on the fresh capture ({REPLAY_ENV}): {verdict}.\n"
    a.out.parent.mkdir(parents=True, exist_ok=True)
    a.out.write_text(text, encoding="utf-8")
    print(text, end="")
    return 1 if refused or any(codes) else 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    sys.exit(main())
