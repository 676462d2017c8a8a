"""Connecting with py-clob-client-v2: L1 key creation and L2 reads through the real SDK."""

from __future__ import annotations

from decimal import Decimal

import pytest
from py_clob_client_v2.exceptions import PolyApiException

from snippets.connecting.connect_clob_v2 import api_credentials, connect, first_read
from snippets.connecting.settings import load_settings
from snippets.connecting.wallets import explain_rejection

from .keys import API_KEY, SAFE, SIGNER, STORED, env


@pytest.mark.vcr
def test_l1_creates_the_key_then_l2_reads() -> None:
    settings = load_settings(env())
    credentials = api_credentials(settings)  # POST /auth/api-key, signed with the key
    assert credentials.key == "REDACTED"
    client = connect(settings, credentials)
    assert client.get_address() == SIGNER
    assert first_read(client) == Decimal("250")  # asked with signature_type=0


@pytest.mark.vcr
def test_an_existing_key_is_derived() -> None:
    assert api_credentials(load_settings(env())).key == "REDACTED"  # via GET derive-api-key


@pytest.mark.vcr
def test_a_safe_reads_with_its_signature_type() -> None:
    settings = load_settings(env(POLY_WALLET=SAFE, POLY_SIGNATURE_TYPE="2", **STORED))
    assert settings.credentials is not None and settings.credentials.key == API_KEY
    client = connect(settings, settings.credentials)
    assert client.builder.funder == SAFE  # orders name the Safe as maker
    assert first_read(client) == Decimal("250")  # the cassette only answers signature_type=2


@pytest.mark.vcr
def test_wrong_credentials_are_explained() -> None:
    settings = load_settings(env(**STORED))
    with pytest.raises(PolyApiException) as caught:
        first_read(connect(settings, settings.credentials))  # type: ignore[arg-type]
    assert caught.value.status_code == 401
    assert "derive them again" in (explain_rejection(str(caught.value.error_msg)) or "")
