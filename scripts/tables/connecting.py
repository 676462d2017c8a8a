"""The wallet-kind table of the Connecting page, from snippets/connecting/wallets.py."""

from __future__ import annotations

from snippets.connecting.wallets import WALLET_KINDS


def wallet_kinds() -> str:
    rows = [
        "| wallet (`SecureClient.wallet_type`) | signature type | holds the pUSD (order maker) | "
        "order `signer` field |",
        "|---|---|---|---|",
    ]
    rows += [
        f"| `{k.name}` | {k.signature_type} | {k.holds_pusd} | {k.order_signer} |"
        for k in WALLET_KINDS
    ]
    return "\n".join(rows)
