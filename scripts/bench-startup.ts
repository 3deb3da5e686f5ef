// Measures the start-up wall time of `eks-recover token` and `eks-recover --help` against the
// floor of `node -e 0`, and `aws eks get-token` when the AWS CLI is installed. Every command
// signs with the same static keys from a temporary credentials file and makes no network call.
// When NODE_EXTRA_CA_CERTS is set, every Node.js process first loads that CA bundle, which
// raises the floor; the figures are then printed with and without it.
//
// It builds its own copy under .bench/, so that a concurrent `npm run build` cannot change it.
// Run:  npx tsx scripts/bench-startup.ts [runs]
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

interface Benchmark {
  readonly label: string;
  readonly command: string;
  readonly args: readonly string[];
  /** The largest ratio to `node -e 0` that the project aims for, if any. */
  readonly target?: number;
}

const ROOT = fileURLToPath(new URL('../', import.meta.url));
// Inside the repository, so that the bundle's external packages resolve from node_modules.
const BENCH_DIR = join(ROOT, '.bench');
const BIN = join(BENCH_DIR, 'bin', 'eks-recover');
const RUNS = Number(process.argv[2] ?? 25);
const WARMUP_RUNS = 3;

function main(): void {
  const home = mkdtempSync(join(tmpdir(), 'eks-recover-bench-'));
  try {
    buildPrivateCopy();
    const env = writeStaticCredentials(home);
    const benchmarks = chooseBenchmarks(env);
    const caBundle = process.env.NODE_EXTRA_CA_CERTS;
    if (caBundle) {
      console.log(`\nWith NODE_EXTRA_CA_CERTS=${caBundle}, as inherited:`);
      report(benchmarks, measure(benchmarks, { ...env, NODE_EXTRA_CA_CERTS: caBundle }));
    }
    console.log('\nWithout NODE_EXTRA_CA_CERTS:');
    report(benchmarks, measure(benchmarks, env));
  } finally {
    rmSync(home, { recursive: true, force: true });
    rmSync(BENCH_DIR, { recursive: true, force: true });
  }
}

/** Builds dist/ into .bench/dist and puts the launcher beside it, as an installed package has them. */
function buildPrivateCopy(): void {
  const build = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs')], {
    env: { ...process.env, EKS_RECOVER_OUTDIR: join(BENCH_DIR, 'dist') },
    stdio: 'inherit',
  });
  if (build.status !== 0) throw new Error(`The build failed with exit code ${build.status}.`);
  mkdirSync(join(BENCH_DIR, 'bin'), { recursive: true });
  copyFileSync(join(ROOT, 'bin', 'eks-recover'), BIN);
  copyFileSync(join(ROOT, 'bin', 'package.json'), join(BENCH_DIR, 'bin', 'package.json'));
}

function writeStaticCredentials(home: string): NodeJS.ProcessEnv {
  const credentials = join(home, 'credentials');
  const config = join(home, 'config');
  writeFileSync(credentials, '[default]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n');
  writeFileSync(config, '[default]\nregion = eu-west-1\noutput = json\n');
  return {
    PATH: process.env.PATH,
    HOME: home,
    LANG: 'C.UTF-8',
    AWS_SHARED_CREDENTIALS_FILE: credentials,
    AWS_CONFIG_FILE: config,
    AWS_EC2_METADATA_DISABLED: 'true',
  };
}

function chooseBenchmarks(env: NodeJS.ProcessEnv): Benchmark[] {
  const benchmarks: Benchmark[] = [
    { label: 'node -e 0', command: process.execPath, args: ['-e', '0'] },
    { label: 'eks-recover token', command: process.execPath, args: [BIN, 'token', '--cluster', 'demo'], target: 1.5 },
    { label: 'eks-recover --help', command: process.execPath, args: [BIN, '--help'], target: 2 },
  ];
  const aws = spawnSync('aws', ['--version'], { env, stdio: 'ignore' });
  if (aws.status === 0) benchmarks.push({ label: 'aws eks get-token', command: 'aws', args: ['eks', 'get-token', '--cluster-name', 'demo'] });
  else console.error('The AWS CLI is not on PATH; skipping "aws eks get-token".');
  return benchmarks;
}

/** Runs the commands in turn, round after round, so that a drift in machine speed hits all of them alike. */
function measure(benchmarks: readonly Benchmark[], env: NodeJS.ProcessEnv): Map<string, number[]> {
  const samples = new Map(benchmarks.map((benchmark) => [benchmark.label, [] as number[]]));
  for (let round = 0; round < WARMUP_RUNS + RUNS; round += 1) {
    for (const benchmark of benchmarks) {
      const started = performance.now();
      const result = spawnSync(benchmark.command, benchmark.args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
      const elapsed = performance.now() - started;
      if (result.status !== 0) throw new Error(`${benchmark.label} exited with ${result.status}: ${result.stderr.toString()}`);
      if (round >= WARMUP_RUNS) samples.get(benchmark.label)?.push(elapsed);
    }
  }
  return samples;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

function report(benchmarks: readonly Benchmark[], samples: Map<string, number[]>): void {
  const floor = median(samples.get('node -e 0') ?? []);
  console.log(`Node.js ${process.version}, ${cpus().length} x ${cpus()[0]?.model ?? 'unknown CPU'}, ${RUNS} runs each after ${WARMUP_RUNS} warm-up rounds`);
  console.log('command                 median ms    min ms    max ms   ratio to node -e 0   target');
  for (const benchmark of benchmarks) {
    const values = samples.get(benchmark.label) ?? [];
    const value = median(values);
    const columns = [
      benchmark.label.padEnd(22),
      value.toFixed(1).padStart(10),
      Math.min(...values).toFixed(1).padStart(9),
      Math.max(...values).toFixed(1).padStart(9),
      `${(value / floor).toFixed(2)}x`.padStart(20),
      benchmark.target ? `<= ${benchmark.target}x`.padStart(8) : '',
    ];
    console.log(columns.join(' '));
  }
}

main();
