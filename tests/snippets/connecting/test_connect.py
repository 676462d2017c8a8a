"""Connecting with polymarket-client: real L1 signing and L2 HMAC with a throwaway key,
the CLOB's and the relayer's replies replayed (docs-derived, see each cassette)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from polymarket.errors import UserInputError

from snippets.connecting.connect import connect, credentials_to_store, first_read
from snippets.connecting.settings import load_settings

from .keys import API_KEY, DEPOSIT_WALLET, PROXY, SAFE, SIGNER, STORED, STRANGER, env


@pytest.mark.vcr
def test_eoa_first_run_creates_the_api_key() -> None:
    settings = load_settings(env(POLY_WALLET=SIGNER))
    with connect(settings) as client:
        account = first_read(client)
        stored = credentials_to_store(client)
    assert (account.signer, account.wallet) == (SIGNER, SIGNER)
    assert (account.wallet_type, account.signature_type) == ("EOA", 0)
    assert account.pusd == Decimal("250")
    assert stored.key == "REDACTED"  # what POST /auth/api-key returned (redacted here)


@pytest.mark.vcr
def test_an_existing_key_is_derived() -> None:
    """POST /auth/api-key 400 "Could not create api key": the SDK derives it instead."""
    with connect(load_settings(env(POLY_WALLET=SIGNER))) as client:
        assert first_read(client).signature_type == 0


@pytest.mark.vcr
def test_stored_credentials_are_checked_not_recreated() -> None:
    with connect(load_settings(env(POLY_WALLET=SIGNER, **STORED))) as client:
        assert credentials_to_store(client).key == API_KEY  # GET /auth/api-keys listed it
        assert first_read(client).pusd == Decimal("250")


@pytest.mark.vcr
def test_stale_credentials_are_replaced() -> None:
    """Stored credentials the CLOB no longer knows (401): the SDK makes new ones by itself;
    store them again or every start pays for the extra L1 round trip."""
    with connect(load_settings(env(POLY_WALLET=SIGNER, **STORED))) as client:
        assert credentials_to_store(client).key == "REDACTED"  # the new key, not API_KEY
        assert first_read(client).wallet_type == "EOA"


@pytest.mark.vcr
def test_without_a_wallet_the_sdk_uses_the_deposit_wallet() -> None:
    """No POLY_WALLET: the SDK asks the relayer, then trades from the key's deposit wallet."""
    with connect(load_settings(env())) as client:
        account = first_read(client)
    assert account.wallet == DEPOSIT_WALLET != SIGNER
    assert (account.wallet_type, account.signature_type) == ("DEPOSIT_WALLET", 3)


@pytest.mark.vcr
@pytest.mark.parametrize(
    ("wallet", "kind", "signature_type"),
    [(PROXY, "POLY_PROXY", 1), (SAFE, "GNOSIS_SAFE", 2)],
    ids=["proxy", "safe"],
)
def test_the_wallet_address_sets_the_signature_type(
    wallet: str, kind: str, signature_type: int
) -> None:
    """The SDK tells a proxy from a Safe by deriving both from the key (CREATE2)."""
    with connect(load_settings(env(POLY_WALLET=wallet, **STORED))) as client:
        account = first_read(client)
    assert (account.wallet, account.wallet_type) == (wallet, kind)
    assert account.signature_type == signature_type  # and the read asked for that type


@pytest.mark.vcr
def test_a_wallet_the_key_does_not_own_is_refused() -> None:
    """A funder this key derives no wallet for is refused before any order is signed."""
    with pytest.raises(UserInputError, match="does not match the expected Deposit Wallet"):
        connect(load_settings(env(POLY_WALLET=STRANGER, **STORED)))
