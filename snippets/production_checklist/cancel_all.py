"""Cancel every open order with polymarket-client, in the shape shutdown.py expects.

Requires: pip install polymarket-client
"""

from __future__ import annotations

from polymarket import SecureClient


def cancel_all(client: SecureClient) -> tuple[tuple[str, ...], dict[str, str]]:
    """DELETE /cancel-all: works even in cancel-only mode."""
    result = client.cancel_all()
    return tuple(result.canceled), dict(result.not_canceled)
