import { randomUUID } from 'node:crypto';
import { CreateClusterCommand, EKSClient } from '@aws-sdk/client-eks';
import type { Emulator } from '../emulator/emulator.js';
import type { AwsCredentials } from '../emulator/moto-identity.js';
import { SeedClients, createRole, createUserWithKey, trustPolicy } from './seed-iam.js';

export interface ScenarioOptions {
  /** Default `demo`. */
  clusterName?: string;
  /** Default `eu-west-1`. */
  region?: string;
  /** Cluster and creator role in 444455556666, the caller in 111122223333. */
  crossAccount?: boolean;
  /** Default `CONFIG_MAP`. */
  authenticationMode?: 'CONFIG_MAP' | 'API_AND_CONFIG_MAP' | 'API';
  /** Default `iam-user` (alice). With `assumed-role`, the profile contains a session of role `Operator` named alice. */
  callerType?: 'iam-user' | 'assumed-role';
  /** Default `node-role-only`. */
  awsAuth?: 'node-role-only' | 'absent' | { data: Record<string, string> };
  /** moto checks signatures and policies; the creator role's trust policy then names the caller's exact ARN. */
  iamAuthorization?: boolean;
}

export interface ScenarioFacts {
  readonly region: string;
  readonly clusterName: string;
  readonly accountId: string;
  readonly clusterAccountId: string;
  readonly callerArn: string;
  readonly callerCredentials: AwsCredentials;
  readonly creatorRoleArn: string;
  readonly nodeRoleArn: string;
}

export const CALLER_ACCOUNT = '111122223333';
export const OTHER_ACCOUNT = '444455556666';
export const CREATOR_ROLE_NAME = 'AWSCloudFormationStackSetExecutionRole';

function serviceTrust(service: string): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' }],
  });
}

/** Returns `aws-auth` data that maps only the node instance role, as EKS writes it for a managed node group. */
export function nodeRoleAwsAuth(nodeRoleArn: string): Record<string, string> {
  return {
    mapRoles: [
      `- rolearn: ${nodeRoleArn}`,
      '  username: system:node:{{EC2PrivateDNSName}}',
      '  groups:',
      '    - system:bootstrappers',
      '    - system:nodes',
      '',
    ].join('\n'),
  };
}

async function seedCaller(seed: SeedClients, callerType: ScenarioOptions['callerType']) {
  const iam = seed.iam(await seed.inAccount(CALLER_ACCOUNT));
  const alice = await createUserWithKey(iam, 'alice');
  if (callerType !== 'assumed-role') return { arn: alice.arn, credentials: alice.credentials, trusted: [alice.arn] };
  const operatorArn = await createRole(iam, 'Operator', trustPolicy([alice.arn]), 'caller');
  const credentials = await seed.assume(operatorArn, 'alice');
  const arn = `arn:aws:sts::${CALLER_ACCOUNT}:assumed-role/Operator/alice`;
  return { arn, credentials, trusted: [operatorArn, arn] };
}

function stackSetTags(region: string, account: string, clusterName: string): Record<string, string> {
  const stackName = `StackSet-${clusterName}-eks-${randomUUID()}`;
  return {
    'aws:cloudformation:stack-name': stackName,
    'aws:cloudformation:stack-id': `arn:aws:cloudformation:${region}:${account}:stack/${stackName}/${randomUUID()}`,
    'aws:cloudformation:logical-id': 'EksCluster',
  };
}

/**
 * Seeds the classic lock-out. Alice may not assume roles, and a StackSet execution role lives
 * in the cluster's account. A session of that role created the cluster, so it is the hidden
 * creator and the subject of a CloudTrail CreateCluster event. `aws-auth` maps only the node role.
 */
export async function seedScenario(motoUrl: string, emulator: Emulator, options: ScenarioOptions = {}): Promise<ScenarioFacts> {
  const region = options.region ?? 'eu-west-1';
  const clusterName = options.clusterName ?? 'demo';
  const clusterAccountId = options.crossAccount ? OTHER_ACCOUNT : CALLER_ACCOUNT;
  const seed = new SeedClients(motoUrl, region);
  const caller = await seedCaller(seed, options.callerType);

  const clusterIam = seed.iam(await seed.inAccount(clusterAccountId));
  const trusted = options.iamAuthorization ? caller.trusted : [`arn:aws:iam::${CALLER_ACCOUNT}:root`];
  const creatorRoleArn = await createRole(clusterIam, CREATOR_ROLE_NAME, trustPolicy(trusted), 'admin');
  const nodeRoleArn = await createRole(clusterIam, `${clusterName}-NodeInstanceRole`, serviceTrust('ec2.amazonaws.com'), 'none');
  const clusterRoleArn = await createRole(clusterIam, `${clusterName}-ClusterRole`, serviceTrust('eks.amazonaws.com'), 'none');

  const creator = await seed.assume(creatorRoleArn, `stackset-${clusterName}`);
  const eks = new EKSClient({ region, endpoint: emulator.awsUrl, credentials: creator });
  await eks.send(
    new CreateClusterCommand({
      name: clusterName,
      roleArn: clusterRoleArn,
      resourcesVpcConfig: { subnetIds: ['subnet-0a1b2c3d4e5f60001', 'subnet-0a1b2c3d4e5f60002'] },
      accessConfig: { authenticationMode: options.authenticationMode ?? 'CONFIG_MAP', bootstrapClusterCreatorAdminPermissions: true },
      tags: stackSetTags(region, clusterAccountId, clusterName),
    }),
  );
  eks.destroy();

  const awsAuth = options.awsAuth ?? 'node-role-only';
  if (awsAuth === 'node-role-only') emulator.setConfigMap('kube-system', 'aws-auth', nodeRoleAwsAuth(nodeRoleArn), clusterName);
  else if (awsAuth !== 'absent') emulator.setConfigMap('kube-system', 'aws-auth', awsAuth.data, clusterName);

  return {
    region,
    clusterName,
    accountId: CALLER_ACCOUNT,
    clusterAccountId,
    callerArn: caller.arn,
    callerCredentials: caller.credentials,
    creatorRoleArn,
    nodeRoleArn,
  };
}
