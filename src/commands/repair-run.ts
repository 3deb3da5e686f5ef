import { createAwsClients, resolveRegion } from '../aws/clients.js';
import { checkCredentialSource } from '../aws-config/source-check.js';
import type { GlobalOptions } from '../config/settings.js';
import { ExitCode, UsageError } from '../errors.js';
import { Journal } from '../journal/journal.js';
import type { RecoverOptions, RunContext } from '../steps/context.js';
import { type CreatorSource, creatorClients } from '../steps/creator-access.js';
import { identifyCaller } from '../steps/identify-caller.js';
import { kubeFor } from '../steps/patch-aws-auth.js';
import { printCounts, repairAwsAuth, type RepairResult } from '../steps/repair-aws-auth.js';
import { planFromFile, type RepairChoices } from '../steps/repair-plan.js';
import { readBackupData } from '../steps/repair-restore.js';
import { chooseClusterName, describeCluster } from '../steps/select-cluster.js';
import { checkTempProfileName } from '../steps/temp-profile.js';
import { undoTemporaryChanges } from '../steps/undo.js';
import { type AccessReport, printAccessReport, verifyAccess } from '../steps/verify-access.js';
import type { RepairFlags } from './repair.js';
import { runGuarded } from './guarded-run.js';
import { createRuntime } from './runtime.js';

const ENTRY_NAME = /^(mapRoles|mapUsers)\[\d+\]$/;

/** `eks-recover repair`: creator access, the repair of aws-auth, then a check of your own access. */
export async function runRepair(flags: RepairFlags & GlobalOptions): Promise<void> {
  const { settings, output, prompter } = createRuntime(flags);
  const source = creatorSource(flags);
  if (source.kind === 'grant') checkTempProfileName(flags.tempProfile, settings.profile);
  const choices = await repairChoices(flags, checkKeepEntries(flags.keepEntry ?? []));
  const region = await resolveRegion(settings);
  const checked = source.kind === 'grant' ? await checkCredentialSource({ settings, region, temporaryProfile: flags.tempProfile }) : undefined;
  const clients = await createAwsClients(settings, checked ? { credentials: checked.credentials } : {});
  const journal = await Journal.create(settings.stateDir, 'repair', { ...(settings.profile ? { profile: settings.profile } : {}), region: clients.region }, { dryRun: settings.dryRun });
  const ctx: RunContext = { settings, output, prompter, journal, clients, options: repairOptions(flags), state: checked ? { source: checked.source } : {} };

  const undoOnFailure = () => undoTemporaryChanges(journal, async () => clients, output).then(() => undefined);
  await runGuarded(
    journal,
    output,
    async () => {
      const { result, report } = await repair(ctx, source, choices, flags.verifyTimeout);
      if (settings.json) output.printJson(resultObject(ctx, result, report));
    },
    { undoOnFailure },
  );
}

async function repair(ctx: RunContext, source: CreatorSource, choices: RepairChoices, verifyTimeoutSeconds: number) {
  const { output } = ctx;
  output.heading('1. Who you are and the cluster');
  await identifyCaller(ctx);
  const describeAs = source.kind === 'grant' ? ctx.clients : undefined;
  if (describeAs) ctx.state.cluster = await describeCluster(ctx, describeAs, await chooseClusterName(ctx, describeAs));

  output.heading('2. Creator access');
  const plan = { title: 'As the creator, repair kube-system/aws-auth (each change is shown before it is written).', details: [] };
  const creator = await creatorClients(ctx, source, [plan]);
  ctx.state.cluster ??= await describeCluster(ctx, creator, await chooseClusterName(ctx, creator));
  const cluster = ctx.state.cluster;
  await ctx.journal.updateContext({ clusterName: cluster.name });

  output.heading('3. aws-auth');
  const result = await repairAwsAuth(ctx, kubeFor(cluster, creator), choices);
  printCounts(ctx, result);

  // A key that still does not parse maps no identity, so waiting for the authenticator cannot help.
  const stillBroken = result.remaining.some((finding) => finding.code === 'invalid-yaml');
  const report = result.changed ? await checkOwnAccess(ctx, stillBroken ? 0 : verifyTimeoutSeconds) : undefined;
  await removeTemporaryAccess(ctx);
  if (result.changed) output.result(`Repaired aws-auth of ${cluster.name}: ${result.applied.join('; ')}.`);
  return { result, report };
}

