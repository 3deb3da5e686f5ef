import { lintAwsAuth, readAwsAuth, type AwsAuthData, type Finding } from '../aws-auth/index.js';
import { lostMappings, principalIdentity } from '../aws-auth/lost-entries.js';
import { StepError } from '../errors.js';
import { AWS_AUTH_NAME, AWS_AUTH_NAMESPACE, updateAwsAuth } from '../kube/aws-auth-store.js';
import type { KubeApi } from '../kube/client.js';
import type { RunContext } from './context.js';
import { diffAwsAuth } from './patch-aws-auth.js';
import { chooseBackupRestore } from './repair-restore.js';
import { applyActions, chooseRepairs, describeFinding, type RepairChoices, type RepairPlan } from './repair-plan.js';

/** Readable entries per key (accounts for mapAccounts), before and after the repair. */
export interface ReadableCounts {
  readonly mapRoles: number;
  readonly mapUsers: number;
  readonly mapAccounts: number;
}

export interface RepairResult {
  readonly changed: boolean;
  readonly applied: string[];
  readonly before: ReadableCounts;
  readonly after: ReadableCounts;
  /** Errors the live aws-auth still has after the repair. */
  readonly remaining: Finding[];
  readonly backupPath?: string;
  readonly attempts: number;
}

class DryRunStop extends Error {}

/**
 * Repairs the live aws-auth as the creator. It lints the ConfigMap, chooses the fixes (see
 * `chooseRepairs`) or a backup to restore, and writes through the same path as a new mapping.
 * That path takes a backup, shows the diff, asks for confirmation, writes with the fetched
 * resourceVersion and applies the fixes again after a conflict. The write is rejected when an
 * entry the authenticator reads would be lost and the user did not choose to drop it.
 */
export async function repairAwsAuth(ctx: RunContext, kube: KubeApi, choices: RepairChoices): Promise<RepairResult> {
  const live = await kube.getConfigMap(AWS_AUTH_NAMESPACE, AWS_AUTH_NAME);
  if (!live) {
    throw new StepError('AwsAuthAbsent', 'kube-system/aws-auth does not exist, so there is nothing to repair.', {
      hint: "Map an identity with 'eks-recover recover', which creates it.",
    });
  }
  const liveData = live.data ?? {};
  printFindings(ctx, lintAwsAuth(liveData));
  const plan = (await chooseBackupRestore(ctx, liveData, choices.backup)) ?? (await chooseRepairs(ctx, liveData, choices));
  const planned = applyActions(liveData, plan.actions);
  const before = readableCounts(liveData);
  if (sameData(planned, liveData)) {
    ctx.output.result('Nothing to change in aws-auth.');
    return { changed: false, applied: [], before, after: before, remaining: errorsOf(liveData), attempts: 1 };
  }
  lostEntriesCheck(plan)(liveData, planned);
  return writeRepair(ctx, kube, plan, before);
}

async function writeRepair(ctx: RunContext, kube: KubeApi, plan: RepairPlan, before: ReadableCounts): Promise<RepairResult> {
  let backupPath: string | undefined;
  let applied: string[] = [];
  const result = await updateAwsAuth(kube, {
    apply: (data) => {
      const current = data ?? {};
      const repaired = applyActions(current, plan.actions);
      applied = plan.actions.filter((action) => action.apply(current) !== null).map((action) => action.description);
      return { data: repaired, changed: !sameData(repaired, current) };
    },
    check: lostEntriesCheck(plan),
    beforeWrite: async (current, updated) => {
      printRepair(ctx, plan, applied, current?.data, updated);
      if (ctx.settings.dryRun) throw new DryRunStop();
      if (!(await ctx.prompter.confirm({ message: 'Write the repaired aws-auth?' }))) throw new StepError('Declined', 'Stopped before changing aws-auth, as you chose.');
      backupPath = await ctx.journal.writePrivateFile('aws-auth-before.json', `${JSON.stringify(current ?? null, null, 2)}\n`);
      ctx.output.info(`Backed up the live aws-auth to ${backupPath}.`);
      await ctx.journal.begin('aws-auth-mapping', { repair: applied, backupPath, clusterName: ctx.state.cluster?.name });
    },
  }).catch((error: unknown) => {
    if (error instanceof DryRunStop) return undefined;
    throw error;
  });

  if (!result) {
    ctx.output.result('Dry run: nothing was changed.');
    return { changed: false, applied, before, after: before, remaining: [], attempts: 1 };
  }
  const entry = ctx.journal.entries.findLast((candidate) => candidate.kind === 'aws-auth-mapping');
  if (entry && result.changed) await ctx.journal.complete(entry, { attempts: result.attempts, resourceVersion: result.after?.metadata?.resourceVersion });
  const afterData = result.after?.data ?? {};
  const retried = result.attempts > 1 ? ` after ${result.attempts - 1} conflicting write(s) by others` : '';
  if (result.changed) ctx.output.success(`Wrote the repaired aws-auth${retried}.`);
  return {
    changed: result.changed,
    applied,
    before,
    after: readableCounts(afterData),
    remaining: errorsOf(afterData),
    attempts: result.attempts,
    ...(backupPath ? { backupPath } : {}),
  };
}

