"""Record the balance-tracking JSON-RPC cassettes from a real local anvil node, then prove them.

    python3 scripts/record_chain.py            # record, replay offline, install the cassettes
    python3 scripts/record_chain.py --check    # record, replay offline, fail if they differ

Steps: `npm ci` the pinned anvil (scripts/chain/package.json) if it is missing; start three
nodes on 127.0.0.1 (main: chain id 137 on :8545; wrong chain: id 1 on :8546; lagging: 137 on
:8547) with PR_SET_PDEATHSIG; place the committed test token (scripts/chain/test_token.json) at
the real pUSD, USDC.e and native USDC addresses with anvil_setCode; deploy Multicall3 at its
canonical address from its published pre-signed transaction; write balances and allowances with
anvil_setStorageAt; run tests/snippets/balance_tracking/test_balance_tracker.py with
--record-mode=all into a scratch folder; stop every node by its PID; stamp the cassettes
`local-node` and drop volatile headers; replay them with no node running; then install them
(or, with --check, compare byte for byte with the committed ones).

Multicall3's pre-signed deployment is public (github.com/mds1/multicall3, README, "signed
transaction") but is not copied into this repository: save it as one hex line in
~/.cache/field-guide/multicall3-presigned.txt or point MULTICALL3_PRESIGNED_TX at the file. Its
hash is checked against the canonical deployment before use.
"""

from __future__ import annotations

import argparse
import ctypes
import filecmp
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from eth_utils import keccak  # noqa: E402

from scripts import system_deps  # noqa: E402
from scripts.cassette_format import dump, load, provenance_problems, secret_findings  # noqa: E402
from tests.snippets.balance_tracking import chain_state as cs  # noqa: E402

CHAIN = ROOT / "scripts" / "chain"
ANVIL = CHAIN / "node_modules" / ".bin" / "anvil"
TEST = "tests/snippets/balance_tracking/test_balance_tracker.py"
TARGET = ROOT / "cassettes" / "balance_tracking" / "test_balance_tracker"
ENV_DIR = "BALANCE_TRACKING_CASSETTES"  # read by tests/snippets/balance_tracking/conftest.py
#: The fixture chain's date (fixed, so re-recording is byte-for-byte reproducible).
FIXTURE_DATE = "2026-11-28"
MULTICALL3_SENDER = "0x05f32B3cC3888453ff71B01135B34FF8e41263F2"
MULTICALL3_TX_HASH = "0x07471adfe8f4ec553c1199f495be97fc8be8e0626ae307281c22534460184ed1"
MULTICALL3_TX_FILE = Path(
    os.environ.get(
        "MULTICALL3_PRESIGNED_TX", Path.home() / ".cache/field-guide/multicall3-presigned.txt"
    )
)
NODES = {  # url -> (port, chain id)
    cs.MAIN_URL: (8545, 137),
    cs.WRONG_CHAIN_URL: (8546, 1),
    cs.LAGGING_URL: (8547, 137),
}


def post(url: str, method: str, params: list[Any]) -> Any:
    body = json.dumps({"jsonrpc": "2.0", "id": 1, "method": method, "params": params}).encode()
    req = urllib.request.Request(url, body, {"content-type": "application/json"})
    with urllib.request.urlopen(req, timeout=10) as resp:
        reply = json.loads(resp.read())
    if "error" in reply:
        raise RuntimeError(f"{method}: {reply['error']}")
    return reply["result"]


def ensure_anvil() -> str:
    if not ANVIL.exists():
        npm_cli = system_deps.ensure_all(("node", "npm"))["npm"]
        npm = [npm_cli, "ci", "--prefix", str(CHAIN), "--ignore-scripts", "--no-audit", "--no-fund"]
        subprocess.run(npm, check=True)
    out = subprocess.run([str(ANVIL), "--version"], capture_output=True, text=True, check=True)
    first, sha = out.stdout.splitlines()[0], out.stdout.splitlines()[1]
    return f"{first.replace('Version: ', '')} ({sha.split(':')[1].strip()[:7]})"


def multicall3_tx() -> str:
    if not MULTICALL3_TX_FILE.is_file():
        sys.exit(
            f"{MULTICALL3_TX_FILE} is missing: save the signed transaction from the README of "
            "github.com/mds1/multicall3 there (one 0x... line), or set MULTICALL3_PRESIGNED_TX."
        )
    tx = MULTICALL3_TX_FILE.read_text().strip()
    if "0x" + keccak(hexstr=tx).hex() != MULTICALL3_TX_HASH:
        sys.exit(f"{MULTICALL3_TX_FILE} is not the canonical Multicall3 deployment")
    return tx


def _port_free(port: int) -> bool:
    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        return s.connect_ex(("127.0.0.1", port)) != 0


