"""The drift check against the local CLOB (snippets/local_clob), started in-process on
127.0.0.1: a clean run reports no drift, and fields renamed, removed and retyped on purpose
through its `faults.mutate` are each named with the SDK model that rejects them and the snippets
that read them. The local CLOB knows its own markets, so the check retargets the recorded
requests to them (`--token`, `--condition`) and compares with every recorded answer of each
endpoint.

The gamma host (gamma-api.polymarket.com: /markets/{id}, /events, /events/slug/{id}) is not
part of a CLOB and the local CLOB does not serve it. Its probes alone go to `GammaStandIn`, a
loopback server that answers each recorded gamma GET with its recorded body."""

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
from eth_account import Account

from scripts import drift
from snippets.local_clob.app import TOKEN, LocalClob

pytestmark = pytest.mark.long  # `scripts/run.py long` runs it, as CI does

NOW = 1_796_000_000  # the drift check's clock and the local CLOB's auth clock
CLOB_HOST, GAMMA_HOST = "clob.polymarket.com", "gamma-api.polymarket.com"


@pytest.fixture(scope="module")
def clob() -> Iterator[LocalClob]:
    """One local CLOB for the module (faults are cleared after each test)."""
    with LocalClob(seed=0, auth_clock=lambda: NOW) as server:
        yield server


@pytest.fixture(autouse=True)
def _clear_faults(clob: LocalClob) -> Iterator[None]:
    yield
    clob.faults.clear()


def condition_of(clob: LocalClob, token: str) -> str:
    return clob.exchange.books[token].market


def ids(clob: LocalClob) -> dict[str, str]:
    return {"token": TOKEN, "condition": condition_of(clob, TOKEN)}


def sent(clob: LocalClob, since: int) -> list[str]:
    """The requests the local CLOB recorded after the first `since` (method, path and query)."""
    return [
        f"{r.method} {r.path}" + (f"?{r.query}" if r.query else "")
        for r in clob.records.requests[since:]
    ]


class GammaStandIn:
    """Answers each recorded gamma GET with its recorded status and body (gamma is not a CLOB
    endpoint, so the local CLOB has none); `mutations` change a body's shape per endpoint."""

    def __init__(self) -> None:
        self.probes = {
            urlsplit(p.uri).path + (f"?{urlsplit(p.uri).query}" if urlsplit(p.uri).query else ""): p
            for p in drift.probes()
            if p.host == GAMMA_HOST
        }
        self.mutations: dict[str, Callable[[Any], Any]] = {}
        self.requests: list[str] = []
        self.base = ""

    async def handle(self, request: web.Request) -> web.Response:
        key = request.rel_url.raw_path_qs
        self.requests.append(key)
        probe = self.probes.get(key)
        if probe is None:
            return web.json_response({"error": "not recorded"}, status=404)
        body = drift.body_json(probe.response.get("body"))
        mutate = self.mutations.get(probe.endpoint)
        if mutate:
            body = mutate(copy.deepcopy(body))
        status = probe.response["status"]["code"]
        return web.Response(text=json.dumps(body), status=status, content_type="application/json")


@pytest.fixture(scope="module")
def gamma() -> Iterator[GammaStandIn]:
    state = GammaStandIn()
    app = web.Application()
    app.router.add_route("GET", "/{tail:.*}", state.handle)
    loop = asyncio.new_event_loop()
    runner = web.AppRunner(app)
    loop.run_until_complete(runner.setup())
    site = web.TCPSite(runner, "127.0.0.1", 0)
    loop.run_until_complete(site.start())
    state.base = f"http://127.0.0.1:{runner.addresses[0][1]}"
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        loop.call_soon_threadsafe(loop.stop)
        thread.join(timeout=10)
        loop.run_until_complete(runner.cleanup())
        loop.close()


@pytest.fixture
def reader(clob: LocalClob) -> dict[str, str]:
    """Read-only L2 credentials of a fresh signer with an API key on the local CLOB."""
    account = Account.create()
    key = clob.add_api_key(account.address)
    return {
        "POLY_ADDRESS": account.address,
        "POLY_API_KEY": key.key,
        "POLY_API_SECRET": key.secret,
        "POLY_PASSPHRASE": key.passphrase,
    }


def test_every_public_endpoint_in_the_cassettes_is_probed() -> None:
    endpoints = {p.endpoint for p in drift.probes()}
    assert {"GET /book", "GET /tick-size", "GET /neg-risk", "GET /clob-markets/{id}"} <= endpoints
    assert all(e in drift.PUBLIC for e in endpoints)  # never an order, a cancel or an auth call


def test_the_local_clob_unchanged_has_no_drift(clob: LocalClob, gamma: GammaStandIn) -> None:
    before = len(clob.records.requests)
    findings = drift.check({CLOB_HOST: clob.url, GAMMA_HOST: gamma.base}, ids=ids(clob))
    assert findings == []
    assert "No drift" in drift.report(findings, clob.url)

    requests = sent(clob, before)
    clob_endpoints = {p.endpoint for p in drift.probes() if p.host == CLOB_HOST}
    assert {r.split("?")[0] for r in requests} == {
        e.replace("{id}", TOKEN if "by-token" in e else condition_of(clob, TOKEN))
        for e in clob_endpoints
    }  # every recorded CLOB endpoint, once, for the local CLOB's market
    assert all(r.startswith("GET ") for r in requests)  # public GETs only
    assert not any(r.startswith(("GET /balance-allowance", "GET /data/")) for r in requests)
    assert len(gamma.requests) == len(gamma.probes)  # the gamma probes went to the stand-in


