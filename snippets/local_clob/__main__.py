"""Run the local CLOB until interrupted and print its URLs.

    python -m snippets.local_clob --seed 7        # in this repository
    python -m local_clob --seed 7 --port 8080     # in a copied folder

Control it over HTTP while it runs: `POST /_control/<name>` with JSON keyword arguments
(`fund`, `advance`, `storm`, ...; see app.py) and `GET /_control/records`.
Copy with: app.py.
"""

from __future__ import annotations

import argparse
import json
import threading

from .app import NEG_RISK_TOKEN, TOKEN, V3_TOKEN, LocalClob


def main(argv: list[str] | None = None, stop: threading.Event | None = None) -> LocalClob:
    parser = argparse.ArgumentParser(prog="local_clob", description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=0, help="API keys and ids derive from it")
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port")
    args = parser.parse_args(argv)
    clob = LocalClob(seed=args.seed)
    clob.port = args.port
    clob.start()
    urls = {
        "clob_url": clob.url,
        "ws_market_url": clob.ws_market_url,
        "ws_user_url": clob.ws_user_url,
        "tokens": {"standard": TOKEN, "neg_risk": NEG_RISK_TOKEN, "exchange_v3": V3_TOKEN},
    }
    print(json.dumps(urls, indent=2), flush=True)
    try:
        (stop or threading.Event()).wait()
    except KeyboardInterrupt:
        pass
    finally:
        clob.stop()
    return clob


if __name__ == "__main__":
    main()
