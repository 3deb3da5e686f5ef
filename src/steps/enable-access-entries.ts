import { DescribeUpdateCommand, type EKSClient, UpdateClusterConfigCommand } from '@aws-sdk/client-eks';
import { explainAwsError, isAwsError } from '../aws/errors.js';
import { StepError, UsageError } from '../errors.js';
import { startProgress } from '../ui/progress.js';
import type { ClusterInfo, RunContext, StepPlan } from './context.js';

export const TARGET_MODE = 'API_AND_CONFIG_MAP';

export interface WaitOptions {
  readonly timeoutMs: number;
  readonly sleep?: (ms: number) => Promise<void>;
}

export function describeEnablePlan(cluster: ClusterInfo): StepPlan {
  return {
    title: `Change the authentication mode of cluster ${cluster.name} from CONFIG_MAP to ${TARGET_MODE}.`,
    details: [
      'This cannot be undone: EKS never moves a cluster back to CONFIG_MAP.',
      'aws-auth keeps working; access entries are accepted besides it.',
    ],
  };
}

/**
 * Asks for the cluster name typed out, because the mode change is one-way. `--yes` does not
 * count: without a terminal `--confirm-cluster NAME` must equal the cluster's name.
 */
export async function confirmModeChange(ctx: RunContext, cluster: ClusterInfo): Promise<void> {
  const given = ctx.options.confirmCluster;
  if (given !== undefined) {
    if (given !== cluster.name) {
      throw new UsageError('ConfirmationMismatch', `--confirm-cluster "${given}" does not match the cluster name "${cluster.name}"; nothing was changed.`, {
        hint: `Pass --confirm-cluster ${cluster.name} to change its authentication mode.`,
      });
    }
    return;
  }
  if (!ctx.prompter.interactive) {
    throw new UsageError('ConfirmationRequired', `Changing the authentication mode of cluster ${cluster.name} cannot be undone and needs the cluster name to confirm.`, {
      hint: `Pass --confirm-cluster ${cluster.name} together with --enable-access-entries.`,
    });
  }
  await ctx.prompter.input({
    message: `Type the cluster name (${cluster.name}) to change its authentication mode for good`,
    flag: `--confirm-cluster ${cluster.name}`,
    validate: (value) => (value.trim() === cluster.name ? true : `Type ${cluster.name} exactly, or press Ctrl+C to stop.`),
  });
}

/**
 * Moves a CONFIG_MAP cluster to API_AND_CONFIG_MAP with UpdateClusterConfig and waits
 * until DescribeUpdate reports the update as successful. Call `confirmModeChange` first.
 */
export async function enableAccessEntries(ctx: RunContext, cluster: ClusterInfo, options: WaitOptions): Promise<ClusterInfo> {
  const eks = await ctx.clients.eks();
  let updateId: string | undefined;
  try {
    const result = await eks.send(new UpdateClusterConfigCommand({ name: cluster.name, accessConfig: { authenticationMode: TARGET_MODE } }));
    updateId = result.update?.id;
  } catch (error) {
    if (isAwsError(error, 'ResourceInUseException')) {
      throw new StepError('ClusterBusy', `Cluster ${cluster.name} is busy with another update, so its authentication mode cannot change now.`, {
        hint: `Wait for the update to finish (aws eks list-updates --name ${cluster.name}) and run eks-recover again.`,
        cause: error,
      });
    }
    throw explainAwsError(error, `change the authentication mode of cluster ${cluster.name}`);
  }
  if (!updateId) throw new StepError('UpdateMissing', `UpdateClusterConfig for cluster ${cluster.name} returned no update id.`);
  await waitForUpdate(ctx, eks, cluster.name, updateId, options);
  const updated: ClusterInfo = { ...cluster, authenticationMode: TARGET_MODE };
  ctx.state.cluster = updated;
  return updated;
}

async function waitForUpdate(ctx: RunContext, eks: EKSClient, name: string, updateId: string, options: WaitOptions): Promise<void> {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const deadline = Date.now() + options.timeoutMs;
  const progress = await startProgress(ctx.output, `Waiting for update ${updateId} of cluster ${name}`);
  for (let attempt = 1; ; attempt += 1) {
    let update;
    try {
      update = (await eks.send(new DescribeUpdateCommand({ name, updateId }))).update;
    } catch (error) {
      progress.fail(`Could not follow update ${updateId}.`);
      throw explainAwsError(error, `describe update ${updateId} of cluster ${name}`);
    }
    const status = update?.status ?? 'InProgress';
    if (status === 'Successful') {
      progress.succeed(`Cluster ${name} now uses authentication mode ${TARGET_MODE}.`);
      return;
    }
    if (status === 'Failed' || status === 'Cancelled') {
      progress.fail(`Update ${updateId} ${status.toLowerCase()}.`);
      const errors = (update?.errors ?? []).map((error) => `${error.errorCode}: ${error.errorMessage}`).join('; ');
      throw new StepError('UpdateFailed', `The authentication mode update of cluster ${name} ${status.toLowerCase()}${errors ? `: ${errors}` : ''}.`, {
        hint: `See aws eks describe-update --name ${name} --update-id ${updateId}.`,
      });
    }
    if (Date.now() >= deadline) {
      progress.fail(`Update ${updateId} is still in progress.`);
      throw new StepError('UpdateTimedOut', `Timed out waiting for update ${updateId} of cluster ${name}; it is still ${status}.`, {
        hint: `Follow it with aws eks describe-update --name ${name} --update-id ${updateId}, then run eks-recover again.`,
      });
    }
    progress.update(`Waiting for update ${updateId} of cluster ${name}: ${status} (check ${attempt})`);
    await sleep(Math.min(1000 * 2 ** (attempt - 1), 10_000));
  }
}