def _die_with_parent() -> None:
    ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def start(port: int, chain_id: int) -> subprocess.Popen[bytes]:
    if not _port_free(port):
        sys.exit(f"127.0.0.1:{port} is busy: stop whatever listens there first")
    args = [str(ANVIL), "--host", "127.0.0.1", "--port", str(port), "--chain-id", str(chain_id)]
    args += ["--silent", "--timestamp", "1767225600"]
    proc = subprocess.Popen(args, preexec_fn=_die_with_parent)
    url = f"http://127.0.0.1:{port}"
    for _ in range(200):
        if proc.poll() is not None:
            sys.exit(f"anvil on :{port} exited with {proc.returncode}")
        try:
            if int(post(url, "eth_chainId", []), 16) == chain_id:
                return proc
        except OSError:
            time.sleep(0.02)
    proc.terminate()
    sys.exit(f"anvil on :{port} did not answer")


def stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        os.kill(proc.pid, signal.SIGTERM)
        proc.wait(timeout=10)


def setup(url: str, runtime: str, tx: str, extra_blocks: int) -> None:
    post(url, "anvil_setBlockTimestampInterval", [2])
    for token in cs.TOKENS.values():
        post(url, "anvil_setCode", [token, runtime])
    post(url, "anvil_setBalance", [MULTICALL3_SENDER, hex(10**17)])
    if post(url, "eth_sendRawTransaction", [tx]) != MULTICALL3_TX_HASH:
        sys.exit("Multicall3 deployment hash differs")
    for f in cs.FUNDERS:
        for token, amount in ((cs.PUSD, f.pusd), (cs.USDC_E, f.usdce), (cs.NATIVE_USDC, f.usdc)):
            post(url, "anvil_setStorageAt", [token, cs.balance_slot(f.address), cs.word(amount)])
        for spender, amount in f.allowances.items():
            slot = cs.allowance_slot(f.address, spender)
            post(url, "anvil_setStorageAt", [cs.PUSD, slot, cs.word(amount)])
        post(url, "anvil_setBalance", [f.address, hex(f.pol_wei)])
    if extra_blocks:
        post(url, "anvil_mine", [hex(extra_blocks)])


def pytest(folder: Path, record: bool) -> None:
    env = dict(os.environ, **{ENV_DIR: str(folder)}, PYTHONHASHSEED="0")
    mode = "--record-mode=all" if record else "--record-mode=none"
    cmd = [sys.executable, "-m", "pytest", "-q", "-p", "no:randomly", mode, TEST]
    if subprocess.run(cmd, cwd=ROOT, env=env).returncode != 0:
        sys.exit(f"pytest {'recording' if record else 'replay'} failed")


def stamp(folder: Path, node: str) -> None:
    """local-node provenance; only content-type survives in headers (Date, User-Agent vary)."""
    for path in sorted(folder.glob("*.yaml")):
        data = load(path)
        data["provenance"] = {
            "kind": "local-node",
            "date": FIXTURE_DATE,
            "node": node,
            "chain": "anvil --chain-id 137 (wrong-chain node: 1); test token at the real "
            "pUSD/USDC.e/USDC addresses; Multicall3 from its pre-signed deployment",
            "recorder": "python3 scripts/record_chain.py",
        }
        for interaction in data["interactions"]:
            for part in ("request", "response"):
                headers = interaction[part].get("headers") or {}
                interaction[part]["headers"] = {
                    k: v for k, v in headers.items() if k.lower() == "content-type"
                }
        text = dump(data)
        problems = provenance_problems(data, path.name) + [
            str(f) for f in secret_findings(data, path.name, text)
        ]
        if problems:
            sys.exit("\n".join(problems))
        path.write_text(text, encoding="utf-8")


def differs(new: Path, old: Path) -> list[str]:
    names = {p.name for p in new.glob("*.yaml")} | {p.name for p in old.glob("*.yaml")}
    return sorted(
        n
        for n in names
        if not (new / n).is_file()
        or not (old / n).is_file()
        or not filecmp.cmp(new / n, old / n, shallow=False)
    )


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if cassettes would change")
    args = parser.parse_args(argv)
    node = ensure_anvil()
    tx = multicall3_tx()
    runtime = json.loads((CHAIN / "test_token.json").read_text())["deployedBytecode"]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "test_balance_tracker"
        procs = []
        try:
            for url, (port, chain_id) in NODES.items():
                procs.append(start(port, chain_id))
                if chain_id == 137:
                    extra = cs.EXTRA_BLOCKS if url == cs.MAIN_URL else 0
                    setup(url, runtime, tx, extra)
            pytest(folder, record=True)
        finally:
            for proc in procs:
                stop(proc)
        stamp(folder, node)
        pytest(folder, record=False)  # every node is stopped: this proves offline replay
        changed = differs(folder, TARGET)
        if args.check:
            if changed:
                print("cassettes differ from a fresh recording:\n  " + "\n  ".join(changed))
                return 1
            print(f"{len(list(folder.glob('*.yaml')))} cassettes reproduced byte for byte")
            return 0
        if TARGET.exists():
            shutil.rmtree(TARGET)
        shutil.copytree(folder, TARGET)
        print(f"wrote {TARGET.relative_to(ROOT)} ({len(changed)} changed)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
