import { createAwsClients, resolveRegion } from '../aws/clients.js';
import { checkCredentialSource } from '../aws-config/source-check.js';
import type { GlobalOptions } from '../config/settings.js';
import { EksRecoverError, ExitCode, StepError, UsageError } from '../errors.js';
import { assertStateDirUsable, Journal } from '../journal/journal.js';
import type { RecoverOptions, RunContext } from '../steps/context.js';
import { choosePath } from '../steps/choose-path.js';
import { chooseCreatorRole } from '../steps/creator-role.js';
import { identifyCaller } from '../steps/identify-caller.js';
import { describeMapping, kubeFor, type MappingRequest, mappingRequest, patchAwsAuth, removeAddedMapping } from '../steps/patch-aws-auth.js';
import { offerRepair } from '../steps/repair-aws-auth.js';
import type { KubeApi } from '../kube/client.js';
import { sameArn } from '../aws/arn.js';
import { chooseClusterName, describeCluster } from '../steps/select-cluster.js';
import { undoTemporaryChanges } from '../steps/undo.js';
import { type AccessReport, kubeconfigHint, printAccessReport, probeAccess, verifyAccess } from '../steps/verify-access.js';
import { recoverWithAccessEntry } from './recover-access-entry.js';
import type { RecoverFlags } from './recover.js';
import { runGuarded } from './guarded-run.js';
import { checkTempProfileName } from '../steps/temp-profile.js';
import { applyCreatorGrant, planCreatorGrant } from '../steps/creator-access.js';
import { writeCallerContext } from '../steps/write-kubeconfig.js';
import { createRuntime } from './runtime.js';
import { printPlan } from '../ui/output.js';
import type { Prompter } from '../ui/prompter.js';

export function toRecoverOptions(flags: RecoverFlags): RecoverOptions {
  return {
    ...(flags.cluster ? { cluster: flags.cluster } : {}),
    ...(flags.clusterAccount ? { clusterAccount: flags.clusterAccount } : {}),
    ...(flags.creatorRoleArn ? { creatorRoleArn: flags.creatorRoleArn.trim() } : {}),
    ...(flags.mapArn ? { mapArn: flags.mapArn.trim() } : {}),
    ...(flags.username ? { username: flags.username } : {}),
    group: flags.group ?? [],
    tempProfile: flags.tempProfile,
    grantTtlMinutes: flags.grantTtl,
    assumeRoleTimeoutSeconds: flags.assumeRoleTimeout,
    keepTemp: flags.keepTemp === true,
    method: flags.method ?? 'auto',
    enableAccessEntries: flags.enableAccessEntries === true,
    ...(flags.confirmCluster !== undefined ? { confirmCluster: flags.confirmCluster.trim() } : {}),
  };
}

/** Runs the wizard: each step in order, with the journal making every temporary change undoable. */
export async function runRecover(flags: RecoverFlags & GlobalOptions): Promise<void> {
  const { settings, output, prompter } = createRuntime(flags);
  const options = toRecoverOptions(flags);
  checkTempProfileName(options.tempProfile, settings.profile);
  const region = await resolveRegion(settings);
  const source = await checkCredentialSource({
    settings,
    region,
    temporaryProfile: options.tempProfile,
    ...mfaCodeProvider(flags.mfaCode, prompter),
  });
  const clients = await createAwsClients(settings, { credentials: source.credentials });
  if (!settings.dryRun) await assertStateDirUsable(settings.stateDir);
  const journal = await Journal.create(settings.stateDir, 'recover', { ...(settings.profile ? { profile: settings.profile } : {}), region: clients.region }, { dryRun: settings.dryRun });
  const ctx: RunContext = { settings, output, prompter, journal, clients, options, state: { source: source.source } };

  const undoOnFailure = options.keepTemp ? {} : { undoOnFailure: () => undoTemporaryChanges(journal, async () => clients, output).then(() => undefined) };
  await runGuarded(
    journal,
    output,
    async () => {
      const report = await recover(ctx, flags);
      if (settings.json) output.printJson(resultObject(ctx, report));
    },
    undoOnFailure,
  );
}

