"""The wallet table agrees with both SDKs; rejections map to what to fix."""

from __future__ import annotations

import pytest
from polymarket._internal.wallet import signature_type_for
from py_clob_client_v2.order_utils.model.signature_type_v2 import SignatureTypeV2

from snippets.connecting.wallets import (
    WALLET_KINDS,
    WalletMismatch,
    check_funder,
    explain_rejection,
)

from .keys import SAFE, SIGNER


def test_signature_types_match_both_sdks() -> None:
    v2_names = {"POLY_GNOSIS_SAFE": "GNOSIS_SAFE", "POLY_1271": "DEPOSIT_WALLET"}
    for kind in WALLET_KINDS:
        assert signature_type_for(kind.name) == kind.signature_type  # type: ignore[arg-type]
    assert {v2_names.get(t.name, t.name): t.value for t in SignatureTypeV2} == {
        k.name: k.signature_type for k in WALLET_KINDS
    }


def test_check_funder() -> None:
    check_funder(0, SIGNER, SIGNER.lower())  # case does not matter
    check_funder(2, SIGNER, SAFE)
    with pytest.raises(WalletMismatch):
        check_funder(0, SIGNER, SAFE)
    with pytest.raises(WalletMismatch, match="deposit wallet"):
        check_funder(3, SIGNER, SIGNER)


@pytest.mark.parametrize(
    ("body", "hint"),
    [
        ('{"error":"invalid signature"}', "signature type or funder"),
        (
            '{"error":"the order signer address has to be the address of the API KEY"}',
            "made by another key",
        ),
        (
            '{"error":"the order owner has to be the owner of the API KEY"}',
            "check the funder",
        ),
        (
            '{"error":"maker address not allowed, please use the deposit wallet flow"}',
            "signature type 3",
        ),
        (
            "not enough balance / allowance: the balance is not enough -> balance: 0, "
            "order amount: 5000000",
            "which address holds the pUSD",
        ),
    ],
    ids=[
        "invalid-signature",
        "signer-not-api-key",
        "owner-not-api-key",
        "deposit-wallet-flow",
        "balance",
    ],
)
def test_rejections_that_point_at_the_connection(body: str, hint: str) -> None:
    assert hint in (explain_rejection(body) or "")


def test_other_rejections_say_nothing_about_it() -> None:
    assert explain_rejection('{"error":"Invalid order payload"}') is None
