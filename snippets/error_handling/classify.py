"""One classifier for both SDKs: a failed CLOB request -> what to do next.

SDK-free. `errors.py` / `errors_clob_v2.py` turn each SDK's exception into a `Failure`;
`classify()` maps it to an `Action` with the first matching `Rule` in `RULES`. The rules are
data: the "Error handling" page renders its table from them, and a test replays every
rule's recorded or documented body through both SDKs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum


class Action(StrEnum):
    """What the caller should do next."""

    FIX_INPUT = "fix the input"
    FUND_OR_APPROVE = "fund or approve"
    REDERIVE_CREDENTIALS = "re-derive credentials"
    BACK_OFF = "back off, then retry"
    MARKET_NOT_TRADABLE = "market closed or not ready"
    CANCEL_ONLY = "cancel-only mode: only cancel"
    POST_ONLY_MODE = "post-only mode: only post-only orders and cancels"
    RETRY_SAFELY = "reconcile, then retry the same signed order"
    GIVE_UP = "give up (nothing to retry)"
    UNKNOWN = "unknown: keep the raw body, alert a human"


@dataclass(frozen=True)
class Failure:
    """A failed request, the same shape whichever SDK raised it.

    `status` is None when no HTTP response arrived (connection refused, reset, timeout): the
    server may or may not have acted on the request. `sent` is False when the SDK refused the
    input before sending anything.
    """

    status: int | None
    message: str
    body: str | None = None
    code: str | None = None
    retry_after: float | None = None
    restriction: str | None = None
    sdk: str = ""
    sent: bool = True

    @property
    def network(self) -> bool:
        """True when the request was sent but no HTTP response came back."""
        return self.sent and self.status is None


@dataclass(frozen=True)
class Rule:
    """One row of the errors -> actions table. Empty `statuses` matches any status."""

    name: str
    action: Action
    statuses: tuple[int, ...]
    pattern: str
    example: str
    why: str
    source: str


@dataclass(frozen=True)
class Decision:
    """The classifier's answer; `failure` keeps the raw body for logs and alerts."""

    action: Action
    rule: str
    why: str
    retry_after: float | None
    failure: Failure


ISSUES = "https://github.com/Polymarket"
DOCS_ERRORS = "docs.polymarket.com/resources/error-codes"
#: The error-codes page lists these messages itself (read 2026-12-02): cite it, not a thread.
DOCS_ERRORS_READ = f"{DOCS_ERRORS} (read 2026-12-02)"
DOCS_ENGINE = "docs.polymarket.com/trading/matching-engine"

