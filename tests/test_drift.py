"""The drift check against a real HTTP server on 127.0.0.1 that serves the committed cassette
bodies, with one field renamed, one removed and one retyped on purpose."""

from __future__ import annotations

import asyncio
import base64
import copy
import json
import socket
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml
from aiohttp import web
from py_clob_client_v2.signing.hmac import build_hmac_signature

from scripts import drift

Mutation = Callable[[Any], Any]


class CassetteServer:
    """Answers each recorded public GET with its recorded status and body, after a mutation."""

    def __init__(self, creds: dict[str, str]) -> None:
        self.creds = creds
        self.probes = {}
        for p in drift.probes(authenticated=True):
            u = urlsplit(p.uri)
            self.probes[u.path + (f"?{u.query}" if u.query else "")] = p
        #: With `known_ids`, the server knows only those markets (like a local CLOB): any
        #: request for them gets the first recorded 200 of its endpoint.
        self.markets_of_this_server: dict[str, drift.Probe] = {}
        self.mutations: dict[str, Mutation] = {}
        self.requests: list[str] = []
        self.base = ""

    async def handle(self, request: web.Request) -> web.Response:
        key = request.rel_url.raw_path_qs
        self.requests.append(key)
        probe = self.probes.get(key) or self.markets_of_this_server.get(
            drift.endpoint_of("GET", f"http://clob{key}")[1]
        )
        if probe is None:
            return web.json_response({"error": "not recorded"}, status=404)
        status = probe.response["status"]["code"]
        body = drift.body_json(probe.response.get("body"))
        if probe.endpoint in drift.AUTHENTICATED and not self.signed(request):
            status, body = 401, {"error": "Unauthorized/Invalid api key"}
        mutate = self.mutations.get(probe.endpoint)
        if mutate and status == 200:
            body = mutate(copy.deepcopy(body))
        return web.Response(text=json.dumps(body), status=status, content_type="application/json")

    def known_ids(self, token: str, condition: str) -> None:
        ids = {"token": token, "condition": condition}
        for p in self.probes.values():
            if p.host.startswith("clob") and p.response["status"]["code"] == 200:
                self.markets_of_this_server.setdefault(p.endpoint, p)
        self.probes = {drift.retarget(p.uri, ids): p for p in self.probes.values()}

    def signed(self, request: web.Request) -> bool:
        """Check the L2 headers as the CLOB does: key, passphrase and HMAC of the request."""
        h = request.headers
        want = build_hmac_signature(
            self.creds["POLY_API_SECRET"], h.get("POLY_TIMESTAMP", ""), "GET", request.path
        )
        return (
            h.get("POLY_API_KEY") == self.creds["POLY_API_KEY"]
            and h.get("POLY_PASSPHRASE") == self.creds["POLY_PASSPHRASE"]
            and h.get("POLY_ADDRESS") == self.creds["POLY_ADDRESS"]
            and h.get("POLY_SIGNATURE") == want
        )


#: Throwaway read-only credentials for the loopback server (never real ones).
CREDS = {
    "POLY_ADDRESS": "0x" + "ab" * 20,
    "POLY_API_KEY": "00000000-0000-0000-0000-000000000001",
    "POLY_API_SECRET": base64.urlsafe_b64encode(b"\x01" * 32).decode(),
    "POLY_PASSPHRASE": "read-only",
}


@pytest.fixture
def server() -> Iterator[CassetteServer]:
    state = CassetteServer(CREDS)
    app = web.Application()
    app.router.add_route("GET", "/{tail:.*}", state.handle)
    loop = asyncio.new_event_loop()
    runner = web.AppRunner(app)
    loop.run_until_complete(runner.setup())
    site = web.TCPSite(runner, "127.0.0.1", 0)
    loop.run_until_complete(site.start())
    port = runner.addresses[0][1]
    state.base = f"http://127.0.0.1:{port}"
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        loop.call_soon_threadsafe(loop.stop)
        thread.join(timeout=10)
        loop.run_until_complete(runner.cleanup())
        loop.close()


def bases(server: CassetteServer) -> dict[str, str]:
    return {host: server.base for host in drift.PRODUCTION}


def rename(old: str, new: str) -> Mutation:
    def mutate(body: dict[str, Any]) -> dict[str, Any]:
        return {(new if k == old else k): v for k, v in body.items()}

    return mutate


def remove(name: str) -> Mutation:
    def mutate(body: dict[str, Any]) -> dict[str, Any]:
        body.pop(name)
        return body

    return mutate


def bid_prices_as_numbers(body: dict[str, Any]) -> dict[str, Any]:
    for level in body["bids"]:
        level["price"] = float(level["price"])
    return body


def test_every_public_endpoint_in_the_cassettes_is_probed() -> None:
    endpoints = {p.endpoint for p in drift.probes()}
    assert {"GET /book", "GET /tick-size", "GET /neg-risk", "GET /clob-markets/{id}"} <= endpoints
    assert all(e in drift.PUBLIC for e in endpoints)  # never an order, a cancel or an auth call


