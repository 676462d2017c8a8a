"""Trading settings read from the environment, never from code. Standard library only.

    settings = load_settings()          # reads POLY_PRIVATE_KEY, POLY_WALLET, ...
    print(settings)                     # the key and the API secret never print
    client = connect(settings)          # connect.py / connect_clob_v2.py

Copy with: wallets.py
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from eth_account import Account

from .wallets import SIGNATURE_TYPES, check_funder

KEY = re.compile(r"0x[0-9a-fA-F]{64}")
ADDRESS = re.compile(r"0x[0-9a-fA-F]{40}")


class SettingsError(ValueError):
    """A setting is missing or malformed; the message names the variable, never its value."""


@dataclass(frozen=True)
class ApiCredentials:
    """The L2 credentials POST /auth/api-key returned once. Store them like the key."""

    key: str
    secret: str = field(repr=False)
    passphrase: str = field(repr=False)


@dataclass(frozen=True)
class Settings:
    private_key: str = field(repr=False)  # signs: L1 headers and every order
    signer: str  # the address of that key
    wallet: str | None  # the funder: the address that holds the pUSD (None: the SDK's default)
    signature_type: int | None  # 0 EOA, 1 proxy, 2 Safe, 3 deposit wallet (py-clob-client-v2)
    credentials: ApiCredentials | None  # None: create or derive them with the key (L1)


def load_settings(env: Mapping[str, str] | None = None) -> Settings:
    """Read and check POLY_PRIVATE_KEY, POLY_WALLET, POLY_SIGNATURE_TYPE and POLY_API_*."""
    env = os.environ if env is None else env
    key = env.get("POLY_PRIVATE_KEY", "").strip()
    if not KEY.fullmatch(key):
        raise SettingsError("POLY_PRIVATE_KEY must be set to 0x followed by 64 hex digits")
    signer = Account.from_key(key).address
    wallet = env.get("POLY_WALLET", "").strip() or None
    if wallet is not None and not ADDRESS.fullmatch(wallet):
        raise SettingsError("POLY_WALLET must be an address: 0x followed by 40 hex digits")
    raw_type = env.get("POLY_SIGNATURE_TYPE", "").strip()
    if raw_type and (not raw_type.isdigit() or int(raw_type) not in SIGNATURE_TYPES):
        raise SettingsError(f"POLY_SIGNATURE_TYPE must be one of {sorted(SIGNATURE_TYPES)}")
    signature_type = int(raw_type) if raw_type else None
    if signature_type is not None:
        check_funder(signature_type, signer, wallet or signer)
    parts = [env.get(f"POLY_API_{n}", "").strip() for n in ("KEY", "SECRET", "PASSPHRASE")]
    if any(parts) and not all(parts):
        raise SettingsError("set all of POLY_API_KEY, POLY_API_SECRET, POLY_API_PASSPHRASE or none")
    credentials = ApiCredentials(*parts) if all(parts) else None
    return Settings(key, signer, wallet, signature_type, credentials)
