"""The one pytest plugin a copied folder's tests need, shipped as `tests/snippets/conftest.py`.

    pip install pytest pytest-recording polymarket-client py-clob-client-v2
    unzip placing_orders.zip && python -m pytest  # replays cassettes/, never the network
    python -m pytest --record-mode=once ...       # re-record (delete the cassette first)

What it sets up, the same way the field guide's own suite does:

- cassettes live in `cassettes/<folder>/<test module>/<test>.yaml`;
- requests match on method, URL and JSON body (compared parsed; credential fields such as
  `owner` and `signature` are redacted on both sides first, so a fresh signature still
  matches); authentication headers, cookies and edge headers (`server`, `cf-ray`, ...) are
  never written to a cassette, nor seen on replay;
- replay is the default and a missing cassette fails with its path, never with a network call;
  only servers the tests start on 127.0.0.1 are reachable;
- `account`, `secure_client` and `clob_client`: a throwaway signer (a new key per test, never a
  real one) and SDK clients built on it with dummy L2 credentials;
- for the order tests, `polymarket_secure_client()` and `clob_v2_client()` on a fixed throwaway
  key, and `frozen_orders`, which pins each SDK's salt and signing clock (see `freeze`);
- `FakeClock`, a clock whose sleeps advance time instead of waiting;
- `async def` tests and fixtures run under pytest-asyncio when it is installed (no
  configuration needed);
- tests reach the code they test as `code`, relatively, so they do not care what its package is
  called: `tests/<path>/code` is the package at `<path>/` (see `MirroredCode`).

Tests import these names relatively too: `from ..conftest import TOKEN, clob_v2_client`.
Standard library, pytest, pytest-recording (vcrpy) and the SDKs only.
"""

from __future__ import annotations

import asyncio
import base64
import importlib
import importlib.abc
import importlib.util
import inspect
import json
import re
import sys
import threading
import types
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from eth_account import Account
from eth_utils import keccak

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
#: Response headers that identify a session or an edge node; Poly-RateLimit-* and Retry-After stay.
DROP_RESPONSE_HEADERS = frozenset(
    {"set-cookie", "cf-ray", "cf-cache-status", "date", "server", "alt-svc", "report-to", "nel"}
)
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


def scrub_request(request: Any) -> Any:
    if request.body:
        try:
            parsed = json.loads(request.body)
        except (ValueError, UnicodeDecodeError):
            return request
        request.body = json.dumps(_scrub(parsed), separators=(",", ":")).encode()
    return request


def scrub_response(response: dict[str, Any]) -> dict[str, Any]:
    """Drop edge and session headers (on record and on replay alike)."""
    headers = response.get("headers") or {}
    response["headers"] = {
        k: v for k, v in headers.items() if k.lower() not in DROP_RESPONSE_HEADERS
    }
    return response


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


def body_matches(r1: Any, r2: Any) -> bool:
    j1, j2 = _json(r1.body), _json(r2.body)
    if j1 is not None or j2 is not None:
        return _without_rpc_ids(j1) == _without_rpc_ids(j2)
    return (r1.body or b"") == (r2.body or b"")


def pytest_recording_configure(config: pytest.Config, vcr: Any) -> None:
    vcr.register_matcher("json_body", body_matches)


@pytest.fixture(scope="session")
def vcr_config() -> dict[str, Any]:
    return {
        "filter_headers": [(name, REDACTED) for name in AUTH_HEADERS],
        "before_record_request": scrub_request,
        "before_record_response": scrub_response,
        "decode_compressed_response": True,
        "record_on_exception": False,
        "match_on": ["method", "scheme", "host", "port", "path", "query", "json_body"],
    }


@pytest.fixture(scope="module")
def vcr_cassette_dir(request: pytest.FixtureRequest) -> str:
    """tests/snippets/<folder>/test_x.py -> cassettes/<folder>/test_x/."""
    test_file = Path(request.node.path).resolve()
    tests = next(p for p in test_file.parents if p.name == "tests")
    return str(tests.parent / "cassettes" / test_file.parent.name / test_file.stem)


