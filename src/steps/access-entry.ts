import {
  AssociateAccessPolicyCommand,
  CreateAccessEntryCommand,
  type EKSClient,
  ListAssociatedAccessPoliciesCommand,
} from '@aws-sdk/client-eks';
import { parseArn } from '../aws/arn.js';
import { explainAwsError, isAwsError } from '../aws/errors.js';
import { StepError, UsageError } from '../errors.js';
import { startProgress } from '../ui/progress.js';
import { type ExistingAccessEntry, type Method, findAccessEntry } from './choose-path.js';
import type { ClusterInfo, RunContext, StepPlan } from './context.js';

export const CLUSTER_ADMIN_POLICY_NAME = 'AmazonEKSClusterAdminPolicy';

export function clusterAdminPolicyArn(partition: string): string {
  return `arn:${partition}:eks::aws:cluster-access-policy/${CLUSTER_ADMIN_POLICY_NAME}`;
}

export interface AccessEntryRequest {
  readonly clusterName: string;
  readonly principalArn: string;
  readonly username?: string;
  readonly kubernetesGroups: readonly string[];
  readonly policyArn: string;
  readonly existingEntry?: ExistingAccessEntry;
}

export type AccessEntryOutcome =
  | { readonly status: 'done'; readonly created: boolean; readonly associated: boolean }
  /** The caller may not create access entries, or the cluster turned out to be CONFIG_MAP: take the aws-auth path. */
  | { readonly status: 'fallback'; readonly reason: string; readonly staleMode: boolean };

export interface ApplyAccessEntryOptions {
  readonly method: Method;
  readonly fallbackOnDenied: boolean;
  /** How long AssociateAccessPolicy is retried while a new entry propagates. */
  readonly timeoutMs: number;
  readonly sleep?: (ms: number) => Promise<void>;
}

/** Builds the request from the flags; rejects Kubernetes groups EKS does not accept before anything is written. */
export function accessEntryRequest(ctx: RunContext, cluster: ClusterInfo, principalArn: string, existingEntry?: ExistingAccessEntry): AccessEntryRequest {
  const reserved = ctx.options.group.filter((group) => group.startsWith('system:'));
  if (reserved.length > 0) {
    throw new UsageError('ReservedKubernetesGroup', `Access entries cannot name Kubernetes groups that start with "system:" (${reserved.join(', ')}).`, {
      hint: `Drop --group ${reserved[0]}: ${CLUSTER_ADMIN_POLICY_NAME} already grants cluster-admin, or name a group of your own.`,
    });
  }
  return {
    clusterName: cluster.name,
    principalArn,
    ...(ctx.options.username ? { username: ctx.options.username } : {}),
    kubernetesGroups: ctx.options.group,
    policyArn: clusterAdminPolicyArn(parseArn(cluster.arn).partition),
    ...(existingEntry ? { existingEntry } : {}),
  };
}

/** Describes the changes for the confirmation and `--dry-run`, with the security-monitoring warning. */
export function describeAccessEntryPlan(request: AccessEntryRequest): StepPlan[] {
  const { clusterName, principalArn, existingEntry } = request;
  const extras = [
    request.username ? `username ${request.username}` : '',
    request.kubernetesGroups.length > 0 ? `groups ${request.kubernetesGroups.join(', ')}` : '',
  ].filter(Boolean);
  const entryPlan: StepPlan = existingEntry
    ? {
        title: `Use the existing access entry of ${principalArn} on cluster ${clusterName} (type ${existingEntry.type}); it is neither deleted nor recreated.`,
        details: [],
      }
    : { title: `Create an access entry for ${principalArn} on cluster ${clusterName}${extras.length ? ` (${extras.join(', ')})` : ''}.`, details: [] };
  const policyPlan: StepPlan = {
    title: `Associate ${request.policyArn} with it, scope: cluster.`,
    details: [
      'This is the lasting result of the recovery: eks-recover cleanup does not remove it.',
      `Remove it later with: aws eks disassociate-access-policy --cluster-name ${clusterName} --principal-arn ${principalArn} --policy-arn ${request.policyArn}`,
      ...(request.existingEntry ? [] : [`and the entry with: aws eks delete-access-entry --cluster-name ${clusterName} --principal-arn ${principalArn}`]),
      'Security monitoring commonly alerts on new cluster-admin access entries: tell your security team before you go ahead.',
    ],
  };
  return [entryPlan, policyPlan];
}

