import { UpdateAssumeRolePolicyCommand, IAMClient } from '@aws-sdk/client-iam';
import { afterEach, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../sandbox/index.js';
import { callerCredentials } from '../sandbox/clients.js';
import { awsAuthData, callerNamespaceStatus, configBytes, eksRecoverGroups, recover } from './helpers.js';

describe('recover scenarios', () => {
  let sandbox: Sandbox | undefined;
  afterEach(async () => {
    await sandbox?.stop();
    sandbox = undefined;
  });

  it('creates aws-auth when it is absent', async () => {
    sandbox = await startSandbox({ awsAuth: 'absent' });
    const result = await recover(sandbox);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('kube-system/aws-auth does not exist; it will be created');
    expect(awsAuthData(sandbox)?.mapUsers).toContain(`userarn: ${sandbox.callerArn}`);
    expect(await callerNamespaceStatus(sandbox)).toBe(200);
  });

  it('makes no grant for an assumed-role caller', async () => {
    sandbox = await startSandbox({ callerType: 'assumed-role' });
    const result = await recover(sandbox);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('which cannot join an IAM group: no grant is made');
    expect(sandbox.emulator.requests.some((request) => request.action === 'CreateGroup')).toBe(false);
    expect(awsAuthData(sandbox)?.mapRoles).toContain('rolearn: arn:aws:iam::111122223333:role/Operator');
  });

  it('recovers a cluster in another account', async () => {
    sandbox = await startSandbox({ crossAccount: true });
    const box = sandbox;
    let groupsDuringGrant: string[] = [];
    box.emulator.hooks.beforeNext({ service: 'iam', action: 'AddUserToGroup' }, async () => {
      groupsDuringGrant = await eksRecoverGroups(box);
    });
    const result = await recover(sandbox, ['--cluster-account', sandbox.clusterAccountId]);
    expect(result.stderr).not.toMatch(/error:/);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(`The cluster lives in account ${sandbox.clusterAccountId}`);
    expect(groupsDuringGrant).toHaveLength(1);
    expect(await eksRecoverGroups(sandbox)).toEqual([]);
    expect(await callerNamespaceStatus(sandbox)).toBe(200);
  });

  it('stops before any change when the role trusts only another account', async () => {
    sandbox = await startSandbox();
    const iam = new IAMClient({ region: sandbox.region, endpoint: sandbox.emulator.awsUrl, credentials: callerCredentials(sandbox) });
    const trustOther = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::999988887777:root' }, Action: 'sts:AssumeRole' }],
    });
    await iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: 'AWSCloudFormationStackSetExecutionRole', PolicyDocument: trustOther }));
    const configBefore = await configBytes(sandbox);

    const result = await recover(sandbox);

    expect(result.code).toBe(1);
    expect(result.stderr).toContain('does not trust you or your account; it trusts arn:aws:iam::999988887777:root');
    expect(await eksRecoverGroups(sandbox)).toEqual([]);
    expect(await configBytes(sandbox)).toEqual(configBefore);
  });

  it('refuses the account root with nothing changed', async () => {
    sandbox = await startSandbox();
    const rootIdentity = `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Arn>arn:aws:iam::111122223333:root</Arn><UserId>111122223333</UserId><Account>111122223333</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></GetCallerIdentityResponse>`;
    sandbox.emulator.hooks.fail({ service: 'sts', action: 'GetCallerIdentity' }, { status: 200, body: rootIdentity });
    const configBefore = await configBytes(sandbox);

    const result = await recover(sandbox);

    expect(result.code).toBe(1);
    expect(result.stderr).toContain('You are signed in as the account root user');
    expect(await eksRecoverGroups(sandbox)).toEqual([]);
    expect(await configBytes(sandbox)).toEqual(configBefore);
  });

  it('keeps a foreign aws-auth write that lands between read and write', async () => {
    sandbox = await startSandbox();
    const box = sandbox;
    const foreignRole = 'arn:aws:iam::111122223333:role/new-node-group';
    box.emulator.hooks.beforeNext({ service: 'k8s', action: 'PUT configmaps/aws-auth' }, () => {
      const data = awsAuthData(box)!;
      box.emulator.setConfigMap('kube-system', 'aws-auth', {
        ...data,
        mapRoles: `${data.mapRoles}- rolearn: ${foreignRole}\n  username: system:node:{{EC2PrivateDNSName}}\n  groups:\n    - system:nodes\n`,
      });
    });

    const result = await recover(box);

    expect(result.code).toBe(0);
    expect(result.stderr).toContain('after 1 conflicting write(s) by others');
    expect(awsAuthData(box)?.mapRoles).toContain(foreignRole);
    expect(awsAuthData(box)?.mapRoles).toContain(box.nodeRoleArn);
    expect(awsAuthData(box)?.mapUsers).toContain(box.callerArn);
  });
});
