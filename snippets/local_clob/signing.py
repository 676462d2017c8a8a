"""What the server checks in a signature: the EIP-712 order hash (the order id) and signer, and
the L1 `ClobAuth` signature of API-key requests.

    exchange, version = exchange_for(market_version="v1", neg_risk=False)  # V2 exchange, "2"
    order_id = order_hash(order_json, exchange, version)
    signer_ok = recover(order_id, order_json["signature"]) == order_json["signer"]

Exchange and domain per market (docs.polymarket.com/resources/contracts and
docs.polymarket.com/protocol-v2-migration, read 2026-12-02): CTF markets sign for the V2 CTF
Exchange or the V2 Neg Risk CTF Exchange with domain version "2"; Protocol V2 positions sign for
Exchange V3 with version "3". Struct: py-clob-client-v2 1.2.1
`order_utils/model/ctf_exchange_v2_typed_data.py` (`expiration` is sent but not signed).
"""

from __future__ import annotations

from typing import Any

from eth_account import Account
from eth_account.messages import _hash_eip191_message, encode_typed_data

CHAIN_ID = 137
EXCHANGE_V2 = "0xE111180000d2663C0091e4f400237545B87B996B"
NEG_RISK_EXCHANGE_V2 = "0xe2222d279d744050d28e00520010520000310F59"
EXCHANGE_V3 = "0xe3333700cA9d93003F00f0F71f8515005F6c00Aa"
EXCHANGES = (EXCHANGE_V2, NEG_RISK_EXCHANGE_V2, EXCHANGE_V3)
ZERO32 = "0x" + "00" * 32

_DOMAIN = [
    {"name": "name", "type": "string"},
    {"name": "version", "type": "string"},
    {"name": "chainId", "type": "uint256"},
    {"name": "verifyingContract", "type": "address"},
]
_ORDER = [
    {"name": n, "type": t}
    for n, t in (
        ("salt", "uint256"),
        ("maker", "address"),
        ("signer", "address"),
        ("tokenId", "uint256"),
        ("makerAmount", "uint256"),
        ("takerAmount", "uint256"),
        ("side", "uint8"),
        ("signatureType", "uint8"),
        ("timestamp", "uint256"),
        ("metadata", "bytes32"),
        ("builder", "bytes32"),
    )
]
#: The L1 message (docs.polymarket.com/api-reference/authentication, read 2026-12-02).
CLOB_AUTH_MESSAGE = "This message attests that I control the given wallet"


def exchange_for(*, market_version: str, neg_risk: bool) -> tuple[str, str]:
    """(verifyingContract, domain version) an order on this market must be signed for."""
    if market_version == "v2":
        return EXCHANGE_V3, "3"
    return (NEG_RISK_EXCHANGE_V2 if neg_risk else EXCHANGE_V2), "2"


def _bytes32(value: str) -> bytes:
    raw = bytes.fromhex(value.removeprefix("0x"))
    if len(raw) != 32:
        raise ValueError("bytes32 field must be 32 bytes")
    return raw


def order_digest(order: dict[str, Any], exchange: str, version: str) -> bytes:
    typed = {
        "primaryType": "Order",
        "types": {"EIP712Domain": _DOMAIN, "Order": _ORDER},
        "domain": {
            "name": "Polymarket CTF Exchange",
            "version": version,
            "chainId": CHAIN_ID,
            "verifyingContract": exchange,
        },
        "message": {
            "salt": int(order["salt"]),
            "maker": order["maker"],
            "signer": order["signer"],
            "tokenId": int(order["tokenId"]),
            "makerAmount": int(order["makerAmount"]),
            "takerAmount": int(order["takerAmount"]),
            "side": 0 if order["side"] == "BUY" else 1,
            "signatureType": int(order["signatureType"]),
            "timestamp": int(order["timestamp"]),
            "metadata": _bytes32(order["metadata"]),
            "builder": _bytes32(order["builder"]),
        },
    }
    try:
        return _hash_eip191_message(encode_typed_data(full_message=typed))
    except Exception as exc:  # eth_abi / eth_utils raise their own types for bad fields
        raise ValueError(f"cannot hash this order: {exc}") from exc


def order_hash(order: dict[str, Any], exchange: str, version: str) -> str:
    """The order id: the EIP-712 digest of the signed order, 0x-hex."""
    return "0x" + order_digest(order, exchange, version).hex()


def recover(digest_hex: str, signature: str) -> str | None:
    """The address that signed `digest_hex`, or None for a malformed signature."""
    try:
        return Account._recover_hash(
            bytes.fromhex(digest_hex.removeprefix("0x")), signature=signature
        )
    except Exception:  # eth_keys raises several types for junk signatures
        return None


def clob_auth_signer(address: str, timestamp: str, nonce: int, signature: str) -> str | None:
    """The address that signed this `ClobAuth` message (domain ClobAuthDomain, version "1")."""
    typed = {
        "domain": {"name": "ClobAuthDomain", "version": "1", "chainId": CHAIN_ID},
        "types": {
            "EIP712Domain": _DOMAIN[:3],
            "ClobAuth": [
                {"name": "address", "type": "address"},
                {"name": "timestamp", "type": "string"},
                {"name": "nonce", "type": "uint256"},
                {"name": "message", "type": "string"},
            ],
        },
        "primaryType": "ClobAuth",
        "message": {
            "address": address,
            "timestamp": timestamp,
            "nonce": nonce,
            "message": CLOB_AUTH_MESSAGE,
        },
    }
    try:
        digest = _hash_eip191_message(encode_typed_data(full_message=typed))
    except Exception:  # a non-address POLY_ADDRESS
        return None
    return recover(digest.hex(), signature)
