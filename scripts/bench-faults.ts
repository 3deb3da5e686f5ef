// Stops the wizard with SIGKILL and with SIGINT at every injection point (each request in
// flight, each atomic file write before its rename), runs `eks-recover cleanup`, and prints
// how many points left the user no worse off, with the time each one took.
// Run: npx tsx scripts/bench-faults.ts [parallel runs, default 3]
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { StopSignal } from '../test/reliability/injection.js';

// A private build, because `npm run build` elsewhere replaces dist/ while this runs.
const repo = fileURLToPath(new URL('../', import.meta.url));
const outdir = `${repo}.test-build/bench-faults-${process.pid}`;
execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: repo, stdio: 'inherit', env: { ...process.env, EKS_RECOVER_OUTDIR: outdir } });
process.env.EKS_RECOVER_TEST_CLI = `${outdir}/cli.js`;
process.env.AWS_EC2_METADATA_DISABLED = 'true';
// Every CLI and this process itself may connect only to 127.0.0.1.
const guard: string = '../test/support/loopback-only.mjs';
await import(guard);
const { discoverInjectionPoints, runInjections } = await import('../test/reliability/injection.js');

const limit = Number(process.argv[2] ?? 3);
const started = performance.now();
const { points, recoveredAwsAuth } = await discoverInjectionPoints();
const runs = points.flatMap((point) => (['SIGKILL', 'SIGINT'] as StopSignal[]).map((signal) => ({ point, signal })));
const outcomes = await runInjections(runs, limit, recoveredAwsAuth);
const failed = outcomes.filter((outcome) => outcome.problems.length > 0);
for (const outcome of failed) process.stdout.write(`FAIL ${outcome.signal} at ${outcome.point.label}: ${outcome.problems.join('; ')}\n`);
const seconds = ((performance.now() - started) / 1000).toFixed(0);
process.stdout.write(`injection points passed: ${outcomes.length - failed.length} of ${outcomes.length} (${points.length} points x SIGKILL, SIGINT) in ${seconds} s with ${limit} in parallel\n`);
rmSync(outdir, { recursive: true, force: true });
