"""Keep API credentials, signatures and private keys out of your logs.

A `logging.Filter` for your handlers: it rewrites any record whose text holds an API key,
secret, passphrase, a POLY_* auth header value, an order's `owner`, a 65-byte signature or a
private key, and leaves ids, prices and hashes readable. Standard library only.
"""

from __future__ import annotations

import logging
import re

REDACTED = "<redacted>"

_NAMED = re.compile(
    r"""(?ix)
    (?P<name>\b(?:api_?secret|secret|api_?passphrase|passphrase|api_?key|apikey|key|owner|
              private_?key|POLY_[A-Z_]+)\b)
    (?P<sep>['"]?\s*[:=]\s*['"]?)
    (?P<value>[^'"\s,}\])]+)
    """
)
_SIGNATURE = re.compile(r"0x[0-9a-fA-F]{130}(?![0-9a-fA-F])")
_HEX_KEY = re.compile(r"(?i)(private[_ ]?key\W{0,4})(0x)?[0-9a-f]{64}(?![0-9a-f])")


def redact(text: str) -> str:
    """The text with every credential-looking value replaced by `<redacted>`."""
    text = _SIGNATURE.sub(f"0x{REDACTED}", text)
    text = _HEX_KEY.sub(rf"\g<1>{REDACTED}", text)
    return _NAMED.sub(lambda m: f"{m['name']}{m['sep']}{REDACTED}", text)


class RedactSecrets(logging.Filter):
    """Attach to a handler: every record that passes through it is redacted first."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        clean = redact(message)
        if clean != message:
            record.msg, record.args = clean, None
        if record.exc_info and record.exc_info[1] is not None:
            record.exc_text = redact(logging.Formatter().formatException(record.exc_info))
        return True


def install(handler: logging.Handler | None = None) -> RedactSecrets:
    """Redact on `handler`, or on every handler of the root logger (call after basicConfig)."""
    f = RedactSecrets()
    for h in [handler] if handler else logging.getLogger().handlers:
        h.addFilter(f)
    return f
