import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { V1ConfigMap } from '@kubernetes/client-node';
import { lintAwsAuth, readAwsAuth } from '../aws-auth/index.js';
import { principalIdentity } from '../aws-auth/lost-entries.js';
import type { MappingEntry } from '../aws-auth/types.js';
import { type AwsClients, createAwsClients } from '../aws/clients.js';
import type { GlobalOptions } from '../config/settings.js';
import { StepError, UsageError } from '../errors.js';
import { Journal } from '../journal/journal.js';
import { updateAwsAuth } from '../kube/aws-auth-store.js';
import type { RunContext } from '../steps/context.js';
import { fetchCaller } from '../steps/identify-caller.js';
import { diffAwsAuth, kubeFor } from '../steps/patch-aws-auth.js';
import { describeFinding } from '../steps/repair-plan.js';
import { describeCluster } from '../steps/select-cluster.js';
import type { RestoreFlags } from './restore.js';
import { createRuntime } from './runtime.js';

export interface AwsAuthBackup {
  readonly path: string;
  readonly clusterName: string | undefined;
  readonly takenAt: string;
}

/** Lists every aws-auth backup recorded in a journal, newest first. */
export async function listAwsAuthBackups(stateDir: string): Promise<AwsAuthBackup[]> {
  const { journals } = await Journal.loadAll(stateDir);
  return journals
    .flatMap((journal) =>
      journal.entries
        .filter((entry) => entry.kind === 'aws-auth-mapping' && typeof entry.data.backupPath === 'string')
        .map((entry) => ({
          path: String(entry.data.backupPath),
          clusterName: (entry.data.clusterName as string | undefined) ?? journal.context.clusterName,
          takenAt: entry.createdAt,
        })),
    )
    .reverse();
}

export async function runRestore(flags: RestoreFlags & GlobalOptions): Promise<void> {
  const { settings, output, prompter } = createRuntime(flags);
  const backup = await chooseBackup(flags, settings.stateDir, prompter);
  const saved = await readBackup(backup.path);
  const clusterName = flags.cluster ?? backup.clusterName;
  if (!clusterName) throw new UsageError('MissingCluster', `The backup ${backup.path} does not name its cluster.`, { hint: 'Pass --cluster NAME.' });

  const clients = await createAwsClients(settings);
  const journal = await Journal.create(settings.stateDir, 'restore', { region: clients.region, clusterName }, { dryRun: settings.dryRun });
  const ctx: RunContext = { settings, output, prompter, journal, clients, options: { group: [], tempProfile: '', grantTtlMinutes: 0, assumeRoleTimeoutSeconds: 0, keepTemp: false }, state: {} };
  const cluster = await describeCluster(ctx, clients, clusterName);
  const kube = kubeFor(cluster, clients);
  const callerArn = await callerAwsAuthArn(clients);

  const result = await updateAwsAuth(kube, {
    apply: (live) => ({ data: { ...(saved.data ?? {}) }, changed: JSON.stringify(live ?? {}) !== JSON.stringify(saved.data ?? {}) }),
    beforeWrite: async (live, restored) => {
      const removesOwnAccess = describeRestore(ctx, live, restored, callerArn);
      if (removesOwnAccess) {
        output.warn(`This removes your own access to ${clusterName}: the restore drops the aws-auth entry for ${callerArn}, and the backup does not map you.`);
      }
      if (settings.dryRun) throw new DryRunStop();
      const question = removesOwnAccess ? `Restore aws-auth of ${clusterName} from ${backup.path}, removing your own access to ${clusterName}?` : `Restore aws-auth of ${clusterName} from ${backup.path}?`;
      if (!(await prompter.confirm({ message: question }))) {
        throw new StepError('Declined', 'Stopped before restoring aws-auth, as you chose.');
      }
      const livePath = await journal.writePrivateFile('aws-auth-before.json', `${JSON.stringify(live ?? null, null, 2)}\n`);
      output.info(`Backed up the live aws-auth to ${livePath}.`);
      await journal.begin('aws-auth-mapping', { restoredFrom: backup.path, backupPath: livePath, clusterName });
    },
  }).catch((error: unknown) => {
    if (error instanceof DryRunStop) return undefined;
    throw error;
  });

  if (!result) output.result('Dry run: nothing was changed.');
  else if (!result.changed) output.result(`The live aws-auth of ${clusterName} already equals the backup; nothing to restore.`);
  else output.result(`Restored aws-auth of ${clusterName} from ${backup.path}.`);
}

class DryRunStop extends Error {}

