#!/usr/bin/env node
// Compiles every src/main/solidity/*.sol with the pinned solcjs (package.json) in one
// standard-JSON run, offline: imports resolve against src/main/solidity, then node_modules
// (@openzeppelin/...). For every deployable contract declared in those files it writes
//   <contractsDir>/<Name>.json   {contractName, sourceName, compiler, abi, bytecode, deployedBytecode}
//   <abiBinDir>/<Name>.abi, <Name>.bin   (what web3j's SolidityFunctionWrapperGenerator reads)
// The output depends only on the sources and the compiler, not on where the checkout is
// (source units are named relative to src/main/solidity), so it is byte-for-byte reproducible.
//
// Usage: node compile.js <contractsDir> <abiBinDir>
'use strict';
const fs = require('fs');
const path = require('path');
const solc = require('solc');

const EXPECTED_COMPILER = '0.8.28';
const EVM_VERSION = 'cancun';

const [, , contractsDir, abiBinDir] = process.argv;
if (!contractsDir || !abiBinDir) {
  console.error('usage: node compile.js <contractsDir> <abiBinDir>');
  process.exit(2);
}
const version = solc.version();
if (!version.startsWith(EXPECTED_COMPILER + '+')) {
  console.error(`solc ${version} is not the pinned ${EXPECTED_COMPILER}: run npm ci`);
  process.exit(1);
}

const here = __dirname;
const sourceDir = path.join(here, 'src', 'main', 'solidity');
const modulesDir = path.join(here, 'node_modules');

const files = fs.readdirSync(sourceDir).filter((f) => f.endsWith('.sol')).sort();
const sources = {};
for (const f of files) {
  sources[f] = { content: fs.readFileSync(path.join(sourceDir, f), 'utf8') };
}

function findImports(importPath) {
  for (const base of [sourceDir, modulesDir]) {
    const p = path.resolve(base, importPath);
    if (p.startsWith(base + path.sep) && fs.existsSync(p)) {
      return { contents: fs.readFileSync(p, 'utf8') };
    }
  }
  return { error: 'File not found: ' + importPath };
}

const input = {
  language: 'Solidity',
  sources,
  settings: {
    optimizer: { enabled: true, runs: 200 },
    viaIR: true, // the hub fits the 24 KiB code size limit only through the IR optimizer
    evmVersion: EVM_VERSION,
    outputSelection: {
      '*': { '': ['ast'], '*': ['abi', 'evm.bytecode.object', 'evm.deployedBytecode.object'] },
    },
  },
};

const output = JSON.parse(solc.compile(JSON.stringify(input), { import: findImports }));
let failed = false;
for (const e of output.errors || []) {
  console.error(e.formattedMessage);
  failed = failed || e.severity === 'error';
}
if (failed) {
  process.exit(1);
}

// Deployable contracts: `contract` (not abstract, not interface or library) declared in our files.
const deployable = new Set();
for (const f of files) {
  for (const node of output.sources[f].ast.nodes) {
    if (node.nodeType === 'ContractDefinition' && node.contractKind === 'contract' && !node.abstract) {
      deployable.add(f + ':' + node.name);
    }
  }
}

fs.mkdirSync(contractsDir, { recursive: true });
fs.mkdirSync(abiBinDir, { recursive: true });
// no artefact of a contract that is gone may linger
for (const [dir, suffixes] of [[contractsDir, ['.json']], [abiBinDir, ['.abi', '.bin']]]) {
  for (const f of fs.readdirSync(dir)) {
    if (suffixes.some((s) => f.endsWith(s))) {
      fs.unlinkSync(path.join(dir, f));
    }
  }
}
const written = [];
for (const f of files) {
  for (const [name, c] of Object.entries(output.contracts[f] || {})) {
    if (!deployable.has(f + ':' + name)) {
      continue;
    }
    const artefact = {
      contractName: name,
      sourceName: f,
      compiler: 'solc ' + version + ' via-ir optimizer runs 200 evm ' + EVM_VERSION,
      abi: c.abi,
      bytecode: '0x' + c.evm.bytecode.object,
      deployedBytecode: '0x' + c.evm.deployedBytecode.object,
    };
    fs.writeFileSync(path.join(contractsDir, name + '.json'), JSON.stringify(artefact, null, 2) + '\n');
    fs.writeFileSync(path.join(abiBinDir, name + '.abi'), JSON.stringify(c.abi));
    fs.writeFileSync(path.join(abiBinDir, name + '.bin'), c.evm.bytecode.object);
    written.push(`${name} (${c.evm.deployedBytecode.object.length / 2} bytes deployed)`);
  }
}
console.log('solc ' + version + ': ' + written.join(', '));