def test_unchanged_server_has_no_drift(server: CassetteServer) -> None:
    findings = drift.check(bases(server))
    assert findings == []
    assert len(server.requests) == len(drift.probes())  # no credentials: public GETs only
    assert not any(k.startswith(("/balance-allowance", "/data/")) for k in server.requests)
    assert "No drift" in drift.report(findings, server.base)


def test_with_credentials_the_read_only_authenticated_gets_are_signed(
    server: CassetteServer,
) -> None:
    assert drift.credentials({}) is None
    assert drift.credentials(CREDS) == CREDS
    assert drift.check(bases(server), creds=CREDS, clock=lambda: 1_796_000_000) == []
    assert len(server.requests) == len(server.probes)
    signed = [k for k in server.requests if k.startswith(("/balance-allowance", "/data/trades"))]
    assert signed

    wrong = dict(CREDS, POLY_API_SECRET=base64.urlsafe_b64encode(b"\x02" * 32).decode())
    findings = drift.check(bases(server), creds=wrong, clock=lambda: 1_796_000_000)
    assert {f.change for f in findings} == {"status 200 → 401"}
    assert {f.endpoint.split(" ", 1)[1] for f in findings} == set(drift.AUTHENTICATED)


def test_renamed_removed_and_retyped_fields_are_each_named(server: CassetteServer) -> None:
    server.mutations = {
        "GET /book": bid_prices_as_numbers,  # retyped
        "GET /tick-size": rename("minimum_tick_size", "min_tick"),  # renamed
        "GET /neg-risk": remove("neg_risk"),  # removed
    }
    findings = drift.check(bases(server))
    by_change = {f.change: f for f in findings}

    renamed = by_change["renamed `$.minimum_tick_size` → `$.min_tick`"]
    assert renamed.field == "minimum_tick_size"
    assert any("_parse_tick_size" in s for s in renamed.sdk)  # polymarket-client rejects it
    removed = by_change["missing `$.neg_risk` (boolean)"]
    assert "snippets/neg_risk/lookup.py:14" in removed.snippets
    assert any("py-clob-client-v2 reads `neg_risk`" in s for s in removed.sdk)
    retyped = by_change["retyped `$.bids[].price`: string → number"]
    assert retyped.field == "price"
    assert any(s.startswith("snippets/websocket/") for s in retyped.snippets)
    assert {f.endpoint.split(" ", 1)[1] for f in findings} == {
        "GET /book",
        "GET /tick-size",
        "GET /neg-risk",
    }

    text = drift.report(findings, server.base)
    for line in (
        "renamed `$.minimum_tick_size` → `$.min_tick`",
        "missing `$.neg_risk` (boolean)",
        "retyped `$.bids[].price`: string → number",
        "`snippets/neg_risk/lookup.py:14`",
    ):
        assert line in text


def test_a_status_change_is_drift(server: CassetteServer) -> None:
    probe = next(p for p in drift.probes() if p.endpoint == "GET /version")
    key = urlsplit(probe.uri).path
    server.probes[key] = drift.Probe(
        probe.host,
        probe.endpoint,
        probe.uri,
        {"status": {"code": 503}, "body": {"string": '{"error": "down"}'}},
    )
    findings = [f for f in drift.check(bases(server)) if f.uri == probe.uri]
    assert [f.change for f in findings] == ["status 200 → 503"]


