import { randomUUID } from 'node:crypto';
import { AwsError, paginate } from './aws-errors.js';
import type { AccessEntry, AccessScope, Cluster } from './cluster.js';
import { accessEntryJson, associationJson } from './eks-serialize.js';

export const ACCESS_POLICY_PREFIX = 'arn:aws:eks::aws:cluster-access-policy/';
export const ACCESS_POLICIES = ['AmazonEKSClusterAdminPolicy', 'AmazonEKSAdminPolicy', 'AmazonEKSEditPolicy', 'AmazonEKSViewPolicy'];
const ENTRY_TYPES = new Set(['STANDARD', 'EC2_LINUX', 'EC2_WINDOWS', 'FARGATE_LINUX', 'EC2', 'HYBRID_LINUX', 'HYPERPOD_LINUX']);
const PRINCIPAL = /^arn:aws[a-z-]*:iam::(\d{12}):(role|user)\/(.+)$/;

interface CreateAccessEntryInput {
  principalArn?: string;
  kubernetesGroups?: string[];
  username?: string;
  type?: string;
  tags?: Record<string, string>;
}

function requireApiMode(cluster: Cluster): void {
  if (cluster.authenticationMode === 'CONFIG_MAP') {
    throw new AwsError(
      400,
      'InvalidRequestException',
      "The cluster's authentication mode must be set to one of [API, API_AND_CONFIG_MAP] to perform this operation.",
    );
  }
}

export function findEntry(cluster: Cluster, principalArn: string): AccessEntry {
  const entry = cluster.accessEntries.get(principalArn);
  if (!entry) {
    throw new AwsError(404, 'ResourceNotFoundException', `The specified principalArn could not be found. You can view your available access entries with 'list-access-entries'.`);
  }
  return entry;
}

function defaultUsername(principalArn: string, type: string): string {
  if (type !== 'STANDARD') return 'system:node:{{EC2PrivateDNSName}}';
  const match = PRINCIPAL.exec(principalArn)!;
  if (match[2] === 'user') return principalArn;
  const roleName = match[3]!.split('/').pop();
  return `arn:aws:sts::${match[1]}:assumed-role/${roleName}/{{SessionName}}`;
}

export function createAccessEntry(cluster: Cluster, input: CreateAccessEntryInput): unknown {
  requireApiMode(cluster);
  const principalArn = input.principalArn ?? '';
  if (!PRINCIPAL.test(principalArn)) {
    throw new AwsError(400, 'InvalidParameterException', `The specified principalArn is invalid: ${principalArn || '(empty)'}`);
  }
  const type = input.type ?? 'STANDARD';
  if (!ENTRY_TYPES.has(type)) throw new AwsError(400, 'InvalidParameterException', `The access entry type ${type} is invalid.`);
  const groups = input.kubernetesGroups ?? [];
  const reserved = groups.find((group) => group.startsWith('system:'));
  if (reserved) {
    throw new AwsError(400, 'InvalidParameterException', `The kubernetes group name ${reserved} is invalid, it cannot start with system:`);
  }
  if (input.username?.startsWith('system:') && type === 'STANDARD') {
    throw new AwsError(400, 'InvalidParameterException', `The username ${input.username} is invalid, it cannot start with system:`);
  }
  if (cluster.accessEntries.has(principalArn)) {
    throw new AwsError(409, 'ResourceInUseException', 'The specified access entry resource is already in use on this cluster.');
  }
  const now = new Date();
  const principal = principalArn.split(':').slice(4).join(':');
  const entry: AccessEntry = {
    principalArn,
    accessEntryArn: `arn:aws:eks:${cluster.region}:${cluster.accountId}:access-entry/${cluster.name}/${principal}/${randomUUID()}`,
    kubernetesGroups: groups,
    username: input.username ?? defaultUsername(principalArn, type),
    type,
    tags: input.tags ?? {},
    createdAt: now,
    modifiedAt: now,
    policies: new Map(),
  };
  cluster.accessEntries.set(principalArn, entry);
  return { accessEntry: accessEntryJson(cluster, entry) };
}

export function listAccessEntries(cluster: Cluster, query: URLSearchParams): unknown {
  requireApiMode(cluster);
  const policy = query.get('associatedPolicyArn');
  const arns = [...cluster.accessEntries.values()]
    .filter((entry) => !policy || entry.policies.has(policy))
    .map((entry) => entry.principalArn);
  const { page, nextToken } = paginate(arns, query.get('maxResults') ?? undefined, query.get('nextToken'));
  return { accessEntries: page, ...(nextToken ? { nextToken } : {}) };
}

export function describeAccessEntry(cluster: Cluster, principalArn: string): unknown {
  requireApiMode(cluster);
  return { accessEntry: accessEntryJson(cluster, findEntry(cluster, principalArn)) };
}

export function deleteAccessEntry(cluster: Cluster, principalArn: string): unknown {
  requireApiMode(cluster);
  findEntry(cluster, principalArn);
  cluster.accessEntries.delete(principalArn);
  return {};
}

function validateScope(scope: unknown): AccessScope {
  const candidate = (scope ?? {}) as { type?: string; namespaces?: string[] };
  if (candidate.type === 'cluster') return { type: 'cluster', namespaces: [] };
  if (candidate.type === 'namespace' && Array.isArray(candidate.namespaces) && candidate.namespaces.length > 0) {
    return { type: 'namespace', namespaces: candidate.namespaces };
  }
  throw new AwsError(400, 'InvalidParameterException', 'accessScope must be of type cluster, or of type namespace with at least one namespace.');
}

export function associateAccessPolicy(cluster: Cluster, principalArn: string, input: { policyArn?: string; accessScope?: unknown }): unknown {
  requireApiMode(cluster);
  const entry = findEntry(cluster, principalArn);
  const policyArn = input.policyArn ?? '';
  if (!ACCESS_POLICIES.some((name) => policyArn === `${ACCESS_POLICY_PREFIX}${name}`)) {
    throw new AwsError(404, 'ResourceNotFoundException', `The specified policyArn ${policyArn} could not be found.`);
  }
  if (entry.type !== 'STANDARD') {
    throw new AwsError(400, 'InvalidParameterException', 'This operation can only be performed on Access Entries with a type of "STANDARD".');
  }
  const accessScope = validateScope(input.accessScope);
  const now = new Date();
  const existing = entry.policies.get(policyArn);
  const association = existing
    ? Object.assign(existing, { accessScope, modifiedAt: now })
    : { policyArn, accessScope, associatedAt: now, modifiedAt: now };
  entry.policies.set(policyArn, association);
  return { clusterName: cluster.name, principalArn, associatedAccessPolicy: associationJson(association) };
}

export function disassociateAccessPolicy(cluster: Cluster, principalArn: string, policyArn: string): unknown {
  requireApiMode(cluster);
  const entry = findEntry(cluster, principalArn);
  if (!entry.policies.delete(policyArn)) {
    throw new AwsError(404, 'ResourceNotFoundException', `The specified policyArn ${policyArn} is not associated with this access entry.`);
  }
  return {};
}

export function listAssociatedAccessPolicies(cluster: Cluster, principalArn: string, query: URLSearchParams): unknown {
  requireApiMode(cluster);
  const entry = findEntry(cluster, principalArn);
  const { page, nextToken } = paginate([...entry.policies.values()], query.get('maxResults') ?? undefined, query.get('nextToken'));
  return {
    clusterName: cluster.name,
    principalArn,
    associatedAccessPolicies: page.map(associationJson),
    ...(nextToken ? { nextToken } : {}),
  };
}
