#!/usr/bin/env bash
# Measures snarkjs's own BN254 Groth16 Solidity verifier on the same EVM as ours (tests/evm, Prague), for the
# comparison in bench/RESULTS-evm.md: the multiplier circuit of tests/interop (1 public input), compiled for BN254
# with the pinned circom2, a throwaway setup (beacons, not a ceremony), one proof, `zkey export solidityverifier`,
# then the valid call and the call with the public input + 1. Needs `npm ci` in tests/interop and tests/evm. ~30 s.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
interop="$repo/tests/interop"
snarkjs="node $interop/node_modules/.bin/snarkjs"
circom="$interop/node_modules/.bin/circom2"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
beacon=0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f
"$circom" "$interop/circuits/multiplier.circom" --r1cs --wasm --O1 --prime bn128 -o . > /dev/null
$snarkjs powersoftau new bn128 6 p0.ptau > /dev/null
$snarkjs powersoftau beacon p0.ptau p1.ptau "$beacon" 10 > /dev/null
$snarkjs powersoftau prepare phase2 p1.ptau pot.ptau > /dev/null
$snarkjs groth16 setup multiplier.r1cs pot.ptau m0.zkey > /dev/null
$snarkjs zkey beacon m0.zkey m.zkey "$beacon" 10 > /dev/null
$snarkjs wtns calculate multiplier_js/multiplier.wasm "$interop/circuits/multiplier.input.json" w.wtns > /dev/null
$snarkjs groth16 prove m.zkey w.wtns proof.json public.json > /dev/null
$snarkjs zkey export solidityverifier m.zkey Verifier.sol > /dev/null
$snarkjs zkey export soliditycalldata public.json proof.json > calldata.txt
# verifyProof(uint[2], uint[2][2], uint[2], uint[1]): static words after the selector.
node --input-type=module - "$repo/tests/evm/run.mjs" <<'JS' > request.json
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
const require = createRequire(process.argv[2]);
const { keccak_256 } = require('@noble/hashes/sha3.js');
const words = JSON.parse('[' + readFileSync('calldata.txt', 'utf8') + ']').flat(3).map((h) => BigInt(h).toString(16).padStart(64, '0'));
const selector = Buffer.from(keccak_256(Buffer.from('verifyProof(uint256[2],uint256[2][2],uint256[2],uint256[1])'))).subarray(0, 4).toString('hex');
const wrong = [...words.slice(0, -1), (BigInt('0x' + words.at(-1)) + 1n).toString(16).padStart(64, '0')];
console.log(JSON.stringify({
  sources: { 'Verifier.sol': readFileSync('Verifier.sol', 'utf8') },
  deploy: [{ file: 'Verifier.sol', contract: 'Groth16Verifier', name: 'v' }],
  calls: [{ to: 'v', data: '0x' + selector + words.join('') }, { to: 'v', data: '0x' + selector + wrong.join('') }],
}));
JS
node "$repo/tests/evm/run.mjs" request.json | node -e '
const r = JSON.parse(require("fs").readFileSync(0, "utf8"));
const c = r.contracts.v;
console.log(`snarkjs BN254 verifier (${r.compiler}, ${r.hardfork}): ${c.codeSize} bytes of code, deployment ${c.deployGas} gas`);
for (const [i, k] of r.calls.entries())
  console.log(`${i === 0 ? "valid proof" : "input + 1  "}: returns ${k.returnData.endsWith("1") ? "true" : "false"}, execution ${k.executionGas} ` +
    `(${Object.entries(k.precompileGas).map(([n, g]) => n + " " + g).join(", ")}), calldata ${k.calldataGas}, transaction ${k.txGas}`);'
