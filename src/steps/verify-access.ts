import { StepError } from '../errors.js';
import { KubeApiError, type KubeApi } from '../kube/client.js';
import { readAwsAuth } from '../aws-auth/index.js';
import { startProgress } from '../ui/progress.js';
import type { RunContext } from './context.js';

export interface AccessReport {
  readonly username: string;
  readonly groups: string[];
  readonly clusterAdmin: boolean;
  readonly namespaces: string[];
  readonly nodes: Array<{ name: string; ready: boolean }>;
  readonly awsAuthEntries: number | null;
}

export interface VerifyOptions {
  readonly timeoutMs: number;
  readonly sleep?: (ms: number) => Promise<void>;
}

/**
 * Step 8: checks access with the caller's own identity, the way a user would by hand: who
 * am I, can I do everything, list namespaces and nodes, read aws-auth. A 401 right after the
 * change is retried briefly, because the authenticator reloads aws-auth. A 403 is not retried,
 * because it means the identity is known and RBAC denies it, which no wait changes.
 */
export async function verifyAccess(ctx: RunContext, kube: KubeApi, options: VerifyOptions): Promise<AccessReport> {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const deadline = Date.now() + options.timeoutMs;
  const progress = await startProgress(ctx.output, 'Checking access with your own identity');
  for (let attempt = 1; ; attempt += 1) {
    try {
      const report = await probeAccess(kube);
      progress.succeed(`You are ${report.username} (${report.groups.join(', ')}) and ${report.clusterAdmin ? 'may do everything' : 'have limited access'}.`);
      return report;
    } catch (error) {
      const status = error instanceof KubeApiError ? error.status : undefined;
      if (status === 403) {
        progress.fail('The cluster knows you now, but RBAC does not let you list namespaces.');
        throw new StepError('AccessForbidden', `Authenticated, but not allowed: ${(error as Error).message}`, {
          hint: 'The mapped Kubernetes groups grant no access: map system:masters (the default --group), or bind a role to those groups.',
          cause: error,
        });
      }
      if (status !== 401 || Date.now() >= deadline) {
        progress.fail('The access check did not pass.');
        throw error;
      }
      progress.update(`Waiting for the cluster to accept the new mapping (attempt ${attempt})`);
      await sleep(1000);
    }
  }
}

export async function probeAccess(kube: KubeApi): Promise<AccessReport> {
  const identity = await kube.whoAmI();
  const clusterAdmin = await kube.canI('*', '*');
  const namespaces = await kube.listNamespaces();
  const nodes = await kube.listNodes();
  const awsAuth = await kube.getConfigMap('kube-system', 'aws-auth');
  return {
    username: identity.username,
    groups: identity.groups,
    clusterAdmin,
    namespaces,
    nodes,
    awsAuthEntries: awsAuth ? readAwsAuth(awsAuth.data).entries.filter((entry) => entry.readable).length : null,
  };
}

export function printAccessReport(ctx: RunContext, report: AccessReport): void {
  const { output } = ctx;
  output.info(`  can-i '*' '*': ${report.clusterAdmin ? 'yes' : 'no'}`);
  output.info(`  namespaces (${report.namespaces.length}): ${report.namespaces.join(', ')}`);
  const nodes = report.nodes.map((node) => `${node.name} ${node.ready ? 'Ready' : 'NotReady'}`);
  output.info(`  nodes (${report.nodes.length}): ${nodes.join(', ') || 'none'}`);
  if (report.awsAuthEntries !== null) output.info(`  aws-auth: ${report.awsAuthEntries} readable ${report.awsAuthEntries === 1 ? 'mapping' : 'mappings'}`);
}

/** Returns the command that writes a kubectl context for the recovered cluster. */
export function kubeconfigHint(clusterName: string, region: string, profile?: string): string {
  const profileFlag = profile ? ` --profile ${profile}` : '';
  return `Add a kubectl context with: eks-recover kubeconfig${profileFlag} --cluster ${clusterName} --region ${region} --set-context`;
}
