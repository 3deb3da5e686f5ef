import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CreateGroupCommand, IAMClient } from '@aws-sdk/client-iam';
import { afterEach, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../sandbox/index.js';
import { callerCredentials } from '../sandbox/clients.js';
import { runCli } from '../support/cli.js';
import { awsAuthData, callerNamespaceStatus, cleanup, cliEnv, configBytes, eksRecoverGroups, recover } from './helpers.js';

describe('undoing a recovery', () => {
  let sandbox: Sandbox | undefined;
  afterEach(async () => {
    await sandbox?.stop();
    sandbox = undefined;
  });

  it('removes the new entry again when access still fails', async () => {
    sandbox = await startSandbox();
    const before = awsAuthData(sandbox);
    const configBefore = await configBytes(sandbox);
    sandbox.emulator.hooks.fail({ service: 'k8s', action: 'POST selfsubjectreviews' }, { status: 401, body: { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'Unauthorized', code: 401, message: 'Unauthorized' } });

    const result = await recover(sandbox);

    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`Removed the aws-auth entry for ${sandbox.callerArn} again, because your access still fails.`);
    expect(result.stderr).toContain('Your identity still has no access to demo');
    expect(awsAuthData(sandbox)?.mapRoles).toBe(before?.mapRoles);
    expect(awsAuthData(sandbox)?.mapUsers ?? '').not.toContain(sandbox.callerArn);
    expect(await eksRecoverGroups(sandbox)).toEqual([]);
    expect(await configBytes(sandbox)).toEqual(configBefore);
  });

  it('cleanup --dry-run names what it would remove and removes nothing', async () => {
    sandbox = await startSandbox();
    const configBefore = await configBytes(sandbox);
    expect((await recover(sandbox, ['--keep-temp'])).code).toBe(0);

    const dryRun = await cleanup(sandbox, ['--dry-run']);
    expect(dryRun.code).toBe(0);
    expect(dryRun.stderr).toMatch(/Would remove IAM group \/eks-recover\/eks-recover-demo-/);
    expect(dryRun.stdout).toContain('Dry run: would remove 4 temporary resource(s); nothing was changed.');
    expect(await eksRecoverGroups(sandbox)).toHaveLength(1);

    expect((await cleanup(sandbox)).code).toBe(0);
    expect(await eksRecoverGroups(sandbox)).toEqual([]);
    expect(await configBytes(sandbox)).toEqual(configBefore);
  });

  it('cleanup --all removes groups and marked profiles that no journal records', async () => {
    sandbox = await startSandbox();
    const iam = new IAMClient({ region: sandbox.region, endpoint: sandbox.emulator.awsUrl, credentials: callerCredentials(sandbox) });
    await iam.send(new CreateGroupCommand({ GroupName: 'eks-recover-demo-orphan', Path: '/eks-recover/' }));
    await iam.send(new CreateGroupCommand({ GroupName: 'unrelated', Path: '/team/' }));
    const configBefore = await configBytes(sandbox);
    const orphan = "\n[profile eks-temp]\n# written by eks-recover: remove with 'eks-recover cleanup'\nregion = eu-west-1\n";
    await writeFile(sandbox.env.AWS_CONFIG_FILE!, Buffer.concat([configBefore, Buffer.from(orphan)]));

    const withoutYes = await runCli(['cleanup', '--all', '--profile', sandbox.profile], { env: cliEnv(sandbox) });
    expect(withoutYes.code).toBe(2);
    expect(withoutYes.stderr).toContain('pass --yes');

    const result = await cleanup(sandbox, ['--all', '--yes']);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('Deleted IAM group eks-recover-demo-orphan');
    expect(await eksRecoverGroups(sandbox)).toEqual([]);
    expect(await configBytes(sandbox)).toEqual(configBefore);
    expect(sandbox.emulator.requests.filter((request) => request.action === 'DeleteGroup')).toHaveLength(1);
  });

  it('restore puts back the backup and names the entries it drops', async () => {
    sandbox = await startSandbox();
    const before = awsAuthData(sandbox);
    expect((await recover(sandbox)).code).toBe(0);
    const [backup] = await findFiles(join(sandbox.dir, 'state', 'runs'), 'aws-auth-before.json');
    expect(backup).toBeDefined();

    const dryRun = await runCli(['restore', '--profile', sandbox.profile, '--backup', backup!, '--cluster', sandbox.clusterName, '--dry-run'], { env: cliEnv(sandbox) });
    expect(dryRun.code).toBe(0);
    expect(dryRun.stderr).toContain(`added since the backup and dropped by the restore: mapUsers ${sandbox.callerArn}`);
    expect(awsAuthData(sandbox)?.mapUsers).toContain(sandbox.callerArn);

    const restored = await runCli(['restore', '--profile', sandbox.profile, '--backup', backup!, '--cluster', sandbox.clusterName, '--yes'], { env: cliEnv(sandbox) });
    expect(restored.code).toBe(0);
    expect(restored.stdout).toContain(`Restored aws-auth of ${sandbox.clusterName} from ${backup}.`);
    expect(awsAuthData(sandbox)).toEqual(before);
    expect(await callerNamespaceStatus(sandbox)).toBe(401);
  });

  it('restore without a terminal names the flag for the backup', async () => {
    sandbox = await startSandbox();
    expect((await recover(sandbox)).code).toBe(0);
    const result = await runCli(['restore', '--profile', sandbox.profile], { env: cliEnv(sandbox) });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Pass --backup FILE.');
    const missing = await runCli(['restore', '--profile', sandbox.profile, '--cluster', sandbox.clusterName, '--backup', 'missing.json'], { env: cliEnv(sandbox) });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('Cannot read backup missing.json');
  });
});

async function findFiles(dir: string, name: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true });
  return entries.filter((entry) => entry.endsWith(name)).map((entry) => join(dir, entry));
}
