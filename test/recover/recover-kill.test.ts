import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RequestMatch } from '../emulator/hooks.js';
import { type Sandbox, startSandbox } from '../sandbox/index.js';
import { nodeRoleAwsAuth } from '../sandbox/scenario.js';
import { spawnCli } from '../support/cli.js';
import { awsAuthData, cleanup, cliEnv, configBytes, eksRecoverGroups } from './helpers.js';

/** Requests at the wizard's step boundaries, in the order the wizard makes them. */
const KILL_POINTS: ReadonlyArray<readonly [string, RequestMatch]> = [
  ['creating the IAM group', { service: 'iam', action: 'CreateGroup' }],
  ['attaching the inline policy', { service: 'iam', action: 'PutGroupPolicy' }],
  ['adding the user to the group', { service: 'iam', action: 'AddUserToGroup' }],
  ['assuming the creator role', { service: 'sts', action: 'AssumeRole' }],
  ['reading aws-auth as the creator', { service: 'k8s', action: 'GET configmaps/aws-auth' }],
  ['writing aws-auth', { service: 'k8s', action: 'PUT configmaps/aws-auth' }],
  ['checking access', { service: 'k8s', action: 'POST selfsubjectreviews' }],
  ['removing the membership', { service: 'iam', action: 'RemoveUserFromGroup' }],
  ['deleting the inline policy', { service: 'iam', action: 'DeleteGroupPolicy' }],
  ['deleting the group', { service: 'iam', action: 'DeleteGroup' }],
];

describe('recover killed at each step boundary', () => {
  let sandbox: Sandbox;
  let configBefore: Buffer;
  beforeAll(async () => {
    sandbox = await startSandbox();
    configBefore = await configBytes(sandbox);
  });
  afterAll(async () => {
    await sandbox?.stop();
  });

  it.each(KILL_POINTS)('cleanup restores everything after SIGKILL while %s', async (_name, match) => {
    const original = nodeRoleAwsAuth(sandbox.nodeRoleArn);
    sandbox.emulator.setConfigMap('kube-system', 'aws-auth', original, sandbox.clusterName);
    const held = sandbox.emulator.hooks.hold(match);
    const run = spawnCli(
      ['recover', '--profile', sandbox.profile, '--cluster', sandbox.clusterName, '--yes', '--assume-role-timeout', '5'],
      cliEnv(sandbox),
    );

    const exitedFirst = run.done.then((result) => {
      throw new Error(`the CLI exited (${result.code}) before the held request:\n${result.stderr}`);
    });
    await Promise.race([held.waitUntilHeld(), exitedFirst]);
    run.child.kill('SIGKILL');
    const killed = await run.done;
    held.release();
    expect(killed.signal).toBe('SIGKILL');

    const cleaned = await cleanup(sandbox);
    expect(cleaned.code).toBe(0);
    expect(await eksRecoverGroups(sandbox)).toEqual([]);
    expect(await configBytes(sandbox)).toEqual(configBefore);
    const data = awsAuthData(sandbox)!;
    expect(data.mapRoles).toBe(original.mapRoles);
    expect(data.mapUsers === undefined || data.mapUsers.includes(`userarn: ${sandbox.callerArn}`)).toBe(true);

    const again = await cleanup(sandbox);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('Nothing to clean up.');
  });
});