/** Chooses the backup to restore. A `--backup` file that a journal records gets its cluster from that journal. */
async function chooseBackup(flags: RestoreFlags, stateDir: string, prompter: RunContext['prompter']): Promise<AwsAuthBackup> {
  const known = await listAwsAuthBackups(stateDir);
  if (flags.backup) {
    const recorded = known.find((backup) => resolve(backup.path) === resolve(flags.backup!));
    return { path: flags.backup, clusterName: recorded?.clusterName, takenAt: recorded?.takenAt ?? '' };
  }
  const backups = known.filter((backup) => !flags.cluster || backup.clusterName === flags.cluster);
  if (backups.length === 0) {
    throw new UsageError('NoBackups', `No aws-auth backups${flags.cluster ? ` of cluster ${flags.cluster}` : ''} in ${stateDir}.`, {
      hint: 'Pass --backup FILE, or --state-dir where the earlier run kept its journal.',
    });
  }
  if (!prompter.interactive) {
    const list = backups.map((backup) => `    ${backup.path} (cluster ${backup.clusterName ?? 'unknown'}, taken ${backup.takenAt})`);
    throw new UsageError('BackupNotChosen', 'Missing --backup: without a terminal eks-recover cannot ask which backup to restore.', {
      hint: `Pass --backup FILE. The backups in ${stateDir}, newest first:\n${list.join('\n')}`,
    });
  }
  return prompter.select({
    message: 'Which backup should be restored?',
    flag: '--backup FILE',
    choices: backups.map((backup) => ({ name: `${backup.takenAt} ${backup.clusterName ?? ''} ${backup.path}`, value: backup })),
  });
}

async function readBackup(path: string): Promise<V1ConfigMap> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new UsageError('BackupUnreadable', `Cannot read backup ${path}: ${(error as Error).message}`, { hint: 'Pass --backup with an existing file.' });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new UsageError('BackupInvalid', `Backup ${path} is not valid JSON.`, { hint: 'Pass a file that eks-recover wrote (aws-auth-before.json).' });
  }
  if (value === null) {
    throw new StepError('BackupEmpty', `Backup ${path} records that aws-auth did not exist before the change.`, {
      hint: 'Remove the entries added since then from the live ConfigMap instead: kubectl -n kube-system edit configmap aws-auth.',
    });
  }
  const configMap = value as V1ConfigMap;
  if (configMap.kind !== 'ConfigMap' && configMap.data === undefined) {
    throw new UsageError('BackupInvalid', `Backup ${path} does not hold a ConfigMap.`, { hint: 'Pass a file that eks-recover wrote (aws-auth-before.json).' });
  }
  return configMap;
}

/** Returns the caller's ARN as aws-auth names it (the role ARN for an assumed role). */
async function callerAwsAuthArn(clients: AwsClients): Promise<string> {
  return (await fetchCaller(clients)).awsAuthArn;
}

/** Prints the restore plan and returns true when the restore drops the caller's own mapping. */
function describeRestore(ctx: RunContext, live: V1ConfigMap | undefined, restored: Record<string, string>, callerArn: string): boolean {
  const { output } = ctx;
  const liveEntries = readAwsAuth(live?.data).entries.filter((entry) => entry.readable);
  const savedEntries = readAwsAuth(restored).entries.filter((entry) => entry.readable);
  const missingFrom = (list: MappingEntry[]) => (entry: MappingEntry) => !list.some((other) => other.key === entry.key && other.arn === entry.arn);
  const dropped = uniqueEntries(liveEntries.filter(missingFrom(savedEntries)));
  const returned = uniqueEntries(savedEntries.filter(missingFrom(liveEntries)));
  output.heading('Restore plan for kube-system/aws-auth:');
  for (const line of diffAwsAuth(live?.data, restored)) output.info(line.startsWith('+++ ') ? line.replace(/after eks-recover$/, 'after restore') : line);
  for (const finding of lintAwsAuth(restored).filter((item) => item.level === 'error')) {
    const ignored = finding.code === 'invalid-yaml' ? ', so EKS reads none of the entries of that key' : '';
    output.warn(`the backup has an error that the restore writes back${ignored}: ${describeFinding(finding, { level: false })}`);
  }
  for (const entry of dropped) output.warn(`added since the backup and dropped by the restore: ${entry.key} ${entry.arn}`);
  for (const entry of returned) output.info(`brought back by the restore: ${entry.key} ${entry.arn}`);
  const caller = principalIdentity(callerArn);
  const mapsCaller = (entry: MappingEntry) => entry.arn !== undefined && principalIdentity(entry.arn) === caller;
  return dropped.some(mapsCaller) && !savedEntries.some(mapsCaller);
}

/** Keeps the first entry of each key and ARN, so that duplicate entries are listed once. */
function uniqueEntries(entries: readonly MappingEntry[]): MappingEntry[] {
  const seen = new Set<string>();
  return entries.filter((entry) => {
    const id = `${entry.key} ${entry.arn}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}