def test_cli_writes_the_report_and_the_issue_decision(
    server: CassetteServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    server.mutations = {"GET /neg-risk": remove("neg_risk")}
    out_json, out_md = tmp_path / "drift.json", tmp_path / "drift.md"
    argv = ["--clob", server.base, "--gamma", server.base, "--json", str(out_json)]
    assert drift.main([*argv, "--report", str(out_md)]) == 1
    assert "missing `$.neg_risk`" in out_md.read_text()

    body = tmp_path / "issue.md"
    assert drift.main(["issue", "--drift", str(out_json), "--out", str(body)]) == 0
    printed = capsys.readouterr().out
    assert "open=true\ntitle=Weekly check: API drift on GET /neg-risk\n" in printed
    assert "missing `$.neg_risk` (boolean)" in body.read_text()

    # The same drift next week, with last week's issue still open: no second issue.
    titles = tmp_path / "open.txt"
    titles.write_text("Weekly check: API drift on GET /neg-risk\nsomething else\n")
    argv = ["issue", "--drift", str(out_json), "--open-titles", str(titles), "--out", str(body)]
    assert drift.main(argv) == 0
    assert capsys.readouterr().out.startswith("open=false\n")


def test_an_unreachable_api_fails_loudly_instead_of_passing(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with socket.socket() as s:  # a port on 127.0.0.1 that nothing listens on
        s.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{s.getsockname()[1]}"
    assert drift.main(["--clob", dead, "--gamma", dead]) == 2
    assert "could not reach" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("before", "after", "expected"),
    [
        ({"a": 1}, {"a": 2}, []),  # a changed value is not drift
        ({"a": None}, {"a": "x"}, []),  # null is not a type of its own
        ({"a": None}, {"a": {"b": 1}}, []),  # nor are the fields of a formerly null object
        ({"bids": []}, {"bids": [{"p": "1"}]}, []),  # an empty side is a value
        ({"a": "1"}, {"a": 1}, ["retyped `$.a`: string → number"]),
        ({"a": 1}, {"a": 1, "b": True}, ["new `$.b` (boolean)"]),
        ({"a": {"x": 1, "y": 2}}, {}, ["missing `$.a` (object)"]),  # the subtree once
        ({"l": [{"a": 1}]}, {"l": [{"b": 1}]}, ["renamed `$.l[].a` → `$.l[].b`"]),
    ],
)
def test_shape_comparison(before: Any, after: Any, expected: list[str]) -> None:
    assert [str(c) for c in drift.compare(drift.shape(before), drift.shape(after))] == expected


def test_issue_opens_only_when_something_changed() -> None:
    assert drift.issue([], "prod", []) == (False, "", "")
    old = {"results": {"neg_risk": {"polymarket-client": {"0.14.0": {"status": "pass"}}}}}
    new = {
        "results": {
            "neg_risk": {
                "polymarket-client": {
                    "0.14.0": {"status": "pass"},
                    "0.15.0": {"status": "cannot import", "error": "ImportError: X"},
                }
            }
        }
    }
    changes = drift.matrix_changes(old, new)
    assert changes == [
        "`neg_risk` on polymarket-client 0.15.0: not measured → cannot import: ImportError: X"
    ]
    should, title, body = drift.issue([], "prod", changes)
    assert should and title == "Weekly check: SDK matrix: 1 change(s)"
    assert "0.15.0: not measured → cannot import" in body


def test_the_weekly_workflow_runs_these_scripts_and_their_decision() -> None:
    path = Path(__file__).resolve().parent.parent / ".github" / "workflows" / "weekly.yml"
    flow = yaml.safe_load(path.read_text())
    assert flow[True]["schedule"][0]["cron"]  # YAML reads the `on:` key as True
    assert flow["permissions"]["issues"] == "write"
    steps = flow["jobs"]["matrix-and-drift"]["steps"]
    runs = "\n".join(s.get("run", "") for s in steps)
    assert "python3 scripts/compat_matrix.py --latest 3" in runs
    assert "scripts/drift.py --json" in runs
    assert "scripts/drift.py issue" in runs and '>> "$GITHUB_OUTPUT"' in runs
    drift_step = next(s for s in steps if s.get("id") == "drift")
    assert set(drift.CREDENTIALS) <= set(drift_step["env"])
    opener = next(s for s in steps if "gh issue create" in s.get("run", ""))
    assert opener["if"] == "steps.issue.outputs.open == 'true'"
    assert opener["env"]["TITLE"] == "${{ steps.issue.outputs.title }}"


def test_pointed_at_a_server_with_other_markets(server: CassetteServer) -> None:
    """What a local CLOB needs: its own token and condition ids, and no gamma host."""
    token, condition = "4242424242", "0x" + "ab" * 32
    server.known_ids(token, condition)
    server.mutations = {"GET /book": rename("hash", "hash_v2")}
    findings = drift.check(
        {"clob.polymarket.com": server.base}, ids={"token": token, "condition": condition}
    )
    assert [f.change for f in findings] == ["renamed `$.hash` → `$.hash_v2`"]
    assert findings[0].uri.startswith("https://clob.polymarket.com/book?token_id=")
    assert all(token in r or condition in r or "?" not in r for r in server.requests)
    assert len(server.requests) == len(set(server.requests))  # one request per retargeted URL
    assert not any(r.startswith("/events") for r in server.requests)  # gamma skipped


def test_retarget_replaces_only_ids() -> None:
    ids = {"token": "7", "condition": "0xc"}
    assert (
        drift.retarget("https://h/book?token_id=123&side=BUY", ids) == "/book?token_id=7&side=BUY"
    )
    assert drift.retarget("https://h/markets-by-token/123", ids) == "/markets-by-token/7"
    assert drift.retarget("https://h/clob-markets/0xabc", ids) == "/clob-markets/0xc"
    assert drift.retarget("https://h/markets/1812085", ids) == "/markets/1812085"  # gamma id
    assert drift.retarget("https://h/version", {}) == "/version"


def test_against_several_recordings_a_field_only_some_have_is_optional() -> None:
    recorded = [{"a": "1", "opt": True}, {"a": "2", "nullable": None}]
    ok = {"status": {"code": 200}, "body": {"string": '{"a": "3", "nullable": "x"}'}}
    assert drift.compare_family(recorded, ok) == []
    gone = {"status": {"code": 200}, "body": {"string": '{"b": 3}'}}
    assert [str(c) for c in drift.compare_family(recorded, gone)] == [
        "missing `$.a` (string)",
        "new `$.b` (number)",
    ]
    down = {"status": {"code": 404}, "body": {"string": "{}"}}
    assert [str(c) for c in drift.compare_family(recorded, down)] == ["status 200 → 404"]
