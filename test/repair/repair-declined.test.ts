import { chmod, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PtySession } from '../support/pty.js';
import { type Sandbox, startSandbox } from '../sandbox/index.js';
import { awsAuthData, cliEnv } from '../recover/helpers.js';

const NODE_ROLE = 'arn:aws:iam::111122223333:role/demo-NodeInstanceRole';
const BROKEN_MAP_ROLES = `- rolearn: ${NODE_ROLE}\nusername: system:node:{{EC2PrivateDNSName}}\ngroups:\n  - system:nodes\n`;
const CASED_MAP_USERS = '- userarn: arn:aws:iam::111122223333:user/bob\n  Username: bob\n  groups:\n    - viewers\n';
const PATH_MAP_ROLES = '- rolearn: arn:aws:iam::111122223333:role/team/Operator\n  username: operator\n  groups:\n    - system:masters\n';

function repairSession(sandbox: Sandbox, extra: Record<string, string> = {}): PtySession {
  const args = ['repair', '--profile', sandbox.profile, '--cluster', sandbox.clusterName, '--role-arn', sandbox.creatorRoleArn, '--verify-timeout', '1'];
  return new PtySession(args, cliEnv(sandbox, extra));
}

async function runFolderFiles(sandbox: Sandbox): Promise<string[]> {
  const files = await readdir(join(sandbox.dir, 'state', 'runs'), { recursive: true }).catch(() => []);
  return files.filter((file) => file.endsWith('.json'));
}

describe('repair when you decline', () => {
  let sandbox: Sandbox | undefined;
  afterEach(async () => {
    await sandbox?.stop();
    sandbox = undefined;
  });

  it('exits 1 on no at the write', async () => {
    sandbox = await startSandbox({ callerType: 'assumed-role', awsAuth: { data: { mapRoles: PATH_MAP_ROLES } } });
    const session = repairSession(sandbox);
    await session.waitFor(/Apply this fix\?/);
    session.write('y\r');
    await session.waitFor(/Write the repaired aws-auth\?/);
    session.write('n\r');

    expect(await session.exitCode()).toBe(1);
    expect(session.text).toContain('Stopped before changing aws-auth, as you chose.');
    expect(session.text).not.toContain('Backed up the live aws-auth');
    expect(awsAuthData(sandbox)).toEqual({ mapRoles: PATH_MAP_ROLES });
    expect(await runFolderFiles(sandbox)).not.toContainEqual(expect.stringContaining('aws-auth-before.json'));
  });

  it('writes nothing after giving up in the editor', async () => {
    sandbox = await startSandbox({ callerType: 'assumed-role', awsAuth: { data: { mapRoles: BROKEN_MAP_ROLES, mapUsers: CASED_MAP_USERS } } });
    const editor = join(sandbox.dir, 'editor.sh');
    await writeFile(editor, '#!/bin/sh\nexit 0\n');
    await chmod(editor, 0o755);
    const session = repairSession(sandbox, { EDITOR: editor, VISUAL: '' });
    await session.waitFor(/Apply this fix\?/);
    session.write('y\r');
    await session.waitFor(/Edit mapRoles\.yaml again\?/);
    session.write('n\r');

    expect(await session.exitCode()).toBe(1);
    expect(session.text).toContain('Fix: mapUsers');
    expect(session.text).toContain('Gave up editing mapRoles, so nothing was written.');
    expect(session.text).toMatch(/error: invalid-yaml \(mapRoles line 2\)/);
    expect(session.text).not.toContain('error: error');
    expect(awsAuthData(sandbox)).toEqual({ mapRoles: BROKEN_MAP_ROLES, mapUsers: CASED_MAP_USERS });
  });
});
