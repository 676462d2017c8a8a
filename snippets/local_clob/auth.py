"""API keys and the two header checks: L1 (EIP-712 `ClobAuth`) and L2 (HMAC-SHA256).

    keys = ApiKeys(seed=7)
    creds = keys.create("0xabc…", nonce=0)          # what POST /auth/api-key returns
    key = keys.check_l2(headers, "GET", "/data/orders", body="", now=time.time())

L1 headers `POLY_ADDRESS, POLY_SIGNATURE, POLY_TIMESTAMP, POLY_NONCE`; L2 headers
`POLY_ADDRESS, POLY_SIGNATURE, POLY_TIMESTAMP, POLY_API_KEY, POLY_PASSPHRASE`, signature =
urlsafe-base64(HMAC-SHA256(base64-secret, timestamp + method + path + body))
(docs.polymarket.com/api-reference/authentication, read 2026-12-02; both SDKs sign the path
without the query string). Failures answer the documented 401 bodies
(docs.polymarket.com/resources/error-codes, read 2026-12-02).
Copy with: signing.py.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import uuid
from collections.abc import Mapping
from dataclasses import dataclass

from .signing import clob_auth_signer

INVALID_API_KEY = {"error": "Unauthorized/Invalid api key"}
INVALID_L1 = {"error": "Invalid L1 Request headers"}
#: How old an L1/L2 timestamp may be. GUESS: the real window is not documented.
MAX_AGE_S = 30.0
L1_HEADERS = ("POLY_ADDRESS", "POLY_SIGNATURE", "POLY_TIMESTAMP", "POLY_NONCE")
L2_HEADERS = ("POLY_ADDRESS", "POLY_SIGNATURE", "POLY_TIMESTAMP", "POLY_API_KEY", "POLY_PASSPHRASE")


@dataclass(frozen=True)
class ApiKey:
    key: str
    secret: str
    passphrase: str
    address: str  # the signer address the key belongs to
    nonce: int = 0

    def creds(self) -> dict[str, str]:
        return {"apiKey": self.key, "secret": self.secret, "passphrase": self.passphrase}


class AuthError(Exception):
    def __init__(self, body: dict[str, str]) -> None:
        super().__init__(body["error"])
        self.body = body


def hmac_signature(secret: str, timestamp: str, method: str, path: str, body: str) -> str:
    raw = base64.urlsafe_b64decode(secret + "=" * (-len(secret) % 4))
    digest = hmac.new(raw, f"{timestamp}{method}{path}{body}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode()


def _fresh(timestamp: str, now: float) -> bool:
    try:
        return abs(now - int(timestamp)) <= MAX_AGE_S
    except ValueError:
        return False


class ApiKeys:
    """Keys derive deterministically from (seed, address, nonce), like `derive-api-key`."""

    def __init__(self, seed: int = 0) -> None:
        self.seed = seed
        self.by_key: dict[str, ApiKey] = {}
        self.by_owner: dict[tuple[str, int], ApiKey] = {}

    def _make(self, address: str, nonce: int) -> ApiKey:
        material = hashlib.sha256(f"{self.seed}:{address.lower()}:{nonce}".encode()).digest()
        return ApiKey(
            key=str(uuid.UUID(bytes=material[:16], version=4)),
            secret=base64.urlsafe_b64encode(material).decode(),
            passphrase=hashlib.sha256(material).hexdigest(),
            address=address,
            nonce=nonce,
        )

    def create(self, address: str, nonce: int = 0) -> ApiKey | None:
        """A new key, or None when this (address, nonce) already has one (the server then
        answers 400 "Could not create api key": recorded body in the site's error cassettes)."""
        if (address.lower(), nonce) in self.by_owner:
            return None
        return self.add(self._make(address, nonce))

    def add(self, key: ApiKey) -> ApiKey:
        self.by_key[key.key] = key
        self.by_owner[(key.address.lower(), key.nonce)] = key
        return key

    def derive(self, address: str, nonce: int = 0) -> ApiKey | None:
        return self.by_owner.get((address.lower(), nonce))

    def delete(self, key: str) -> None:
        gone = self.by_key.pop(key)
        self.by_owner.pop((gone.address.lower(), gone.nonce), None)

    def keys_of(self, address: str) -> list[str]:
        return [k.key for k in self.by_key.values() if k.address.lower() == address.lower()]

    def check_l1(self, headers: Mapping[str, str], now: float) -> tuple[str, int]:
        """(address, nonce) of a valid L1 request; AuthError otherwise."""
        if any(h not in headers for h in L1_HEADERS[:3]):
            raise AuthError(INVALID_L1)
        address, timestamp = headers["POLY_ADDRESS"], headers["POLY_TIMESTAMP"]
        try:
            nonce = int(headers.get("POLY_NONCE", "0"))
        except ValueError:
            raise AuthError(INVALID_L1) from None
        signer = clob_auth_signer(address, timestamp, nonce, headers["POLY_SIGNATURE"])
        if signer is None or signer.lower() != address.lower() or not _fresh(timestamp, now):
            raise AuthError(INVALID_L1)
        return address, nonce

    def check_l2(
        self, headers: Mapping[str, str], method: str, path: str, body: str, now: float
    ) -> ApiKey:
        """The key behind a valid L2 request; AuthError with the 401 body otherwise."""
        if any(h not in headers for h in L2_HEADERS):
            raise AuthError(INVALID_API_KEY)
        key = self.by_key.get(headers["POLY_API_KEY"])
        if (
            key is None
            or headers["POLY_PASSPHRASE"] != key.passphrase
            or headers["POLY_ADDRESS"].lower() != key.address.lower()
            or not _fresh(headers["POLY_TIMESTAMP"], now)
        ):
            raise AuthError(INVALID_API_KEY)
        expected = hmac_signature(key.secret, headers["POLY_TIMESTAMP"], method, path, body)
        if not hmac.compare_digest(expected, headers["POLY_SIGNATURE"]):
            raise AuthError(INVALID_API_KEY)
        return key
