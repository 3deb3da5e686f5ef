import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readAwsAuth } from '../../src/aws-auth/index.js';
import { type CliResult, runCli } from '../support/cli.js';
import { PtySession } from '../support/pty.js';
import { type Sandbox, startSandbox } from '../sandbox/index.js';
import { awsAuthData, cliEnv } from '../recover/helpers.js';

const DUP = 'arn:aws:iam::111122223333:role/Dup';
const MAP_ROLES = [
  '- rolearn: arn:aws:iam::111122223333:role/team/Operator',
  '  username: operator',
  '  groups:',
  '    - system:masters',
  `- rolearn: ${DUP}`,
  '  groups:',
  '    - viewers',
  `- rolearn: ${DUP}`,
  '  groups:',
  '    - editors',
  '',
].join('\n');
const PATH_FIXED = '+- rolearn: arn:aws:iam::111122223333:role/Operator';

function repairArgs(sandbox: Sandbox, args: readonly string[]): string[] {
  return ['repair', '--profile', sandbox.profile, '--cluster', sandbox.clusterName, '--role-arn', sandbox.creatorRoleArn, '--verify-timeout', '3', ...args];
}

function repair(sandbox: Sandbox, args: readonly string[]): Promise<CliResult> {
  return runCli(repairArgs(sandbox, args), { env: cliEnv(sandbox) });
}

function occurrences(text: string, part: string): number {
  return text.split(part).length - 1;
}

function dupGroups(sandbox: Sandbox): string[][] {
  return readAwsAuth(awsAuthData(sandbox))
    .entries.filter((entry) => entry.arn === DUP)
    .map((entry) => entry.groups);
}

describe('repair output in the sandbox', () => {
  let sandbox: Sandbox | undefined;
  afterEach(async () => {
    await sandbox?.stop();
    sandbox = undefined;
  });

  it('prints each change once with --yes', async () => {
    sandbox = await startSandbox({ callerType: 'assumed-role', awsAuth: { data: { mapRoles: MAP_ROLES } } });

    const result = await repair(sandbox, ['--keep-entry', 'mapRoles[2]', '--yes']);

    expect(result.code).toBe(0);
    expect(result.stderr).toContain('Fix: mapRoles: arn:aws:iam::111122223333:role/team/Operator becomes arn:aws:iam::111122223333:role/Operator');
    expect(occurrences(result.stderr, PATH_FIXED)).toBe(1);
    expect(occurrences(result.stderr, '-    - viewers')).toBe(1);
    expect(dupGroups(sandbox)).toEqual([['editors']]);
  });

  it('merges duplicates with --merge-duplicates', async () => {
    sandbox = await startSandbox({ callerType: 'assumed-role', awsAuth: { data: { mapRoles: MAP_ROLES } } });

    const result = await repair(sandbox, ['--merge-duplicates', '--yes']);

    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`mapRoles: merge mapRoles[1] into mapRoles[2] for ${DUP}, adding the groups viewers`);
    expect(dupGroups(sandbox)).toEqual([['editors', 'viewers']]);
  });

  it('names --merge-duplicates without a terminal', async () => {
    sandbox = await startSandbox({ callerType: 'assumed-role', awsAuth: { data: { mapRoles: MAP_ROLES } } });

    const result = await repair(sandbox, ['--yes']);

    expect(result.code).toBe(0);
    expect(result.stderr).toContain('or --merge-duplicates to merge them into the last');
    expect(dupGroups(sandbox)).toEqual([['viewers'], ['editors']]);
  });

  it('shows diffs when asking, then one line per fix', async () => {
    sandbox = await startSandbox({ callerType: 'assumed-role', awsAuth: { data: { mapRoles: MAP_ROLES } } });
    const session = new PtySession(repairArgs(sandbox, []), cliEnv(sandbox));

    await session.waitFor(/Apply this fix\?/);
    session.write('y\r');
    await session.waitFor(/merge the entries into mapRoles\[2\]/);
    session.write('\r');
    await session.waitFor(/Write the repaired aws-auth\?/);
    session.write('y\r');
    expect(await session.exitCode()).toBe(0);

    expect(occurrences(session.text, PATH_FIXED)).toBe(1);
    expect(session.text).toContain('Repair of kube-system/aws-auth (the diff of each fix is shown above):');
    expect(session.text).toContain(`  mapRoles: merge mapRoles[1] into mapRoles[2] for ${DUP}, adding the groups viewers`);
    expect(dupGroups(sandbox)).toEqual([['editors', 'viewers']]);
  });
});

describe('repair --backup in the sandbox', () => {
  let sandbox: Sandbox | undefined;
  afterEach(async () => {
    await sandbox?.stop();
    sandbox = undefined;
  });

  it('warns when the backup drops your own access', async () => {
    sandbox = await startSandbox({ callerType: 'assumed-role', awsAuth: { data: { mapRoles: MAP_ROLES } } });
    const fixed = MAP_ROLES.replace('role/team/Operator', 'role/Operator');
    sandbox.emulator.setConfigMap('kube-system', 'aws-auth', { mapRoles: fixed }, sandbox.clusterName);
    const backup = join(sandbox.dir, 'aws-auth-before.json');
    const saved = { mapRoles: `- rolearn: ${DUP}\n  groups:\n    - editors\n` };
    await writeFile(backup, JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', data: saved }));

    const result = await repair(sandbox, ['--backup', backup, '--yes']);

    expect(result.stderr).toContain(`This removes your own access to ${sandbox.clusterName}: the backup does not map arn:aws:iam::111122223333:role/Operator.`);
    expect(awsAuthData(sandbox)).toEqual(saved);
  });
});
