"""The CLOB order id of a signed order, computed before it is posted.

SDK-free. The id the CLOB returns as `orderID` is the EIP-712 hash of the signed order. This
was checked on the two genuine V1 captures in shared/recorded/Polymarket-Kalshi-Arbitrage-bot
(2026-01-20): hashing their request bodies gives exactly the returned `orderID`. For V2 orders
py-clob-client-v2 computes the same kind of hash (`ExchangeOrderBuilderV2.build_order_hash`);
a V2 capture to confirm it against the server does not exist publicly.

Knowing the id before posting is what makes a timed-out POST /order safe: look the id up. The
hash depends on the exchange that settles the market (its address is the EIP-712
`verifyingContract`, and Exchange V3 signs with domain version "3"), so take it from the market:
`exchange_for(token_id, neg_risk=..., chain_id=...)`. There is no default: a wrong exchange gives
an id the CLOB never returns, and "exactly once" would quietly become a blind re-post.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from eth_account.messages import encode_typed_data
from eth_utils import keccak

POLYGON, AMOY = 137, 80002
#: verifyingContract per market kind (docs.polymarket.com/resources/contracts, read 2026-11-28;
#: the same in py-clob-client-v2 1.2.1 `config.py` and polymarket-client 0.14.0 `environments.py`).
EXCHANGE_V2 = "0xE111180000d2663C0091e4f400237545B87B996B"
NEG_RISK_EXCHANGE_V2 = "0xe2222d279d744050d28e00520010520000310F59"
EXCHANGE_V3 = "0xe3333700cA9d93003F00f0F71f8515005F6c00Aa"  # Protocol V2 positions, domain "3"
EXCHANGE_V1 = "0x4bFb41d5B3570DeFd03C39a9A4D8dE6Bd8B8982E"  # retired 2026-04-28
#: Amoy's Exchange V3 (py-clob-client-v2 1.2.1 `config.py`, chain 80002); V2 addresses are shared.
AMOY_EXCHANGE_V3 = "0x9fE6e61422AdB6F610d8597F9684b16912D50C3D"


@dataclass(frozen=True)
class Exchanges:
    """The exchanges that settle CLOB orders on one chain."""

    v2: str
    neg_risk_v2: str
    v3: str


EXCHANGES: dict[int, Exchanges] = {
    POLYGON: Exchanges(EXCHANGE_V2, NEG_RISK_EXCHANGE_V2, EXCHANGE_V3),
    AMOY: Exchanges(EXCHANGE_V2, NEG_RISK_EXCHANGE_V2, AMOY_EXCHANGE_V3),
}
#: A Protocol V2 position id leaves bits 40-103 zero; a CTF token id (a hash) almost never does
#: (polymarket-client 0.14.0 `_internal/protocol.py` `is_v2_position_id`).
_POSITION_RESERVED_BITS = ((1 << 64) - 1) << 40


def is_position_id(token_id: str | int) -> bool:
    """True for a Protocol V2 position id (traded on Exchange V3), False for a CTF token id."""
    try:
        value = int(str(token_id), 0)
    except ValueError:
        return False
    return 0 <= value < 1 << 256 and value & _POSITION_RESERVED_BITS == 0


def exchange_for(token_id: str | int, *, neg_risk: bool, chain_id: int = POLYGON) -> str:
    """The exchange that settles orders on `token_id`: Exchange V3 for a Protocol V2 position
    id, else the neg-risk or the standard V2 exchange, as the market's `neg_risk` flag says."""
    try:
        exchanges = EXCHANGES[chain_id]
    except KeyError:
        raise ValueError(f"no exchange addresses for chain {chain_id}") from None
    if is_position_id(token_id):
        return exchanges.v3
    return exchanges.neg_risk_v2 if neg_risk else exchanges.v2


def domain_version(exchange: str) -> str:
    """The EIP-712 domain version the exchange verifies: "3" on any Exchange V3, else "2"."""
    v3 = {e.v3.lower() for e in EXCHANGES.values()}
    return "3" if exchange.lower() in v3 else "2"


_DOMAIN = [
    {"name": "name", "type": "string"},
    {"name": "version", "type": "string"},
    {"name": "chainId", "type": "uint256"},
    {"name": "verifyingContract", "type": "address"},
]
ORDER_V2 = [  # the signed CLOB V2 order struct (domain version "2"; "3" on Exchange V3)
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
]
ORDER_V1 = [  # the retired V1 struct (domain version "1")
    ("salt", "uint256"),
    ("maker", "address"),
    ("signer", "address"),
    ("taker", "address"),
    ("tokenId", "uint256"),
    ("makerAmount", "uint256"),
    ("takerAmount", "uint256"),
    ("expiration", "uint256"),
    ("nonce", "uint256"),
    ("feeRateBps", "uint256"),
    ("side", "uint8"),
    ("signatureType", "uint8"),
]


def _value(kind: str, name: str, raw: Any) -> Any:
    if name == "side":
        return 0 if raw in ("BUY", 0) else 1
    if kind.startswith("uint"):
        return int(raw)
    if kind == "bytes32":
        return bytes.fromhex(str(raw).removeprefix("0x"))
    return raw


def order_id(order: Mapping[str, Any], exchange: str, chain_id: int = 137) -> str:
    """EIP-712 hash of the `order` object of a POST /order body (V1 or V2 fields)."""
    v1 = "nonce" in order
    fields = ORDER_V1 if v1 else ORDER_V2
    version = "1" if v1 else domain_version(exchange)
    typed = {
        "primaryType": "Order",
        "types": {
            "EIP712Domain": _DOMAIN,
            "Order": [{"name": n, "type": t} for n, t in fields],
        },
        "domain": {
            "name": "Polymarket CTF Exchange",
            "version": version,
            "chainId": chain_id,
            "verifyingContract": exchange,
        },
        "message": {n: _value(t, n, order[n]) for n, t in fields},
    }
    signable = encode_typed_data(full_message=typed)
    return "0x" + keccak(b"\x19" + signable.version + signable.header + signable.body).hex()
