#!/usr/bin/env node
// Runs `npm ci` (solc, OpenZeppelin, anvil, exactly as package-lock.json pins them) unless
// node_modules already holds that very install: a stamp with the lock file's sha256 is written
// after a successful `npm ci`. Run by the Maven build before compile.js.
'use strict';
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');

const here = __dirname;
const lock = fs.readFileSync(path.join(here, 'package-lock.json'));
const wanted = crypto.createHash('sha256').update(lock).digest('hex');
const stamp = path.join(here, 'node_modules', '.xwgrid-npm-ci');
if (fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8').trim() === wanted) {
  console.log('node_modules is up to date with package-lock.json');
  process.exit(0);
}
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const result = spawnSync(npm, ['ci', '--no-audit', '--no-fund', '--prefer-offline'], { cwd: here, stdio: 'inherit' });
if (result.error || result.status !== 0) {
  console.error('npm ci failed' + (result.error ? ': ' + result.error.message : ''));
  process.exit(1);
}
fs.writeFileSync(stamp, wanted + '\n');