/**
 * Step 6 of the access-entry path: creates the access entry (or reuses the one that
 * exists) and associates the cluster admin policy with cluster scope. Both are journaled
 * as lasting changes, which cleanup never removes.
 */
export async function applyAccessEntry(ctx: RunContext, request: AccessEntryRequest, options: ApplyAccessEntryOptions): Promise<AccessEntryOutcome> {
  const eks = await ctx.clients.eks();
  let existing = request.existingEntry;
  let created = false;
  if (!existing) {
    const result = await createEntry(ctx, eks, request, options);
    if (result.status === 'fallback') return result;
    existing = result.existing;
    created = existing === undefined;
  }
  if (existing) {
    requireStandard(existing, request.clusterName);
    const entry = await ctx.journal.begin('access-entry', { clusterName: request.clusterName, principalArn: request.principalArn, created: false });
    await ctx.journal.complete(entry);
    ctx.output.success(`${request.principalArn} has an access entry already (type ${existing.type}); it is kept as it is.`);
  }

  const associated = await associateAdminPolicy(ctx, eks, request, options, created);
  ctx.state.accessEntry = { principalArn: request.principalArn, created, associated, policyArn: request.policyArn };
  return { status: 'done', created, associated };
}

type CreateResult =
  | { readonly status: 'created' | 'exists'; readonly existing?: ExistingAccessEntry }
  | Extract<AccessEntryOutcome, { status: 'fallback' }>;

async function createEntry(ctx: RunContext, eks: EKSClient, request: AccessEntryRequest, options: ApplyAccessEntryOptions): Promise<CreateResult> {
  const { clusterName, principalArn } = request;
  const entry = await ctx.journal.begin('access-entry', { clusterName, principalArn, created: true });
  try {
    await eks.send(
      new CreateAccessEntryCommand({
        clusterName,
        principalArn,
        type: 'STANDARD',
        ...(request.username ? { username: request.username } : {}),
        ...(request.kubernetesGroups.length > 0 ? { kubernetesGroups: [...request.kubernetesGroups] } : {}),
        tags: { 'created-by': 'eks-recover' },
      }),
    );
  } catch (error) {
    await ctx.journal.markUndone(entry, `not created: ${(error as Error).name}`);
    return handleCreateFailure(ctx, request, options, error);
  }
  await ctx.journal.complete(entry);
  ctx.output.success(`Created the access entry for ${principalArn} on cluster ${clusterName}.`);
  return { status: 'created' };
}

async function handleCreateFailure(ctx: RunContext, request: AccessEntryRequest, options: ApplyAccessEntryOptions, error: unknown): Promise<CreateResult> {
  const { clusterName, principalArn } = request;
  if (isAwsError(error, 'ResourceInUseException')) {
    const existing = await findAccessEntry(ctx.clients, clusterName, principalArn).catch(() => undefined);
    return { status: 'exists', existing: existing ?? { principalArn, type: 'STANDARD', kubernetesGroups: [] } };
  }
  if (isAwsError(error, 'InvalidRequestException') && /authentication mode/i.test((error as Error).message)) {
    const reason = `EKS rejected CreateAccessEntry because cluster ${clusterName} uses authentication mode CONFIG_MAP after all`;
    if (options.method === 'auto') return { status: 'fallback', reason, staleMode: true };
    throw new StepError('AccessEntriesDisabled', `${reason}.`, {
      hint: 'Run again with --method auto or aws-auth, or with --enable-access-entries to move the cluster to API_AND_CONFIG_MAP.',
      cause: error,
    });
  }
  if (isAwsError(error, 'AccessDeniedException') && options.fallbackOnDenied) {
    const reason = `you may not call eks:CreateAccessEntry on cluster ${clusterName} (${(error as Error).message})`;
    return { status: 'fallback', reason, staleMode: false };
  }
  throw explainAwsError(error, `create an access entry for ${principalArn} on cluster ${clusterName}`);
}

