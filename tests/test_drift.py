"""The drift check against a real HTTP server on 127.0.0.1 that serves the committed cassette
bodies, with one field renamed, one removed and one retyped on purpose."""

from __future__ import annotations

import asyncio
import copy
import json
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from aiohttp import web

from scripts import drift

Mutation = Callable[[Any], Any]


class CassetteServer:
    """Answers each recorded public GET with its recorded status and body, after a mutation."""

    def __init__(self) -> None:
        self.probes = {}
        for p in drift.probes():
            u = urlsplit(p.uri)
            self.probes[u.path + (f"?{u.query}" if u.query else "")] = p
        self.mutations: dict[str, Mutation] = {}
        self.requests: list[str] = []
        self.base = ""

    async def handle(self, request: web.Request) -> web.Response:
        key = request.rel_url.raw_path_qs
        self.requests.append(key)
        probe = self.probes.get(key)
        if probe is None:
            return web.json_response({"error": "not recorded"}, status=404)
        status = probe.response["status"]["code"]
        body = drift.body_json(probe.response.get("body"))
        mutate = self.mutations.get(probe.endpoint)
        if mutate and status == 200:
            body = mutate(copy.deepcopy(body))
        return web.Response(text=json.dumps(body), status=status, content_type="application/json")


@pytest.fixture
def server() -> Iterator[CassetteServer]:
    state = CassetteServer()
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
    assert len(server.requests) == len(server.probes)
    assert "No drift" in drift.report(findings, server.base)


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
    assert "open=true\ntitle=API drift on GET /neg-risk" in printed
    assert "missing `$.neg_risk` (boolean)" in body.read_text()


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
    assert should and title == "SDK matrix: 1 change(s)"
    assert "0.15.0: not measured → cannot import" in body
