import { StepError } from '../errors.js';
import { accessEntryRequest, applyAccessEntry, describeAccessEntryPlan } from '../steps/access-entry.js';
import type { ChosenPath } from '../steps/choose-path.js';
import type { ClusterInfo, RunContext, StepPlan } from '../steps/context.js';
import { confirmModeChange, describeEnablePlan, enableAccessEntries } from '../steps/enable-access-entries.js';
import { kubeFor } from '../steps/patch-aws-auth.js';
import { describeCluster } from '../steps/select-cluster.js';
import { type AccessReport, printAccessReport, verifyAccess, kubeconfigHint } from '../steps/verify-access.js';
import { printPlan } from '../ui/output.js';

export interface AccessEntryPathOptions {
  readonly verifyTimeoutSeconds: number;
  /** How long to wait for the authentication mode update. */
  readonly updateTimeoutSeconds: number;
}

export type AccessEntryPathResult =
  | { readonly status: 'recovered'; readonly report: AccessReport | undefined }
  /** Continue with the aws-auth path: the caller may not create access entries, or the mode was stale. */
  | { readonly status: 'fallback' };

/**
 * Runs the access-entry path of the wizard: optionally enables access entries, creates or
 * reuses the caller's entry, associates the cluster admin policy and verifies with the
 * caller's own identity. It needs no creator role and writes nothing to aws-auth.
 */
export async function recoverWithAccessEntry(ctx: RunContext, path: ChosenPath, options: AccessEntryPathOptions): Promise<AccessEntryPathResult> {
  const { output, settings, state } = ctx;
  let cluster = state.cluster!;
  const request = accessEntryRequest(ctx, cluster, path.principalArn!, path.existingEntry);

  // The wizard printed steps 1 and 2 before choosing this path. The rest are numbered as
  // they run, so a run without the mode change has no gap in the numbers.
  let step = 3;
  const heading = (title: string) => output.heading(`${step++}. ${title}`);
  heading('Plan');
  const plans: StepPlan[] = [...(path.enableAccessEntries ? [describeEnablePlan(cluster)] : []), ...describeAccessEntryPlan(request)];
  printPlan(ctx.output, plans);
  if (path.enableAccessEntries) await confirmModeChange(ctx, cluster);
  if (settings.dryRun) {
    output.info('\nDry run: nothing was changed.');
    return { status: 'recovered', report: undefined };
  }

  // Asked before the mode change, because that change cannot be undone.
  if (!(await ctx.prompter.confirm({ message: `Grant ${request.principalArn} cluster-admin through an access entry?` }))) {
    throw new StepError('Declined', 'Stopped before any change, as you chose.');
  }
  if (path.enableAccessEntries) {
    heading('Authentication mode');
    cluster = await enableAccessEntries(ctx, cluster, { timeoutMs: options.updateTimeoutSeconds * 1000 });
  }

  heading('Access entry');
  const outcome = await applyAccessEntry(ctx, request, {
    method: ctx.options.method ?? 'auto',
    fallbackOnDenied: path.fallbackOnDenied,
    timeoutMs: options.verifyTimeoutSeconds * 1000,
  });
  if (outcome.status === 'fallback') {
    output.warn(`Falling back to aws-auth through the creator role, because ${outcome.reason}.`);
    if (outcome.staleMode) state.cluster = await describeCluster(ctx, ctx.clients, cluster.name);
    return { status: 'fallback' };
  }

  heading('Your access');
  const report = await verify(ctx, cluster, request.principalArn, outcome.created, options.verifyTimeoutSeconds);
  printAccessReport(ctx, report);
  output.result(`Recovered: ${request.principalArn} has access to cluster ${cluster.name} through its access entry.`);
  output.info(kubeconfigHint(cluster.name, ctx.clients.region, ctx.settings.profile));
  return { status: 'recovered', report };
}

async function verify(ctx: RunContext, cluster: ClusterInfo, principalArn: string, created: boolean, timeoutSeconds: number): Promise<AccessReport> {
  try {
    return await verifyAccess(ctx, kubeFor(cluster, ctx.clients), { timeoutMs: timeoutSeconds * 1000 });
  } catch (error) {
    const recreated = created
      ? ''
      : ' The access entry existed before this run: if the IAM principal was deleted and created again with the same name, the entry still points at the old one.';
    throw new StepError('VerifyFailed', `Your identity still has no access to ${cluster.name}: ${(error as Error).message}.${recreated}`, {
      hint: created
        ? 'Check that --map-arn names the identity you use (eks-recover diagnose shows how EKS sees you).'
        : `After checking, an administrator can delete and recreate it: aws eks delete-access-entry --cluster-name ${cluster.name} --principal-arn ${principalArn}`,
      cause: error,
    });
  }
}

