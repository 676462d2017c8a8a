"""Cassettes for the Connecting page: API-key creation and derivation, the relayer's
deployment check, and the first authenticated read.

No public recording of these exchanges exists (they carry credentials, so nobody publishes
them): every body is docs-derived, its shape the one the SDKs parse, credentials redacted.
"""

from __future__ import annotations

from scripts.cassette_builder import Cassette, Interaction, docs
from tests.snippets.connecting.keys import (
    API_KEY,
    BALANCE,
    DEPOSIT_WALLET,
    LEGACY_DEPOSIT_WALLET,
    PROXY,
    SAFE,
    STRANGER,
)

CHECKED = "2026-12-02"
CLOB = "https://clob.polymarket.com"
RELAYER = "https://relayer-v2.polymarket.com"
DOCS = "https://docs.polymarket.com/api-reference"
EXCHANGE_V2 = "0xE111180000d2663C0091e4f400237545B87B996B"
REDACTED_CREDS = {"apiKey": "REDACTED", "secret": "REDACTED", "passphrase": "REDACTED"}

CREATED = Interaction(
    "POST",
    f"{CLOB}/auth/api-key",
    REDACTED_CREDS,
    docs(
        f"{DOCS}/auth/create-api-key.md",
        CHECKED,
        "Credentials redacted; both SDKs only read the three fields.",
    ),
)
EXISTS = Interaction(
    "POST",
    f"{CLOB}/auth/api-key",
    {"error": "Could not create api key"},
    docs(
        "https://docs.polymarket.com/resources/error-codes.md",
        CHECKED,
        "The key exists already: both SDKs then derive it.",
    ),
    status=400,
)
DERIVED = Interaction(
    "GET",
    f"{CLOB}/auth/derive-api-key",
    REDACTED_CREDS,
    docs(f"{DOCS}/auth/derive-api-key.md", CHECKED, "Credentials redacted."),
)
LISTED = Interaction(
    "GET",
    f"{CLOB}/auth/api-keys",
    {"apiKeys": [API_KEY]},
    docs(
        f"{DOCS}/auth/get-api-keys; polymarket-client 0.14.0 _internal/actions/auth.py "
        "(parse_api_keys_response reads apiKeys)",
        CHECKED,
        "Stored credentials are checked by listing the keys; the id is the tests' fake one.",
    ),
)
UNAUTHORIZED = Interaction(
    "GET",
    f"{CLOB}/balance-allowance?asset_type=COLLATERAL&signature_type=0",
    {"error": "Unauthorized/Invalid api key"},
    docs("https://docs.polymarket.com/resources/error-codes.md", CHECKED),
    status=401,
)
STALE = Interaction(
    "GET",
    f"{CLOB}/auth/api-keys",
    {"error": "Unauthorized/Invalid api key"},
    docs("https://docs.polymarket.com/resources/error-codes.md", CHECKED),
    status=401,
)


def balance(signature_type: int) -> Interaction:
    return Interaction(
        "GET",
        f"{CLOB}/balance-allowance?asset_type=COLLATERAL&signature_type={signature_type}",
        {"balance": str(BALANCE), "allowances": {EXCHANGE_V2: str(2**256 - 1)}},
        docs(
            f"{DOCS}/account/get-balance-allowance; polymarket-client 0.14.0 "
            "models/clob/account.py (BalanceAllowance: base units)",
            CHECKED,
            "No capture exists; 250 pUSD is the tests' chosen value.",
        ),
    )


def deployed(address: str, kind: str, answer: bool) -> Interaction:
    return Interaction(
        "GET",
        f"{RELAYER}/deployed?address={address}&type={kind}",
        {"deployed": answer},
        docs(
            f"{DOCS}/relayer/check-if-a-safe-is-deployed; polymarket-client 0.14.0 "
            "models/clob/relayer.py (RelayerDeployedResponse)",
            CHECKED,
        ),
    )


PC = "connecting/test_connect"
V2 = "connecting/test_connect_clob_v2"
CASSETTES = [
    Cassette(f"{PC}/test_eoa_first_run_creates_the_api_key.yaml", [CREATED, balance(0)]),
    Cassette(f"{PC}/test_an_existing_key_is_derived.yaml", [EXISTS, DERIVED, balance(0)]),
    Cassette(f"{PC}/test_stored_credentials_are_checked_not_recreated.yaml", [LISTED, balance(0)]),
    Cassette(
        f"{PC}/test_without_a_wallet_the_sdk_uses_the_deposit_wallet.yaml",
        [
            deployed(LEGACY_DEPOSIT_WALLET, "WALLET", False),
            CREATED,
            deployed(DEPOSIT_WALLET, "WALLET", True),
            balance(3),
        ],
    ),
    Cassette(
        f"{PC}/test_the_wallet_address_sets_the_signature_type[proxy].yaml",
        [LISTED, deployed(PROXY, "PROXY", True), balance(1)],
    ),
    Cassette(
        f"{PC}/test_the_wallet_address_sets_the_signature_type[safe].yaml",
        [LISTED, deployed(SAFE, "SAFE", True), balance(2)],
    ),
    Cassette(
        f"{PC}/test_a_wallet_the_key_does_not_own_is_refused.yaml",
        [LISTED, deployed(STRANGER, "WALLET", False)],
    ),
    Cassette(
        f"{PC}/test_stale_credentials_are_replaced.yaml",
        [STALE, CREATED, balance(0)],
    ),
    Cassette(f"{V2}/test_l1_creates_the_key_then_l2_reads.yaml", [CREATED, balance(0)]),
    Cassette(f"{V2}/test_an_existing_key_is_derived.yaml", [EXISTS, DERIVED]),
    Cassette(f"{V2}/test_a_safe_reads_with_its_signature_type.yaml", [balance(2)]),
    Cassette(f"{V2}/test_wrong_credentials_are_explained.yaml", [UNAUTHORIZED]),
]