function requireStandard(existing: ExistingAccessEntry, clusterName: string): void {
  if (existing.type === 'STANDARD') return;
  throw new StepError('AccessEntryNotStandard', `The access entry of ${existing.principalArn} on cluster ${clusterName} has type ${existing.type}, and access policies can be associated only with STANDARD entries.`, {
    hint: 'Pass --map-arn with another IAM user or role; eks-recover never deletes or recreates an entry it did not create.',
  });
}

/** Associates the admin policy, retrying while a new entry propagates; returns false when it was associated with cluster scope already. */
async function associateAdminPolicy(ctx: RunContext, eks: EKSClient, request: AccessEntryRequest, options: ApplyAccessEntryOptions, created: boolean): Promise<boolean> {
  const { clusterName, principalArn, policyArn } = request;
  if (!created && (await hasClusterScopedPolicy(eks, request))) {
    ctx.output.success(`${principalArn} has ${CLUSTER_ADMIN_POLICY_NAME} with cluster scope already.`);
    return false;
  }
  const entry = await ctx.journal.begin('access-policy-association', { clusterName, principalArn, policyArn, scope: 'cluster' });
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const deadline = Date.now() + options.timeoutMs;
  const progress = await startProgress(ctx.output, `Associating ${CLUSTER_ADMIN_POLICY_NAME}`);
  for (let attempt = 1; ; attempt += 1) {
    try {
      await eks.send(new AssociateAccessPolicyCommand({ clusterName, principalArn, policyArn, accessScope: { type: 'cluster' } }));
      break;
    } catch (error) {
      const propagating = isAwsError(error, 'ResourceNotFoundException', 'ResourceInUseException');
      if (!propagating || Date.now() >= deadline) {
        progress.fail(`Could not associate ${CLUSTER_ADMIN_POLICY_NAME}.`);
        await ctx.journal.markUndone(entry, `not associated: ${(error as Error).name}`);
        throw associateFailure(error, request, created);
      }
      progress.update(`Waiting for the new access entry to propagate (attempt ${attempt})`);
      await sleep(Math.min(1000 * attempt, 5000));
    }
  }
  await ctx.journal.complete(entry);
  progress.succeed(`Associated ${CLUSTER_ADMIN_POLICY_NAME} with ${principalArn}, scope: cluster.`);
  return true;
}

async function hasClusterScopedPolicy(eks: EKSClient, request: AccessEntryRequest): Promise<boolean> {
  try {
    const result = await eks.send(new ListAssociatedAccessPoliciesCommand({ clusterName: request.clusterName, principalArn: request.principalArn }));
    return (result.associatedAccessPolicies ?? []).some((policy) => policy.policyArn === request.policyArn && policy.accessScope?.type === 'cluster');
  } catch {
    return false;
  }
}

function associateFailure(error: unknown, request: AccessEntryRequest, created: boolean): Error {
  const explained = explainAwsError(error, `associate ${CLUSTER_ADMIN_POLICY_NAME} with ${request.principalArn}`);
  if (!created) return explained;
  return new StepError('AccessPolicyNotAssociated', `${explained.message} The new access entry exists without the policy, and EKS now ignores any aws-auth mapping for ${request.principalArn}.`, {
    hint: `Ask someone with eks:AssociateAccessPolicy to run it again, or remove the entry: aws eks delete-access-entry --cluster-name ${request.clusterName} --principal-arn ${request.principalArn}`,
    cause: error,
  });
}
