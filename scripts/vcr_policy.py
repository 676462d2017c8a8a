"""How the suite records and replays HTTP: scrubbing, strict matching, and a persister that
refuses to write a cassette holding a secret and stamps live recordings with their provenance."""

from __future__ import annotations

import datetime as dt
from importlib.metadata import version
from pathlib import Path
from typing import Any

from vcr.persisters.filesystem import FilesystemPersister
from vcr.serializers import compat

from scripts import reader_kit
from scripts.cassette_format import dump, provenance_problems, secret_findings
from scripts.secret_scan import AUTH_HEADERS, REDACTED

ROOT = Path(__file__).resolve().parent.parent
CASSETTES = ROOT / "cassettes"


class SecretInCassetteError(RuntimeError):
    """Raised instead of writing a cassette that would contain a secret."""


# The replay policy is the one a copied folder's plugin applies (scripts/reader_kit.py, which
# must stand alone): scrubbing on record and on replay, and the JSON-body matcher.
scrub_request = reader_kit.scrub_request
scrub_response = reader_kit.scrub_response
body_matches = reader_kit.body_matches


def _refuse(part: str, message: dict[str, Any], body: Any) -> None:
    """Raise if a request or response, as it would be written, holds a secret."""
    if isinstance(body, bytes):
        body = body.decode("utf-8", errors="replace")
    raw = f"{message.get('headers')}\n{body or ''}"
    findings = secret_findings({"interactions": [{part: message}]}, part, raw)
    if findings:
        raise SecretInCassetteError(
            "refusing to write a cassette that holds a secret:\n  "
            + "\n  ".join(map(str, findings))
        )


# Both refusals happen while the request is in flight: vcrpy then unpatches and writes nothing.
# (Refusing only when the cassette is saved, in the persister, leaves vcrpy's patches in place
# until garbage collection undoes them, possibly in the middle of a later recording.)


def refuse_secret_requests(request: Any) -> Any:
    """`scrub_request` (vcrpy has already redacted the auth headers), then refuse a request
    that still holds a secret. vcrpy runs this on replay too, before matching: a replayed
    request that holds one fails as well."""
    request = scrub_request(request)
    message = {"headers": {k: [v] for k, v in request.headers.items()}, "body": request.body}
    _refuse("request", message, request.body)
    return request


def refuse_secret_responses(response: dict[str, Any]) -> dict[str, Any]:
    """`scrub_response`, then refuse a response that holds a secret."""
    response = scrub_response(response)
    body = response.get("body") or {}
    _refuse("response", response, body.get("string") if isinstance(body, dict) else body)
    return response


def vcr_config() -> dict[str, Any]:
    return {
        "filter_headers": [(name, REDACTED) for name in sorted(AUTH_HEADERS)],
        "before_record_request": refuse_secret_requests,
        "before_record_response": refuse_secret_responses,
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
