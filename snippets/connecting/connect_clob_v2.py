"""Connect with py-clob-client-v2: L1 makes the API key, L2 trades with it.

    settings = load_settings()
    client = connect(settings, settings.credentials or api_credentials(settings))
    print(first_read(client))   # the funder's pUSD balance

Requires: pip install py-clob-client-v2
Copy with: settings.py, wallets.py
"""

from __future__ import annotations

from decimal import Decimal

from py_clob_client_v2 import ApiCreds, AssetType, BalanceAllowanceParams, ClobClient

from .settings import ApiCredentials, Settings, load_settings

HOST = "https://clob.polymarket.com"
POLYGON = 137
PUSD_DECIMALS = 6


# --8<-- [start:api-key]
def api_credentials(settings: Settings) -> ApiCredentials:
    """L1: sign with the key to create the API key, or derive it if it exists already."""
    l1 = ClobClient(HOST, chain_id=POLYGON, key=settings.private_key)
    creds = l1.create_or_derive_api_key()  # (1)!
    return ApiCredentials(creds.api_key, creds.api_secret, creds.api_passphrase)


# --8<-- [end:api-key]


# --8<-- [start:connect]
def connect(settings: Settings, credentials: ApiCredentials) -> ClobClient:
    """L2: the same key plus the API credentials, the signature type and the funder."""
    return ClobClient(
        HOST,
        chain_id=POLYGON,
        key=settings.private_key,
        creds=ApiCreds(credentials.key, credentials.secret, credentials.passphrase),
        signature_type=settings.signature_type,  # (1)!
        funder=settings.wallet,  # None: the key's own address
    )


# --8<-- [end:connect]


# --8<-- [start:first-read]
def first_read(client: ClobClient) -> Decimal:
    """The first authenticated read: the funder's pUSD (GET /balance-allowance)."""
    reply = client.get_balance_allowance(BalanceAllowanceParams(asset_type=AssetType.COLLATERAL))
    return Decimal(reply["balance"]).scaleb(-PUSD_DECIMALS)


# --8<-- [end:first-read]


if __name__ == "__main__":
    settings = load_settings()
    print(first_read(connect(settings, settings.credentials or api_credentials(settings))))
