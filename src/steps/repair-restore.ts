import { readFile } from 'node:fs/promises';
import type { AwsAuthData, MappingEntry } from '../aws-auth/index.js';
import { lostMappings, principalIdentity } from '../aws-auth/lost-entries.js';
import { listAwsAuthBackups } from '../commands/restore-run.js';
import { UsageError } from '../errors.js';
import type { RunContext } from './context.js';
import type { RepairPlan } from './repair-plan.js';

/**
 * Offers, on a terminal, to restore an aws-auth backup of this cluster instead of repairing
 * the live ConfigMap, naming what each backup brings back and drops. With `backupFile` the
 * backup is taken without asking. Returns undefined when the user chooses the repair.
 */
export async function chooseBackupRestore(ctx: RunContext, live: AwsAuthData, backupFile: string | undefined): Promise<RepairPlan | undefined> {
  if (backupFile) return restorePlan(ctx, live, backupFile, await readBackupData(backupFile));
  if (!ctx.prompter.interactive) return undefined;
  const clusterName = ctx.state.cluster?.name;
  const backups = (await listAwsAuthBackups(ctx.settings.stateDir)).filter((backup) => backup.clusterName === clusterName);
  if (backups.length === 0) return undefined;

  const options = [];
  for (const backup of backups) {
    const data = await readBackupData(backup.path).catch(() => undefined);
    if (!data) continue;
    const change = compare(live, data);
    options.push({ name: `restore the backup of ${backup.takenAt}: brings back ${change.returned.length}, drops ${change.dropped.length} (${backup.path})`, value: backup.path });
  }
  const choice = await ctx.prompter.select({
    message: 'Repair the live aws-auth, or restore a backup from before the breakage?',
    flag: '--backup FILE',
    choices: [{ name: 'repair the live aws-auth', value: '' }, ...options],
  });
  return choice ? restorePlan(ctx, live, choice, await readBackupData(choice)) : undefined;
}

function restorePlan(ctx: RunContext, live: AwsAuthData, path: string, saved: AwsAuthData): RepairPlan {
  const { returned, dropped } = compare(live, saved);
  ctx.output.heading(`Restore of ${path}:`);
  for (const entry of returned) ctx.output.info(`  brings back ${entry.key} ${entry.arn}`);
  for (const entry of dropped) ctx.output.warn(`drops ${entry.key} ${entry.arn}, which is not in the backup`);
  const caller = ctx.state.caller && principalIdentity(ctx.state.caller.awsAuthArn);
  if (caller && dropped.some((entry) => principalIdentity(entry.arn!) === caller)) {
    ctx.output.warn(`This removes your own access to ${ctx.state.cluster?.name ?? 'the cluster'}: the backup does not map ${ctx.state.caller!.awsAuthArn}.`);
  }
  return {
    actions: [{ description: `restore the backup ${path}`, apply: () => ({ ...saved }) }],
    resolved: new Set(),
    dropped: new Set(dropped.map((entry) => principalIdentity(entry.arn!))),
  };
}

function compare(live: AwsAuthData, saved: AwsAuthData): { returned: MappingEntry[]; dropped: MappingEntry[] } {
  return { returned: lostMappings(saved, live).entries, dropped: lostMappings(live, saved).entries };
}

/** Reads the data of an aws-auth backup. Throws a UsageError when the file is missing or contains no ConfigMap data. */
export async function readBackupData(path: string): Promise<AwsAuthData> {
  let value: unknown;
  try {
    value = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new UsageError('BackupUnreadable', `Cannot read the backup ${path}: ${(error as Error).message}`, {
      hint: 'Pass --backup with an aws-auth-before.json file that eks-recover wrote.',
    });
  }
  const data = (value as { data?: unknown } | null)?.data;
  if (data === null || typeof data !== 'object' || Object.values(data).some((item) => typeof item !== 'string')) {
    throw new UsageError('BackupInvalid', `Invalid backup ${path}: it contains no ConfigMap data.`, {
      hint: 'Pass --backup with an aws-auth-before.json file that eks-recover wrote.',
    });
  }
  return data as AwsAuthData;
}
