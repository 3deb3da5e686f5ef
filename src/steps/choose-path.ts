import { DescribeAccessEntryCommand } from '@aws-sdk/client-eks';
import type { AwsClients } from '../aws/clients.js';
import { awsErrorName, isAwsError } from '../aws/errors.js';
import { StepError, UsageError } from '../errors.js';
import { lookupAccessEntryPrincipal } from './access-entry-principal.js';
import type { ClusterInfo, RunContext } from './context.js';

import type { Method } from './methods.js';

export { METHODS, type Method } from './methods.js';
export type RecoveryMethod = Exclude<Method, 'auto'>;
export type AuthenticationMode = 'CONFIG_MAP' | 'API_AND_CONFIG_MAP' | 'API';

/** An access entry that exists already; eks-recover never deletes or recreates it. */
export interface ExistingAccessEntry {
  readonly principalArn: string;
  readonly type: string;
  readonly username?: string;
  readonly kubernetesGroups: readonly string[];
}

export interface PathInput {
  readonly clusterName: string;
  readonly authenticationMode: string;
  readonly method: Method;
  readonly enableAccessEntries: boolean;
  /** The principal the access entry would name. */
  readonly principalArn?: string;
  /** Reason the principal cannot have an access entry (a federated user, an unknown role path). */
  readonly principalProblem?: string;
  readonly existingEntry?: ExistingAccessEntry;
}

export interface PathDecision {
  readonly method: RecoveryMethod;
  /** One sentence shown to the user: why this path. */
  readonly reason: string;
  /** Take the aws-auth path when CreateAccessEntry is denied to the caller (auto in API_AND_CONFIG_MAP only). */
  readonly fallbackOnDenied: boolean;
  /** Move the cluster from CONFIG_MAP to API_AND_CONFIG_MAP before creating the entry. */
  readonly enableAccessEntries: boolean;
}

export interface ChosenPath extends PathDecision {
  readonly principalArn?: string;
  readonly existingEntry?: ExistingAccessEntry;
}

/** Treats a missing or unknown mode as `CONFIG_MAP`, the mode of every cluster created before access entries existed. */
export function normalizeMode(mode: string | undefined): AuthenticationMode {
  return mode === 'API' || mode === 'API_AND_CONFIG_MAP' ? mode : 'CONFIG_MAP';
}

/**
 * Decides the recovery path from the authentication mode, the requested method and any
 * existing entry. It never changes the authentication mode by
 * itself: only `enableAccessEntries` moves a CONFIG_MAP cluster to API_AND_CONFIG_MAP.
 * Throws a UsageError for a method the cluster cannot honour, with the reason.
 */
export function decidePath(input: PathInput): PathDecision {
  switch (normalizeMode(input.authenticationMode)) {
    case 'CONFIG_MAP':
      return decideConfigMap(input);
    case 'API':
      return decideApi(input);
    case 'API_AND_CONFIG_MAP':
      return decideApiAndConfigMap(input);
  }
}

function decideConfigMap(input: PathInput): PathDecision {
  const { clusterName, method } = input;
  if (input.enableAccessEntries) {
    if (method === 'aws-auth') {
      throw new UsageError('ConflictingMethod', '--enable-access-entries cannot be combined with --method aws-auth.', {
        hint: 'Drop --enable-access-entries to recover through aws-auth, or drop --method aws-auth.',
      });
    }
    requirePrincipal(input, 'CONFIG_MAP');
    return {
      method: 'access-entry',
      reason: `cluster ${clusterName} uses CONFIG_MAP, and --enable-access-entries moves it to API_AND_CONFIG_MAP first`,
      fallbackOnDenied: method === 'auto',
      enableAccessEntries: true,
    };
  }
  if (method === 'access-entry') {
    throw new UsageError('AccessEntriesDisabled', `Cluster ${clusterName} uses authentication mode CONFIG_MAP, which has no access entries.`, {
      hint: 'Pass --enable-access-entries to move it to API_AND_CONFIG_MAP (this cannot be undone), or --method aws-auth.',
    });
  }
  return {
    method: 'aws-auth',
    reason: `cluster ${clusterName} uses authentication mode CONFIG_MAP, so EKS reads only the aws-auth ConfigMap`,
    fallbackOnDenied: false,
    enableAccessEntries: false,
  };
}

function decideApi(input: PathInput): PathDecision {
  if (input.method === 'aws-auth') {
    throw new UsageError('AwsAuthIgnored', `Cluster ${input.clusterName} uses authentication mode API: aws-auth is ignored in API mode.`, {
      hint: 'Use --method access-entry (or auto): an access entry is the only way in.',
    });
  }
  requirePrincipal(input, 'API');
  const existing = input.existingEntry ? `; ${input.principalArn} has an access entry already, which gets the admin policy` : '';
  return {
    method: 'access-entry',
    reason: `cluster ${input.clusterName} uses authentication mode API, where aws-auth is ignored${existing}`,
    fallbackOnDenied: false,
    enableAccessEntries: false,
  };
}

