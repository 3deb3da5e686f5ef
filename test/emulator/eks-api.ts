import { AwsError } from './aws-errors.js';
import { apiCallEvent } from './cloudtrail.js';
import type { Cluster } from './cluster.js';
import {
  associateAccessPolicy,
  createAccessEntry,
  deleteAccessEntry,
  describeAccessEntry,
  disassociateAccessPolicy,
  listAccessEntries,
  listAssociatedAccessPolicies,
} from './eks-access-entries.js';
import {
  type CreateClusterInput,
  buildCluster,
  describeCluster,
  describeUpdate,
  listClusters,
  updateClusterConfig,
} from './eks-clusters.js';
import type { CallerIdentity } from './moto-identity.js';
import { type EmulatorState, clusterKey } from './state.js';

export interface EksRequest {
  readonly method: string;
  /** Path segments, percent-decoded. */
  readonly segments: readonly string[];
  readonly query: URLSearchParams;
  readonly body: Record<string, unknown>;
  readonly caller: CallerIdentity;
  readonly region: string;
}

interface Route {
  readonly operation: string;
  readonly clusterName?: string;
  readonly principalArn?: string;
  readonly extra?: string;
}

/** Names the EKS operation of a REST path, the way the SDK's routes define it. */
export function eksOperation(method: string, segments: readonly string[]): Route {
  const [root, name, sub, principalArn, policies, policyArn] = segments;
  const key = `${method} ${segments.length}`;
  if (root === 'clusters' && !name) return { operation: method === 'POST' ? 'CreateCluster' : 'ListClusters' };
  if (root !== 'clusters' || !name) return { operation: 'Unknown' };
  const base = { clusterName: name };
  if (!sub) return { ...base, operation: method === 'DELETE' ? 'DeleteCluster' : 'DescribeCluster' };
  if (sub === 'update-config') return { ...base, operation: 'UpdateClusterConfig' };
  if (sub === 'updates' && principalArn) return { ...base, operation: 'DescribeUpdate', extra: principalArn };
  if (sub !== 'access-entries') return { ...base, operation: 'Unknown' };
  if (!principalArn) return { ...base, operation: method === 'POST' ? 'CreateAccessEntry' : 'ListAccessEntries' };
  const entry = { ...base, principalArn };
  if (!policies) {
    const operations: Record<string, string> = { 'GET 4': 'DescribeAccessEntry', 'DELETE 4': 'DeleteAccessEntry', 'POST 4': 'UpdateAccessEntry' };
    return { ...entry, operation: operations[key] ?? 'Unknown' };
  }
  if (policyArn) return { ...entry, operation: 'DisassociateAccessPolicy', extra: policyArn };
  return { ...entry, operation: method === 'POST' ? 'AssociateAccessPolicy' : 'ListAssociatedAccessPolicies' };
}

function checkDenied(state: EmulatorState, request: EksRequest, route: Route): void {
  const { caller } = request;
  const denied = [caller.arn, caller.canonicalArn].some((arn) => {
    const actions = state.deniedEksActions.get(arn.toLowerCase());
    return actions?.has(route.operation) || actions?.has('*');
  });
  if (!denied) return;
  const resource = `arn:aws:eks:${request.region}:${caller.account}:cluster/${route.clusterName ?? '*'}`;
  throw new AwsError(
    403,
    'AccessDeniedException',
    `User: ${caller.arn} is not authorized to perform: eks:${route.operation} on resource: ${resource}`,
  );
}

function findCluster(state: EmulatorState, request: EksRequest, name: string): Cluster {
  const cluster = state.clusters.get(clusterKey(request.caller.account, request.region, name));
  if (!cluster) throw new AwsError(404, 'ResourceNotFoundException', `No cluster found for name: ${name}.`, { clusterName: name });
  return cluster;
}

async function createCluster(state: EmulatorState, request: EksRequest): Promise<unknown> {
  const cluster = buildCluster(request.body as CreateClusterInput, request.caller, request.region);
  const key = clusterKey(cluster.accountId, cluster.region, cluster.name);
  if (state.clusters.has(key)) {
    throw new AwsError(409, 'ResourceInUseException', `Cluster already exists with name: ${cluster.name}`, { clusterName: cluster.name });
  }
  state.clusters.set(key, cluster);
  const response = describeCluster(cluster, state.caPem);
  cluster.endpoint = await state.startKubeApi(cluster);
  cluster.status = 'ACTIVE';
  state.events.push(
    apiCallEvent({
      caller: request.caller,
      eventName: 'CreateCluster',
      eventSource: 'eks.amazonaws.com',
      region: request.region,
      requestParameters: request.body,
      responseElements: response as Record<string, unknown>,
      resources: [{ resourceType: 'AWS::EKS::Cluster', resourceName: cluster.name }],
    }),
  );
  return response;
}

/** Serves one EKS request; throws AwsError for every API error. */
export async function serveEks(state: EmulatorState, request: EksRequest): Promise<unknown> {
  const route = eksOperation(request.method, request.segments);
  checkDenied(state, request, route);
  const body = request.body;
  if (route.operation === 'CreateCluster') return createCluster(state, request);
  if (route.operation === 'ListClusters') {
    const mine = [...state.clusters.values()].filter((c) => c.accountId === request.caller.account && c.region === request.region);
    return listClusters(mine, request.query);
  }
  const cluster = findCluster(state, request, route.clusterName ?? '');
  const principalArn = route.principalArn ?? '';
  switch (route.operation) {
    case 'DescribeCluster':
      return describeCluster(cluster, state.caPem);
    case 'UpdateClusterConfig':
      return updateClusterConfig(cluster, body);
    case 'DescribeUpdate':
      return describeUpdate(cluster, route.extra ?? '');
    case 'CreateAccessEntry':
      return createAccessEntry(cluster, body);
    case 'ListAccessEntries':
      return listAccessEntries(cluster, request.query);
    case 'DescribeAccessEntry':
      return describeAccessEntry(cluster, principalArn);
    case 'DeleteAccessEntry':
      return deleteAccessEntry(cluster, principalArn);
    case 'AssociateAccessPolicy':
      return associateAccessPolicy(cluster, principalArn, body);
    case 'DisassociateAccessPolicy':
      return disassociateAccessPolicy(cluster, principalArn, route.extra ?? '');
    case 'ListAssociatedAccessPolicies':
      return listAssociatedAccessPolicies(cluster, principalArn, request.query);
    default:
      throw new AwsError(400, 'InvalidRequestException', `The EKS emulator does not implement ${request.method} /${request.segments.join('/')}.`);
  }
}
