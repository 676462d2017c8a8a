"""The record switch: replay-only by default, loud on a missing cassette, never writes a secret."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib.metadata import version
from pathlib import Path

import httpx
import pytest
import vcr
import yaml
from vcr.request import Request

from scripts import vcr_policy

ROOT = Path(__file__).resolve().parent.parent


class _Echo(BaseHTTPRequestHandler):
    """A stand-in for the live API on 127.0.0.1: answers every request with `BODY`."""

    BODY = b"{}"

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("content-length", 0)))
        self.send_response(200)
        self.send_header("content-type", "application/json")
        self.send_header("set-cookie", "__cf_bm=session")
        self.send_header("Poly-RateLimit-Remaining", "59")
        self.end_headers()
        self.wfile.write(self.BODY)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def live(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[str, type[_Echo]]]:
    class Handler(_Echo):
        pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/order", Handler
    server.shutdown()
    server.server_close()


def _record(path: Path, url: str, body: dict, headers: dict[str, str]) -> None:
    """Record one request exactly as `--record-mode=once` does: real vcrpy, our policy."""
    recorder = vcr.VCR(**vcr_policy.vcr_config(), record_mode="once")
    recorder.register_matcher("json_body", vcr_policy.body_matches)
    recorder.register_persister(vcr_policy.SafePersister)
    with recorder.use_cassette(str(path)):
        httpx.post(url, json=body, headers=headers)


def test_live_recording_is_scrubbed_and_stamped_with_its_provenance(live, tmp_path: Path) -> None:
    url, handler = live
    handler.BODY = b'{"success":true,"orderID":"0x1"}'
    path = tmp_path / "c.yaml"
    body = {"order": {"salt": 1, "signature": "0x" + "ab" * 65}, "owner": "5e1e9ad1-real"}
    _record(path, url, body, {"POLY_API_KEY": "5e1e9ad1-real", "POLY_PASSPHRASE": "pp"})
    data = yaml.safe_load(path.read_text())
    prov = data["provenance"]
    assert prov["kind"] == "recorded-live" and prov["date"]
    assert prov["sdk"]["polymarket-client"] == version("polymarket-client")
    request = data["interactions"][0]["request"]
    assert request["headers"]["POLY_API_KEY"] == ["REDACTED"]
    assert json.loads(request["body"]) == {
        "order": {"salt": 1, "signature": "REDACTED"},
        "owner": "REDACTED",
    }
    kept = {k.lower() for k in data["interactions"][0]["response"]["headers"]}
    assert "poly-ratelimit-remaining" in kept and "set-cookie" not in kept


@pytest.mark.parametrize(
    "leak",
    [
        {"private_key": "0x" + "12" * 32},
        {"api_secret": "c2VjcmV0LXNlY3JldC1zZWNyZXQ="},
        {"note": "signed 0x" + "cd" * 65},
    ],
    ids=["private-key", "api-secret", "signature"],
)
def test_record_refuses_to_write_a_secret(live, tmp_path: Path, leak: dict) -> None:
    """A secret in a *response* is not scrubbed by the request filters: the persister refuses."""
    url, handler = live
    handler.BODY = json.dumps(leak).encode()
    path = tmp_path / "c.yaml"
    with pytest.raises(vcr_policy.SecretInCassetteError, match="refusing to write"):
        _record(path, url, {"orderID": "0x1"}, {})
    assert not path.exists()
    # and the refusal left no recorder patched in: a later recording is not undone mid-way
    assert httpx.HTTPTransport.handle_request is vcr.patch._HttpxHttpTransport_handle_request


def test_record_refuses_a_request_that_still_holds_a_secret(live, tmp_path: Path) -> None:
    """A secret the request scrubber does not know (here a signature in a field of its own) is
    refused before the request leaves, and no recorder stays patched."""
    url, _ = live
    path = tmp_path / "c.yaml"
    with pytest.raises(vcr_policy.SecretInCassetteError, match="request"):
        _record(path, url, {"orderID": "0x1", "note": "signed 0x" + "cd" * 65}, {})
    assert not path.exists()
    assert httpx.HTTPTransport.handle_request is vcr.patch._HttpxHttpTransport_handle_request


def test_scrubbing_keeps_signed_bodies_matchable() -> None:
    """Record and replay scrub the same fields, so a re-signed body still matches strictly."""
    recorded = Request(
        "POST",
        "https://clob.polymarket.com/order",
        json.dumps({"order": {"salt": 1, "signature": "0xaa"}, "owner": "k1"}),
        {},
    )
    replayed = Request(
        "POST",
        "https://clob.polymarket.com/order",
        json.dumps({"owner": "k2", "order": {"signature": "0xbb", "salt": 1}}),
        {},
    )
    other = Request(
        "POST",
        "https://clob.polymarket.com/order",
        json.dumps({"owner": "k2", "order": {"signature": "0xbb", "salt": 2}}),
        {},
    )
    a, b, c = (vcr_policy.scrub_request(r) for r in (recorded, replayed, other))
    assert vcr_policy.body_matches(a, b)
    assert not vcr_policy.body_matches(a, c)
    assert json.loads(a.body)["owner"] == "REDACTED"


def test_json_rpc_ids_do_not_matter_but_params_do() -> None:
    def rpc(i: int, block: str) -> Request:
        body = {"jsonrpc": "2.0", "id": i, "method": "eth_getBalance", "params": ["0x1", block]}
        return Request("POST", "http://127.0.0.1:8545", json.dumps(body), {})

    assert vcr_policy.body_matches(rpc(1, "latest"), rpc(7, "latest"))
    assert not vcr_policy.body_matches(rpc(1, "latest"), rpc(1, "0x10"))
    assert vcr_policy.body_matches(
        Request("GET", "https://x", b"", {}), Request("GET", "https://x", None, {})
    )


def test_response_headers_keep_rate_limit_state_and_drop_session_data() -> None:
    response = {
        "headers": {
            "Set-Cookie": ["__cf_bm=x"],
            "cf-ray": ["1"],
            "Retry-After": ["3"],
            "Poly-RateLimit-Remaining": ["-2"],
        }
    }
    kept = vcr_policy.scrub_response(response)["headers"]
    assert set(kept) == {"Retry-After", "Poly-RateLimit-Remaining"}


def test_a_missing_cassette_fails_with_how_to_record_it(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PYTHONPATH", str(ROOT))  # the copied conftest imports scripts.*
    pytester.makeconftest((ROOT / "tests/conftest.py").read_text())
    pytester.mkpydir("tests")
    (pytester.path / "tests/snippets/demo").mkdir(parents=True)
    (pytester.path / "tests/snippets/demo/test_probe.py").write_text(
        "import pytest, httpx\n\n"
        "@pytest.mark.vcr\n"
        "def test_book():\n"
        "    httpx.get('https://clob.polymarket.com/book?token_id=1')\n"
    )
    result = (
        pytester.runpytest_subprocess(  # never in this process: its imports and patches stay there
            "tests/snippets/demo/test_probe.py",
            "-p",
            "no:cacheprovider",
            "--block-network",
            "-p",
            "no:codeblocks",
            "-o",
            "asyncio_default_fixture_loop_scope=function",
        )
    )
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(
        [
            "*cassette cassettes/demo/test_probe/test_book.yaml is missing*",
            "*python3 scripts/run.py test --record-mode=once*test_probe.py::test_book*",
            "*python3 scripts/build_cassettes.py demo*",
        ]
    )