function decideApiAndConfigMap(input: PathInput): PathDecision {
  const { clusterName, method, existingEntry, principalArn } = input;
  if (existingEntry) {
    if (method === 'aws-auth') {
      throw new UsageError('AwsAuthShadowed', `${principalArn} already has an access entry on cluster ${clusterName}, and EKS ignores aws-auth mappings for it.`, {
        hint: 'Use --method access-entry (or auto) to associate the admin policy with the existing entry, or --map-arn for another identity.',
      });
    }
    return {
      method: 'access-entry',
      reason: `${principalArn} already has an access entry, which EKS uses instead of any aws-auth mapping, so the admin policy is associated with it`,
      fallbackOnDenied: false,
      enableAccessEntries: false,
    };
  }
  if (method === 'aws-auth') {
    return { method: 'aws-auth', reason: 'you chose --method aws-auth', fallbackOnDenied: false, enableAccessEntries: false };
  }
  if (input.principalProblem) {
    if (method === 'access-entry') requirePrincipal(input, 'API_AND_CONFIG_MAP');
    return {
      method: 'aws-auth',
      reason: `${input.principalProblem}, so aws-auth is used even though cluster ${clusterName} accepts access entries`,
      fallbackOnDenied: false,
      enableAccessEntries: false,
    };
  }
  return {
    method: 'access-entry',
    reason: `cluster ${clusterName} uses API_AND_CONFIG_MAP, where an access entry needs no creator role`,
    fallbackOnDenied: method === 'auto',
    enableAccessEntries: false,
  };
}

function requirePrincipal(input: PathInput, mode: AuthenticationMode): void {
  if (!input.principalProblem) return;
  throw new StepError('NoAccessEntryPrincipal', `Cluster ${input.clusterName} needs an access entry (mode ${mode}), but ${input.principalProblem}.`, {
    hint: 'Run eks-recover as an IAM user or role, or pass --map-arn with the IAM role ARN to grant.',
  });
}

/** Reads the access entry of `principalArn`, or undefined when it has none or the cluster has no access entries. */
export async function findAccessEntry(clients: AwsClients, clusterName: string, principalArn: string): Promise<ExistingAccessEntry | undefined> {
  const eks = await clients.eks();
  try {
    const entry = (await eks.send(new DescribeAccessEntryCommand({ clusterName, principalArn }))).accessEntry;
    if (!entry) return undefined;
    return {
      principalArn: entry.principalArn ?? principalArn,
      type: entry.type ?? 'STANDARD',
      ...(entry.username ? { username: entry.username } : {}),
      kubernetesGroups: entry.kubernetesGroups ?? [],
    };
  } catch (error) {
    if (isAwsError(error, 'ResourceNotFoundException', 'InvalidRequestException')) return undefined;
    throw error;
  }
}

/**
 * Step 3: chooses between the access-entry and the aws-auth path for the described
 * cluster, looks up an access entry the principal may have already, and shows the reason.
 */
export async function choosePath(ctx: RunContext, cluster: ClusterInfo): Promise<ChosenPath> {
  const method = ctx.options.method ?? 'auto';
  const enableAccessEntries = ctx.options.enableAccessEntries === true;
  const mode = normalizeMode(cluster.authenticationMode);
  // In API modes the principal is looked up even for --method aws-auth, because an entry it has shadows aws-auth.
  const needsPrincipal = mode !== 'CONFIG_MAP' || (enableAccessEntries && method !== 'aws-auth');
  const principal = needsPrincipal
    ? await lookupAccessEntryPrincipal(ctx.clients, ctx.options.mapArn ?? ctx.state.caller!.arn)
    : undefined;
  const principalArn = principal?.ok ? principal.arn : undefined;
  let existingEntry: ExistingAccessEntry | undefined;
  if (principalArn && mode !== 'CONFIG_MAP') {
    existingEntry = await findAccessEntry(ctx.clients, cluster.name, principalArn).catch((error: unknown) => {
      ctx.output.debug(`DescribeAccessEntry failed: ${awsErrorName(error) ?? (error as Error).message}`);
      return undefined;
    });
  }

  const decision = decidePath({
    clusterName: cluster.name,
    authenticationMode: mode,
    method,
    enableAccessEntries: enableAccessEntries && mode === 'CONFIG_MAP',
    ...(principalArn ? { principalArn } : {}),
    ...(principal && !principal.ok ? { principalProblem: principal.reason } : {}),
    ...(existingEntry ? { existingEntry } : {}),
  });
  if (enableAccessEntries && mode !== 'CONFIG_MAP') ctx.output.info(`Cluster ${cluster.name} already accepts access entries (${mode}); --enable-access-entries changes nothing.`);
  const label = decision.method === 'access-entry' ? 'access entry' : 'aws-auth through the creator role';
  ctx.output.success(`Recovery path: ${label}, because ${decision.reason}.`);
  return { ...decision, ...(principalArn ? { principalArn } : {}), ...(existingEntry ? { existingEntry } : {}) };
}
