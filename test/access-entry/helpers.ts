import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { AccessEntry, Cluster } from '../emulator/cluster.js';
import type { Sandbox } from '../sandbox/index.js';
import { type CliResult, runCli } from '../support/cli.js';

export const ADMIN_POLICY = 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy';
export const VIEW_POLICY = 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy';

export function stateDir(sandbox: Sandbox): string {
  return join(sandbox.dir, 'state');
}

/** Runs the built CLI as the sandbox's caller, with a private state folder and no terminal. */
export function runAs(sandbox: Sandbox, args: readonly string[], timeoutMs?: number): Promise<CliResult> {
  const env = { ...sandbox.env, EKS_RECOVER_STATE_DIR: stateDir(sandbox) };
  return runCli([...args, '--profile', sandbox.profile], { env, ...(timeoutMs ? { timeoutMs } : {}) });
}

export function recover(sandbox: Sandbox, args: readonly string[] = []): Promise<CliResult> {
  return runAs(sandbox, ['recover', '--cluster', sandbox.clusterName, ...args]);
}

/** Requests the emulator served for one AWS operation or Kubernetes action. */
export function calls(sandbox: Sandbox, action: string): number {
  return sandbox.emulator.requests.filter((request) => request.action === action).length;
}

/** Writes to kube-system/aws-auth (create, update or patch). */
export function awsAuthWrites(sandbox: Sandbox): number {
  return sandbox.emulator.requests.filter((request) => request.service === 'k8s' && request.method !== 'GET' && request.path.includes('aws-auth')).length;
}

/** Every journal entry that the runs in the state folder recorded. */
export async function journalEntries(sandbox: Sandbox): Promise<Array<{ kind: string; status: string; data: Record<string, unknown> }>> {
  const runs = join(stateDir(sandbox), 'runs');
  let names: string[];
  try {
    names = await readdir(runs);
  } catch {
    return [];
  }
  const entries = [];
  for (const name of names) {
    const file = JSON.parse(await readFile(join(runs, name, 'journal.json'), 'utf8').catch(() => '{"entries":[]}'));
    entries.push(...file.entries);
  }
  return entries;
}

/** Puts an access entry into the emulated cluster as if an administrator had made it earlier. */
export function seedAccessEntry(cluster: Cluster, principalArn: string, type: string, policies: Array<{ policyArn: string; namespaces?: string[] }>): AccessEntry {
  const now = new Date(Date.now() - 86_400_000);
  const entry: AccessEntry = {
    principalArn,
    accessEntryArn: `arn:aws:eks:${cluster.region}:${cluster.accountId}:access-entry/${cluster.name}/seeded`,
    kubernetesGroups: [],
    username: principalArn,
    type,
    tags: {},
    createdAt: now,
    modifiedAt: now,
    policies: new Map(),
  };
  for (const policy of policies) {
    const accessScope = policy.namespaces ? { type: 'namespace' as const, namespaces: policy.namespaces } : { type: 'cluster' as const };
    entry.policies.set(policy.policyArn, { policyArn: policy.policyArn, accessScope, associatedAt: now, modifiedAt: now });
  }
  cluster.accessEntries.set(principalArn, entry);
  return entry;
}
