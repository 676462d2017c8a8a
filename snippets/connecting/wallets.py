"""Wallet kinds, their signature types, and the rejections that mean "wrong type or funder".

    check_funder(0, signer, signer)                  # an EOA funds itself: fine
    check_funder(2, signer, safe_address)            # a Safe funds orders its owner signs
    explain_rejection('{"error":"invalid signature"}')  # -> what to check, or None

Standard library only.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class WalletKind:
    name: str  # as polymarket-client names it (`SecureClient.wallet_type`)
    signature_type: int  # the order's `signatureType`
    holds_pusd: str  # the order's maker: the funder, whose pUSD and tokens are traded
    order_signer: str  # the order's `signer` field


WALLET_KINDS = (
    WalletKind("EOA", 0, "the key's own address", "the key's address"),
    WalletKind("POLY_PROXY", 1, "the Polymarket proxy wallet", "the key's address"),
    WalletKind("GNOSIS_SAFE", 2, "the Safe", "the key's address"),
    WalletKind("DEPOSIT_WALLET", 3, "the deposit wallet", "the deposit wallet"),
)
SIGNATURE_TYPES = {kind.signature_type: kind for kind in WALLET_KINDS}
BY_NAME = {kind.name: kind for kind in WALLET_KINDS}


class WalletMismatch(ValueError):
    """The signature type and the funder cannot belong together."""


def check_funder(signature_type: int, signer: str, funder: str) -> None:
    """Refuse the two pairings the CLOB rejects: an EOA order funded by another address, and a
    smart-wallet order whose funder is the signing key itself."""
    same = signer.lower() == funder.lower()
    if signature_type == 0 and not same:
        raise WalletMismatch(
            "signature type 0 (EOA) trades the key's own pUSD: the funder must be the signer; "
            "for a proxy, Safe or deposit wallet use its type (1, 2 or 3)"
        )
    if signature_type != 0 and same:
        kind = SIGNATURE_TYPES[signature_type]
        raise WalletMismatch(
            f"signature type {signature_type} ({kind.name}) trades from {kind.holds_pusd}: "
            "set the funder to that wallet's address, not the signing key's"
        )


#: Rejection text (as the CLOB sends it) -> what it means for the connection settings.
REJECTIONS = {
    "invalid signature": "the signature type or funder does not match the key (an EOA order "
    "funded by another address, or a proxy/Safe that this key does not own), or the order was "
    "signed for another exchange",
    "the order signer address has to be the address of the API KEY": "the API credentials were "
    "made by another key than the one that signs: create or derive them with the signing key",
    "the order owner has to be the owner of the API KEY": "the order's maker (the funder) is not "
    "an address these API credentials act for: check the funder and the signature type",
    "maker address not allowed, please use the deposit wallet flow": "this account must trade "
    "from its deposit wallet: signature type 3 with the deposit wallet as funder",
    "not enough balance / allowance": "the funder holds too little pUSD or has not approved the "
    "exchange: check which address holds the pUSD (the funder, not always the key)",
    "Unauthorized/Invalid api key": "the L2 credentials do not belong to this key: derive them "
    "again with POST /auth/api-key or GET /auth/derive-api-key",
}


def explain_rejection(message: str) -> str | None:
    """What a rejection says about the connection settings, or None if it says nothing."""
    lowered = message.lower()
    for text, meaning in REJECTIONS.items():
        if text.lower() in lowered:
            return meaning
    return None
