import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../sandbox/index.js';
import { awsAuthData, callerNamespaceStatus, cleanup, configBytes, eksRecoverGroups, recover } from './helpers.js';

describe('recover with flags, lock-out scenario', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox();
  });
  afterAll(async () => {
    await sandbox?.stop();
  });

  it('dry run changes nothing', async () => {
    const configBefore = await configBytes(sandbox);
    const awsAuthBefore = sandbox.emulator.getConfigMap('kube-system', 'aws-auth', sandbox.clusterName);
    sandbox.emulator.clearRequests();

    const result = await recover(sandbox, ['--dry-run']);

    expect(result.code).toBe(0);
    expect(result.stderr).toContain('"sts:AssumeRole"');
    expect(result.stderr).toContain('[profile eks-temp]');
    expect(result.stderr).toContain('Dry run: nothing was changed.');
    expect(await configBytes(sandbox)).toEqual(configBefore);
    expect(sandbox.emulator.getConfigMap('kube-system', 'aws-auth', sandbox.clusterName)?.metadata.resourceVersion).toBe(awsAuthBefore?.metadata.resourceVersion);
    expect(await eksRecoverGroups(sandbox)).toEqual([]);
    const writes = sandbox.emulator.requests.filter((request) => /^(Create|Put|Add|Delete|Remove|Update)/.test(request.action) || /^(PUT|POST|PATCH|DELETE) configmaps/.test(request.action));
    expect(writes).toEqual([]);
  });

  it('takes the caller from 401 to cluster admin and leaves nothing temporary', async () => {
    const configBefore = await configBytes(sandbox);
    const mapRolesBefore = awsAuthData(sandbox)?.mapRoles;
    expect(await callerNamespaceStatus(sandbox)).toBe(401);

    const result = await recover(sandbox);

    expect(result.stderr).not.toMatch(/error:/);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Recovered: ${sandbox.callerArn} has access to cluster ${sandbox.clusterName}.`);
    expect(await callerNamespaceStatus(sandbox)).toBe(200);
    expect(awsAuthData(sandbox)?.mapRoles).toBe(mapRolesBefore);
    expect(awsAuthData(sandbox)?.mapUsers).toContain(`userarn: ${sandbox.callerArn}`);
    expect(await eksRecoverGroups(sandbox)).toEqual([]);
    expect(await configBytes(sandbox)).toEqual(configBefore);
  });

  it('a second run finds the access already there', async () => {
    const resourceVersion = sandbox.emulator.getConfigMap('kube-system', 'aws-auth', sandbox.clusterName)?.metadata.resourceVersion;
    sandbox.emulator.clearRequests();
    const result = await recover(sandbox, ['--json']);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(`You already have cluster-admin access to ${sandbox.clusterName}`);
    expect(JSON.parse(result.stdout)).toMatchObject({ mapping: null, access: { clusterAdmin: true }, temporaryLeft: 0 });
    expect(sandbox.emulator.requests.some((request) => request.action === 'CreateGroup')).toBe(false);
    expect(sandbox.emulator.getConfigMap('kube-system', 'aws-auth', sandbox.clusterName)?.metadata.resourceVersion).toBe(resourceVersion);
  });

  it('names the flag when an answer is missing without a terminal', async () => {
    const result = await recover(sandbox, ['--cluster', 'nope']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Cluster "nope" was not found in eu-west-1.');
  });
});

describe('recover --write-kubeconfig', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox();
  });
  afterAll(async () => {
    await sandbox?.stop();
  });

  it('writes a current context that cleanup leaves', async () => {
    const kubeconfig = join(sandbox.dir, 'kube', 'config');
    const result = await recover(sandbox, ['--write-kubeconfig'], { KUBECONFIG: kubeconfig });
    expect(result.code).toBe(0);
    const text = await readFile(kubeconfig, 'utf8');
    expect(text).toContain('current-context: alice@demo.eu-west-1.111122223333');
    expect(text).toContain('command: eks-recover');

    const cleaned = await cleanup(sandbox);
    expect(cleaned.code).toBe(0);
    expect(await readFile(kubeconfig, 'utf8')).toBe(text);
  });
});
