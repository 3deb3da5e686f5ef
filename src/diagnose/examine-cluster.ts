import { DescribeClusterCommand, ListAssociatedAccessPoliciesCommand } from '@aws-sdk/client-eks';
import { readAwsAuth } from '../aws-auth/index.js';
import type { AwsClients } from '../aws/clients.js';
import { sameArn } from '../aws/arn.js';
import { explainAwsError } from '../aws/errors.js';
import { KubeApiError, type KubeApi } from '../kube/client.js';
import { findAccessEntry, normalizeMode } from '../steps/choose-path.js';
import type { ClusterInfo } from '../steps/context.js';
import { findCreator } from '../steps/find-creator.js';
import { kubeFor } from '../steps/patch-aws-auth.js';
import { toClusterInfo } from '../steps/select-cluster.js';
import { recommendPath } from './recommend.js';
import type { CallerDiagnosis, ClusterDiagnosis, RequestResult } from './types.js';

interface AccessProbe {
  readonly request: ClusterDiagnosis['request'];
  readonly clusterAdmin: boolean | null;
  readonly mappedInAwsAuth: boolean | null;
}

/** Examines one cluster read-only: what it is, who created it, and whether the caller gets in. */
export async function examineCluster(clients: AwsClients, caller: CallerDiagnosis, name: string): Promise<ClusterDiagnosis> {
  let cluster: ClusterInfo;
  try {
    const eks = await clients.eks();
    cluster = toClusterInfo((await eks.send(new DescribeClusterCommand({ name }))).cluster, name);
  } catch (error) {
    return failedCluster(clients.region, name, explainAwsError(error, `describe cluster ${name}`).message);
  }

  const probe = await probeAsCaller(kubeFor(cluster, clients), caller);
  const accessEntry = await readCallerEntry(clients, cluster, caller);
  const creator = await findCreator(clients, cluster);
  const hasAccess = probe.request.result === 'allowed';
  const base = {
    name: cluster.name,
    region: clients.region,
    arn: cluster.arn,
    status: cluster.status,
    ...(cluster.version ? { version: cluster.version } : {}),
    ...(cluster.platformVersion ? { platformVersion: cluster.platformVersion } : {}),
    endpointPublicAccess: cluster.endpointPublicAccess,
    endpointPrivateAccess: cluster.endpointPrivateAccess,
    authenticationMode: normalizeMode(cluster.authenticationMode),
    creatorCandidates: creator.candidates,
    creatorNotes: creator.notes,
    mappedInAwsAuth: probe.mappedInAwsAuth,
    accessEntry,
    request: probe.request,
    clusterAdmin: probe.clusterAdmin,
    hasAccess,
  };
  const profile = clients.settings.profile;
  return { ...base, recommendation: recommendPath({ cluster, caller, hasAccess, accessEntry, creator, ...(profile ? { profile } : {}) }) };
}

function failedCluster(region: string, name: string, error: string): ClusterDiagnosis {
  return {
    name,
    region,
    creatorCandidates: [],
    creatorNotes: [],
    mappedInAwsAuth: null,
    accessEntry: null,
    request: { result: 'failed', detail: 'the cluster could not be described' },
    clusterAdmin: null,
    hasAccess: false,
    recommendation: { method: 'none', reason: 'the cluster could not be described' },
    error,
  };
}

/**
 * Lists namespaces with a token signed by the caller's credentials: 401 means EKS does not
 * map the caller at all, 403 means it maps the caller without that permission. When allowed,
 * it also reads aws-auth to tell whether the caller is mapped there.
 */
async function probeAsCaller(kube: KubeApi, caller: CallerDiagnosis): Promise<AccessProbe> {
  try {
    await kube.listNamespaces();
  } catch (error) {
    return { request: describeFailure(error), clusterAdmin: null, mappedInAwsAuth: null };
  }
  const clusterAdmin = await kube.canI('*', '*').catch(() => null);
  let mappedInAwsAuth: boolean | null = null;
  try {
    const awsAuth = await kube.getConfigMap('kube-system', 'aws-auth');
    const entries = readAwsAuth(awsAuth?.data).entries;
    mappedInAwsAuth = entries.some((entry) => entry.readable && entry.arn !== undefined && sameArn(entry.arn, caller.awsAuthArn));
  } catch {
    mappedInAwsAuth = null;
  }
  return { request: { result: 'allowed', status: 200, detail: 'listing namespaces as you succeeded' }, clusterAdmin, mappedInAwsAuth };
}

function describeFailure(error: unknown): ClusterDiagnosis['request'] {
  if (error instanceof KubeApiError) {
    let result: RequestResult = 'failed';
    if (error.status === 401) result = 'unauthorized';
    if (error.status === 403) result = 'forbidden';
    const meaning =
      result === 'unauthorized'
        ? 'the cluster does not map your identity to any user'
        : result === 'forbidden'
          ? 'the cluster knows you but does not let you list namespaces'
          : error.message;
    return { result, status: error.status, detail: meaning };
  }
  const message = (error as Error).message ?? String(error);
  const unreachable = (error as { code?: unknown }).code === 'KubeUnreachable';
  return unreachable
    ? { result: 'unreachable', detail: `the endpoint cannot be reached from here, which counts as no access (${message})` }
    : { result: 'failed', detail: message };
}

async function readCallerEntry(clients: AwsClients, cluster: ClusterInfo, caller: CallerDiagnosis): Promise<ClusterDiagnosis['accessEntry']> {
  if (normalizeMode(cluster.authenticationMode) === 'CONFIG_MAP' || !caller.accessEntryArn) return null;
  try {
    const entry = await findAccessEntry(clients, cluster.name, caller.accessEntryArn);
    if (!entry) return { exists: false, policies: [] };
    const eks = await clients.eks();
    const listed = await eks.send(new ListAssociatedAccessPoliciesCommand({ clusterName: cluster.name, principalArn: caller.accessEntryArn }));
    const policies = (listed.associatedAccessPolicies ?? []).map((policy) => `${policy.policyArn} (${policy.accessScope?.type ?? 'unknown'} scope)`);
    return { exists: true, type: entry.type, policies };
  } catch {
    return null;
  }
}
