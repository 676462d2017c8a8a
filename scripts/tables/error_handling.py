"""Tables for the "Error handling" page, generated from the classifier's own data."""

from __future__ import annotations

import html
import json

from snippets.error_handling.classify import RULES
from tests.snippets.error_handling.cases import CASES


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _message(example: str) -> str:
    """The text a reader matches on: the body's `error` (or `errorMsg`) when it is JSON."""
    try:
        body = json.loads(example)
    except ValueError:
        return example
    if isinstance(body, dict):
        return str(body.get("error") or body.get("errorMsg") or example)
    return example


def errors_table() -> str:
    """One row per classifier rule, in match order: status, message, action; the rule's name,
    why, full example body, replayed cases and source fold into the row's details."""
    cases: dict[str, list[str]] = {}
    for case in CASES:
        cases.setdefault(case.rule, []).append(case.id)
    rows = [
        "| # | status | the server says | do |",
        "|---|---|---|---|",
    ]
    for n, rule in enumerate(RULES, 1):
        statuses = ", ".join(map(str, rule.statuses)) or "any"
        if rule.name in ("network", "client_validation"):
            statuses = "none"
        replayed = ", ".join(f"<code>{c}</code>" for c in cases.get(rule.name, []))
        details = (
            f"<details><summary><code>{rule.name}</code></summary>{_html(rule.why)}"
            f"<br>body: <code>{_html(rule.example)}</code>"
            f"<br>replayed: {replayed or '(no body: unit test)'}"
            f"<br>source: {_html(rule.source)}</details>"
        )
        rows.append(
            f"| {n} | {statuses} | `{_cell(_message(rule.example))}` {_cell(details)} | "
            f"**{rule.action.value}** |"
        )
    return "\n".join(rows)


def _html(text: str) -> str:
    return html.escape(text).replace("|", "&#124;").replace("\n", " ")