def missing_cassettes(request: pytest.FixtureRequest, record_mode: str) -> list[Path]:
    """The cassettes a `vcr`-marked test replays that are not there (none when recording)."""
    marker = request.node.get_closest_marker("vcr")
    if marker is None or record_mode != "none":
        return []
    folder = Path(request.getfixturevalue("vcr_cassette_dir"))
    names = [a for a in marker.args if isinstance(a, str)]
    names = names or [request.getfixturevalue("default_cassette_name") + ".yaml"]
    return [folder / name for name in names if not (folder / name).is_file()]


@pytest.fixture(autouse=True)
def _cassette_must_exist(request: pytest.FixtureRequest, record_mode: str) -> None:
    for path in missing_cassettes(request, record_mode):
        pytest.fail(f"cassette {path} is missing (replay only)", pytrace=False)


@pytest.fixture
def account() -> Any:
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


class MirroredCode(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """`tests.<path>.code[.<rest>]` is the module `<path>[.<rest>]`: the same module object, not
    a copy. So in tests/snippets/placing_orders/, `from .code.orders import place` imports
    snippets.placing_orders.orders, and `from ..code.rate_limiting import limits` imports
    snippets.rate_limiting.limits. Move a folder to mybot/orders/ and its tests to
    tests/mybot/orders/, and the same lines import mybot.orders.*, unchanged."""

    ALIAS = re.compile(r"^tests\.(?P<path>\w+(?:\.\w+)*?)\.code(?P<rest>(?:\.\w+)*)$")

    def __init__(self) -> None:
        self._specs: dict[str, Any] = {}

    def find_spec(self, name: str, path: Any = None, target: Any = None) -> Any:
        return importlib.util.spec_from_loader(name, self) if self.ALIAS.match(name) else None

    def create_module(self, spec: Any) -> Any:
        m = self.ALIAS.match(spec.name)
        assert m is not None
        module = importlib.import_module(m["path"] + m["rest"])
        self._specs[spec.name] = module.__spec__  # the import system overwrites it next
        return module

    def exec_module(self, module: Any) -> None:
        module.__spec__ = self._specs.pop(module.__spec__.name)  # nothing to run: already loaded


if not any(type(f).__name__ == "MirroredCode" for f in sys.meta_path):
    sys.meta_path.insert(0, MirroredCode())


# The order tests sign with one fixed throwaway key and pin the random salt and the signing time,
# so every signed order body is the same on every run and matches its cassette. The key is
# derived from a public phrase, so the maker address in the cassettes is stable; it has never
# held funds. A fresh `Account.create()` key signs just as well.
THROWAWAY_KEY = "0x" + keccak(text="polymarket-field-guide throwaway test key").hex()
ADDRESS = Account.from_key(THROWAWAY_KEY).address
#: Fake L2 credentials: the secret is base64 of "throwaway-secret"; none of them is real.
API_KEY = "00000000-0000-4000-8000-000000000001"
API_SECRET = "dGhyb3dhd2F5LXNlY3JldA=="
API_PASSPHRASE = "throwaway-passphrase"
#: A genuine V2 market: the Thabris capture's YES token and its condition id (tick 0.01).
TOKEN = "97986244429993405301006613239860350847262749399039648046285499627250726259070"
CONDITION = "0xaea50c46b138456d358138b2c1737f22cc692ac199e2cfa0c1e86e2babf9e37b"
NOW_S = 1_795_824_000  # 2026-11-28T00:00:00Z
SALT = 1_234_567_890
#: libyaml's safe loader where PyYAML has it (the same data, about ten times faster), for tests
#: that read cassettes themselves.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def polymarket_secure_client(**kwargs: Any) -> Any:
    """`SecureClient.create` for the throwaway EOA, fake credentials (one GET /auth/api-keys)."""
    from polymarket import SecureClient
    from polymarket.models.clob import ApiKeyCreds

    creds = ApiKeyCreds.model_validate(
        {"apiKey": API_KEY, "secret": API_SECRET, "passphrase": API_PASSPHRASE}
    )
    return SecureClient.create(
        private_key=THROWAWAY_KEY, wallet=ADDRESS, credentials=creds, **kwargs
    )


def clob_v2_client(host: str = "https://clob.polymarket.com", **kwargs: Any) -> Any:
    """A py-clob-client-v2 `ClobClient` at L2 for the throwaway EOA."""
    from py_clob_client_v2 import ApiCreds, ClobClient

    creds = ApiCreds(api_key=API_KEY, api_secret=API_SECRET, api_passphrase=API_PASSPHRASE)
    return ClobClient(host, chain_id=137, key=THROWAWAY_KEY, creds=creds, **kwargs)


def freeze(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pin salt and signing time in both SDKs, by patching their own generators:

    - polymarket-client: `_internal/actions/orders/orders.py` `_generate_salt` and
      `_current_timestamp_ms`; `limit.py` reads `time.time()` to check a GTD expiry;
    - py-clob-client-v2: `order_utils/utils.py` `generate_order_salt` draws `random.random()`
      times `time.time_ns()`; `order_builder/builder.py` stamps `time.time_ns()`.
    """
    from polymarket._internal.actions.orders import limit, orders
    from py_clob_client_v2.order_builder import builder
    from py_clob_client_v2.order_utils import utils

    fixed_time = types.SimpleNamespace(
        time=lambda: float(NOW_S), time_ns=lambda: NOW_S * 1_000_000_000
    )
    monkeypatch.setattr(orders, "_generate_salt", lambda: SALT)
    monkeypatch.setattr(orders, "_current_timestamp_ms", lambda: NOW_S * 1000)
    monkeypatch.setattr(limit, "time", fixed_time)
    monkeypatch.setattr(utils, "random", types.SimpleNamespace(random=lambda: 0.5))
    monkeypatch.setattr(utils, "time", fixed_time)
    monkeypatch.setattr(builder, "time", fixed_time)


@pytest.fixture
def frozen_orders(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Use with `pytestmark = pytest.mark.usefixtures("frozen_orders")`."""
    freeze(monkeypatch)
    yield


class FakeClock:
    """`clock()` returns `now`; `sleep(d)` records `d` and advances `now` by it.

    With `gated=True`, a sleep first waits (really, briefly) until `gate` is set, so a test can
    hold a blocked caller in place while others queue up behind it.
    """

    def __init__(self, start: float = 1000.0, gated: bool = False) -> None:
        self.now = start
        self.sleeps: list[float] = []
        self.gate = threading.Event()
        if not gated:
            self.gate.set()
        self._lock = threading.Lock()

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        with self._lock:
            self.now += seconds

    def sleep(self, seconds: float) -> None:
        assert self.gate.wait(5), "gate never opened"
        with self._lock:
            self.sleeps.append(seconds)
            self.now += seconds

    async def async_sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds
        await asyncio.sleep(0)


@pytest.hookimpl(tryfirst=True)
def pytest_pycollect_makeitem(collector: Any, name: str, obj: object) -> None:
    """Mark `async def` tests for pytest-asyncio, so they run without `asyncio_mode = auto`."""
    if name.startswith("test") and inspect.iscoroutinefunction(obj):
        pytest.mark.asyncio(obj)


def pytest_configure(config: pytest.Config) -> None:
    """Replaying (the default) blocks the network, so nothing leaves the machine by mistake;
    servers the tests start themselves on 127.0.0.1 stay reachable. With pytest-asyncio, async
    fixtures (such as local_clob's `async_local_clob`) run without `asyncio_mode = auto` too."""
    unset = getattr(config.option, "asyncio_mode", "") is None  # "" without pytest-asyncio
    if unset and "asyncio_mode" not in config.inicfg:  # a project's own setting stays
        config.option.asyncio_mode = "auto"
    if config.getoption("--record-mode", "none") in (None, "none"):
        config.option.block_network = True
        if not config.getoption("--allowed-hosts", None):
            config.option.allowed_hosts = r"127\.0\.0\.1,localhost,::1"
