"""logs: one line per decision with key=value fields, credentials redacted even in the fields."""

from __future__ import annotations

import io
import logging

from .code.logs import configure, decision, log


def test_fields_are_appended_and_secrets_redacted() -> None:
    out = io.StringIO()
    handler = configure("INFO", out)
    try:
        decision(log, "quote placed", side="BUY", price="0.48", book="ab12")
        decision(log, "auth", logging.WARNING, secret="c2VjcmV0", passphrase="hunter2")
        log.info("plain line, api_key=0b1f-secret")
    finally:
        for name in ("reference_bot", "snippets", "websocket", "rate_limiting", "error_handling"):
            logging.getLogger(name).removeHandler(handler)
    lines = out.getvalue().splitlines()
    assert lines[0].endswith("INFO reference_bot quote placed side=BUY price=0.48 book=ab12")
    assert "secret=<redacted> passphrase=<redacted>" in lines[1]
    assert "hunter2" not in out.getvalue() and "c2VjcmV0" not in out.getvalue()
    assert lines[2].endswith("api_key=<redacted>")
