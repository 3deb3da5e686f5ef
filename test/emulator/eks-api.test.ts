import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import {
  AssociateAccessPolicyCommand,
  CreateAccessEntryCommand,
  CreateClusterCommand,
  DescribeClusterCommand,
  DescribeUpdateCommand,
  EKSClient,
  ListAccessEntriesCommand,
  ListAssociatedAccessPoliciesCommand,
  ListClustersCommand,
  UpdateClusterConfigCommand,
} from '@aws-sdk/client-eks';
import { GetUserCommand, IAMClient } from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../sandbox/index.js';
import { callerCredentials, kubeRequest } from '../sandbox/clients.js';
import { buildTestToken } from '../support/eks-token.js';
import type { AwsCredentials } from './moto-identity.js';

const ADMIN_POLICY = 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy';

describe('emulated EKS control plane', () => {
  let sandbox: Sandbox;
  let alice: AwsCredentials;
  let eks: EKSClient;

  beforeAll(async () => {
    sandbox = await startSandbox();
    alice = callerCredentials(sandbox);
    eks = new EKSClient({ region: sandbox.region, endpoint: sandbox.emulator.awsUrl, credentials: alice, maxAttempts: 1 });
  });
  afterAll(async () => {
    eks?.destroy();
    await sandbox?.stop();
  });

  it('describes the seeded cluster', async () => {
    const { cluster } = await eks.send(new DescribeClusterCommand({ name: 'demo' }));
    expect(cluster?.status).toBe('ACTIVE');
    expect(cluster?.endpoint).toBe(sandbox.kubeApiUrl);
    expect(Buffer.from(cluster?.certificateAuthority?.data ?? '', 'base64').toString()).toContain('BEGIN CERTIFICATE');
    expect(cluster?.accessConfig?.authenticationMode).toBe('CONFIG_MAP');
    expect(cluster?.resourcesVpcConfig?.endpointPublicAccess).toBe(true);
    expect(cluster?.tags?.['aws:cloudformation:stack-name']).toMatch(/^StackSet-demo-/);
    expect(cluster?.createdAt).toBeInstanceOf(Date);
  });

  it('answers ResourceNotFoundException for an unknown cluster', async () => {
    await expect(eks.send(new DescribeClusterCommand({ name: 'nope' }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
      message: 'No cluster found for name: nope.',
    });
  });

  it('pages ListClusters', async () => {
    await eks.send(new CreateClusterCommand({ name: 'second', roleArn: sandbox.creatorRoleArn, resourcesVpcConfig: {} }));
    const first = await eks.send(new ListClustersCommand({ maxResults: 1 }));
    expect(first.clusters).toEqual(['demo']);
    const second = await eks.send(new ListClustersCommand({ maxResults: 1, nextToken: first.nextToken }));
    expect(second.clusters).toEqual(['second']);
    expect(second.nextToken).toBeUndefined();
  });

  it('finds the creator in a CloudTrail CreateCluster event', async () => {
    const cloudTrail = new CloudTrailClient({ region: sandbox.region, endpoint: sandbox.emulator.awsUrl, credentials: alice });
    const { Events } = await cloudTrail.send(
      new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'ResourceName', AttributeValue: 'demo' }] }),
    );
    expect(Events).toHaveLength(1);
    const record = JSON.parse(Events![0]!.CloudTrailEvent!) as { userIdentity: { sessionContext: { sessionIssuer: { arn: string } } } };
    expect(record.userIdentity.sessionContext.sessionIssuer.arn).toBe(sandbox.creatorRoleArn);
  });

  it('refuses access entries in CONFIG_MAP mode', async () => {
    await expect(eks.send(new CreateAccessEntryCommand({ clusterName: 'demo', principalArn: sandbox.callerArn }))).rejects.toMatchObject({
      name: 'InvalidRequestException',
      message: "The cluster's authentication mode must be set to one of [API, API_AND_CONFIG_MAP] to perform this operation.",
    });
  });

  it('maps a caller through an access entry after the mode change', async () => {
    const { update } = await eks.send(new UpdateClusterConfigCommand({ name: 'demo', accessConfig: { authenticationMode: 'API_AND_CONFIG_MAP' } }));
    const described = await eks.send(new DescribeUpdateCommand({ name: 'demo', updateId: update!.id! }));
    expect(described.update?.status).toBe('Successful');
    await expect(
      eks.send(new UpdateClusterConfigCommand({ name: 'demo', accessConfig: { authenticationMode: 'CONFIG_MAP' } })),
    ).rejects.toMatchObject({ name: 'InvalidParameterException', message: 'Unsupported authentication mode update from API_AND_CONFIG_MAP to CONFIG_MAP.' });

    await expect(
      eks.send(new CreateAccessEntryCommand({ clusterName: 'demo', principalArn: sandbox.callerArn, kubernetesGroups: ['system:masters'] })),
    ).rejects.toMatchObject({ name: 'InvalidParameterException' });
    await eks.send(new CreateAccessEntryCommand({ clusterName: 'demo', principalArn: sandbox.callerArn }));
    await expect(eks.send(new CreateAccessEntryCommand({ clusterName: 'demo', principalArn: sandbox.callerArn }))).rejects.toMatchObject({
      name: 'ResourceInUseException',
      message: 'The specified access entry resource is already in use on this cluster.',
    });
    expect((await eks.send(new ListAccessEntriesCommand({ clusterName: 'demo' }))).accessEntries).toEqual([sandbox.callerArn]);

    const token = await buildTestToken({ clusterName: 'demo', credentials: alice });
    expect((await kubeRequest(sandbox, token, 'GET', '/api/v1/namespaces')).status).toBe(403);
    await eks.send(
      new AssociateAccessPolicyCommand({ clusterName: 'demo', principalArn: sandbox.callerArn, policyArn: ADMIN_POLICY, accessScope: { type: 'cluster' } }),
    );
    const listed = await eks.send(new ListAssociatedAccessPoliciesCommand({ clusterName: 'demo', principalArn: sandbox.callerArn }));
    expect(listed.associatedAccessPolicies?.map((policy) => policy.policyArn)).toEqual([ADMIN_POLICY]);
    expect((await kubeRequest(sandbox, token, 'GET', '/api/v1/namespaces')).status).toBe(200);
  });

  it('denies chosen EKS actions to a principal', async () => {
    sandbox.emulator.denyEksActions(sandbox.callerArn, ['eks:DescribeCluster']);
    await expect(eks.send(new DescribeClusterCommand({ name: 'second' }))).rejects.toMatchObject({
      name: 'AccessDeniedException',
      message: `User: ${sandbox.callerArn} is not authorized to perform: eks:DescribeCluster on resource: arn:aws:eks:eu-west-1:111122223333:cluster/second`,
    });
    expect((await eks.send(new ListClustersCommand({}))).clusters).toHaveLength(2);
  });

  it('fails a forwarded IAM action through a hook', async () => {
    const iam = new IAMClient({ region: sandbox.region, endpoint: sandbox.emulator.awsUrl, credentials: alice, maxAttempts: 1 });
    const hook = sandbox.emulator.hooks.fail({ service: 'iam', action: 'GetUser' }, { expiredToken: true });
    await expect(iam.send(new GetUserCommand({ UserName: 'alice' }))).rejects.toMatchObject({ name: 'ExpiredToken' });
    hook.remove();
    expect((await iam.send(new GetUserCommand({ UserName: 'alice' }))).User?.Arn).toBe(sandbox.callerArn);
  });

  it('rejects a request signed with a wrong secret', async () => {
    const forged = new EKSClient({
      region: sandbox.region,
      endpoint: sandbox.emulator.awsUrl,
      credentials: { ...alice, secretAccessKey: 'wrong' },
      maxAttempts: 1,
    });
    await expect(forged.send(new ListClustersCommand({}))).rejects.toMatchObject({ name: 'InvalidSignatureException' });
  });
});
