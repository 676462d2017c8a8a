"""Settings come from the environment, are checked before any request, and never print."""

from __future__ import annotations

import pytest

from snippets.connecting.settings import SettingsError, load_settings
from snippets.connecting.wallets import WalletMismatch

from .keys import API_SECRET, SAFE, SIGNER, STORED, THROWAWAY_KEY, env


def test_the_key_and_the_secret_never_print() -> None:
    settings = load_settings(env(POLY_WALLET=SAFE, POLY_SIGNATURE_TYPE="2", **STORED))
    shown = repr(settings) + str(settings)
    assert settings.signer == SIGNER and settings.private_key == THROWAWAY_KEY
    assert THROWAWAY_KEY[2:] not in shown and API_SECRET not in shown
    assert SIGNER in shown and SAFE in shown  # addresses are public, and useful in logs


def test_reads_os_environ_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POLY_PRIVATE_KEY", THROWAWAY_KEY)
    for name in ("POLY_WALLET", "POLY_SIGNATURE_TYPE", *STORED):
        monkeypatch.delenv(name, raising=False)
    settings = load_settings()
    assert (settings.wallet, settings.signature_type, settings.credentials) == (None, None, None)


@pytest.mark.parametrize(
    ("variables", "message"),
    [
        ({}, "POLY_PRIVATE_KEY must be set"),
        ({"POLY_PRIVATE_KEY": THROWAWAY_KEY[:-1]}, "64 hex digits"),
        (env(POLY_WALLET="0x1234"), "POLY_WALLET must be an address"),
        (env(POLY_SIGNATURE_TYPE="4"), r"one of \[0, 1, 2, 3\]"),
        (env(POLY_SIGNATURE_TYPE="eoa"), "POLY_SIGNATURE_TYPE"),
        (env(POLY_API_KEY="k"), "set all of POLY_API_KEY"),
    ],
    ids=["no-key", "short-key", "bad-wallet", "unknown-type", "named-type", "partial-creds"],
)
def test_bad_settings_name_the_variable_not_the_value(variables, message) -> None:
    with pytest.raises(SettingsError, match=message) as caught:
        load_settings(variables)
    assert THROWAWAY_KEY[2:10] not in str(caught.value)


def test_a_type_that_cannot_go_with_the_funder_is_refused_at_start() -> None:
    with pytest.raises(WalletMismatch, match="the funder must be the signer"):
        load_settings(env(POLY_WALLET=SAFE, POLY_SIGNATURE_TYPE="0"))
    with pytest.raises(WalletMismatch, match="not the signing key's"):
        load_settings(env(POLY_SIGNATURE_TYPE="2"))  # no wallet: the funder is the key itself
