"""Site-wide generated text: the versions every sample is verified against."""

from __future__ import annotations

from importlib.metadata import version

SDKS = {
    "polymarket-client": "the unified SDK (`import polymarket`): the one Polymarket recommends",
    "py-clob-client-v2": "the CLOB V2 SDK (`import py_clob_client_v2`): deprecated, still works",
    "py-clob-client": "the V1 SDK: rejected on production since 2026-04-28; migration page only",
    "web3": "on-chain reads (balances, allowances)",
    "websockets": "the market and user WebSocket channels",
}


def installed(name: str) -> str:
    """The installed version of a distribution, as pip sees it."""
    return version(name)


def versions_table() -> str:
    """A Markdown table of the packages the suite ran against, read from the installed set."""
    rows = [f"| `{name}` | {installed(name)} | {role} |" for name, role in SDKS.items()]
    return "\n".join(["| package | verified version | role |", "|---|---|---|", *rows])


def versions_footer() -> str:
    """The one-line note every page ends with."""
    return (
        f"Verified against `polymarket-client` {installed('polymarket-client')} and "
        f"`py-clob-client-v2` {installed('py-clob-client-v2')} on the CLOB V2 API "
        "(live since 2026-04-28); the versions are read from the installed packages at build time."
    )
