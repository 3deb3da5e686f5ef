import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../sandbox/index.js';
import { runCli } from '../support/cli.js';
import { PtySession } from '../support/pty.js';
import { awsAuthData, cliEnv } from '../recover/helpers.js';

const NODE_ROLE = 'arn:aws:iam::111122223333:role/demo-NodeInstanceRole';
const MAP_ROLES = `- rolearn: ${NODE_ROLE}\n  username: system:node:{{EC2PrivateDNSName}}\n  groups:\n    - system:bootstrappers\n    - system:nodes\n`;
const BROKEN_MAP_ROLES = `- rolearn: ${NODE_ROLE}\nusername: system:node:{{EC2PrivateDNSName}}\ngroups:\n  - system:nodes\n`;
const BOB = 'arn:aws:iam::111122223333:user/bob';
const DUPLICATE_BOB = `- userarn: ${BOB}\n  username: bob\n  groups:\n    - viewers\n- userarn: ${BOB}\n  username: bob\n  groups:\n    - editors\n`;

async function writeBackup(sandbox: Sandbox, data: Record<string, string>): Promise<string> {
  const path = join(sandbox.dir, 'aws-auth-before.json');
  await writeFile(path, JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'aws-auth', namespace: 'kube-system' }, data }));
  return path;
}

/** Builds the caller's own mapUsers entry, which restore needs in order to write aws-auth. */
function callerUser(sandbox: Sandbox): string {
  return `- userarn: ${sandbox.callerArn}\n  username: alice\n  groups:\n    - system:masters\n`;
}

function restoreArgs(sandbox: Sandbox, backup: string): string[] {
  return ['restore', '--profile', sandbox.profile, '--cluster', sandbox.clusterName, '--backup', backup];
}

describe('restore review', () => {
  let sandbox: Sandbox | undefined;
  afterEach(async () => {
    await sandbox?.stop();
    sandbox = undefined;
  });

  it('exits 1 and writes nothing on no', async () => {
    sandbox = await startSandbox();
    const live = { mapRoles: MAP_ROLES, mapUsers: `${callerUser(sandbox)}${DUPLICATE_BOB}` };
    sandbox.emulator.setConfigMap('kube-system', 'aws-auth', live, sandbox.clusterName);
    const backup = await writeBackup(sandbox, { mapRoles: MAP_ROLES, mapUsers: callerUser(sandbox) });
    const session = new PtySession(restoreArgs(sandbox, backup), cliEnv(sandbox));
    await session.waitFor(/Restore aws-auth of .*\?/);
    session.write('n\r');

    expect(await session.exitCode()).toBe(1);
    expect(session.text).toContain('Stopped before restoring aws-auth, as you chose.');
    expect(awsAuthData(sandbox)).toEqual(live);
    expect(await readdir(join(sandbox.dir, 'state', 'runs')).catch(() => [])).toEqual([]);
  });

  it('lists a dropped duplicate once', async () => {
    sandbox = await startSandbox();
    const live = { mapRoles: MAP_ROLES, mapUsers: `${callerUser(sandbox)}${DUPLICATE_BOB}` };
    sandbox.emulator.setConfigMap('kube-system', 'aws-auth', live, sandbox.clusterName);
    const backup = await writeBackup(sandbox, { mapRoles: MAP_ROLES, mapUsers: callerUser(sandbox) });

    const result = await runCli([...restoreArgs(sandbox, backup), '--yes'], { env: cliEnv(sandbox) });

    expect(result.code).toBe(0);
    expect(result.stderr.split(`dropped by the restore: mapUsers ${BOB}`)).toHaveLength(2);
    expect(result.stderr).toContain('+++ data.mapUsers\tafter restore');
    expect(result.stderr).not.toContain('after eks-recover');
    expect(awsAuthData(sandbox)).toEqual({ mapRoles: MAP_ROLES, mapUsers: callerUser(sandbox) });
  });

  it('warns when the backup has a key that does not parse', async () => {
    sandbox = await startSandbox();
    sandbox.emulator.setConfigMap('kube-system', 'aws-auth', { mapRoles: MAP_ROLES, mapUsers: callerUser(sandbox) }, sandbox.clusterName);
    const backup = await writeBackup(sandbox, { mapRoles: BROKEN_MAP_ROLES, mapUsers: callerUser(sandbox) });

    const result = await runCli([...restoreArgs(sandbox, backup), '--yes'], { env: cliEnv(sandbox) });

    expect(result.stderr).toContain(
      'warning: the backup has an error that the restore writes back, so EKS reads none of the entries of that key: invalid-yaml (mapRoles line 2)',
    );
    expect(result.code).toBe(0);
    expect(awsAuthData(sandbox)).toEqual({ mapRoles: BROKEN_MAP_ROLES, mapUsers: callerUser(sandbox) });
  });
});
