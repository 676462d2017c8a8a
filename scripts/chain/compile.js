// Rebuild test_token.json from TestToken6.sol with the pinned solc-js (npm ci first).
// Recording does not need this: the compiled JSON is committed.
"use strict";
const fs = require("fs");
const path = require("path");
const solc = require("solc");

const source = fs.readFileSync(path.join(__dirname, "TestToken6.sol"), "utf8");
const input = {
  language: "Solidity",
  sources: { "TestToken6.sol": { content: source } },
  settings: {
    evmVersion: "cancun",
    optimizer: { enabled: true, runs: 200 },
    metadata: { bytecodeHash: "none" },
    outputSelection: { "*": { "*": ["abi", "evm.bytecode.object", "evm.deployedBytecode.object"] } },
  },
};
const output = JSON.parse(solc.compile(JSON.stringify(input)));
const errors = (output.errors || []).filter((e) => e.severity === "error");
if (errors.length) {
  console.error(errors.map((e) => e.formattedMessage).join("\n"));
  process.exit(1);
}
const c = output.contracts["TestToken6.sol"].TestToken6;
const artifact = {
  contract: "TestToken6",
  source: "scripts/chain/TestToken6.sol",
  compiler: "solc-js " + solc.version(),
  settings: { evmVersion: "cancun", optimizer: { enabled: true, runs: 200 } },
  abi: c.abi,
  bytecode: "0x" + c.evm.bytecode.object,
  deployedBytecode: "0x" + c.evm.deployedBytecode.object,
};
fs.writeFileSync(path.join(__dirname, "test_token.json"), JSON.stringify(artifact, null, 2) + "\n");
console.log("wrote scripts/chain/test_token.json (" + (c.evm.deployedBytecode.object.length / 2) + " bytes of runtime code)");
