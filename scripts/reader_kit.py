"""The one pytest plugin a copied folder's tests need, shipped as `conftest.py` in every zip.

    pip install pytest pytest-recording polymarket-client py-clob-client-v2
    unzip connecting.zip && python -m pytest      # replays cassettes/, never the network
    python -m pytest --record-mode=once ...       # re-record (delete the cassette first)

What it sets up, the same way the field guide's own suite does:

- cassettes live in `cassettes/<folder>/<test module>/<test>.yaml`;
- requests match on method, URL and JSON body (compared parsed; credential fields such as
  `owner` and `signature` are redacted on both sides first, so a fresh signature still
  matches); authentication headers are never written to a cassette;
- replay is the default and a missing cassette fails with its path, never with a network call;
- `account`, `secure_client` and `clob_client`: a throwaway signer (a new key per test, never a
  real one) and SDK clients built on it with dummy L2 credentials.

Standard library, pytest, pytest-recording (vcrpy) and the SDKs only.
"""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

import pytest

AUTH_HEADERS = (
    "POLY_ADDRESS", "POLY_SIGNATURE", "POLY_TIMESTAMP", "POLY_NONCE", "POLY_API_KEY",
    "POLY_PASSPHRASE", "POLY_BUILDER_API_KEY", "POLY_BUILDER_PASSPHRASE",
    "POLY_BUILDER_SIGNATURE", "POLY_BUILDER_TIMESTAMP", "POLY_BUILDER_SECRET", "AUTHORIZATION",
    "COOKIE",
)  # fmt: skip
SECRET_FIELDS = frozenset(
    {"owner", "signature", "apikey", "api_key", "secret", "api_secret", "apisecret",
     "passphrase", "api_passphrase", "private_key", "privatekey", "mnemonic"}
)  # fmt: skip
REDACTED = "REDACTED"
ZERO_UUID = "00000000-0000-0000-0000-000000000000"


def _scrub(value: Any) -> Any:
    if isinstance(value, dict):
        return {
            k: (REDACTED if str(k).lower() in SECRET_FIELDS and v not in ("", None) else _scrub(v))
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [_scrub(v) for v in value]
    return value


def _scrub_request(request: Any) -> Any:
    if request.body:
        try:
            parsed = json.loads(request.body)
        except (ValueError, UnicodeDecodeError):
            return request
        request.body = json.dumps(_scrub(parsed), separators=(",", ":")).encode()
    return request


def _json(body: Any) -> Any:
    try:
        return json.loads(body) if body else None
    except (ValueError, UnicodeDecodeError):
        return None


def _without_rpc_ids(value: Any) -> Any:
    if isinstance(value, list):
        return [_without_rpc_ids(v) for v in value]
    if isinstance(value, dict) and "jsonrpc" in value:
        return {k: v for k, v in value.items() if k != "id"}
    return value


def _body_matches(r1: Any, r2: Any) -> bool:
    j1, j2 = _json(r1.body), _json(r2.body)
    if j1 is not None or j2 is not None:
        return _without_rpc_ids(j1) == _without_rpc_ids(j2)
    return (r1.body or b"") == (r2.body or b"")


def pytest_recording_configure(config: pytest.Config, vcr: Any) -> None:
    vcr.register_matcher("json_body", _body_matches)


@pytest.fixture(scope="session")
def vcr_config() -> dict[str, Any]:
    return {
        "filter_headers": [(name, REDACTED) for name in AUTH_HEADERS],
        "before_record_request": _scrub_request,
        "decode_compressed_response": True,
        "match_on": ["method", "scheme", "host", "port", "path", "query", "json_body"],
    }


@pytest.fixture(scope="module")
def vcr_cassette_dir(request: pytest.FixtureRequest) -> str:
    """tests/snippets/<folder>/test_x.py -> cassettes/<folder>/test_x/."""
    test_file = Path(request.node.path).resolve()
    tests = next(p for p in test_file.parents if p.name == "tests")
    return str(tests.parent / "cassettes" / test_file.parent.name / test_file.stem)


@pytest.fixture(autouse=True)
def _cassette_must_exist(request: pytest.FixtureRequest, record_mode: str) -> None:
    marker = request.node.get_closest_marker("vcr")
    if marker is None or record_mode != "none":
        return
    folder = Path(request.getfixturevalue("vcr_cassette_dir"))
    names = [a for a in marker.args if isinstance(a, str)]
    names = names or [request.getfixturevalue("default_cassette_name") + ".yaml"]
    for name in names:
        if not (folder / name).is_file():
            pytest.fail(f"cassette {folder / name} is missing (replay only)", pytrace=False)


@pytest.fixture
def account() -> Any:
    from eth_account import Account

    return Account.create()


@pytest.fixture
def secure_client(account: Any) -> Any:
    """polymarket-client SecureClient for an EOA, dummy credentials (GET /auth/api-keys)."""
    from polymarket import ApiKeyCreds, SecureClient

    creds = ApiKeyCreds(
        key=ZERO_UUID, secret=base64.urlsafe_b64encode(b"\x00" * 32).decode(), passphrase="x"
    )

    def make() -> Any:
        return SecureClient.create(
            private_key=account.key.to_0x_hex(), wallet=account.address, credentials=creds
        )

    return make


@pytest.fixture
def clob_client(account: Any) -> Any:
    """py-clob-client-v2 ClobClient with L1 (signing) and dummy L2 credentials."""
    from py_clob_client_v2 import ApiCreds, ClobClient

    creds = ApiCreds(
        api_key=ZERO_UUID,
        api_secret=base64.urlsafe_b64encode(b"\x00" * 32).decode(),
        api_passphrase="x",
    )
    return ClobClient(
        "https://clob.polymarket.com", chain_id=137, key=account.key.to_0x_hex(), creds=creds
    )


def pytest_configure(config: pytest.Config) -> None:
    """Replaying (the default) blocks the network, so nothing leaves the machine by mistake."""
    if config.getoption("--record-mode", "none") in (None, "none"):
        config.option.block_network = True