async function recover(ctx: RunContext, flags: RecoverFlags): Promise<AccessReport | undefined> {
  const verifyTimeoutSeconds = flags.verifyTimeout;
  const { output, options, settings, state } = ctx;
  output.heading('1. Who you are');
  const caller = await identifyCaller(ctx);

  output.heading('2. The cluster');
  const clusterAccountId = options.clusterAccount ?? accountOfRole(options.creatorRoleArn) ?? caller.accountId;
  const crossAccount = clusterAccountId !== caller.accountId;
  if (crossAccount) {
    output.info(`The cluster lives in account ${clusterAccountId}; it is listed and described as the creator role.`);
  } else {
    state.cluster = await describeCluster(ctx, ctx.clients, await chooseClusterName(ctx, ctx.clients));
    await ctx.journal.updateContext({ clusterName: state.cluster.name });
    const existing = await existingAccess(ctx);
    if (existing) return existing;
  }

  // The access-entry path, when the cluster accepts access entries; it falls back to aws-auth below.
  if (state.cluster) {
    const path = await choosePath(ctx, state.cluster);
    if (path.method === 'access-entry') {
      const result = await recoverWithAccessEntry(ctx, path, { verifyTimeoutSeconds, updateTimeoutSeconds: flags.updateTimeout });
      if (result.status === 'recovered') {
        if (flags.writeKubeconfig && result.report) await writeCallerContext(ctx);
        return result.report;
      }
    }
  } else if (options.method === 'access-entry' || options.enableAccessEntries) {
    throw new UsageError('AccessEntryCrossAccount', 'The access-entry path works only on a cluster of your own account.', {
      hint: 'Run eks-recover with credentials of the cluster account, or drop --method access-entry and --enable-access-entries.',
    });
  }

  output.heading('3. The creator role');
  await chooseCreatorRole(ctx, clusterAccountId);

  output.heading('4. Plan');
  const grantPlan = await planCreatorGrant(ctx);
  const request = mappingRequest(ctx);
  printPlan(output, [...grantPlan.items, describeMapping(request)]);
  if (settings.dryRun) {
    output.info('\nDry run: nothing was changed.');
    return undefined;
  }
  if (!(await ctx.prompter.confirm({ message: 'Create the temporary grant and profile?' }))) {
    throw new StepError('Declined', 'Stopped before any change, as you chose.');
  }

  output.heading('5. Temporary access to the creator role');
  const creator = await applyCreatorGrant(ctx, grantPlan);
  if (crossAccount) {
    state.cluster = await describeCluster(ctx, creator, await chooseClusterName(ctx, creator));
    await ctx.journal.updateContext({ clusterName: state.cluster.name });
  }

  const report = await mapAndVerify(ctx, kubeFor(state.cluster!, creator), request, verifyTimeoutSeconds);

  const wroteContext = flags.writeKubeconfig === true && report !== undefined;
  if (wroteContext) await writeCallerContext(ctx);

  output.heading('8. Clean up');
  await removeTemporary(ctx);
  output.result(`Recovered: ${request.arn} has access to cluster ${state.cluster!.name}.`);
  if (crossAccount && !wroteContext) {
    output.info('The cluster is in another account, so eks-recover kubeconfig cannot describe it as you: run the recovery with --write-kubeconfig to get a kubectl context.');
  } else if (!wroteContext) {
    output.info(kubeconfigHint(state.cluster!.name, ctx.clients.region, ctx.settings.profile));
  }
  return report;
}

/**
 * Steps 6 and 7: as the creator, adds the mapping; then checks access with the caller's own
 * identity. When that check fails, the entry this run appended is removed again, the
 * temporary grant and profile too, and the run fails.
 */
