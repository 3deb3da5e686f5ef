import { readdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Journal } from '../../src/journal/journal.js';
import type { RequestMatch } from '../emulator/hooks.js';
import type { Sandbox } from '../sandbox/index.js';
import { awsAuthData, configBytes, eksRecoverGroups } from '../recover/helpers.js';

/** What a user has before eks-recover runs: the AWS config file, its folder and aws-auth. */
export interface Baseline {
  readonly config: Buffer;
  readonly awsDirNames: string[];
  readonly awsAuth: Record<string, string> | undefined;
}

export async function takeBaseline(sandbox: Sandbox): Promise<Baseline> {
  return {
    config: await configBytes(sandbox),
    awsDirNames: await awsDirNames(sandbox),
    awsAuth: awsAuthData(sandbox),
  };
}

export function stateDir(sandbox: Sandbox): string {
  return join(sandbox.dir, 'state');
}

async function awsDirNames(sandbox: Sandbox): Promise<string[]> {
  return (await readdir(dirname(sandbox.env.AWS_CONFIG_FILE!))).filter((name) => !name.endsWith('.bak')).sort();
}

/**
 * Every way a run can leave the user worse off than before, as a list of sentences (empty
 * when there is none): a group under /eks-recover/, a changed AWS config file or a stray file
 * beside it, an aws-auth that is neither the original nor the original plus `expectedAwsAuth`,
 * and a journal that cannot be read or still lists temporary resources.
 */
export async function findDamage(sandbox: Sandbox, baseline: Baseline, expectedAwsAuth: Record<string, string> | undefined): Promise<string[]> {
  const damage: string[] = [];
  const groups = await eksRecoverGroups(sandbox);
  if (groups.length > 0) damage.push(`IAM groups left under /eks-recover/: ${groups.join(', ')}`);
  if (!(await configBytes(sandbox)).equals(baseline.config)) damage.push('the AWS config file differs from before');
  const names = await awsDirNames(sandbox);
  if (names.join('/') !== baseline.awsDirNames.join('/')) damage.push(`the AWS config folder holds ${names.join(', ')} instead of ${baseline.awsDirNames.join(', ')}`);

  const awsAuth = JSON.stringify(awsAuthData(sandbox));
  if (awsAuth !== JSON.stringify(baseline.awsAuth) && awsAuth !== JSON.stringify(expectedAwsAuth)) {
    damage.push(`aws-auth is neither the original nor the recovered one: ${awsAuth}`);
  }

  const { journals, invalid } = await Journal.loadAll(stateDir(sandbox));
  for (const entry of invalid) damage.push(`journal ${entry.dir} is unreadable: ${entry.error}`);
  for (const journal of journals) {
    const pending = journal.pendingUndo().map((entry) => `${entry.kind}#${entry.id}`);
    if (pending.length > 0) damage.push(`journal ${journal.runId} still lists ${pending.join(', ')}`);
  }
  return damage;
}

/** Polls until `count()` reaches `expected`; the emulator records a request once it has answered it. */
export async function waitForCount(count: () => number, expected: number, what: string): Promise<void> {
  for (let poll = 0; poll < 2_000; poll += 1) {
    if (count() >= expected) return;
    await sleep(5);
  }
  throw new Error(`${what} did not happen`);
}

/** Number of requests the emulator has answered that match. */
export function answered(sandbox: Sandbox, match: RequestMatch): number {
  return sandbox.emulator.requests.filter(
    (request) => (match.service === undefined || request.service === match.service) && (match.action === undefined || request.action === match.action),
  ).length;
}

/** True when text looks like a Node.js stack trace. */
export function hasStackTrace(text: string): boolean {
  return /\n\s+at .+[(:]\d+/.test(text) || /^\s+at (async )?\S+ \(/m.test(text);
}
