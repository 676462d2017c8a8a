"""The docs-derived Protocol V2 ("v2") market the tests and their cassettes share.

No public capture of a "v2" Gamma market exists. This one is built to the documented schema
(docs.polymarket.com/migrate/polymarket-v2/api-integrations: `version` "v2", `positionIds` an
array of decimal strings) with position ids laid out as polymarket-client 0.14.0 decodes them
(`polymarket/_internal/protocol.py`): top byte = module id (1 = binary module), bits 40..103 zero,
last byte = outcome index (0 YES, 1 NO); the other 31 bytes are the condition. The event bytes are
keccak of a label, so the ids are visibly not a real market's.
"""

from __future__ import annotations

import json

from eth_utils import keccak

_CONDITION31 = (
    b"\x01"
    + keccak(text="polymarket-field-guide docs-derived Protocol V2 example")[:18]
    + b"\x00" * 12
)
V2_MARKET_ID = "9000001"
V2_CONDITION_ID = "0x" + (_CONDITION31 + b"\x00").hex()  # bytes32 form, outcome byte 00
V2_YES = str(int.from_bytes(_CONDITION31 + b"\x00", "big"))
V2_NO = str(int.from_bytes(_CONDITION31 + b"\x01", "big"))

V2_GAMMA_MARKET = {
    "id": V2_MARKET_ID,
    "question": "Docs-derived example: a Protocol V2 binary market",
    "conditionId": V2_CONDITION_ID,
    "slug": "docs-derived-protocol-v2-example",
    "outcomes": json.dumps(["Yes", "No"]),
    "outcomePrices": json.dumps(["0.5", "0.5"]),
    "version": "v2",
    "positionIds": [V2_YES, V2_NO],
    "active": True,
    "closed": False,
    "acceptingOrders": True,
    "enableOrderBook": True,
    "negRisk": False,
    "orderPriceMinTickSize": 0.01,
    "orderMinSize": 5,
}