/**
 * The wizard's hook before it adds a mapping: when the fetched aws-auth has errors, offers on
 * a terminal to repair it first. Declining, or a run without a terminal, leaves aws-auth as it
 * is and the wizard goes on.
 */
export async function offerRepair(ctx: RunContext, kube: KubeApi): Promise<RepairResult | undefined> {
  const live = await kube.getConfigMap(AWS_AUTH_NAMESPACE, AWS_AUTH_NAME);
  const errors = errorsOf(live?.data ?? {});
  if (!live || errors.length === 0) return undefined;
  ctx.output.warn(`kube-system/aws-auth has ${errors.length} error(s) that keep entries from working.`);
  if (!ctx.prompter.interactive) {
    ctx.output.info("The wizard leaves them as they are without a terminal; 'eks-recover repair' fixes them.");
    return undefined;
  }
  if (!(await ctx.prompter.confirm({ message: 'Repair aws-auth before adding your mapping?', default: true }))) return undefined;
  const result = await repairAwsAuth(ctx, kube, { keepEntries: [] });
  printCounts(ctx, result);
  return result;
}

/** Prints "mapRoles: 0 readable entries before, 4 after" for each key that has entries. */
export function printCounts(ctx: RunContext, result: RepairResult): void {
  for (const key of ['mapRoles', 'mapUsers', 'mapAccounts'] as const) {
    if (result.before[key] === 0 && result.after[key] === 0) continue;
    const noun = key === 'mapAccounts' ? 'readable accounts' : 'readable entries';
    ctx.output.info(`${key}: ${result.before[key]} ${noun} before, ${result.after[key]} after`);
  }
  for (const finding of result.remaining) ctx.output.warn(`still in aws-auth: ${describeFinding(finding)}`);
}

export function readableCounts(data: AwsAuthData): ReadableCounts {
  const reading = readAwsAuth(data);
  const count = (key: string) => reading.entries.filter((entry) => entry.key === key && entry.readable).length;
  return { mapRoles: count('mapRoles'), mapUsers: count('mapUsers'), mapAccounts: reading.accounts.length };
}

function lostEntriesCheck(plan: RepairPlan): (before: AwsAuthData | undefined, after: AwsAuthData) => void {
  return (before, after) => {
    const lost = lostMappings(before, after, plan.resolved);
    const entries = lost.entries.filter((entry) => !plan.dropped?.has(principalIdentity(entry.arn!)));
    const names = [...entries.map((entry) => `${entry.key}[${entry.index}] ${entry.arn}`), ...lost.accounts.map((account) => `mapAccounts ${account}`)];
    if (names.length === 0) return;
    throw new StepError('AwsAuthWouldLoseEntries', `The repaired aws-auth would lose ${names.join(', ')}; nothing was written.`, {
      hint: 'Keep these entries in the corrected text (or remove them on purpose first with eks-recover aws-auth remove).',
    });
  };
}

/** Prints the diff of the write, or one line per fix when each fix's diff was shown already against the same data. */
function printRepair(ctx: RunContext, plan: RepairPlan, applied: readonly string[], current: AwsAuthData | undefined, updated: AwsAuthData): void {
  if (plan.shownAgainst && current && sameData(current, plan.shownAgainst)) {
    ctx.output.heading('Repair of kube-system/aws-auth (the diff of each fix is shown above):');
    for (const description of applied) ctx.output.info(`  ${description}`);
    return;
  }
  ctx.output.heading('Repair of kube-system/aws-auth:');
  for (const line of diffAwsAuth(current, updated)) ctx.output.info(line);
}

function printFindings(ctx: RunContext, findings: readonly Finding[]): void {
  if (findings.length === 0) {
    ctx.output.success('aws-auth has no findings.');
    return;
  }
  ctx.output.heading(`Findings in kube-system/aws-auth (${findings.length}):`);
  for (const finding of findings) ctx.output.info(`  ${describeFinding(finding)}`);
}

function errorsOf(data: AwsAuthData): Finding[] {
  return lintAwsAuth(data).filter((finding) => finding.level === 'error');
}

function sameData(a: AwsAuthData, b: AwsAuthData): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].every((key) => a[key] === b[key]);
}
