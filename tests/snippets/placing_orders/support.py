"""Shared test set-up for the order pages: a throwaway key, fake API credentials, and a frozen
salt and clock so that every signed order body is the same on every run.

Why freeze them: a signed order carries a random `salt` and the signing time in ms
(`timestamp`). The cassettes match the request body strictly (only `owner` and `signature`
are redacted before matching, see scripts/vcr_policy.py), so both values are pinned here by
patching the SDKs' own generators:

- polymarket-client: `_internal/actions/orders/orders.py` `_generate_salt` and
  `_current_timestamp_ms`; `limit.py` reads `time.time()` to check a GTD expiry.
- py-clob-client-v2: `order_utils/utils.py` `generate_order_salt` draws `random.random()`
  times `time.time_ns()`; `order_builder/builder.py` stamps `time.time_ns()`.

The key is derived from a public phrase, so the maker address in the cassettes is stable; it
has never held funds. A fresh `Account.create()` key signs just as well (see
tests/snippets/placing_orders/test_orders.py::test_any_fresh_key_signs).
"""

from __future__ import annotations

import types
from collections.abc import Iterator

import pytest
from eth_account import Account
from eth_utils import keccak

THROWAWAY_KEY = "0x" + keccak(text="polymarket-field-guide throwaway test key").hex()
ACCOUNT = Account.from_key(THROWAWAY_KEY)
ADDRESS = ACCOUNT.address
#: Fake L2 credentials: the secret is base64 of "throwaway-secret"; none of them is real.
API_KEY = "00000000-0000-4000-8000-000000000001"
API_SECRET = "dGhyb3dhd2F5LXNlY3JldA=="
API_PASSPHRASE = "throwaway-passphrase"

#: A genuine V2 market: the Thabris capture's YES token and its condition id (tick 0.01).
TOKEN = "97986244429993405301006613239860350847262749399039648046285499627250726259070"
CONDITION = "0xaea50c46b138456d358138b2c1737f22cc692ac199e2cfa0c1e86e2babf9e37b"

NOW_S = 1_795_824_000  # 2026-11-28T00:00:00Z
SALT = 1_234_567_890


def polymarket_secure_client(**kwargs: object):  # type: ignore[no-untyped-def]
    """`SecureClient.create` for the throwaway EOA, fake credentials (one GET /auth/api-keys)."""
    from polymarket import SecureClient
    from polymarket.models.clob import ApiKeyCreds

    creds = ApiKeyCreds.model_validate(
        {"apiKey": API_KEY, "secret": API_SECRET, "passphrase": API_PASSPHRASE}
    )
    return SecureClient.create(
        private_key=THROWAWAY_KEY, wallet=ADDRESS, credentials=creds, **kwargs
    )


def clob_v2_client(host: str = "https://clob.polymarket.com", **kwargs: object):  # type: ignore[no-untyped-def]
    """A py-clob-client-v2 `ClobClient` at L2 for the throwaway EOA."""
    from py_clob_client_v2 import ApiCreds, ClobClient

    creds = ApiCreds(api_key=API_KEY, api_secret=API_SECRET, api_passphrase=API_PASSPHRASE)
    return ClobClient(host, chain_id=137, key=THROWAWAY_KEY, creds=creds, **kwargs)


def freeze(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pin salt and signing time in both SDKs (see the module docstring)."""
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
    freeze(monkeypatch)
    yield
