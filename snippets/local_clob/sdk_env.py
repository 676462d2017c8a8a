"""A polymarket-client environment whose CLOB URLs point at the local CLOB.

    client = SecureClient.create(private_key=key, wallet=address, credentials=creds,
                                 environment=local_environment(clob.url))
    client.get_order_book(token_id=TOKEN)            # served from 127.0.0.1

polymarket-client 0.14.0 takes its hosts from an `Environment`, whose constructor is private
(`Environment()` raises "Environment instances are provided by the SDK"). This helper copies
the production environment and swaps the CLOB HTTP and WebSocket URLs, through the SDK's
private `_create_environment` and `_config`: pin the SDK version when you use it.
No py-clob-client-v2 twin: that SDK takes the URL directly, `ClobClient(clob.url, ...)`.
"""

from __future__ import annotations

import dataclasses

from polymarket.environments import PRODUCTION, Environment, _create_environment


def local_environment(url: str, name: str = "local-clob") -> Environment:
    """`url` is http://127.0.0.1:PORT; the channels are ws://127.0.0.1:PORT/ws/{market,user}.
    Chain addresses stay those of production, so orders sign exactly as they would there."""
    ws = "ws" + url.removeprefix("http")
    config = dataclasses.replace(
        PRODUCTION._config,
        clob_url=url,
        clob_market_ws_url=f"{ws}/ws/market",
        clob_user_ws_url=f"{ws}/ws/user",
    )
    return _create_environment(name=name, config=config)
