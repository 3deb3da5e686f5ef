import { DescribeClusterCommand } from '@aws-sdk/client-eks';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { parseArn } from '../aws/arn.js';
import { type AwsClients, createAwsClients } from '../aws/clients.js';
import { explainAwsError, isAwsError } from '../aws/errors.js';
import type { GlobalOptions } from '../config/settings.js';
import { StepError } from '../errors.js';
import { type KubeconfigEntryOptions, buildKubeconfigEntry } from '../kube/kubeconfig-entry.js';
import { missingExecWarning } from '../kube/kubeconfig-exec.js';
import { writeKubeconfigEntry } from '../kube/kubeconfig-file.js';
import type { KubeconfigCommandOptions } from './kubeconfig.js';
import { createRuntime } from './runtime.js';

interface ClusterFacts {
  readonly endpoint: string;
  readonly certificateAuthorityData: string;
  readonly accountId: string;
}

export async function runKubeconfigCommand(options: GlobalOptions & KubeconfigCommandOptions): Promise<void> {
  const { settings, output } = createRuntime(options);
  if (options.roleArn) parseArn(options.roleArn);
  const clients = await createAwsClients(settings);

  const cluster = await describeCluster(clients, options.cluster);
  const principalArn = options.roleArn ?? (await callerArn(clients));
  const entryOptions: KubeconfigEntryOptions = {
    clusterName: options.cluster,
    region: clients.region,
    clusterAccountId: cluster.accountId,
    principalArn,
    endpoint: cluster.endpoint,
    certificateAuthorityData: cluster.certificateAuthorityData,
    exec: options.exec,
    ...(settings.profile ? { profile: settings.profile } : {}),
    ...(options.roleArn ? { roleArn: options.roleArn } : {}),
    ...(options.namespace ? { namespace: options.namespace } : {}),
    ...(options.contextName ? { name: options.contextName } : {}),
  };
  const entry = buildKubeconfigEntry(entryOptions);

  const result = await writeKubeconfigEntry({
    entry,
    homeDir: settings.homeDir,
    ...(options.kubeconfig ? { explicitPath: options.kubeconfig } : {}),
    ...(settings.env.KUBECONFIG ? { kubeconfigEnv: settings.env.KUBECONFIG } : {}),
    force: options.force === true,
    setCurrentContext: options.setContext === true,
    dryRun: settings.dryRun,
  });

  const execWarning = await missingExecWarning(options.exec, { path: settings.env.PATH, pathExt: settings.env.PATHEXT });
  if (execWarning) output.warn(execWarning);
  if (settings.json) {
    output.printJson({ context: entry.name, path: result.path, currentContextPath: result.currentContextPath, changes: result.changes, dryRun: settings.dryRun });
    return;
  }
  const verb = settings.dryRun ? 'Would write' : 'Wrote';
  for (const change of result.changes) output.info(`${change.section} ${change.name}: ${change.action}`);
  output.success(`${verb} context ${entry.name} to ${result.path}`);
  output.result(entry.name);
  if (!options.setContext) output.info(`Use it with: kubectl --context '${entry.name}' get namespaces`);
}

async function describeCluster(clients: AwsClients, name: string): Promise<ClusterFacts> {
  const eks = await clients.eks();
  const response = await eks.send(new DescribeClusterCommand({ name })).catch((error: unknown) => {
    if (isAwsError(error, 'ResourceNotFoundException')) {
      throw new StepError('ClusterNotFound', `No EKS cluster named "${name}" in ${clients.region}.`, {
        hint: 'Check the name with "aws eks list-clusters", or pass the right --region.',
        cause: error,
      });
    }
    throw explainAwsError(error, `describe the cluster ${name}`);
  });
  const cluster = response.cluster;
  if (!cluster?.endpoint || !cluster.certificateAuthority?.data || !cluster.arn) {
    throw new StepError('ClusterNotReady', `The cluster "${name}" has no API endpoint or certificate yet (status ${cluster?.status ?? 'unknown'}).`, {
      hint: 'Wait until the cluster is ACTIVE, then run the command again.',
    });
  }
  return { endpoint: cluster.endpoint, certificateAuthorityData: cluster.certificateAuthority.data, accountId: parseArn(cluster.arn).accountId };
}

async function callerArn(clients: AwsClients): Promise<string> {
  const sts = await clients.sts();
  const identity = await sts.send(new GetCallerIdentityCommand({})).catch((error: unknown) => {
    throw explainAwsError(error, 'identify the caller');
  });
  if (!identity.Arn) throw new StepError('NoCallerArn', 'STS GetCallerIdentity returned no ARN.');
  return identity.Arn;
}
