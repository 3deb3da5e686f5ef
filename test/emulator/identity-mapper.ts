import { parse } from 'yaml';
import type { AccessPolicyAssociation, Cluster } from './cluster.js';
import { withoutRolePath } from './cluster.js';
import type { CallerIdentity } from './moto-identity.js';

/** The Kubernetes user a token maps to. */
export interface KubeUser {
  readonly username: string;
  readonly groups: readonly string[];
  readonly accessPolicies: readonly AccessPolicyAssociation[];
  readonly arn: string;
  readonly canonicalArn: string;
  /** How the identity was mapped: `creator`, `access-entry`, `mapRoles`, `mapUsers` or `mapAccounts`. */
  readonly source: string;
}

interface Mapping {
  readonly username?: string;
  readonly groups: string[];
}

function readList(text: string | undefined, arnKey: string): Map<string, Mapping> {
  const result = new Map<string, Mapping>();
  if (!text?.trim()) return result;
  let entries: unknown;
  try {
    entries = parse(text);
  } catch {
    return result;
  }
  if (!Array.isArray(entries)) return result;
  for (const entry of entries as Array<Record<string, unknown>>) {
    const arn = entry?.[arnKey];
    if (typeof arn !== 'string') continue;
    const groups = Array.isArray(entry.groups) ? entry.groups.map(String) : [];
    const username = typeof entry.username === 'string' ? entry.username : undefined;
    // aws-iam-authenticator keys the mappings by lower-cased ARN, so a later duplicate replaces an earlier one.
    result.set(arn.toLowerCase(), { ...(username ? { username } : {}), groups });
  }
  return result;
}

function readAccounts(text: string | undefined): string[] {
  if (!text?.trim()) return [];
  try {
    const accounts: unknown = parse(text);
    return Array.isArray(accounts) ? accounts.map(String) : [];
  } catch {
    return [];
  }
}

/** Expands the username templates that aws-iam-authenticator supports; undefined when one cannot be filled in. */
export function renderUsername(template: string, identity: CallerIdentity): string | undefined {
  const session = identity.sessionName ?? '';
  const values: Record<string, string> = {
    AccountID: identity.account,
    SessionName: session.replace(/@/g, '-'),
    SessionNameRaw: session,
    AccessKeyID: identity.accessKeyId,
  };
  let unresolved = false;
  const rendered = template.replace(/\{\{(\w+)\}\}/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined || (name.startsWith('Session') && !session)) unresolved = true;
    return value ?? '';
  });
  return unresolved ? undefined : rendered;
}

function mapThroughAwsAuth(cluster: Cluster, identity: CallerIdentity): KubeUser | undefined {
  const configMap = cluster.configMaps.find('kube-system', 'aws-auth');
  if (!configMap) return undefined;
  const data = configMap.data ?? {};
  const arn = identity.canonicalArn.toLowerCase();
  const candidates: Array<[string, Mapping | undefined]> = [
    ['mapRoles', readList(data.mapRoles, 'rolearn').get(arn)],
    ['mapUsers', readList(data.mapUsers, 'userarn').get(arn)],
  ];
  for (const [source, mapping] of candidates) {
    if (!mapping) continue;
    const username = renderUsername(mapping.username ?? identity.canonicalArn, identity);
    if (username === undefined) return undefined;
    return user(identity, username, mapping.groups, [], source);
  }
  if (readAccounts(data.mapAccounts).includes(identity.account)) {
    return user(identity, identity.canonicalArn, [], [], 'mapAccounts');
  }
  return undefined;
}

function mapThroughAccessEntries(cluster: Cluster, identity: CallerIdentity): KubeUser | undefined {
  const arn = identity.canonicalArn.toLowerCase();
  for (const entry of cluster.accessEntries.values()) {
    if (withoutRolePath(entry.principalArn).toLowerCase() !== arn) continue;
    const username = renderUsername(entry.username, identity);
    if (username === undefined) return undefined;
    return user(identity, username, entry.kubernetesGroups, [...entry.policies.values()], 'access-entry');
  }
  return undefined;
}

function user(
  identity: CallerIdentity,
  username: string,
  groups: readonly string[],
  accessPolicies: AccessPolicyAssociation[],
  source: string,
): KubeUser {
  return {
    username,
    groups: [...groups, 'system:authenticated'],
    accessPolicies,
    arn: identity.arn,
    canonicalArn: identity.canonicalArn,
    source,
  };
}

/**
 * Maps an authenticated caller to a Kubernetes user the way EKS does for the cluster's
 * authentication mode: the hidden creator first, then access entries (API modes), then
 * `aws-auth` (ConfigMap modes). Undefined means the caller is unmapped (HTTP 401).
 */
export function mapIdentity(cluster: Cluster, identity: CallerIdentity): KubeUser | undefined {
  if (cluster.bootstrapCreatorAdmin && identity.canonicalArn.toLowerCase() === cluster.creatorArn.toLowerCase()) {
    return user(identity, 'kubernetes-admin', ['system:masters'], [], 'creator');
  }
  if (cluster.authenticationMode !== 'CONFIG_MAP') {
    const mapped = mapThroughAccessEntries(cluster, identity);
    if (mapped) return mapped;
  }
  if (cluster.authenticationMode !== 'API') return mapThroughAwsAuth(cluster, identity);
  return undefined;
}
