// Compiles Solidity with the pinned solc-js, deploys it in an in-memory @ethereumjs/evm with Prague rules (EIP-2537's
// BLS12-381 precompiles, on the default @noble/curves backend) and runs calls. One JSON request in (a file named on
// the command line, or stdin), one JSON result out on stdout. See README.md for both shapes.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Common, Hardfork, Mainnet } from '@ethereumjs/common';
import { createEVM, getActivePrecompiles, MCLBLS, NobleBLS } from '@ethereumjs/evm';
import { Address, bytesToHex, hexToBytes } from '@ethereumjs/util';

const require = createRequire(import.meta.url);
const solc = require('solc');

// The precompiles whose gas the result splits out, by address: SHA-256 and MODEXP (the escrow's hash to G2), BN254's
// (EIP-196/197, for comparisons with verifiers on that curve) and EIP-2537's.
const MEASURED_PRECOMPILES = {
  '0000000000000000000000000000000000000002': 'SHA256',
  '0000000000000000000000000000000000000005': 'MODEXP',
  '0000000000000000000000000000000000000006': 'ECADD',
  '0000000000000000000000000000000000000007': 'ECMUL',
  '0000000000000000000000000000000000000008': 'ECPAIRING',
  '000000000000000000000000000000000000000b': 'G1ADD',
  '000000000000000000000000000000000000000c': 'G1MSM',
  '000000000000000000000000000000000000000d': 'G2ADD',
  '000000000000000000000000000000000000000e': 'G2MSM',
  '000000000000000000000000000000000000000f': 'PAIRING_CHECK',
  '0000000000000000000000000000000000000010': 'MAP_FP_TO_G1',
  '0000000000000000000000000000000000000011': 'MAP_FP2_TO_G2',
};

const DEFAULT_GAS_LIMIT = 30_000_000n;
const CALLER = new Address(hexToBytes('0x1000000000000000000000000000000000000001'));

function fail(message) {
  process.stdout.write(JSON.stringify({ error: message }) + '\n');
  process.exit(2);
}

function readRequest() {
  const text = readFileSync(process.argv[2] ?? 0, 'utf8');
  try { return JSON.parse(text); } catch (e) { fail(`request is not JSON: ${e.message}`); }
}

// The BLS12-381 arithmetic behind the precompiles: @noble/curves (the EVM's default, plain JavaScript) or mcl-wasm
// (herumi's mcl as WebAssembly, several times faster on pairings; @ethereumjs/evm's MCLBLS turns on its G1 and G2
// subgroup checks).
async function blsBackend(name) {
  if (name === 'noble') return new NobleBLS();
  if (name === 'mcl') {
    const mcl = require('mcl-wasm');
    await mcl.init(mcl.BLS12_381);
    return new MCLBLS(mcl);
  }
  fail(`request.bls: "${name}" is not a BLS backend (noble or mcl)`);
}

// Hex of constructor arguments and calldata may name a contract deployed earlier as <Name>: replaced by its 20-byte
// address (40 hex digits), so that requests can pass addresses the EVM assigns.
function withAddresses(hex, deployed, where) {
  return hex.replace(/<([A-Za-z0-9_]+)>/g, (_, name) => {
    if (deployed[name] === undefined) fail(`${where}: no contract named ${name} deployed before it`);
    return deployed[name].toString().slice(2);
  });
}

function compile(sources) {
  const input = {
    language: 'Solidity',
    sources: Object.fromEntries(Object.entries(sources).map(([name, content]) => [name, { content }])),
    settings: {
      evmVersion: 'prague',
      optimizer: { enabled: true, runs: 200 },
      outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object', 'evm.deployedBytecode.object'] } },
    },
  };
  const out = JSON.parse(solc.compile(JSON.stringify(input)));
  const errors = (out.errors ?? []).filter((e) => e.severity === 'error');
  if (errors.length > 0) fail(`solc ${solc.version()}: ${errors.map((e) => e.formattedMessage).join('\n')}`);
  const warnings = (out.errors ?? []).filter((e) => e.severity !== 'error').map((e) => e.formattedMessage);
  return { contracts: out.contracts, warnings };
}

// Calldata gas under Prague: EIP-2028's 4 / 16 gas per zero / non-zero byte, and EIP-7623's floor of 10 gas per token
// (a token is a zero byte, or a quarter of a non-zero one). Transaction gas = 21,000 + max(calldata + execution, floor).
function transactionGas(data, executionGas) {
  let zeros = 0;
  for (const b of data) if (b === 0) zeros++;
  const tokens = BigInt(zeros + 4 * (data.length - zeros));
  const standard = 4n * tokens;
  const floor = 10n * tokens;
  const total = 21_000n + (standard + executionGas > floor ? standard + executionGas : floor);
  return { calldataGas: standard, floorGas: floor, txGas: total };
}

