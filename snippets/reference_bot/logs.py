"""Every decision as one log line with structured fields, secrets redacted on the way out.

    handler = configure("INFO")                  # stderr, key=value fields, redaction filter
    decision(log, "quote placed", asset=token[:8], side="BUY", price="0.48", book=hash_)
    # 2026-12-02T10:00:00 INFO reference_bot quote placed asset=97986244 side=BUY ...

Standard library `logging` only; the filter is production_checklist/log_redaction.py.
"""

from __future__ import annotations

import logging
import sys
from typing import Any, TextIO

from ..production_checklist.log_redaction import install, redact

log = logging.getLogger("reference_bot")


def decision(logger: logging.Logger, message: str, level: int = logging.INFO, **fields: Any):
    """Log `message` with `fields` attached as `record.fields` (for JSON or key=value output)."""
    logger.log(level, message, extra={"fields": fields})


class FieldsFormatter(logging.Formatter):
    """`time level logger message k=v k=v`: grep-able, and each value stays one token."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s %(message)s", "%Y-%m-%dT%H:%M:%S")

    def format(self, record: logging.LogRecord) -> str:
        line = super().format(record)
        fields = getattr(record, "fields", None) or {}
        extra = " ".join(f"{k}={str(v).replace(' ', '_')}" for k, v in fields.items())
        return f"{line} {redact(extra)}" if extra else line  # fields skip the record filter


def configure(level: str = "INFO", stream: TextIO | None = None) -> logging.Handler:
    """A handler on the `reference_bot` logger and the snippet loggers it uses, redacting."""
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(FieldsFormatter())
    install(handler)  # RedactSecrets: keys, secrets, passphrases, signatures never printed
    for name in ("reference_bot", "snippets", "websocket", "rate_limiting", "error_handling"):
        logger = logging.getLogger(name)
        logger.addHandler(handler)
        logger.setLevel(level)
    return handler
