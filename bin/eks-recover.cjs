#!/usr/bin/env node
'use strict';
// CommonJS on purpose: kubectl starts `eks-recover token` before every request, and a CommonJS
// entry does not pay for the ES module loader. Any other command, and a token request that
// fails or needs commander, runs the ES module CLI, which owns every message and exit code.
const args = process.argv.slice(2);
const runCli = () => import('../dist/cli.js');

if (args.includes('token')) {
  require('../dist/token-fast.cjs')
    .runTokenFastPath(args)
    .then((handled) => (handled ? undefined : runCli()), () => runCli());
} else {
  runCli();
}