// The block a call runs in: @ethereumjs/evm's default (all zero), at the given number.
function blockAt(number) {
  return {
    header: {
      number, coinbase: new Address(new Uint8Array(20)), timestamp: 0n, difficulty: 0n, prevRandao: new Uint8Array(32),
      gasLimit: 0n, baseFeePerGas: undefined, slotNumber: 0n, getBlobGasPrice: () => undefined,
    },
  };
}

async function main() {
  const request = readRequest();
  if (typeof request.sources !== 'object' || request.sources === null) fail('request.sources: an object of file name -> Solidity source is required');
  const { contracts, warnings } = compile(request.sources);

  const common = new Common({ chain: Mainnet, hardfork: Hardfork.Prague });
  // Each BLS precompile wrapped to record the gas it charged, so a call's gas can be split by precompile.
  let precompileGas = {};
  const active = getActivePrecompiles(common);
  const customPrecompiles = Object.entries(MEASURED_PRECOMPILES).map(([address, name]) => {
    const original = active.get(address);
    if (original === undefined) fail(`precompile 0x${address} (${name}) is not active under ${common.hardfork()}`);
    return {
      address: new Address(hexToBytes('0x' + address)),
      function: async (input) => {
        const result = await original(input);
        precompileGas[name] = (precompileGas[name] ?? 0n) + result.executionGasUsed;
        return result;
      },
    };
  });
  const evm = await createEVM({ common, customPrecompiles, bls: await blsBackend(request.bls ?? 'noble') });
  // runCall is not a transaction: warm what a transaction would (EIP-2929 puts every precompile and the sender in the
  // accessed set before execution, as @ethereumjs/vm's runTx does), else each precompile call costs 2,500 gas more.
  for (const address of evm.precompiles.keys()) evm.journal.addAlwaysWarmAddress(address);
  evm.journal.addAlwaysWarmAddress(CALLER.toString().slice(2));

  const deployed = {};
  const report = { compiler: solc.version(), hardfork: common.hardfork(), bls: request.bls ?? 'noble', warnings, contracts: {}, calls: [] };
  for (const [i, d] of (request.deploy ?? []).entries()) {
    const unit = contracts[d.file]?.[d.contract];
    if (unit === undefined) fail(`deploy[${i}]: no contract ${d.contract} in ${d.file}`);
    const code = hexToBytes('0x' + unit.evm.bytecode.object + withAddresses(d.args ?? '0x', deployed, `deploy[${i}].args`).slice(2));
    const r = await evm.runCall({ caller: CALLER, data: code, gasLimit: DEFAULT_GAS_LIMIT });
    if (r.execResult.exceptionError !== undefined) fail(`deploy[${i}] (${d.contract}): ${r.execResult.exceptionError.error}`);
    deployed[d.name ?? d.contract] = r.createdAddress;
    report.contracts[d.name ?? d.contract] = {
      address: r.createdAddress.toString(),
      deployGas: Number(r.execResult.executionGasUsed),
      codeSize: unit.evm.deployedBytecode.object.length / 2,
      abi: unit.abi,
    };
  }

  for (const [i, c] of (request.calls ?? []).entries()) {
    const to = deployed[c.to];
    if (to === undefined) fail(`calls[${i}].to: no deployed contract named ${c.to}`);
    const data = hexToBytes(withAddresses(c.data, deployed, `calls[${i}].data`));
    precompileGas = {};
    // On request, the gas of storage reads and writes and of events, summed from the interpreter's steps (slow: every
    // step is reported to the listener).
    const storageGas = {};
    const onStep = (step, resolve) => {
      const name = step.opcode.name.startsWith('LOG') ? 'LOG' : step.opcode.name;
      if (name === 'SLOAD' || name === 'SSTORE' || name === 'LOG') storageGas[name] = (storageGas[name] ?? 0n) + step.opcode.dynamicFee;
      resolve?.();
    };
    if (c.storageGas) evm.events.on('step', onStep);
    const r = await evm.runCall({
      caller: CALLER, to, data, isStatic: c.static ?? true,
      gasLimit: c.gasLimit !== undefined ? BigInt(c.gasLimit) : DEFAULT_GAS_LIMIT,
      block: blockAt(BigInt(c.blockNumber ?? 0)),
    });
    if (c.storageGas) evm.events.off('step', onStep);
    const ex = r.execResult;
    const executionGas = ex.executionGasUsed;
    const tx = transactionGas(data, executionGas);
    report.calls.push({
      success: ex.exceptionError === undefined,
      exception: ex.exceptionError?.error ?? null,
      returnData: bytesToHex(ex.returnValue),
      executionGas: Number(executionGas),
      calldataGas: Number(tx.calldataGas),
      txGas: Number(tx.txGas),
      precompileGas: Object.fromEntries(Object.entries(precompileGas).map(([k, v]) => [k, Number(v)])),
      ...(c.storageGas ? { storageGas: Object.fromEntries(Object.entries(storageGas).map(([k, v]) => [k, Number(v)])) } : {}),
    });
  }
  process.stdout.write(JSON.stringify(report) + '\n');
}

main().catch((e) => fail(e?.stack ?? String(e)));