async function mapAndVerify(ctx: RunContext, creatorKube: KubeApi, request: MappingRequest, verifyTimeoutSeconds: number): Promise<AccessReport | undefined> {
  const { output, state } = ctx;
  output.heading('6. aws-auth');
  await offerRepair(ctx, creatorKube);
  await patchAwsAuth(ctx, creatorKube, request);

  output.heading('7. Your access');
  if (!sameArn(request.arn, state.caller!.awsAuthArn)) {
    output.info(`The mapping is for ${request.arn}, not for you: check access as that identity (eks-recover diagnose).`);
    return undefined;
  }
  try {
    const report = await verifyAccess(ctx, kubeFor(state.cluster!, ctx.clients), { timeoutMs: verifyTimeoutSeconds * 1000 });
    printAccessReport(ctx, report);
    return report;
  } catch (error) {
    if (state.mapping?.appended) {
      await removeAddedMapping(creatorKube, request.arn);
      output.warn(`Removed the aws-auth entry for ${request.arn} again, because your access still fails.`);
    }
    await removeTemporary(ctx);
    const hint = error instanceof EksRecoverError && error.hint ? error.hint : 'Run eks-recover diagnose to see how EKS sees you, and check --map-arn.';
    throw new StepError('VerifyFailed', `Your identity still has no access to ${state.cluster!.name}: ${(error as Error).message}`, {
      hint,
      cause: error,
    });
  }
}

/**
 * Checks whether the caller already has cluster-admin access, so that no admin role is
 * granted for nothing. Any failure (401, 403, an unreachable endpoint) means "go on".
 */
async function existingAccess(ctx: RunContext): Promise<AccessReport | undefined> {
  const { state, options, output } = ctx;
  if (options.mapArn && !sameArn(options.mapArn, state.caller!.awsAuthArn)) return undefined;
  try {
    const report = await probeAccess(kubeFor(state.cluster!, ctx.clients));
    if (!report.clusterAdmin) return undefined;
    output.success(`You already have cluster-admin access to ${state.cluster!.name} as ${report.username}; nothing to recover.`);
    printAccessReport(ctx, report);
    return report;
  } catch (error) {
    output.debug(`Access check before the recovery: ${(error as Error).message}`);
    return undefined;
  }
}

/** Step 8: removes the temporary grant and profile, unless --keep-temp. */
async function removeTemporary(ctx: RunContext): Promise<void> {
  if (ctx.options.keepTemp) {
    ctx.output.info("Kept the temporary grant and profile (--keep-temp); remove them with 'eks-recover cleanup'.");
    return;
  }
  const undone = await undoTemporaryChanges(ctx.journal, async () => ctx.clients, ctx.output);
  if (undone.failed.length > 0) {
    process.exitCode = ExitCode.Failure;
    ctx.output.warn("Some temporary resources could not be removed; run 'eks-recover cleanup' to try again.");
  }
}

/**
 * Returns the source of MFA codes: `--mfa-code`, a prompt on a terminal, or none. Without one,
 * a source chain that needs a code fails with the flag named.
 */
function mfaCodeProvider(code: string | undefined, prompter: Prompter): { mfaCodeProvider?: (serial: string) => Promise<string> } {
  if (code) return { mfaCodeProvider: async () => code };
  if (!prompter.interactive) return {};
  return {
    mfaCodeProvider: (serial) => prompter.input({ message: `MFA code for ${serial}`, flag: '--mfa-code CODE' }),
  };
}

function accountOfRole(arn: string | undefined): string | undefined {
  return arn?.split(':')[4] || undefined;
}

function resultObject(ctx: RunContext, report: AccessReport | undefined) {
  const { state } = ctx;
  return {
    dryRun: ctx.settings.dryRun,
    caller: state.caller ? { arn: state.caller.arn, kind: state.caller.kind, awsAuthArn: state.caller.awsAuthArn } : null,
    cluster: state.cluster ? { name: state.cluster.name, arn: state.cluster.arn, authenticationMode: state.cluster.authenticationMode } : null,
    creatorRoleArn: state.creatorRoleArn ?? null,
    mapping: state.mapping ?? (ctx.settings.dryRun && state.caller ? { planned: mappingRequest(ctx) } : null),
    accessEntry: state.accessEntry ?? null,
    access: report ?? null,
    journal: ctx.settings.dryRun ? null : ctx.journal.dir,
    temporaryLeft: ctx.journal.pendingUndo().length,
  };
}
