import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type CliResult, runCli } from '../support/cli.js';
import { type Sandbox, startSandbox } from '../sandbox/index.js';
import { awsAuthData, cliEnv, configBytes, eksRecoverGroups } from '../recover/helpers.js';

const NODE_ROLE = 'arn:aws:iam::111122223333:role/demo-NodeInstanceRole';
const BOB = 'arn:aws:iam::111122223333:user/bob';
const MAP_ROLES = `- rolearn: ${NODE_ROLE}\n  username: system:node:{{EC2PrivateDNSName}}\n  groups:\n    - system:bootstrappers\n    - system:nodes\n`;
const BROKEN_MAP_ROLES = `- rolearn: ${NODE_ROLE}\nusername: system:node:{{EC2PrivateDNSName}}\ngroups:\n  - system:nodes\n`;
const DUPLICATE_BOB = `- userarn: ${BOB}\n  username: bob\n  groups:\n    - viewers\n- userarn: ${BOB}\n  username: bob\n  groups:\n    - editors\n`;

/** `repair` through the temporary IAM grant and eks-temp profile, the default creator access. */
function repairWithGrant(sandbox: Sandbox, args: readonly string[]): Promise<CliResult> {
  return runCli(['repair', '--profile', sandbox.profile, '--cluster', sandbox.clusterName, '--assume-role-timeout', '5', '--verify-timeout', '1', '--yes', ...args], {
    env: cliEnv(sandbox),
  });
}

async function runFolders(sandbox: Sandbox): Promise<string[]> {
  return readdir(join(sandbox.dir, 'state', 'runs')).catch(() => []);
}

describe('repair input checks', () => {
  let sandbox: Sandbox | undefined;
  afterEach(async () => {
    await sandbox?.stop();
    sandbox = undefined;
  });

  it('rejects a missing --from-file before any change', async () => {
    sandbox = await startSandbox({ awsAuth: { data: { mapRoles: BROKEN_MAP_ROLES } } });
    const config = await configBytes(sandbox);
    const missing = join(sandbox.dir, 'missing.yaml');

    const result = await repairWithGrant(sandbox, ['--from-file', missing]);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain(missing);
    expect(result.stderr).not.toContain('2. Creator access');
    expect(await eksRecoverGroups(sandbox)).toEqual([]);
    expect(await configBytes(sandbox)).toEqual(config);
    expect(await runFolders(sandbox)).toEqual([]);
    expect(awsAuthData(sandbox)).toEqual({ mapRoles: BROKEN_MAP_ROLES });
  });

  it('rejects a --from-file with errors before any change', async () => {
    sandbox = await startSandbox({ awsAuth: { data: { mapRoles: BROKEN_MAP_ROLES } } });
    const config = await configBytes(sandbox);
    const file = join(sandbox.dir, 'aws-auth.yaml');
    const indented = BROKEN_MAP_ROLES.replace(/\n$/, '').split('\n').map((line) => `    ${line}`).join('\n');
    await writeFile(file, `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: aws-auth\n  namespace: kube-system\ndata:\n  mapRoles: |\n${indented}\n`);

    const result = await repairWithGrant(sandbox, ['--from-file', file]);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${file} still has errors, so nothing was written`);
    expect(await eksRecoverGroups(sandbox)).toEqual([]);
    expect(await configBytes(sandbox)).toEqual(config);
    expect(await runFolders(sandbox)).toEqual([]);
  });

  it('rejects a missing --backup before any change', async () => {
    sandbox = await startSandbox({ awsAuth: { data: { mapRoles: BROKEN_MAP_ROLES } } });
    const missing = join(sandbox.dir, 'aws-auth-before.json');

    const result = await repairWithGrant(sandbox, ['--backup', missing]);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`Cannot read the backup ${missing}`);
    expect(await eksRecoverGroups(sandbox)).toEqual([]);
    expect(await runFolders(sandbox)).toEqual([]);
  });

  it('rejects --keep-entry of no duplicate and removes the grant', async () => {
    sandbox = await startSandbox({ awsAuth: { data: { mapRoles: MAP_ROLES, mapUsers: DUPLICATE_BOB } } });
    const config = await configBytes(sandbox);

    const result = await repairWithGrant(sandbox, ['--keep-entry', 'mapUsers[7]']);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Invalid --keep-entry "mapUsers[7]"');
    expect(result.stderr).toContain('The duplicate entries are mapUsers[0], mapUsers[1].');
    expect(awsAuthData(sandbox)).toEqual({ mapRoles: MAP_ROLES, mapUsers: DUPLICATE_BOB });
    expect(await eksRecoverGroups(sandbox)).toEqual([]);
    expect(await configBytes(sandbox)).toEqual(config);
    expect(result.stderr).not.toContain('Left behind by this run');
  });

  it('rejects --keep-entry of an entry that is not a duplicate', async () => {
    const mapUsers = `- userarn: ${BOB}\n  username: bob\n  groups:\n    - viewers\n`;
    sandbox = await startSandbox({ awsAuth: { data: { mapRoles: MAP_ROLES, mapUsers } } });

    const result = await repairWithGrant(sandbox, ['--keep-entry', 'mapUsers[0]']);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Invalid --keep-entry "mapUsers[0]"');
    expect(result.stderr).toContain('aws-auth has no duplicate entries.');
    expect(awsAuthData(sandbox)).toEqual({ mapRoles: MAP_ROLES, mapUsers });
    expect(await eksRecoverGroups(sandbox)).toEqual([]);
  });

  it('records the cluster in the journal', async () => {
    sandbox = await startSandbox({ awsAuth: { data: { mapRoles: MAP_ROLES, mapUsers: DUPLICATE_BOB } } });

    const result = await repairWithGrant(sandbox, ['--keep-entry', 'mapUsers[1]']);

    expect(result.stderr).toContain('Backed up the live aws-auth');
    const [run] = await runFolders(sandbox);
    const journal = JSON.parse(await readJournal(sandbox, run!)) as { context: { clusterName?: string } };
    expect(journal.context.clusterName).toBe(sandbox.clusterName);
    expect(awsAuthData(sandbox)?.mapUsers).toBe(`- userarn: ${BOB}\n  username: bob\n  groups:\n    - editors\n`);
  });

  it('exits 1 when your own access check fails', async () => {
    sandbox = await startSandbox({ awsAuth: { data: { mapRoles: MAP_ROLES, mapUsers: DUPLICATE_BOB } } });

    const result = await repairWithGrant(sandbox, ['--keep-entry', 'mapUsers[1]']);

    expect(result.stdout).toContain(`Repaired aws-auth of ${sandbox.clusterName}`);
    expect(result.stderr).toContain('error: Your own identity has no access after the repair');
    expect(result.code).toBe(1);
    expect(await eksRecoverGroups(sandbox)).toEqual([]);
  });
});

function readJournal(sandbox: Sandbox, run: string): Promise<string> {
  return readFile(join(sandbox.dir, 'state', 'runs', run, 'journal.json'), 'utf8');
}