/**
 * Checks the caller's own access as the wizard does. A failed check sets exit code 1 but lets the
 * run go on, so the temporary access is still removed and the repair still reported.
 */
async function checkOwnAccess(ctx: RunContext, timeoutSeconds: number): Promise<AccessReport | undefined> {
  ctx.output.heading('4. Your access');
  try {
    const report = await verifyAccess(ctx, kubeFor(ctx.state.cluster!, ctx.clients), { timeoutMs: timeoutSeconds * 1000 });
    printAccessReport(ctx, report);
    return report;
  } catch (error) {
    process.exitCode = ExitCode.Failure;
    ctx.output.error(`Your own identity has no access after the repair: ${(error as Error).message}. Map it with 'eks-recover recover'.`);
    return undefined;
  }
}

async function removeTemporaryAccess(ctx: RunContext): Promise<void> {
  if (ctx.journal.pendingUndo().length === 0) return;
  const undone = await undoTemporaryChanges(ctx.journal, async () => ctx.clients, ctx.output);
  if (undone.failed.length > 0) {
    process.exitCode = ExitCode.Failure;
    ctx.output.warn("Some temporary resources could not be removed; run 'eks-recover cleanup' to try again.");
  }
}

function creatorSource(flags: RepairFlags): CreatorSource {
  const given = [flags.creatorProfile && '--creator-profile', flags.roleArn && '--role-arn', flags.creatorRoleArn && '--creator-role-arn'].filter(Boolean);
  if (given.length > 1) {
    throw new UsageError('ConflictingOptions', `Give only one of ${given.join(', ')}: each names a different way to act as the creator.`, {
      hint: 'Use --creator-profile or --role-arn when you can already act as the creator, --creator-role-arn for a temporary grant.',
    });
  }
  if (flags.creatorProfile) return { kind: 'profile', profile: flags.creatorProfile };
  if (flags.roleArn) return { kind: 'role', roleArn: flags.roleArn.trim() };
  return { kind: 'grant' };
}

/** Builds the repair choices and reads and checks the --from-file or --backup file, all before any change. */
async function repairChoices(flags: RepairFlags, keepEntries: string[]): Promise<RepairChoices> {
  if (flags.fromFile && flags.backup) {
    throw new UsageError('ConflictingOptions', 'Give only one of --from-file and --backup: one repairs with a corrected file, the other restores a backup.', {
      hint: 'Drop one of the two options.',
    });
  }
  if (flags.backup) await readBackupData(flags.backup);
  const fromFile = flags.fromFile ? { fromFile: flags.fromFile, fromFilePlan: await planFromFile(flags.fromFile) } : {};
  return { keepEntries, mergeDuplicates: flags.mergeDuplicates === true, ...fromFile, ...(flags.backup ? { backup: flags.backup } : {}) };
}

function checkKeepEntries(values: readonly string[]): string[] {
  for (const value of values) {
    if (!ENTRY_NAME.test(value.trim())) {
      throw new UsageError('InvalidKeepEntry', `Invalid --keep-entry "${value}": name an entry as KEY[INDEX], where KEY is mapRoles or mapUsers.`, {
        hint: 'Use the KEY[INDEX] that the finding shows, such as --keep-entry mapRoles[2].',
      });
    }
  }
  return values.map((value) => value.trim());
}

function repairOptions(flags: RepairFlags): RecoverOptions {
  return {
    ...(flags.cluster ? { cluster: flags.cluster } : {}),
    ...(flags.creatorRoleArn ? { creatorRoleArn: flags.creatorRoleArn.trim() } : {}),
    group: [],
    tempProfile: flags.tempProfile,
    grantTtlMinutes: flags.grantTtl,
    assumeRoleTimeoutSeconds: flags.assumeRoleTimeout,
    keepTemp: false,
  };
}

function resultObject(ctx: RunContext, result: RepairResult, report: AccessReport | undefined) {
  return {
    dryRun: ctx.settings.dryRun,
    cluster: ctx.state.cluster?.name ?? null,
    changed: result.changed,
    applied: result.applied,
    readableBefore: result.before,
    readableAfter: result.after,
    remaining: result.remaining,
    backupPath: result.backupPath ?? null,
    attempts: result.attempts,
    access: report ?? null,
    journal: ctx.journal.dir,
  };
}

