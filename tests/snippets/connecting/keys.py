"""The throwaway signer of the Connecting tests and the wallets the SDK derives from it.

The key is the keccak of a public phrase: it has never held funds, and the addresses below are
stable, so the cassettes can name them. The wallet addresses are computed by polymarket-client's
own CREATE2 derivation (the same code `SecureClient.create` uses to tell the wallet type).
"""

from __future__ import annotations

from eth_account import Account
from eth_utils import keccak
from polymarket._internal import wallet as derivation
from polymarket.environments import PRODUCTION

THROWAWAY_KEY = "0x" + keccak(text="polymarket-field-guide connecting throwaway key").hex()
SIGNER = Account.from_key(THROWAWAY_KEY).address
_CONFIG = PRODUCTION._config.wallet_derivation
PROXY = derivation.derive_proxy_wallet_address(SIGNER, _CONFIG)
SAFE = derivation.derive_safe_wallet_address(SIGNER, _CONFIG)
DEPOSIT_WALLET = derivation.derive_beacon_deposit_wallet_address(SIGNER, _CONFIG)
LEGACY_DEPOSIT_WALLET = derivation.derive_uups_deposit_wallet_address(SIGNER, _CONFIG)
#: An address no key of ours derives: passed as `wallet`, it is nobody's wallet for this key.
STRANGER = "0x00000000000000000000000000000000DeaDBeef"

#: Fake L2 credentials (the secret is base64 of 32 zero bytes); none of them is real.
API_KEY = "00000000-0000-4000-8000-00000000c0de"
API_SECRET = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="
API_PASSPHRASE = "throwaway-passphrase"
STORED = {
    "POLY_API_KEY": API_KEY,
    "POLY_API_SECRET": API_SECRET,
    "POLY_API_PASSPHRASE": API_PASSPHRASE,
}
#: The balance every docs-derived GET /balance-allowance reply carries: 250 pUSD.
BALANCE = 250_000_000


def env(**extra: str) -> dict[str, str]:
    """An environment holding the throwaway key, plus `extra` variables."""
    return {"POLY_PRIVATE_KEY": THROWAWAY_KEY} | extra
