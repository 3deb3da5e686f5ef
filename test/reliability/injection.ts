import { access, readFile, rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import type { RequestMatch } from '../emulator/hooks.js';
import { type Sandbox, startSandbox } from '../sandbox/index.js';
import { type CliResult, spawnCli } from '../support/cli.js';
import { guardPreloadEnv } from '../support/environment.js';
import { awsAuthData, cleanup, cliEnv } from '../recover/helpers.js';
import { answered, type Baseline, findDamage, hasStackTrace, stateDir, takeBaseline, waitForCount } from './state.js';

const RENAME_PROBE = fileURLToPath(new URL('./support/rename-probe.mjs', import.meta.url));

/**
 * A moment at which the wizard can be stopped: while a request is in flight (the boundary
 * before each step's first call, and the middle of each AWS or Kubernetes write), or just
 * before the rename that completes an atomic file write.
 */
export type InjectionPoint =
  | { readonly label: string; readonly kind: 'request'; readonly match: Required<Pick<RequestMatch, 'service' | 'action' | 'nth'>> }
  | { readonly label: string; readonly kind: 'rename'; readonly file: string; readonly nth: number };

export type StopSignal = 'SIGKILL' | 'SIGINT';

export interface InjectionOutcome {
  readonly run: CliResult;
  readonly cleanup: CliResult;
  /** Every way in which the user is worse off; empty when the point passed. */
  readonly problems: string[];
}

function recoverArgs(sandbox: Sandbox): string[] {
  return ['recover', '--profile', sandbox.profile, '--cluster', sandbox.clusterName, '--yes', '--assume-role-timeout', '5', '--verify-timeout', '3'];
}

function probeEnv(sandbox: Sandbox, probe: Record<string, string>): Record<string, string> {
  return cliEnv(sandbox, { NODE_OPTIONS: `${guardPreloadEnv().NODE_OPTIONS} --import=${RENAME_PROBE}`, ...probe });
}

/** Runs one undisturbed recovery and lists every request and rename it makes, in order. */
export async function discoverInjectionPoints(): Promise<{ points: InjectionPoint[]; recoveredAwsAuth: Record<string, string> | undefined }> {
  const sandbox = await startSandbox();
  try {
    const log = join(sandbox.dir, 'renames.log');
    const run = spawnCli(recoverArgs(sandbox), probeEnv(sandbox, { EKS_RECOVER_TEST_RENAME_LOG: log }));
    const result = await run.done;
    if (result.code !== 0) throw new Error(`the undisturbed recovery failed: ${result.stderr}`);

    const points: InjectionPoint[] = [];
    const requestCounts = new Map<string, number>();
    for (const request of sandbox.emulator.requests) {
      const key = `${request.service} ${request.action}`;
      const nth = (requestCounts.get(key) ?? 0) + 1;
      requestCounts.set(key, nth);
      points.push({ label: `request ${key} #${nth}`, kind: 'request', match: { service: request.service, action: request.action, nth } });
    }
    const renameCounts = new Map<string, number>();
    for (const target of (await readFile(log, 'utf8')).split('\n').filter(Boolean)) {
      const file = basename(target);
      const nth = (renameCounts.get(file) ?? 0) + 1;
      renameCounts.set(file, nth);
      points.push({ label: `rename onto ${file} #${nth}`, kind: 'rename', file, nth });
    }
    return { points, recoveredAwsAuth: awsAuthData(sandbox) };
  } finally {
    await sandbox.stop();
  }
}

async function waitForFile(path: string, stopped: () => boolean): Promise<boolean> {
  for (let poll = 0; poll < 4_000; poll += 1) {
    if (await access(path).then(() => true, () => false)) return true;
    if (stopped()) return false;
    await sleep(5);
  }
  throw new Error(`${path} never appeared`);
}

/**
 * Starts a recovery, stops it with `signal` at `point`, lets a held request reach the server
 * afterwards (as a write already on the wire would), runs `eks-recover cleanup`, and checks
 * that the user is no worse off: see `findDamage`, plus a clean exit for Ctrl+C.
 */
export async function injectStop(sandbox: Sandbox, baseline: Baseline, point: InjectionPoint, signal: StopSignal, recoveredAwsAuth: Record<string, string> | undefined): Promise<InjectionOutcome> {
  const marker = join(sandbox.dir, 'paused');
  await rm(marker, { force: true });
  const held = point.kind === 'request' ? sandbox.emulator.hooks.hold(point.match) : undefined;
  const probe: Record<string, string> = point.kind === 'rename' ? { EKS_RECOVER_TEST_PAUSE_RENAME: `${point.file}:${point.nth}`, EKS_RECOVER_TEST_PAUSE_MARKER: marker } : {};
  const run = spawnCli(recoverArgs(sandbox), probeEnv(sandbox, probe));
  let exited = false;
  void run.done.then(() => (exited = true));

  const reached = held ? await Promise.race([held.waitUntilHeld().then(() => true), run.done.then(() => false)]) : await waitForFile(marker, () => exited);
  const problems: string[] = reached ? [] : [`the run ended before reaching ${point.label}`];
  run.child.kill(signal);
  const result = await run.done;
  if (held && point.kind === 'request') {
    held.release();
    if (reached) await waitForCount(() => answered(sandbox, point.match), point.match.nth, `${point.label} being answered`).catch((error: Error) => problems.push(error.message));
  }

  problems.push(...signalProblems(result, signal));
  const cleaned = await cleanup(sandbox);
  if (cleaned.code !== 0) problems.push(`cleanup exited ${cleaned.code}: ${cleaned.stderr.trim()}`);
  problems.push(...(await findDamage(sandbox, baseline, recoveredAwsAuth)));
  return { run: result, cleanup: cleaned, problems };
}

/** Puts a sandbox that passed a point back as it was: no journals, the original aws-auth, no hooks. */
async function resetSandbox(sandbox: Sandbox, baseline: Baseline): Promise<void> {
  await rm(stateDir(sandbox), { recursive: true, force: true });
  sandbox.emulator.hooks.clear();
  if (baseline.awsAuth) sandbox.emulator.setConfigMap('kube-system', 'aws-auth', baseline.awsAuth);
  sandbox.emulator.clearRequests();
}

export interface InjectionRun {
  readonly point: InjectionPoint;
  readonly signal: StopSignal;
}

/**
 * Runs each stop on `parallel` sandboxes at a time. A sandbox is reused after a point that
 * left no damage (after `eks-recover cleanup` only aws-auth and the journals differ, and those
 * are reset), and replaced after one that did.
 */
export async function runInjections(runs: readonly InjectionRun[], parallel: number, recoveredAwsAuth: Record<string, string> | undefined): Promise<Array<InjectionRun & { problems: string[] }>> {
  const results: Array<InjectionRun & { problems: string[] }> = [];
  let next = 0;
  const worker = async () => {
    let sandbox: Sandbox | undefined;
    try {
      while (next < runs.length) {
        const run = runs[next]!;
        next += 1;
        sandbox ??= await startSandbox();
        const baseline = await takeBaseline(sandbox);
        const { problems } = await injectStop(sandbox, baseline, run.point, run.signal, recoveredAwsAuth);
        results.push({ ...run, problems });
        if (problems.length > 0) {
          await sandbox.stop();
          sandbox = undefined;
        } else {
          await resetSandbox(sandbox, baseline);
        }
      }
    } finally {
      await sandbox?.stop();
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, runs.length) }, worker));
  return results;
}

/** Ctrl+C must end with exit 130, a message and no stack trace; SIGKILL cannot be handled at all. */
function signalProblems(result: CliResult, signal: StopSignal): string[] {
  if (signal === 'SIGKILL') return result.signal === 'SIGKILL' ? [] : [`the run was not killed (exit ${result.code})`];
  const problems: string[] = [];
  if (result.code !== 130) problems.push(`Ctrl+C ended the run with exit ${result.code} (signal ${result.signal}) instead of 130`);
  if (hasStackTrace(result.stderr)) problems.push(`Ctrl+C printed a stack trace: ${result.stderr}`);
  if (/Left behind by this run/.test(result.stderr) && !result.stderr.includes('eks-recover cleanup')) problems.push('leftovers were named without the cleanup command');
  return problems;
}
