"""Local CLOB benchmark: requests per second the server answers on this machine.

    .venv/bin/python benchmarks/local_clob/run.py

The server runs in its own process (`python -m snippets.local_clob`), the load comes from this
one: aiohttp with CONCURRENCY requests in flight for SECONDS per workload. POST /order sends
orders signed beforehand by py-clob-client-v2 (signing is the client's cost, not the
server's) with fresh L2 headers; the signer's rate limiter is put in warning mode so the
bucket does not cap the number. Writes scripts/tables/data/local_clob_bench.json.
"""

from __future__ import annotations

import asyncio
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

import aiohttp
from eth_account import Account
from py_clob_client_v2 import ApiCreds, ClobClient, OrderArgs, PartialCreateOrderOptions
from py_clob_client_v2.clob_types import RequestArgs
from py_clob_client_v2.headers.headers import create_level_2_headers
from py_clob_client_v2.order_utils.model.order_data_v2 import order_to_json_v2
from py_clob_client_v2.signer import Signer

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "scripts/tables/data/local_clob_bench.json"
TOKEN = "97986244429993405301006613239860350847262749399039648046285499627250726259070"
SECONDS = 5.0
CONCURRENCY = 16
ORDERS = 1000


def start_server() -> tuple[subprocess.Popen[str], str]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "snippets.local_clob", "--seed", "1"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    lines = []
    while not lines or lines[-1] != "}":
        lines.append(proc.stdout.readline().rstrip("\n"))
    return proc, json.loads("\n".join(lines))["clob_url"]


async def load(session: aiohttp.ClientSession, make) -> dict[str, float]:  # type: ignore[no-untyped-def]
    done, errors, stop = 0, 0, time.perf_counter() + SECONDS

    async def worker() -> None:
        nonlocal done, errors
        while time.perf_counter() < stop:
            method, url, kwargs = make()
            async with session.request(method, url, **kwargs) as reply:
                await reply.read()
                done += 1
                errors += reply.status != 200

    start = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(CONCURRENCY)))
    return {"per_s": round(done / (time.perf_counter() - start)), "non_200": errors}


async def run(url: str) -> dict[str, dict[str, float]]:
    account = Account.create()
    async with aiohttp.ClientSession() as http:
        await http.post(f"{url}/_control/fund", json={"address": account.address, "pusd": 1e7})
        await http.post(f"{url}/_control/set_warning_mode", json={"on": True})
        reply = await http.post(f"{url}/_control/add_api_key", json={"address": account.address})
        key = (await reply.json())["result"]
    creds = ApiCreds(key["key"], key["secret"], key["passphrase"])
    client = ClobClient(url, chain_id=137, key=account.key.to_0x_hex(), creds=creds)
    options = PartialCreateOrderOptions(tick_size="0.01", neg_risk=False, version=2)
    bid = OrderArgs(token_id=TOKEN, price=0.3, size=5, side="BUY")
    bodies = [
        json.dumps(order_to_json_v2(client.create_order(bid, options), key["key"], "GTC"))
        for _ in range(ORDERS)
    ]
    signer = Signer(account.key.to_0x_hex(), 137)

    def l2(method: str, path: str, body: str | None = None) -> dict[str, str]:
        return create_level_2_headers(signer, creds, RequestArgs(method, path, None, body))

    def post_order():  # type: ignore[no-untyped-def]
        body = bodies.pop() if bodies else bodies_done()
        return "POST", f"{url}/order", {"data": body, "headers": l2("POST", "/order", body)}

    def bodies_done() -> str:
        raise RuntimeError(f"more than {ORDERS} orders per {SECONDS} s: raise ORDERS")

    book = {"params": {"token_id": TOKEN}}
    workloads = {
        "GET /time": lambda: ("GET", f"{url}/time", {}),
        "GET /book (93 levels, hashed)": lambda: ("GET", f"{url}/book", book),
        "GET /data/orders (L2 HMAC)": lambda: (
            "GET", f"{url}/data/orders", {"headers": l2("GET", "/data/orders")}
        ),
        "POST /order (signature recovered, rests)": post_order,
    }  # fmt: skip
    results = {}
    connector = aiohttp.TCPConnector(limit=CONCURRENCY)
    async with aiohttp.ClientSession(connector=connector) as session:
        for name, make in workloads.items():
            results[name] = await load(session, make)
    return results


def main() -> None:
    proc, url = start_server()
    load_before = os.getloadavg()[0]
    try:
        results = asyncio.run(run(url))
    finally:
        proc.terminate()
        proc.wait(10)
    out = {
        "measured": time.strftime("%Y-%m-%d", time.gmtime()),
        "python": platform.python_version(),
        "machine": platform.machine(),
        "cpus": os.cpu_count(),
        "load_avg_1m_before": round(load_before, 2),
        "load_avg_1m_after": round(os.getloadavg()[0], 2),
        "seconds_per_workload": SECONDS,
        "concurrency": CONCURRENCY,
        "results": results,
    }
    OUT.write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