def test_with_credentials_the_read_only_authenticated_gets_are_signed(
    clob: LocalClob, reader: dict[str, str]
) -> None:
    assert drift.credentials({}) is None
    assert drift.credentials(reader) == reader
    before = len(clob.records.requests)
    assert drift.check({CLOB_HOST: clob.url}, creds=reader, clock=lambda: NOW, ids=ids(clob)) == []
    signed = [r for r in clob.records.requests[before:] if r.credentials]
    assert {r.path for r in signed} == {"/balance-allowance", "/data/trades"}
    assert {r.status for r in signed} == {200}  # the local CLOB accepted the HMAC
    assert {r.api_key for r in signed} == {reader["POLY_API_KEY"]}

    wrong = dict(reader, POLY_API_SECRET=base64.urlsafe_b64encode(b"\x02" * 32).decode())
    findings = drift.check({CLOB_HOST: clob.url}, creds=wrong, clock=lambda: NOW, ids=ids(clob))
    assert {f.change for f in findings} == {"status 200 → 401"}
    assert {f.endpoint.split(" ", 1)[1] for f in findings} == set(drift.AUTHENTICATED)


def test_renamed_removed_and_retyped_fields_are_each_named(clob: LocalClob) -> None:
    clob.faults.mutate("/tick-size", "rename", "minimum_tick_size", to="min_tick")
    clob.faults.mutate("/neg-risk", "remove", "neg_risk")
    clob.faults.mutate("/book", "retype", "bids.price", to=0.5)  # "0.5" (string) → 0.5
    findings = drift.check({CLOB_HOST: clob.url}, ids=ids(clob))
    by_change = {f.change: f for f in findings}
    assert set(by_change) == {
        "renamed `$.minimum_tick_size` → `$.min_tick`",
        "missing `$.neg_risk` (boolean)",
        "retyped `$.bids[].price`: string → number",
    }

    renamed = by_change["renamed `$.minimum_tick_size` → `$.min_tick`"]
    assert renamed.field == "minimum_tick_size"
    assert any("_parse_tick_size" in s for s in renamed.sdk)  # polymarket-client rejects it
    assert "snippets/getting_started/market_data.py:33" in renamed.snippets
    removed = by_change["missing `$.neg_risk` (boolean)"]
    assert any("_parse_neg_risk" in s for s in removed.sdk)
    assert any("py-clob-client-v2 reads `neg_risk`" in s for s in removed.sdk)
    assert "snippets/neg_risk/lookup.py:14" in removed.snippets
    retyped = by_change["retyped `$.bids[].price`: string → number"]
    assert retyped.field == "price"
    assert any("parse_order_book" in s for s in retyped.sdk)
    assert any(s.startswith("snippets/websocket/") for s in retyped.snippets)
    assert {f.endpoint for f in findings} == {
        f"{CLOB_HOST} GET /book",
        f"{CLOB_HOST} GET /tick-size",
        f"{CLOB_HOST} GET /neg-risk",
    }

    text = drift.report(findings, clob.url)
    for line in (
        "## clob.polymarket.com GET /tick-size",
        "renamed `$.minimum_tick_size` → `$.min_tick`",
        "missing `$.neg_risk` (boolean)",
        "retyped `$.bids[].price`: string → number",
        "`snippets/neg_risk/lookup.py:14`",
    ):
        assert line in text


def test_a_gamma_field_renamed_is_named_with_the_model_that_rejects_it(
    gamma: GammaStandIn,
) -> None:
    def rename_id(body: dict[str, Any]) -> dict[str, Any]:
        body["marketId"] = body.pop("id")
        return body

    gamma.mutations = {"GET /markets/{id}": rename_id}
    try:
        findings = drift.check({GAMMA_HOST: gamma.base})
    finally:
        gamma.mutations = {}
    assert {f.change for f in findings} == {"renamed `$.id` → `$.marketId`"}
    assert all(f.endpoint == f"{GAMMA_HOST} GET /markets/{{id}}" for f in findings)
    for f in findings:  # polymarket-client's gamma model rejects it
        assert (
            "polymarket-client: `id`: Input should be a valid string (Market.parse_response)"
            in (f.sdk)
        )
        assert "snippets/market_versions/choose_id.py:25" in f.snippets
        assert not any(s.startswith("snippets/local_clob/") for s in f.snippets)  # the server


def test_a_status_change_is_drift(clob: LocalClob) -> None:
    clob.faults.fail("/version", status=503, body={"error": "down"}, method="GET", times=None)
    findings = drift.check({CLOB_HOST: clob.url}, ids=ids(clob))
    assert [(f.endpoint, f.change) for f in findings] == [
        (f"{CLOB_HOST} GET /version", "status 200 → 503")
    ]


def test_cli_writes_the_report_and_the_issue_decision(
    clob: LocalClob, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    clob.faults.mutate("/neg-risk", "remove", "neg_risk")
    out_json, out_md = tmp_path / "drift.json", tmp_path / "drift.md"
    argv = ["--clob", clob.url, "--gamma", "", "--token", TOKEN]
    argv += ["--condition", condition_of(clob, TOKEN), "--json", str(out_json)]
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
    clob: LocalClob, capsys: pytest.CaptureFixture[str]
) -> None:
    clob.faults.refuse_connections()  # the local CLOB stops listening
    try:
        assert drift.main(["--clob", clob.url, "--gamma", "", "--token", TOKEN]) == 2
    finally:
        clob.faults.accept_connections()
    assert "could not reach" in capsys.readouterr().err
    with socket.create_connection(("127.0.0.1", clob.port), timeout=5):
        pass  # listening again for the next test


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
