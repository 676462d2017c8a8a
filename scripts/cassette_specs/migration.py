"""Cassettes for the Migrating page: the market look-ups each SDK makes before it signs an order.

Signing is offline, but every client's `create_order` asks the CLOB about the market first
(V1: tick size, neg-risk, fee rate; V2: tick size, API version; polymarket-client: credentials
check, market by token, compact market info). No order is ever posted.
"""

from __future__ import annotations

from scripts.cassette_builder import Cassette, Interaction, docs, public, recorded_bytes

CLOB = "https://clob.polymarket.com"
CHECKED = "2026-11-28"
#: The docs' example market (GET /markets-by-token example): YES token and condition id.
TOKEN = "71321045679252212594626385532706912750332728571942532289631379312455583992563"
NO_TOKEN = "52114319501245915516055106046884209969926127482827954674443846427813813222426"
CONDITION_ID = "0xbd31dc8a20211944f6b70f31557f1001557b59905b7738480ca09bd4532f84af"
#: The throwaway API key id the tests pass (an all-zero UUID: no account has it).
TEST_KEY_ID = "00000000-0000-0000-0000-000000000000"

V1_SRC = "py-clob-client 0.34.6 py_clob_client/client.py"
V2_SRC = "py-clob-client-v2 1.2.1 py_clob_client_v2/client.py"
PM_SRC = "polymarket-client 0.14.0 polymarket/_internal/actions"


def _get(path: str, body: object, source: str, note: str = "") -> Interaction:
    return Interaction("GET", f"{CLOB}{path}", body, docs(source, CHECKED, note))


TICK = _get(
    f"/tick-size?token_id={TOKEN}",
    {"minimum_tick_size": 0.01},
    f"{V1_SRC} and {V2_SRC} (get_tick_size reads minimum_tick_size)",
    "The example market's tick size 0.01 (docs /clob-markets example `mts`).",
)
NEG_RISK = _get(
    f"/neg-risk?token_id={TOKEN}",
    {"neg_risk": False},
    f"{V1_SRC} (get_neg_risk reads neg_risk)",
    "V1 asks even when neg_risk=False is passed: it only skips the call for True.",
)
FEE_RATE = _get(
    f"/fee-rate?token_id={TOKEN}",
    {"base_fee": 0},
    f"{V1_SRC} (get_fee_rate_bps reads base_fee)",
    "A V1-only endpoint: V2 orders carry no fee rate.",
)
VERSION = _get("/version", {"version": 2}, f"{V2_SRC} (get_version reads version)")
API_KEYS = _get(
    "/auth/api-keys",
    {"apiKeys": [TEST_KEY_ID]},
    f"{PM_SRC}/auth.py (parse_api_keys_response reads apiKeys)",
    "Lists the test's throwaway key id, so SecureClient.create accepts the credentials.",
)
MARKET_BY_TOKEN = _get(
    f"/markets-by-token/{TOKEN}",
    {"condition_id": CONDITION_ID, "primary_token_id": TOKEN, "secondary_token_id": NO_TOKEN},
    "https://docs.polymarket.com/api-reference/markets/get-market-by-token (example response)",
)
MARKET_INFO_FILE = (
    "Polymarket.Net/Polymarket.Net.UnitTests/Endpoints/Clob/ExchangeData/GetMarketInfo.txt"
)
MARKET_INFO = Interaction(
    "GET",
    f"{CLOB}/clob-markets/{CONDITION_ID}",
    # The harness file is: method, path, auth flag, URI params, then the body.
    recorded_bytes(MARKET_INFO_FILE).split("\n", 4)[4],
    public(
        MARKET_INFO_FILE,
        "https://github.com/JKorf/Polymarket.Net/blob/a3a1fb261c98e7f806b8b1fd05ccf0c79bf4056a/"
        "Polymarket.Net.UnitTests/Endpoints/Clob/ExchangeData/GetMarketInfo.txt",
        "DOCS-DERIVED (the docs' example GET /clob-markets body; the only sample found)",
    ),
)

V1_LOOKUPS = [TICK, NEG_RISK, FEE_RATE]
V2_LOOKUPS = [TICK, VERSION]
PM_LOOKUPS = [API_KEYS, MARKET_BY_TOKEN, MARKET_INFO]


def _cassette(module: str, test: str, interactions: list[Interaction]) -> Cassette:
    return Cassette(f"migration/{module}/{test}.yaml", interactions)


CASSETTES = [
    _cassette("test_sign_order_clob_v1", "test_v1_signs_with_domain_version_1", V1_LOOKUPS),
    _cassette(
        "test_sign_order_clob_v1",
        "test_v1_and_v2_orders_differ_in_fields_and_domain",
        V1_LOOKUPS + V2_LOOKUPS,
    ),
    _cassette("test_sign_order_clob_v2", "test_v2_signs_with_domain_version_2", V2_LOOKUPS),
    _cassette("test_sign_order", "test_unified_signs_with_domain_version_2", PM_LOOKUPS),
    _cassette(
        "test_sign_order", "test_unified_and_v2_sign_the_same_struct", PM_LOOKUPS + V2_LOOKUPS
    ),
]
