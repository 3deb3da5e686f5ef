import { randomUUID } from 'node:crypto';
import { AwsError, paginate } from './aws-errors.js';
import { type AuthenticationMode, type Cluster, newCluster } from './cluster.js';
import { clusterJson, updateJson } from './eks-serialize.js';
import type { CallerIdentity } from './moto-identity.js';

const MODES: readonly AuthenticationMode[] = ['CONFIG_MAP', 'API_AND_CONFIG_MAP', 'API'];

export interface CreateClusterInput {
  name?: string;
  roleArn?: string;
  version?: string;
  resourcesVpcConfig?: { endpointPublicAccess?: boolean; endpointPrivateAccess?: boolean; publicAccessCidrs?: string[] };
  accessConfig?: { authenticationMode?: string; bootstrapClusterCreatorAdminPermissions?: boolean };
  tags?: Record<string, string>;
}

export function parseMode(value: unknown): AuthenticationMode {
  if (MODES.includes(value as AuthenticationMode)) return value as AuthenticationMode;
  throw new AwsError(400, 'InvalidParameterException', `Invalid authenticationMode ${String(value)}; expected one of ${MODES.join(', ')}.`);
}

/** Validates a CreateCluster request and builds the cluster; the caller becomes its hidden creator. */
export function buildCluster(input: CreateClusterInput, caller: CallerIdentity, region: string): Cluster {
  const name = input.name ?? '';
  if (!/^[0-9A-Za-z][A-Za-z0-9_-]{0,99}$/.test(name)) {
    throw new AwsError(400, 'InvalidParameterException', `The cluster name ${name || '(empty)'} is invalid.`);
  }
  if (!input.roleArn) throw new AwsError(400, 'InvalidParameterException', 'roleArn is required.');
  const vpc = input.resourcesVpcConfig ?? {};
  return newCluster({
    name,
    arn: `arn:aws:eks:${region}:${caller.account}:cluster/${name}`,
    accountId: caller.account,
    region,
    version: input.version ?? '1.31',
    roleArn: input.roleArn,
    createdAt: new Date(),
    tags: input.tags ?? {},
    authenticationMode: input.accessConfig?.authenticationMode ? parseMode(input.accessConfig.authenticationMode) : 'CONFIG_MAP',
    creatorArn: caller.canonicalArn,
    bootstrapCreatorAdmin: input.accessConfig?.bootstrapClusterCreatorAdminPermissions !== false,
    endpointPublicAccess: vpc.endpointPublicAccess ?? true,
    endpointPrivateAccess: vpc.endpointPrivateAccess ?? false,
    publicAccessCidrs: vpc.publicAccessCidrs ?? ['0.0.0.0/0'],
    platformVersion: 'eks.8',
  });
}

export function listClusters(clusters: readonly Cluster[], query: URLSearchParams): unknown {
  const names = clusters.map((cluster) => cluster.name).sort();
  const { page, nextToken } = paginate(names, query.get('maxResults') ?? undefined, query.get('nextToken'));
  return { clusters: page, ...(nextToken ? { nextToken } : {}) };
}

export function describeCluster(cluster: Cluster, caPem: string): unknown {
  return { cluster: clusterJson(cluster, caPem) };
}

/** UpdateClusterConfig for the authentication mode, which EKS lets move only towards `API`. */
export function updateClusterConfig(cluster: Cluster, input: { accessConfig?: { authenticationMode?: string } }): unknown {
  const requested = input.accessConfig?.authenticationMode;
  if (requested === undefined) {
    throw new AwsError(400, 'InvalidParameterException', 'The emulator supports UpdateClusterConfig only for accessConfig.authenticationMode.');
  }
  const target = parseMode(requested);
  const from = cluster.authenticationMode;
  if (MODES.indexOf(target) <= MODES.indexOf(from)) {
    throw new AwsError(400, 'InvalidParameterException', `Unsupported authentication mode update from ${from} to ${target}.`);
  }
  const update = {
    id: randomUUID(),
    status: 'InProgress' as const,
    type: 'AccessConfigUpdate',
    params: [{ type: 'AuthenticationMode', value: target }],
    createdAt: new Date(),
  };
  cluster.updates.set(update.id, update);
  cluster.authenticationMode = target;
  return { update: updateJson(update) };
}

/** DescribeUpdate; an update reports InProgress once and is Successful from the first describe on. */
export function describeUpdate(cluster: Cluster, updateId: string): unknown {
  const update = cluster.updates.get(updateId);
  if (!update) throw new AwsError(404, 'ResourceNotFoundException', `No update found for ID: ${updateId}.`);
  update.status = 'Successful';
  return { update: updateJson(update) };
}
