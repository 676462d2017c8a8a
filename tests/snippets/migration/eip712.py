"""Recover an order's signer from its EIP-712 signature under a chosen domain version.

Recovery gives the signer's address back only when the domain (name, version, chain, exchange)
and the struct are exactly the ones that were signed, so it proves which version an order has.
"""

from __future__ import annotations

from typing import Any

from eth_account import Account
from eth_account.messages import encode_typed_data

from ..code.error_handling.order_hash import ORDER_V1, ORDER_V2  # one definition of the structs

DOMAIN_NAME = "Polymarket CTF Exchange"
#: Polygon exchanges: V1 retired 2026-04-28; V2 = CLOB V2 (pUSD); V3 = Protocol V2 positions.
EXCHANGE = {
    "1": "0x4bFb41d5B3570DeFd03C39a9A4D8dE6Bd8B8982E",
    "2": "0xE111180000d2663C0091e4f400237545B87B996B",
    "3": "0xe3333700cA9d93003F00f0F71f8515005F6c00Aa",
}


def recover(message: dict[str, Any], signature: str, version: str, exchange: str) -> str:
    fields = ORDER_V1 if "taker" in message else ORDER_V2  # the struct follows the message
    typed = {
        "types": {
            "EIP712Domain": [
                {"name": "name", "type": "string"},
                {"name": "version", "type": "string"},
                {"name": "chainId", "type": "uint256"},
                {"name": "verifyingContract", "type": "address"},
            ],
            "Order": [{"name": n, "type": t} for n, t in fields],
        },
        "primaryType": "Order",
        "domain": {
            "name": DOMAIN_NAME,
            "version": version,
            "chainId": 137,
            "verifyingContract": exchange,
        },
        "message": {n: message[n] for n, _ in fields},
    }
    return Account.recover_message(encode_typed_data(full_message=typed), signature=signature)


def side_int(side: object) -> int:
    return 0 if str(side).upper() in {"BUY", "0", "SIDE.BUY"} else 1


def v1_message(body: dict[str, Any]) -> dict[str, Any]:
    """The V1 struct from the JSON body py-clob-client posts."""
    ints = ("salt", "tokenId", "makerAmount", "takerAmount", "expiration", "nonce", "feeRateBps")
    out = {k: int(body[k]) for k in ints}
    out |= {k: body[k] for k in ("maker", "signer", "taker")}
    return out | {"side": side_int(body["side"]), "signatureType": int(body["signatureType"])}


def v2_message(**f: Any) -> dict[str, Any]:
    """The V2 struct from field values (any SDK's spelling, mapped by the caller)."""
    ints = ("salt", "tokenId", "makerAmount", "takerAmount", "timestamp", "signatureType")
    out = {k: int(f[k]) for k in ints}
    out |= {k: f[k] for k in ("maker", "signer")}
    out |= {k: bytes.fromhex(str(f[k]).removeprefix("0x")) for k in ("metadata", "builder")}
    return out | {"side": side_int(f["side"])}
