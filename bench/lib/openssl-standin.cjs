#!/usr/bin/env node
'use strict';
// A stand-in for `openssl` (npm run bench:compare -- --fixed-openssl MS), copied as `openssl` into a folder
// put first on PATH, beside standin.json ({ real, key, ms }: the action's environment is not the bench's).
// `req -newkey ...` answers with the pooled key and a real CSR for it, `ms` after it started, like a key
// generation on a core of its own without its randomness; one process, so a stop ends it. Anything else
// runs the real openssl (an absolute path: never this file again).
const { spawnSync } = require('node:child_process');
const { readFileSync } = require('node:fs');
const { join } = require('node:path');

const { real, key, ms } = JSON.parse(readFileSync(join(__dirname, 'standin.json'), 'utf8'));
const args = process.argv.slice(2);
if (!args.includes('-newkey')) {
  process.exit(spawnSync(real, args, { stdio: 'inherit' }).status ?? 1);
}
const config = args[args.indexOf('-config') + 1];
const csr = spawnSync(real, ['req', '-new', '-utf8', '-key', key, '-sha256', '-config', config], {
  encoding: 'utf8',
  env: { ...process.env, OPENSSL_CONF: config },
});
if (csr.status !== 0) {
  process.stderr.write(csr.stderr);
  process.exit(1);
}
const answer = readFileSync(key, 'utf8') + csr.stdout;
setTimeout(() => process.stdout.write(answer), Math.max(0, ms - process.uptime() * 1000));
