"""Clients and ids for the CLOB-view tests (shared with scripts/cassette_specs/balance_tracking.py).

A throwaway key hashed from a public phrase (it never held funds) and fake L2 credentials;
the CLOB is replayed from docs-derived cassettes.
"""

from __future__ import annotations

from typing import Any

from eth_account import Account
from eth_utils import keccak

KEY = "0x" + keccak(text="polymarket-field-guide balance-tracking throwaway key").hex()
ADDRESS = Account.from_key(KEY).address
API_KEY = "00000000-0000-4000-8000-000000000006"
API_SECRET = "dGhyb3dhd2F5LXNlY3JldA=="  # base64 of "throwaway-secret"
API_PASSPHRASE = "throwaway-passphrase"
#: A genuine CTF token id (the Thabris capture's YES token, also used by the order pages).
TOKEN = "97986244429993405301006613239860350847262749399039648046285499627250726259070"
#: A Protocol V2 position id laid out as polymarket-client 0.14.0 decodes them
#: (`_internal/protocol.py`: module byte 1, reserved bits 40..103 zero, outcome byte 0).
POSITION = str(
    int.from_bytes(
        b"\x01" + keccak(text="field-guide balance-tracking position")[:18] + b"\x00" * 13, "big"
    )
)


def secure_client(**kwargs: Any) -> Any:
    from polymarket import SecureClient
    from polymarket.models.clob import ApiKeyCreds

    creds = ApiKeyCreds.model_validate(
        {"apiKey": API_KEY, "secret": API_SECRET, "passphrase": API_PASSPHRASE}
    )
    return SecureClient.create(private_key=KEY, wallet=ADDRESS, credentials=creds, **kwargs)


async def async_secure_client() -> Any:
    from polymarket import AsyncSecureClient
    from polymarket.models.clob import ApiKeyCreds

    creds = ApiKeyCreds.model_validate(
        {"apiKey": API_KEY, "secret": API_SECRET, "passphrase": API_PASSPHRASE}
    )
    return await AsyncSecureClient.create(private_key=KEY, wallet=ADDRESS, credentials=creds)


def clob_v2_client() -> Any:
    from py_clob_client_v2 import ApiCreds, ClobClient

    creds = ApiCreds(api_key=API_KEY, api_secret=API_SECRET, api_passphrase=API_PASSPHRASE)
    return ClobClient("https://clob.polymarket.com", chain_id=137, key=KEY, creds=creds)
