"""Connect with polymarket-client: the key and wallet come from the environment.

    settings = load_settings()
    with connect(settings) as client:
        print(first_read(client))   # signer, wallet, signature type, pUSD balance

Requires: pip install polymarket-client
Copy with: settings.py, wallets.py
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from polymarket import SecureClient
from polymarket.models.clob import ApiKeyCreds

from .settings import ApiCredentials, Settings, load_settings
from .wallets import BY_NAME

PUSD_DECIMALS = 6


@dataclass(frozen=True)
class Account:
    signer: str  # the key's address: it signs
    wallet: str  # the funder: it holds the pUSD
    wallet_type: str  # EOA, POLY_PROXY, GNOSIS_SAFE or DEPOSIT_WALLET
    signature_type: int
    pusd: Decimal  # the wallet's collateral balance, in pUSD


# --8<-- [start:connect]
def connect(settings: Settings) -> SecureClient:
    """L1 then L2 in one call: without stored credentials the SDK signs POST /auth/api-key
    (and falls back to GET /auth/derive-api-key); with them it checks they are still listed."""
    stored = settings.credentials
    credentials = (
        ApiKeyCreds.model_validate(
            {"apiKey": stored.key, "secret": stored.secret, "passphrase": stored.passphrase}
        )
        if stored
        else None
    )
    return SecureClient.create(
        private_key=settings.private_key,
        wallet=settings.wallet,  # (1)!
        credentials=credentials,
    )


def credentials_to_store(client: SecureClient) -> ApiCredentials:
    """The L2 credentials to put in your secret store (POLY_API_*) after the first run."""
    c = client.credentials
    return ApiCredentials(c.key, c.secret, c.passphrase)


# --8<-- [end:connect]


# --8<-- [start:first-read]
def first_read(client: SecureClient) -> Account:
    """The first authenticated read: GET /balance-allowance for the wallet's pUSD."""
    balance = client.get_balance_allowance(asset_type="COLLATERAL")
    kind = BY_NAME[client.wallet_type]
    return Account(
        signer=str(client.signer),
        wallet=str(client.wallet),
        wallet_type=kind.name,
        signature_type=kind.signature_type,
        pusd=Decimal(balance.balance).scaleb(-PUSD_DECIMALS),
    )


# --8<-- [end:first-read]


if __name__ == "__main__":
    with connect(load_settings()) as client:
        print(first_read(client))
