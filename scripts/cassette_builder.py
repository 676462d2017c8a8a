"""Build cassettes from public recordings and documented schemas, with their provenance.

Nothing here can reach Polymarket. Where a public capture exists (the team's `shared/recorded/`
collection, each file with its origin and verdict in its PROVENANCE.md), a body is taken from it;
where none exists, the body is built from the documented schema and labelled `docs-derived`.
Specs live in `scripts/cassette_specs/<slug>.py` as `CASSETTES = [Cassette(...), ...]`.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scripts.cassette_format import dump, provenance_problems, secret_findings
from scripts.vcr_policy import CASSETTES

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("FIELD_GUIDE_SHARED", ROOT.parent / "shared"))
RECORDED = SHARED / "recorded"

REASONS = {
    200: "OK",
    400: "Bad Request",
    401: "Unauthorized",
    404: "Not Found",
    425: "Too Early",
    429: "Too Many Requests",
    500: "Internal Server Error",
    503: "Service Unavailable",
}


class SharedDataMissing(FileNotFoundError):
    """The public recordings are not beside this checkout."""


def recorded_path(rel: str) -> Path:
    path = RECORDED / rel
    if not path.is_file():
        raise SharedDataMissing(f"{path} not found (set FIELD_GUIDE_SHARED to the shared/ folder)")
    return path


def recorded_bytes(rel: str) -> str:
    """A recorded file's text, unchanged."""
    return recorded_path(rel).read_text(encoding="utf-8")


def recorded_json(rel: str, *keys: str | int) -> Any:
    """The parsed JSON of a recorded file, or the value at `keys` inside it."""
    value: Any = json.loads(recorded_bytes(rel))
    for key in keys:
        value = value[key]
    return value


def public(rel: str, origin: str, verdict: str, note: str = "") -> dict[str, str]:
    prov = {
        "kind": "public-recording",
        "file": f"shared/recorded/{rel}",
        "origin": origin,
        "verdict": verdict,
    }
    return prov | ({"note": note} if note else {})


def docs(source: str, checked: str, note: str = "") -> dict[str, str]:
    prov = {"kind": "docs-derived", "source": source, "checked": checked}
    return prov | ({"note": note} if note else {})


@dataclass
class Interaction:
    method: str
    uri: str
    body: Any  # a str is used as is; anything else is JSON-encoded compactly
    provenance: dict[str, str]
    status: int = 200
    request_body: Any = None
    request_headers: dict[str, str] = field(default_factory=dict)
    response_headers: dict[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        body = (
            self.body
            if isinstance(self.body, str)
            else json.dumps(self.body, separators=(",", ":"))
        )
        req_body = self.request_body
        if req_body is not None and not isinstance(req_body, str):
            req_body = json.dumps(req_body, separators=(",", ":"))
        headers = {"content-type": ["application/json"]} | {
            k: [v] for k, v in self.response_headers.items()
        }
        return {
            "provenance": self.provenance,
            "request": {
                "method": self.method,
                "uri": self.uri,
                "body": req_body,
                "headers": {k: [v] for k, v in self.request_headers.items()},
            },
            "response": {
                "status": {"code": self.status, "message": REASONS.get(self.status, "")},
                "headers": headers,
                "body": {"string": body},
            },
        }


@dataclass
class Cassette:
    path: str  # relative to cassettes/
    interactions: list[Interaction]

    def render(self) -> str:
        data = {"interactions": [i.to_dict() for i in self.interactions], "version": 1}
        text = dump(data)
        problems = provenance_problems(data, self.path) + [
            str(f) for f in secret_findings(data, self.path, raw=text)
        ]
        if problems:
            raise ValueError("\n".join(problems))
        return text

    @property
    def file(self) -> Path:
        return CASSETTES / self.path
