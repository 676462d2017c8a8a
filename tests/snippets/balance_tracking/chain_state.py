"""The local test chain the JSON-RPC cassettes were recorded from (scripts/record_chain.py).

Main node: anvil, chain id 137, on 127.0.0.1:8545; the 6-decimal test token
(scripts/chain/test_token.json) sits at the real pUSD, USDC.e and native USDC addresses, and
Multicall3 at its canonical address from its pre-signed deployment. A lagging node (same chain,
fewer blocks) listens on :8547 and a wrong-chain node (chain id 1) on :8546. Balances are written
with anvil_setStorageAt. Funders are addresses hashed from a label: nobody holds their keys.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import requests
from eth_abi import encode
from eth_utils import keccak, to_checksum_address

from .code.diagnosis import (
    EXCHANGE_V2,
    EXCHANGE_V3,
    EXCHANGES,
    NATIVE_USDC,
    NEG_RISK_EXCHANGE_V2,
    PUSD,
    USDC_E,
)

MAIN_URL = "http://127.0.0.1:8545"
WRONG_CHAIN_URL = "http://127.0.0.1:8546"
LAGGING_URL = "http://127.0.0.1:8547"
MAX = 2**256 - 1
EXTRA_BLOCKS = 10  # mined on the main node only, so the lagging node is behind


def _all(value: int) -> dict[str, int]:
    return dict.fromkeys(EXCHANGES.values(), value)


def address(label: str) -> str:
    return to_checksum_address(keccak(text=f"field-guide balance-tracking {label}")[-20:])


@dataclass(frozen=True)
class Funder:
    label: str
    pusd: int  # base units
    usdce: int = 0
    usdc: int = 0
    pol_wei: int = 10**18
    allowances: dict[str, int] = field(default_factory=lambda: _all(MAX))

    @property
    def address(self) -> str:
        return address(self.label)


FUNDED = Funder("funded", pusd=1_234_567_890, pol_wei=5 * 10**18)
UNWRAPPED = Funder("unwrapped", pusd=10_000_000, usdce=500_000_000, usdc=25_500_000)
NO_APPROVAL = Funder(
    "no-approval",
    pusd=200_000_000,
    allowances={EXCHANGE_V2: 200_000_000, NEG_RISK_EXCHANGE_V2: 0, EXCHANGE_V3: 0},
)
EMPTY = Funder("empty", pusd=0, pol_wei=0, allowances={})
MOVER = Funder("mover", pusd=100_000_000)
FUNDERS = [FUNDED, UNWRAPPED, NO_APPROVAL, EMPTY, MOVER]
TOKENS = {"pUSD": PUSD, "USDC.e": USDC_E, "USDC": NATIVE_USDC}


def rpc(url: str, method: str, params: list[Any]) -> Any:
    """One JSON-RPC call with plain requests (recorded like any other when a cassette is on)."""
    body = {"jsonrpc": "2.0", "id": 1, "method": method, "params": params}
    reply = requests.post(url, json=body, timeout=10).json()
    if "error" in reply:
        raise RuntimeError(f"{method}: {reply['error']}")
    return reply["result"]


def balance_slot(holder: str) -> str:
    return "0x" + keccak(encode(["address", "uint256"], [holder, 0])).hex()


def allowance_slot(owner: str, spender: str) -> str:
    inner = keccak(encode(["address", "uint256"], [owner, 1]))
    return "0x" + keccak(encode(["address"], [spender]) + inner).hex()


def word(value: int) -> str:
    return "0x" + value.to_bytes(32, "big").hex()


def set_pusd(url: str, holder: str, amount: int) -> None:
    """Move a funder's pUSD on the test chain (storage write), then mine one block."""
    rpc(url, "anvil_setStorageAt", [PUSD, balance_slot(holder), word(amount)])
    rpc(url, "anvil_mine", ["0x1"])
