"""The cassette format: vcrpy's YAML plus a `provenance` block that says where bodies came from.

A cassette's top-level `provenance` covers every interaction; an interaction may carry its own.
Kinds and the keys each must state:

- `recorded-live`: `date`, `sdk` (recorded from production with the record switch)
- `local-node`: `date`, `node` (recorded from a local EVM node, e.g. anvil, on 127.0.0.1)
- `public-recording`: `file`, `origin`, `verdict` (a capture published by someone else; `file` is
  its path in the team's `shared/recorded/` collection, `origin` the public URL and commit)
- `docs-derived`: `source`, `checked` (built from a documented schema or example; `source` is
  the docs URL or SDK file, `checked` the date it was read)
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

from scripts.secret_scan import AUTH_HEADERS, Finding, _is_placeholder, scan_json, scan_text

#: libyaml's loader where PyYAML has it (as scripts/reader_kit.py, which copied folders carry and
#: which this module does not import for its start-up side effects), else PyYAML's.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

REQUIRED: dict[str, frozenset[str]] = {
    "recorded-live": frozenset({"date", "sdk"}),
    "local-node": frozenset({"date", "node"}),
    "public-recording": frozenset({"file", "origin", "verdict"}),
    "docs-derived": frozenset({"source", "checked"}),
}


def load(path: Path) -> dict[str, Any]:
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER)
    if not isinstance(data, dict) or "interactions" not in data:
        raise ValueError(f"{path}: not a vcrpy cassette")
    return data


def provenance_problems(data: dict[str, Any], where: str) -> list[str]:
    """Why this cassette's provenance is incomplete; empty when every interaction is covered."""
    problems: list[str] = []
    top = data.get("provenance")
    if not data["interactions"]:
        problems.append(f"{where}: no interactions")
    for i, interaction in enumerate(data["interactions"]):
        prov = interaction.get("provenance", top)
        if not isinstance(prov, dict):
            problems.append(f"{where}: interaction {i} has no provenance")
            continue
        kind = prov.get("kind")
        if kind not in REQUIRED:
            problems.append(f"{where}: interaction {i} has provenance kind {kind!r}")
            continue
        missing = sorted(k for k in REQUIRED[kind] if not prov.get(k))
        if missing:
            problems.append(f"{where}: interaction {i} ({kind}) lacks {', '.join(missing)}")
    return problems


def _body_text(body: Any) -> str | None:
    if isinstance(body, dict):
        body = body.get("string")
    if isinstance(body, bytes):
        body = body.decode("utf-8", errors="replace")
    return body if isinstance(body, str) else None


def secret_findings(data: dict[str, Any], where: str, raw: str | None = None) -> list[Finding]:
    """Secrets in a cassette: auth headers, credential fields in bodies, keys anywhere in its text
    (`raw`, the file as written, comments included; the re-dumped data when not given)."""
    found = scan_text(raw if raw is not None else yaml.safe_dump(data), where)
    for i, interaction in enumerate(data["interactions"]):
        for part in ("request", "response"):
            msg = interaction.get(part) or {}
            for name, values in (msg.get("headers") or {}).items():
                if name.upper() in AUTH_HEADERS and not all(
                    _is_placeholder(str(v)) for v in values
                ):
                    found.append(Finding(where, f"interaction {i} {part} header {name} is real"))
            text = _body_text(msg.get("body"))
            if text:
                try:
                    parsed = json.loads(text)
                except ValueError:
                    continue
                found.extend(scan_json(parsed, f"{where} interaction {i} {part} body"))
    return found


def dump(data: dict[str, Any]) -> str:
    """Serialise like vcrpy does, with the provenance block first for the reader."""
    ordered = {k: data[k] for k in ("provenance", "interactions", "version") if k in data}
    return yaml.dump(ordered, sort_keys=False, allow_unicode=True, width=100)
