"""Cancel every open order with py-clob-client-v2, in the shape shutdown.py expects.

Requires: pip install py-clob-client-v2
"""

from __future__ import annotations

from py_clob_client_v2 import ClobClient


def cancel_all(client: ClobClient) -> tuple[tuple[str, ...], dict[str, str]]:
    """DELETE /cancel-all: works even in cancel-only mode. The client needs L2 credentials."""
    result = client.cancel_all()  # a plain dict
    return tuple(result.get("canceled") or ()), dict(result.get("not_canceled") or {})
