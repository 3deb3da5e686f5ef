import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../sandbox/index.js';
import { type CliResult, runCli } from '../support/cli.js';
import { awsAuthData, callerNamespaceStatus, cliEnv, recover } from '../recover/helpers.js';

const BOB = '- userarn: arn:aws:iam::111122223333:user/bob\n  username: bob\n  groups:\n    - viewers\n';

function restore(sandbox: Sandbox, args: readonly string[]): Promise<CliResult> {
  return runCli(['restore', '--profile', sandbox.profile, ...args], { env: cliEnv(sandbox) });
}

async function recoveryBackup(sandbox: Sandbox): Promise<string> {
  expect((await recover(sandbox)).code).toBe(0);
  const dir = join(sandbox.dir, 'state', 'runs');
  const [backup] = (await readdir(dir, { recursive: true })).filter((entry) => entry.endsWith('aws-auth-before.json'));
  expect(backup).toBeDefined();
  return join(dir, backup!);
}

describe('restore in the sandbox', () => {
  let sandbox: Sandbox | undefined;
  afterEach(async () => {
    await sandbox?.stop();
    sandbox = undefined;
  });

  it('finds the cluster and warns about own access', async () => {
    sandbox = await startSandbox();
    const before = awsAuthData(sandbox);
    const backup = await recoveryBackup(sandbox);

    const result = await restore(sandbox, ['--backup', backup, '--yes']);

    expect(result.stderr).toContain(`This removes your own access to ${sandbox.clusterName}: the restore drops the aws-auth entry for ${sandbox.callerArn}`);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Restored aws-auth of ${sandbox.clusterName} from ${backup}.`);
    expect(awsAuthData(sandbox)).toEqual(before);
    expect(await callerNamespaceStatus(sandbox)).toBe(401);
  });

  it('asks before it removes your own access', async () => {
    sandbox = await startSandbox();
    const backup = await recoveryBackup(sandbox);
    const mapped = awsAuthData(sandbox);

    const result = await restore(sandbox, ['--backup', backup]);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`Restore aws-auth of ${sandbox.clusterName} from ${backup}, removing your own access to ${sandbox.clusterName}?`);
    expect(awsAuthData(sandbox)).toEqual(mapped);
  });

  it('gives no warning when the backup still maps you', async () => {
    sandbox = await startSandbox();
    const backup = await recoveryBackup(sandbox);
    const mapped = awsAuthData(sandbox)!;
    await writeFile(backup, JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', data: mapped }));
    sandbox.emulator.setConfigMap('kube-system', 'aws-auth', { ...mapped, mapUsers: `${mapped.mapUsers}${BOB}` }, sandbox.clusterName);

    const result = await restore(sandbox, ['--backup', backup, '--yes']);

    expect(result.code).toBe(0);
    expect(result.stderr).toContain('added since the backup and dropped by the restore: mapUsers arn:aws:iam::111122223333:user/bob');
    expect(result.stderr).not.toContain('your own access');
    expect(awsAuthData(sandbox)).toEqual(mapped);
    expect(await callerNamespaceStatus(sandbox)).toBe(200);
  });

  it('lists the backups it could restore when it cannot ask', async () => {
    sandbox = await startSandbox();
    const backup = await recoveryBackup(sandbox);
    const mapped = awsAuthData(sandbox);

    const result = await restore(sandbox, ['--yes']);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Pass --backup FILE.');
    expect(result.stderr).toMatch(new RegExp(`${escape(backup)} \\(cluster ${sandbox.clusterName}, taken \\d{4}-\\d\\d-\\d\\dT`));
    expect(awsAuthData(sandbox)).toEqual(mapped);
  });

  it('points at the live ConfigMap when the backup records no aws-auth', async () => {
    sandbox = await startSandbox();
    const backup = join(sandbox.dir, 'aws-auth-before.json');
    await writeFile(backup, 'null\n');
    const live = awsAuthData(sandbox);

    const result = await restore(sandbox, ['--backup', backup, '--cluster', sandbox.clusterName, '--yes']);

    expect(result.code).toBe(1);
    expect(result.stderr).toContain('records that aws-auth did not exist before the change');
    expect(result.stderr).toContain('kubectl -n kube-system edit configmap aws-auth');
    expect(result.stderr).not.toContain('aws-auth remove');
    expect(awsAuthData(sandbox)).toEqual(live);
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
