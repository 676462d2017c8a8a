"""Throwaway signers for the snippet tests: a fresh key per test, never a real one."""

from __future__ import annotations

import base64
from collections.abc import Callable

import pytest
from eth_account import Account
from eth_account.signers.local import LocalAccount

ZERO_UUID = "00000000-0000-0000-0000-000000000000"


@pytest.fixture
def account() -> LocalAccount:
    return Account.create()


@pytest.fixture
def secure_client(account: LocalAccount) -> Callable[[], object]:
    """polymarket-client SecureClient for an EOA (wallet = signer), with dummy credentials.
    Creating it checks the key with GET /auth/api-keys, which the cassette answers."""
    from polymarket import ApiKeyCreds, SecureClient

    creds = ApiKeyCreds(
        key=ZERO_UUID, secret=base64.urlsafe_b64encode(b"\x00" * 32).decode(), passphrase="x"
    )

    def make() -> SecureClient:
        return SecureClient.create(
            private_key=account.key.to_0x_hex(), wallet=account.address, credentials=creds
        )

    return make


@pytest.fixture
def clob_client(account: LocalAccount):
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
