"""How the suite records and replays HTTP: scrubbing, strict matching, and a persister that
refuses to write a cassette holding a secret and stamps live recordings with their provenance."""

from __future__ import annotations

import datetime as dt
import json
from importlib.metadata import version
from pathlib import Path
from typing import Any

from vcr.persisters.filesystem import FilesystemPersister
from vcr.request import Request
from vcr.serializers import compat

from scripts.cassette_format import dump, provenance_problems, secret_findings
from scripts.secret_scan import AUTH_HEADERS, REDACTED, SECRET_FIELDS

ROOT = Path(__file__).resolve().parent.parent
CASSETTES = ROOT / "cassettes"
#: Response headers that identify a session or an edge node; Poly-RateLimit-* and Retry-After stay.
DROP_RESPONSE_HEADERS = frozenset(
    {"set-cookie", "cf-ray", "cf-cache-status", "date", "server", "alt-svc", "report-to", "nel"}
)


class SecretInCassetteError(RuntimeError):
    """Raised instead of writing a cassette that would contain a secret."""


def _scrub(value: Any) -> Any:
    if isinstance(value, dict):
        return {
            k: (REDACTED if str(k).lower() in SECRET_FIELDS and v not in ("", None) else _scrub(v))
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [_scrub(v) for v in value]
    return value


def scrub_request(request: Request) -> Request:
    """Redact credential fields in a JSON body. Runs on record *and* on replay, so the live
    request is scrubbed the same way before it is matched against the cassette."""
    body = request.body
    if body:
        try:
            parsed = json.loads(body)
        except (ValueError, UnicodeDecodeError):
            return request
        request.body = json.dumps(_scrub(parsed), separators=(",", ":")).encode()
    return request


def scrub_response(response: dict[str, Any]) -> dict[str, Any]:
    headers = response.get("headers") or {}
    response["headers"] = {
        k: v for k, v in headers.items() if k.lower() not in DROP_RESPONSE_HEADERS
    }
    return response


def _json_or_none(body: bytes | str | None) -> Any:
    if not body:
        return None
    try:
        return json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return None


def _without_rpc_ids(value: Any) -> Any:
    """JSON-RPC ids are per-process counters; drop them so a reordered call still matches."""
    if isinstance(value, list):
        return [_without_rpc_ids(v) for v in value]
    if isinstance(value, dict) and "jsonrpc" in value:
        return {k: v for k, v in value.items() if k != "id"}
    return value


def body_matches(r1: Request, r2: Request) -> bool:
    """JSON bodies compare parsed (key order and JSON-RPC ids ignored); other bodies by bytes."""
    j1, j2 = _json_or_none(r1.body), _json_or_none(r2.body)
    if j1 is not None or j2 is not None:
        return _without_rpc_ids(j1) == _without_rpc_ids(j2)
    return (r1.body or b"") == (r2.body or b"")


def vcr_config() -> dict[str, Any]:
    return {
        "filter_headers": [(name, REDACTED) for name in sorted(AUTH_HEADERS)],
        "before_record_request": scrub_request,
        "before_record_response": scrub_response,
        "decode_compressed_response": True,
        "record_on_exception": False,
        "match_on": ["method", "scheme", "host", "port", "path", "query", "json_body"],
    }


def interactions_form(cassette_dict: dict[str, Any]) -> dict[str, Any]:
    """vcrpy hands a persister {"requests": [Request], "responses": [dict]}; the file holds
    {"interactions": [{"request": ..., "response": ...}], "version": 1} (as vcr.serialize)."""
    interactions = [
        {
            "request": compat.convert_to_unicode(request._to_dict()),
            "response": compat.convert_to_unicode(response),
        }
        for request, response in zip(
            cassette_dict["requests"], cassette_dict["responses"], strict=True
        )
    ]
    return {"interactions": interactions, "version": 1}


class SafePersister(FilesystemPersister):
    """vcrpy's file persister, plus: provenance for live recordings and a refusal on secrets."""

    @staticmethod
    def save_cassette(cassette_path, cassette_dict, serializer):  # type: ignore[override]
        data = interactions_form(cassette_dict)
        if "provenance" not in data:
            data["provenance"] = {
                "kind": "recorded-live",
                "date": dt.date.today().isoformat(),
                "sdk": {name: version(name) for name in ("polymarket-client", "py-clob-client-v2")},
            }
        where = str(cassette_path)
        text = dump(data)
        findings = secret_findings(data, where, text)
        if findings:
            raise SecretInCassetteError(
                "refusing to write a cassette that holds a secret:\n  "
                + "\n  ".join(map(str, findings))
            )
        problems = provenance_problems(data, where)
        if problems:
            raise ValueError("\n".join(problems))
        path = Path(cassette_path)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def cassette_dir_for(test_file: Path) -> Path:
    """tests/snippets/<slug>/test_x.py -> cassettes/<slug>/test_x; other tests -> cassettes/_site/.

    The project root is the parent of the nearest folder named `tests`."""
    test_file = test_file.resolve()
    tests = next(p for p in test_file.parents if p.name == "tests")
    parts = test_file.relative_to(tests).parts
    slug = parts[1] if parts[0] == "snippets" and len(parts) > 2 else "_site"
    return tests.parent / "cassettes" / slug / test_file.stem


def missing_cassette_message(path: Path, nodeid: str) -> str:
    rel = path.relative_to(path.parents[3]) if len(path.parents) > 3 else path
    return (
        f"cassette {rel} is missing. Record it against the live API with\n"
        f"  python3 scripts/run.py test --record-mode=once {nodeid}\n"
        "or, if it is built from a public recording or a documented schema, run\n"
        f"  python3 scripts/build_cassettes.py {path.parent.parent.name}"
    )
