"""The record switch: replay-only by default, loud on a missing cassette, never writes a secret."""

from __future__ import annotations

import json
from importlib.metadata import version
from pathlib import Path

import pytest
import yaml
from eth_account import Account
from vcr.request import Request

from scripts import vcr_policy

ROOT = Path(__file__).resolve().parent.parent


def _interaction(body: dict, headers: dict[str, list[str]] | None = None) -> dict:
    return {
        "request": {
            "method": "POST",
            "uri": "https://clob.polymarket.com/order",
            "body": json.dumps(body),
            "headers": headers or {},
        },
        "response": {
            "status": {"code": 200, "message": "OK"},
            "headers": {},
            "body": {"string": "{}"},
        },
    }


def test_live_recording_is_stamped_with_its_provenance(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    vcr_policy.SafePersister.save_cassette(
        path, {"interactions": [_interaction({"orderID": "0x1"})], "version": 1}, None
    )
    prov = yaml.safe_load(path.read_text())["provenance"]
    assert prov["kind"] == "recorded-live"
    assert prov["sdk"]["polymarket-client"] == version("polymarket-client")
    assert prov["date"]


@pytest.mark.parametrize(
    "secret",
    [
        {"body": {"order": {"signature": "0x" + "ab" * 65}}},
        {"body": {"owner": "5e1e9ad1-0bd1-4d2b-9d43-6b0e3a9c1f00"}},
        {"headers": {"POLY_PASSPHRASE": ["a-real-passphrase"]}},
        {"body": {"note": f"private_key=0x{Account.create().key.hex()}"}},
    ],
    ids=["signature", "api-key-owner", "passphrase-header", "private-key"],
)
def test_record_refuses_to_write_a_secret(tmp_path: Path, secret: dict) -> None:
    path = tmp_path / "c.yaml"
    cassette = {
        "interactions": [_interaction(secret.get("body", {}), secret.get("headers"))],
        "version": 1,
    }
    with pytest.raises(vcr_policy.SecretInCassetteError, match="refusing to write"):
        vcr_policy.SafePersister.save_cassette(path, cassette, None)
    assert not path.exists()


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


def test_a_missing_cassette_fails_with_how_to_record_it(pytester: pytest.Pytester) -> None:
    pytester.makeconftest((ROOT / "tests/conftest.py").read_text())
    pytester.mkpydir("tests")
    (pytester.path / "tests/snippets/demo").mkdir(parents=True)
    (pytester.path / "tests/snippets/demo/test_probe.py").write_text(
        "import pytest, httpx\n\n"
        "@pytest.mark.vcr\n"
        "def test_book():\n"
        "    httpx.get('https://clob.polymarket.com/book?token_id=1')\n"
    )
    result = pytester.runpytest_inprocess(
        "tests/snippets/demo/test_probe.py",
        "-p",
        "no:cacheprovider",
        "--block-network",
        "-p",
        "no:codeblocks",
        "-o",
        "asyncio_default_fixture_loop_scope=function",
    )
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(
        [
            "*cassette cassettes/demo/test_probe/test_book.yaml is missing*",
            "*python3 scripts/run.py test --record-mode=once*test_probe.py::test_book*",
            "*python3 scripts/build_cassettes.py demo*",
        ]
    )
