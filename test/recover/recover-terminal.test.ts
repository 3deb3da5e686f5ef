import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../sandbox/index.js';
import { KEY, PtySession } from '../support/pty.js';
import { callerNamespaceStatus, cleanup, cliEnv, configBytes, eksRecoverGroups } from './helpers.js';

describe('recover in a terminal', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox();
  });
  afterAll(async () => {
    await sandbox?.stop();
  });

  it('asks for the cluster and each confirmation, then recovers', async () => {
    const configBefore = await configBytes(sandbox);
    const session = new PtySession(['--profile', sandbox.profile, '--assume-role-timeout', '5'], cliEnv(sandbox));

    await session.waitFor(/Which cluster in eu-west-1/);
    expect(session.text).toContain(sandbox.clusterName);
    session.write(KEY.enter);
    await session.waitFor(/ARN of the role that created the cluster/);
    session.write(KEY.enter);
    await session.waitFor(/Create the temporary grant and profile\?/);
    session.write('y');
    session.write(KEY.enter);
    await session.waitFor(/Write this change to aws-auth\?/);
    expect(session.text).toContain(`+- userarn: ${sandbox.callerArn}`);
    session.write('y');
    session.write(KEY.enter);

    expect(await session.exitCode()).toBe(0);
    expect(session.text).toContain(`Recovered: ${sandbox.callerArn} has access to cluster ${sandbox.clusterName}.`);
    expect(await callerNamespaceStatus(sandbox)).toBe(200);
    expect(await eksRecoverGroups(sandbox)).toEqual([]);
    expect(await configBytes(sandbox)).toEqual(configBefore);
  });

  it('stops at Ctrl+C, names what is left and exits 130', async () => {
    const configBefore = await configBytes(sandbox);
    sandbox.emulator.setConfigMap('kube-system', 'aws-auth', { mapRoles: `- rolearn: ${sandbox.nodeRoleArn}\n  username: system:node:{{EC2PrivateDNSName}}\n  groups:\n    - system:nodes\n` }, sandbox.clusterName);
    const session = new PtySession(['--profile', sandbox.profile, '--cluster', sandbox.clusterName, '--creator-role-arn', sandbox.creatorRoleArn], cliEnv(sandbox));
    await session.waitFor(/Create the temporary grant and profile\?/);
    session.write('y');
    session.write(KEY.enter);
    await session.waitFor(/Write this change to aws-auth\?/);
    const whileRunning = await cleanup(sandbox);
    expect(whileRunning.stderr).toMatch(/Run [0-9a-f]+ is still going \(process \d+\); its temporary resources are left alone\./);
    expect(await eksRecoverGroups(sandbox)).toHaveLength(1);
    session.write(KEY.ctrlC);

    expect(await session.exitCode()).toBe(130);
    expect(session.text).toMatch(/Left behind by this run: .*IAM group \/eks-recover\/eks-recover-demo-/);
    expect(session.text).toContain("Run 'eks-recover cleanup' to remove them");

    const cleaned = await cleanup(sandbox);
    expect(cleaned.code).toBe(0);
    expect(cleaned.stderr).toMatch(/Deleted IAM group eks-recover-demo-/);
    expect(await eksRecoverGroups(sandbox)).toEqual([]);
    expect(await configBytes(sandbox)).toEqual(configBefore);
  });

  it('removes the temporary grant when the aws-auth change is declined', async () => {
    const configBefore = await configBytes(sandbox);
    sandbox.emulator.setConfigMap('kube-system', 'aws-auth', { mapRoles: `- rolearn: ${sandbox.nodeRoleArn}\n  username: system:node:{{EC2PrivateDNSName}}\n  groups:\n    - system:nodes\n` }, sandbox.clusterName);
    const session = new PtySession(['--profile', sandbox.profile, '--cluster', sandbox.clusterName, '--creator-role-arn', sandbox.creatorRoleArn], cliEnv(sandbox));
    await session.waitFor(/Create the temporary grant and profile\?/);
    session.write('y');
    session.write(KEY.enter);
    await session.waitFor(/Write this change to aws-auth\?/);
    session.write('n');
    session.write(KEY.enter);

    expect(await session.exitCode()).toBe(1);
    expect(session.text).toContain('Stopped before changing aws-auth, as you chose.');
    expect(session.text).toContain('Removing the temporary grant and profile of this run');
    expect(await eksRecoverGroups(sandbox)).toEqual([]);
    expect(await configBytes(sandbox)).toEqual(configBefore);
  });
});
