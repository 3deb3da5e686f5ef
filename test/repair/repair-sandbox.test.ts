import { chmod, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { lintAwsAuth } from '../../src/aws-auth/index.js';
import { type CliResult, runCli } from '../support/cli.js';
import { PtySession } from '../support/pty.js';
import { type Sandbox, startSandbox } from '../sandbox/index.js';
import { awsAuthData, callerNamespaceStatus, cliEnv } from '../recover/helpers.js';

const NODE_ROLE = 'arn:aws:iam::111122223333:role/demo-NodeInstanceRole';
const OPERATOR = 'arn:aws:iam::111122223333:role/Operator';

/** mapRoles as case 06 A breaks it: the node role's fields pulled out to column 0. */
const BROKEN_MAP_ROLES = [
  `- rolearn: ${NODE_ROLE}`,
  'username: system:node:{{EC2PrivateDNSName}}',
  'groups:',
  '  - system:bootstrappers',
  '  - system:nodes',
  `- rolearn: ${OPERATOR}`,
  '  username: operator',
  '  groups:',
  '    - system:masters',
  '',
].join('\n');

const FIXED_MAP_ROLES = [
  `- rolearn: ${NODE_ROLE}`,
  '  username: system:node:{{EC2PrivateDNSName}}',
  '  groups:',
  '    - system:bootstrappers',
  '    - system:nodes',
  `- rolearn: ${OPERATOR}`,
  '  username: operator',
  '  groups:',
  '    - system:masters',
  '',
].join('\n');

const MAP_ACCOUNTS = '- "444455556666"\n';

function repair(sandbox: Sandbox, args: readonly string[]): Promise<CliResult> {
  return runCli(['repair', '--profile', sandbox.profile, '--cluster', sandbox.clusterName, '--role-arn', sandbox.creatorRoleArn, '--verify-timeout', '3', ...args], {
    env: cliEnv(sandbox),
  });
}

function errorsOf(data: Record<string, string> | undefined): string[] {
  return lintAwsAuth(data)
    .filter((finding) => finding.level === 'error')
    .map((finding) => `${finding.code} ${finding.message}`);
}

function configMapFile(data: Record<string, string>): string {
  const lines = ['apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: aws-auth', '  namespace: kube-system', 'data:'];
  for (const [key, value] of Object.entries(data)) {
    lines.push(`  ${key}: |`, ...value.replace(/\n$/, '').split('\n').map((line) => `    ${line}`));
  }
  return `${lines.join('\n')}\n`;
}

describe('repair in the sandbox', () => {
  let sandbox: Sandbox | undefined;
  afterEach(async () => {
    await sandbox?.stop();
    sandbox = undefined;
  });

  it('repairs unparsable mapRoles from a file', async () => {
    sandbox = await startSandbox({ callerType: 'assumed-role', awsAuth: { data: { mapRoles: BROKEN_MAP_ROLES, mapAccounts: MAP_ACCOUNTS } } });
    expect(await callerNamespaceStatus(sandbox)).toBe(401);
    const file = join(sandbox.dir, 'aws-auth.yaml');
    await writeFile(file, configMapFile({ mapRoles: FIXED_MAP_ROLES }));

    const result = await repair(sandbox, ['--from-file', file, '--yes']);

    expect(result.stderr).toContain('invalid-yaml (mapRoles line 2)');
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('mapRoles: 0 readable entries before, 2 after');
    const data = awsAuthData(sandbox);
    expect(data?.mapRoles).toBe(FIXED_MAP_ROLES);
    expect(data?.mapAccounts).toBe(MAP_ACCOUNTS);
    expect(errorsOf(data)).toEqual([]);
    expect(await callerNamespaceStatus(sandbox)).toBe(200);
  });

  it('rejects a file that drops an entry', async () => {
    const mapUsers = '- userarn: arn:aws:iam::111122223333:user/bob\n  username: bob\n  groups:\n    - viewers\n';
    sandbox = await startSandbox({ callerType: 'assumed-role', awsAuth: { data: { mapRoles: BROKEN_MAP_ROLES, mapUsers } } });
    const file = join(sandbox.dir, 'aws-auth.yaml');
    await writeFile(file, configMapFile({ mapRoles: FIXED_MAP_ROLES, mapUsers: '[]\n' }));

    const result = await repair(sandbox, ['--from-file', file, '--yes']);

    expect(result.code).toBe(1);
    expect(result.stderr).toContain('would lose mapUsers[0] arn:aws:iam::111122223333:user/bob; nothing was written');
    expect(awsAuthData(sandbox)).toEqual({ mapRoles: BROKEN_MAP_ROLES, mapUsers });
  });

  it('rejects a file that still does not parse', async () => {
    sandbox = await startSandbox({ callerType: 'assumed-role', awsAuth: { data: { mapRoles: BROKEN_MAP_ROLES } } });
    const file = join(sandbox.dir, 'aws-auth.yaml');
    await writeFile(file, configMapFile({ mapRoles: BROKEN_MAP_ROLES }));

    const result = await repair(sandbox, ['--from-file', file, '--yes']);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${file} still has errors, so nothing was written`);
    expect(awsAuthData(sandbox)).toEqual({ mapRoles: BROKEN_MAP_ROLES });
  });

  it('names --from-file without a terminal', async () => {
    sandbox = await startSandbox({ callerType: 'assumed-role', awsAuth: { data: { mapRoles: BROKEN_MAP_ROLES } } });

    const result = await repair(sandbox, ['--yes']);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Pass --from-file FILE');
    expect(awsAuthData(sandbox)).toEqual({ mapRoles: BROKEN_MAP_ROLES });
  });

  it('fixes a role path and an STS ARN automatically', async () => {
    const mapRoles = FIXED_MAP_ROLES.replace(`rolearn: ${OPERATOR}`, 'rolearn: arn:aws:iam::111122223333:role/team/Operator');
    const mapUsers = '- userarn: arn:aws:sts::111122223333:assumed-role/Reader/carol\n  username: carol\n  groups:\n    - viewers\n';
    sandbox = await startSandbox({ callerType: 'assumed-role', awsAuth: { data: { mapRoles, mapUsers, mapAccounts: MAP_ACCOUNTS } } });
    expect(await callerNamespaceStatus(sandbox)).toBe(401);

    const result = await repair(sandbox, ['--yes']);

    expect(result.code).toBe(0);
    expect(result.stderr).toContain('Fix: mapRoles: arn:aws:iam::111122223333:role/team/Operator becomes arn:aws:iam::111122223333:role/Operator');
    expect(result.stderr).toContain('Fix: move arn:aws:sts::111122223333:assumed-role/Reader/carol from mapUsers to mapRoles');
    const data = awsAuthData(sandbox);
    expect(data?.mapRoles).toBe(`${FIXED_MAP_ROLES}- rolearn: arn:aws:iam::111122223333:role/Reader\n  username: carol\n  groups:\n    - viewers\n`);
    expect(data?.mapAccounts).toBe(MAP_ACCOUNTS);
    expect(errorsOf(data)).toEqual([]);
    expect(result.stdout).toContain('Repaired aws-auth of demo');
    expect(await callerNamespaceStatus(sandbox)).toBe(200);
  });

  it('writes nothing under --dry-run', async () => {
    const mapRoles = FIXED_MAP_ROLES.replace(`rolearn: ${OPERATOR}`, 'rolearn: arn:aws:iam::111122223333:role/team/Operator');
    sandbox = await startSandbox({ callerType: 'assumed-role', awsAuth: { data: { mapRoles } } });

    const result = await repair(sandbox, ['--dry-run']);

    expect(result.code).toBe(0);
    expect(result.stderr).toContain('+- rolearn: arn:aws:iam::111122223333:role/Operator');
    expect(result.stdout).toContain('Dry run: nothing was changed.');
    expect(awsAuthData(sandbox)).toEqual({ mapRoles });
  });

  it('restores a backup instead and names what it drops', async () => {
    const mapUsers = '- userarn: arn:aws:iam::111122223333:user/bob\n  username: bob\n  groups:\n    - viewers\n';
    sandbox = await startSandbox({ callerType: 'assumed-role', awsAuth: { data: { mapRoles: BROKEN_MAP_ROLES, mapUsers } } });
    const backup = join(sandbox.dir, 'aws-auth-before.json');
    const saved = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'aws-auth', namespace: 'kube-system' }, data: { mapRoles: FIXED_MAP_ROLES } };
    await writeFile(backup, JSON.stringify(saved));

    const result = await repair(sandbox, ['--backup', backup, '--yes']);

    expect(result.code).toBe(0);
    expect(result.stderr).toContain(`brings back mapRoles ${OPERATOR}`);
    expect(result.stderr).toContain('drops mapUsers arn:aws:iam::111122223333:user/bob, which is not in the backup');
    expect(awsAuthData(sandbox)).toEqual({ mapRoles: FIXED_MAP_ROLES });
    expect(await callerNamespaceStatus(sandbox)).toBe(200);
  });

  it('repairs unparsable mapRoles through the editor', async () => {
    sandbox = await startSandbox({ callerType: 'assumed-role', awsAuth: { data: { mapRoles: BROKEN_MAP_ROLES, mapAccounts: MAP_ACCOUNTS } } });
    const fixed = join(sandbox.dir, 'fixed.yaml');
    await writeFile(fixed, FIXED_MAP_ROLES);
    const editor = join(sandbox.dir, 'editor.sh');
    await writeFile(editor, `#!/bin/sh\ncp "${fixed}" "$1"\n`);
    await chmod(editor, 0o755);

    const args = ['repair', '--profile', sandbox.profile, '--cluster', sandbox.clusterName, '--role-arn', sandbox.creatorRoleArn, '--verify-timeout', '3'];
    const session = new PtySession(args, cliEnv(sandbox, { EDITOR: editor, VISUAL: '' }));
    await session.waitFor(/Write the repaired aws-auth\?/);
    session.write('y\r');
    expect(await session.exitCode()).toBe(0);

    expect(session.text).toContain('mapRoles: 0 readable entries before, 2 after');
    const data = awsAuthData(sandbox);
    expect(data?.mapRoles).toBe(FIXED_MAP_ROLES);
    expect(data?.mapAccounts).toBe(MAP_ACCOUNTS);
    expect(await callerNamespaceStatus(sandbox)).toBe(200);
    const backup = /Backed up the live aws-auth to (\S+)\./.exec(session.text)?.[1];
    expect(JSON.parse(await readFile(backup!, 'utf8')).data).toEqual({ mapRoles: BROKEN_MAP_ROLES, mapAccounts: MAP_ACCOUNTS });
  });
});