#: Ordered: the first rule whose status and pattern match wins.
RULES: tuple[Rule, ...] = (
    Rule(
        "client_validation",
        Action.FIX_INPUT,
        (),
        "",
        "(raised by the SDK before sending: bad price, tick, side, post-only FOK)",
        "Nothing reached the server. Fix the arguments; retrying the same call fails again.",
        "polymarket/errors.py UserInputError; py_clob_client_v2/client.py PolyException",
    ),
    Rule(
        "network",
        Action.RETRY_SAFELY,
        (),
        "",
        "(no response: connection error or client timeout)",
        "The server may have accepted the request. For POST /order look the order up first.",
        f"{ISSUES}/py-clob-client/issues/273 (matched order, client saw a timeout)",
    ),
    Rule(
        "balance_allowance",
        Action.FUND_OR_APPROVE,
        (),
        r"not enough balance / allowance|allowance is not enough",
        '{"error":"not enough balance / allowance"}',
        "Deposit pUSD, approve the exchange, refresh /balance-allowance/update. Right after a "
        "fill, shares may not be sellable until the trade settles: wait for CONFIRMED.",
        f"{ISSUES}/polymarket-cli/issues/54, {ISSUES}/py-sdk/issues/101, "
        f"{ISSUES}/py-clob-client-v2/issues/112",
    ),
    Rule(
        "invalid_amounts",
        Action.FIX_INPUT,
        (),
        r"invalid amounts?\b",
        '{"error":"invalid amounts, the buy orders maker amount supports a max accuracy of '
        '4 decimals, taker amount a max of 2 decimals"}',
        "Round price and size to the market's tick and precision (let the SDK build the order).",
        f"{ISSUES}/clob-client/issues/124, {ISSUES}/rs-clob-client-v2/issues/59",
    ),
    Rule(
        "below_min_size",
        Action.FIX_INPUT,
        (),
        r"lower than the minimum|min size",
        "order 0x... is invalid. Size (1.08) lower than the minimum: 5",
        "Read min_order_size from the book or market and size the order above it.",
        DOCS_ERRORS_READ,
    ),
    Rule(
        "fok_not_filled",
        Action.GIVE_UP,
        (),
        r"FOK orders are fully filled or killed|FAK orders are partially filled or killed",
        '{"error":"order couldn\'t be fully filled. FOK orders are fully filled or killed."}',
        "Nothing was filled and nothing rests. Re-read the book before sending a new order.",
        f"{ISSUES}/clob-client/pull/68; polymarket-client models/clob/order_response.py",
    ),
    Rule(
        "post_only_crosses",
        Action.FIX_INPUT,
        (),
        r"crosses (the )?book",
        "order 0x... crosses the book",
        "A post-only order would have taken liquidity. Re-price it behind the best opposite quote.",
        f"{ISSUES}/py-clob-client/issues/231, {ISSUES}/clob-client/issues/305",
    ),
    Rule(
        "order_version_mismatch",
        Action.FIX_INPUT,
        (),
        r"order_version_mismatch|invalid order version",
        '{"error":"order_version_mismatch"}',
        "The order was signed for the wrong exchange version (a V1 SDK after 2026-04-28). "
        "Upgrade the SDK and sign again.",
        f"{ISSUES}/polymarket-cli/issues/69, {ISSUES}/py-clob-client/issues/335",
    ),
    Rule(
        "deposit_wallet_required",
        Action.FIX_INPUT,
        (),
        r"maker address not allowed",
        '{"error":"maker address not allowed, please use the deposit wallet flow"}',
        "This maker cannot trade directly: trade from the account's deposit wallet "
        "(signature type 3, POLY_1271).",
        f"{ISSUES}/py-clob-client-v2/issues/50",
    ),
    Rule(
        "signer_not_api_key",
        Action.REDERIVE_CREDENTIALS,
        (),
        r"signer address has to be the address of the API KEY",
        '{"error":"the order signer address has to be the address of the API KEY"}',
        "The API key belongs to another address than the order's signer. Derive credentials "
        "with the key that signs the orders.",
        DOCS_ERRORS_READ,
    ),
    Rule(
        "invalid_signature",
        Action.FIX_INPUT,
        (),
        r"invalid signature",
        '{"error":"invalid signature"}',
        "Wrong signature type, funder, chain or exchange (neg-risk markets use another one).",
        f"{ISSUES}/py-clob-client/issues/198, {ISSUES}/py-clob-client/issues/79",
    ),
    Rule(
        "create_api_key_exists",
        Action.REDERIVE_CREDENTIALS,
        (),
        r"Could not create api key",
        '{"error":"Could not create api key"}',
        "A key already exists for this address and nonce: derive it instead (both SDKs' "
        "create-or-derive helpers do this).",
        DOCS_ERRORS_READ,
    ),
    Rule(
        "unauthorized",
        Action.REDERIVE_CREDENTIALS,
        (401,),
        r"Unauthorized|Invalid api key|Invalid L1 Request headers",
        '{"error":"Unauthorized/Invalid api key"}',
        "Credentials are missing, revoked or for another address; also check the clock.",
        f"{DOCS_ERRORS}; {ISSUES}/py-clob-client-v2/issues/45",
    ),
    Rule(
        "heartbeat_id",
        Action.RETRY_SAFELY,
        (),
        r"Invalid Heartbeat ID",
        '{"error":"Invalid Heartbeat ID","heartbeat_id":"7f33..."}',
        "Resend the heartbeat with the heartbeat_id the server returned.",
        f"{ISSUES}/py-clob-client/blob/main/examples/post_heartbeat.py",
    ),
    Rule(
        "no_orderbook",
        Action.MARKET_NOT_TRADABLE,
        (404,),
        r"No orderbook exists",
        '{"error":"No orderbook exists for the requested token id"}',
        "The token has no book: wrong id, or the market is closed or resolved.",
        f"{DOCS_ERRORS}; {ISSUES.replace('Polymarket', 'UMAprotocol')}/protocol/pull/4843",
    ),
    Rule(
        "market_not_ready",
        Action.MARKET_NOT_TRADABLE,
        (),
        r"market is not yet ready",
        "the market is not yet ready to process new orders",
        "The market is not open for orders yet; poll the market, do not hammer /order.",
        "polymarket-client models/clob/order_response.py",
    ),
    Rule(
        "rate_limited",
        Action.BACK_OFF,
        (429,),
        "",
        '{"error":"Too Many Requests"} + Retry-After',
        "Wait Retry-After seconds (or back off with jitter), then retry.",
        f"{DOCS_ERRORS}; docs.polymarket.com/api-reference/trading-rate-limits",
    ),
    Rule(
        "restarting",
        Action.BACK_OFF,
        (425,),
        "",
        "service not ready",
        "The matching engine is restarting; it comes back in post-only mode for 2 minutes.",
        f"{DOCS_ENGINE}; {ISSUES}/py-clob-client/issues/273",
    ),
    Rule(
        "post_only_mode",
        Action.POST_ONLY_MODE,
        (),
        r"post[-_]only[ _]mode",
        '{"error":"post-only mode: ...","code":"post_only_mode","retry_after_seconds":79}',
        "Only post-only orders and cancels pass until retry_after_seconds.",
        DOCS_ENGINE,
    ),
    Rule(
        "cancel_only",
        Action.CANCEL_ONLY,
        (),
        r"cancel-only",
        '{"error":"Trading is currently cancel-only. New orders are not accepted, ..."}',
        "Cancels work, new orders do not. Stop quoting; poll until the mode ends.",
        DOCS_ERRORS,
    ),
    Rule(
        "trading_disabled",
        Action.BACK_OFF,
        (),
        r"Trading is currently disabled",
        '{"error":"Trading is currently disabled. Check polymarket.com for updates"}',
        "No orders and no cancels. Pause the bot and back off for minutes, not milliseconds.",
        DOCS_ERRORS,
    ),
    Rule(
        "cloudflare_block",
        Action.BACK_OFF,
        (403,),
        r"cloudflare|<!DOCTYPE html|<html|unexpected HTML response body",
        "<!DOCTYPE html> ... Attention Required! | Cloudflare ... Sorry, you have been blocked",
        "An HTML page from the edge, not the CLOB. Back off; if it persists you are geoblocked "
        "or flagged: give up and check where you trade from.",
        f"{ISSUES}/py-clob-client/issues/91, {ISSUES}/py-clob-client/issues/262",
    ),
    Rule(
        "wrong_endpoint",
        Action.FIX_INPUT,
        (405,),
        "",
        "405 with an empty body",
        "Wrong host, scheme or method in the client config (not an order problem).",
        f"{ISSUES}/py-clob-client/issues/208, {ISSUES}/rs-clob-client-v2/issues/41",
    ),
    Rule(
        "server_error",
        Action.RETRY_SAFELY,
        (500, 502, 503, 504),
        "",
        '{"error":"could not run the execution"}',
        "The server failed mid-request; it may have acted. Reconcile, then retry with backoff.",
        f"{ISSUES}/py-clob-client/issues/331",
    ),
)

_BY_NAME = {rule.name: rule for rule in RULES}
UNKNOWN_WHY = "No rule matches: the raw body is kept on the decision, never guessed at."


def _matches(rule: Rule, failure: Failure) -> bool:
    if rule.name == "client_validation":
        return not failure.sent
    if rule.name == "network":
        return failure.network
    if failure.status is None or (rule.statuses and failure.status not in rule.statuses):
        return False
    text = f"{failure.message}\n{failure.body or ''}"
    return not rule.pattern or re.search(rule.pattern, text, re.IGNORECASE) is not None


def classify(failure: Failure) -> Decision:
    """Map a failure to the action of the first matching rule, or to UNKNOWN."""
    for rule in RULES:
        if _matches(rule, failure):
            return Decision(rule.action, rule.name, rule.why, failure.retry_after, failure)
    return Decision(Action.UNKNOWN, "unknown", UNKNOWN_WHY, None, failure)


def rule(name: str) -> Rule:
    """The rule called `name` (KeyError if there is none)."""
    return _BY_NAME[name]
