import { type Cluster, DescribeClusterCommand, type EKSClient, paginateListClusters } from '@aws-sdk/client-eks';
import type { AwsClients } from '../aws/clients.js';
import { explainAwsError, isAwsError } from '../aws/errors.js';
import { StepError, UsageError } from '../errors.js';
import type { ClusterInfo, RunContext } from './context.js';

const USABLE_STATUSES = new Set(['ACTIVE', 'UPDATING']);

/** Lists the region's clusters (every page) visible to these clients. */
export async function listClusterNames(eks: EKSClient): Promise<string[]> {
  const names: string[] = [];
  for await (const page of paginateListClusters({ client: eks }, {})) names.push(...(page.clusters ?? []));
  return names;
}

/** Step 2: the cluster name, from `--cluster` or a choice among the region's clusters. */
export async function chooseClusterName(ctx: RunContext, clients: AwsClients): Promise<string> {
  if (ctx.options.cluster) return ctx.options.cluster;
  const eks = await clients.eks();
  let names: string[];
  try {
    names = await listClusterNames(eks);
  } catch (error) {
    throw explainAwsError(error, `list EKS clusters in ${clients.region}`);
  }
  if (names.length === 0) {
    throw new StepError('NoClusters', `No EKS clusters are visible in ${clients.region}.`, {
      hint: 'Pass --region for another region, or --cluster-account with --creator-role-arn for a cluster in another account.',
    });
  }
  return ctx.prompter.select({
    message: `Which cluster in ${clients.region} do you need access to?`,
    flag: '--cluster NAME',
    choices: names.map((name) => ({ name, value: name })),
  });
}

/** Describes the cluster and rejects one that cannot take a change now. */
export async function describeCluster(ctx: RunContext, clients: AwsClients, name: string): Promise<ClusterInfo> {
  const eks = await clients.eks();
  let cluster: Cluster | undefined;
  try {
    cluster = (await eks.send(new DescribeClusterCommand({ name }))).cluster;
  } catch (error) {
    if (isAwsError(error, 'ResourceNotFoundException')) {
      throw new UsageError('ClusterNotFound', `Cluster "${name}" was not found in ${clients.region}.`, {
        hint: 'Check --cluster and --region; a cluster in another account needs --cluster-account or --creator-role-arn.',
      });
    }
    throw explainAwsError(error, `describe cluster ${name}`);
  }
  const info = toClusterInfo(cluster, name);
  if (!USABLE_STATUSES.has(info.status)) {
    throw new StepError('ClusterNotActive', `Cluster "${name}" is ${info.status}; access can be changed only while it is ACTIVE or UPDATING.`, {
      hint: 'Wait until the cluster is ACTIVE (aws eks wait cluster-active --name NAME) and run eks-recover again.',
    });
  }
  if (!info.endpointPublicAccess) {
    ctx.output.warn(
      `Cluster "${name}" has a private-only API endpoint: the aws-auth change and the check need a network path into its VPC (VPN, bastion or peering).`,
    );
  }
  ctx.output.success(
    `Cluster ${info.name}: ${info.status}, Kubernetes ${info.version ?? 'unknown'}, authentication mode ${info.authenticationMode}.`,
  );
  return info;
}

export function toClusterInfo(cluster: Cluster | undefined, name: string): ClusterInfo {
  if (!cluster?.endpoint || !cluster.certificateAuthority?.data || !cluster.arn) {
    throw new StepError('ClusterIncomplete', `DescribeCluster for "${name}" returned no endpoint or certificate authority yet.`, {
      hint: 'The cluster may still be creating; wait until it is ACTIVE.',
    });
  }
  return {
    name: cluster.name ?? name,
    arn: cluster.arn,
    accountId: cluster.arn.split(':')[4] ?? '',
    status: cluster.status ?? 'UNKNOWN',
    endpoint: cluster.endpoint,
    caData: cluster.certificateAuthority.data,
    ...(cluster.version ? { version: cluster.version } : {}),
    ...(cluster.platformVersion ? { platformVersion: cluster.platformVersion } : {}),
    authenticationMode: cluster.accessConfig?.authenticationMode ?? 'CONFIG_MAP',
    endpointPublicAccess: cluster.resourcesVpcConfig?.endpointPublicAccess ?? true,
    endpointPrivateAccess: cluster.resourcesVpcConfig?.endpointPrivateAccess ?? false,
    tags: cluster.tags ?? {},
    ...(cluster.createdAt ? { createdAt: cluster.createdAt.toISOString() } : {}),
  };
}
