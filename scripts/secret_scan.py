"""Find what must never be committed: private keys, API secrets, auth headers, signatures.

Used three ways: the record switch refuses to write a cassette with a finding, the suite scans
`cassettes/` and the built site, and `python3 scripts/secret_scan.py PATH...` scans by hand.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

REDACTED = "REDACTED"
#: Values a scrubbed field may hold.
PLACEHOLDERS = frozenset(
    {"", REDACTED, "0xREDACTED", "00000000-0000-0000-0000-000000000000", "null", "None"}
)
#: Request headers that authenticate a CLOB call (L1, L2 and builder) and must be redacted.
AUTH_HEADERS = frozenset(
    {
        "POLY_ADDRESS",
        "POLY_SIGNATURE",
        "POLY_TIMESTAMP",
        "POLY_NONCE",
        "POLY_API_KEY",
        "POLY_PASSPHRASE",
        "POLY_BUILDER_API_KEY",
        "POLY_BUILDER_PASSPHRASE",
        "POLY_BUILDER_SIGNATURE",
        "POLY_BUILDER_TIMESTAMP",
        "POLY_BUILDER_SECRET",
        "AUTHORIZATION",
        "COOKIE",
    }
)
#: JSON body fields that carry a credential or a signature.
SECRET_FIELDS = frozenset(
    {
        "owner",
        "signature",
        "apikey",
        "api_key",
        "secret",
        "api_secret",
        "apisecret",
        "passphrase",
        "api_passphrase",
        "private_key",
        "privatekey",
        "mnemonic",
    }
)

_PEM = re.compile(r"-----BEGIN [A-Z ]*PRIVATE KEY-----")
_SIGNATURE = re.compile(r"0x[0-9a-fA-F]{130}(?![0-9a-fA-F])")
_HEADER = re.compile(
    r"(?i)\b(" + "|".join(sorted(AUTH_HEADERS - {"COOKIE"})) + r")\b['\"]?\s*[:=]\s*"
    r"(?:\[\s*|-\s+)?['\"]?([^'\"\s,\]}]+)"
)
_FIELD = re.compile(
    r"(?i)['\"]?\b(private[_-]?key|api[_-]?secret|secret|passphrase|api[_-]?passphrase|mnemonic)"
    r"['\"]?\s*[:=]\s*['\"]([^'\"]{8,})['\"]"
)
_HEX_KEY = re.compile(r"(?i)(private[_ -]?key|secret)[^\n]{0,40}?(0x)?[0-9a-f]{64}(?![0-9a-f])")


@dataclass(frozen=True)
class Finding:
    where: str
    what: str

    def __str__(self) -> str:
        return f"{self.where}: {self.what}"


def _is_placeholder(value: str) -> bool:
    v = value.strip().strip("'\"")
    return v in PLACEHOLDERS or v.startswith(("<", "REDACTED", "0xREDACTED"))


def scan_text(text: str, where: str = "<text>") -> list[Finding]:
    """Every secret-looking thing in `text`; an empty list means clean."""
    found: list[Finding] = []
    if _PEM.search(text):
        found.append(Finding(where, "a PEM private key"))
    for m in _SIGNATURE.finditer(text):
        found.append(Finding(where, f"a 65-byte signature {m.group(0)[:12]}…"))
    for m in _HEADER.finditer(text):
        if not _is_placeholder(m.group(2)):
            found.append(Finding(where, f"header {m.group(1)} has a real-looking value"))
    for m in _FIELD.finditer(text):
        if not _is_placeholder(m.group(2)):
            found.append(Finding(where, f"field {m.group(1)!r} holds a value"))
    for m in _HEX_KEY.finditer(text):
        found.append(Finding(where, f"a 32-byte hex value next to {m.group(1)!r}"))
    return found


def scan_json(value: object, where: str, path: str = "$") -> list[Finding]:
    """Secrets in a parsed JSON body: named credential fields must hold placeholders."""
    found: list[Finding] = []
    if isinstance(value, dict):
        for key, item in value.items():
            sub = f"{path}.{key}"
            if str(key).lower() in SECRET_FIELDS and isinstance(item, str | int):
                if not _is_placeholder(str(item)):
                    found.append(Finding(where, f"{sub} is not redacted"))
            else:
                found.extend(scan_json(item, where, sub))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            found.extend(scan_json(item, where, f"{path}[{i}]"))
    return found


def scan_paths(paths: Iterable[Path], suffixes: tuple[str, ...]) -> list[Finding]:
    found: list[Finding] = []
    for root in paths:
        files = [root] if root.is_file() else sorted(root.rglob("*"))
        for f in files:
            if f.is_file() and f.suffix in suffixes:
                found.extend(scan_text(f.read_text(encoding="utf-8", errors="replace"), str(f)))
    return found


if __name__ == "__main__":
    hits = scan_paths([Path(p) for p in sys.argv[1:]], (".yaml", ".yml", ".json", ".html", ".md"))
    print("\n".join(map(str, hits)) or "clean")
    sys.exit(1 if hits else 0)
