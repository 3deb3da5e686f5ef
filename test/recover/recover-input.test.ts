import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../sandbox/index.js';
import { configBytes, eksRecoverGroups, recover } from './helpers.js';

describe('recover rejects bad input before any change', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox();
  });
  afterAll(async () => {
    await sandbox?.stop();
  });

  it.each([
    [['--map-arn', 'arn:aws:iam::111122223333:role/teams/*'], 'is not a usable principal ARN'],
    [['--map-arn', 'arn:aws:iam::1111:user/alice'], 'account 1111 is not a 12-digit account ID'],
    [['--creator-role-arn', 'arn:aws:iam::1111:role/x'], 'account 1111 is not a 12-digit account ID'],
    [['--creator-role-arn', 'arn:aws:iam::111122223333:user/alice'], 'is not an IAM role ARN'],
    [['--group', ''], '--group must not be empty.'],
    [['--username', ' '], '--username must not be empty.'],
    [['--mfa-code', 'abc'], 'is not an MFA code'],
    [['--temp-profile', 'alice'], 'names your own source profile'],
  ])('rejects %j with exit 2 and no AWS call', async (args, message) => {
    sandbox.emulator.clearRequests();
    const result = await recover(sandbox, args);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(sandbox.emulator.requests.filter((request) => request.action === 'CreateGroup')).toEqual([]);
  });

  it('rejects a malformed AWS config file before the grant', async () => {
    const original = await configBytes(sandbox);
    await writeFile(sandbox.env.AWS_CONFIG_FILE!, Buffer.concat([Buffer.from('region = eu-west-1\n'), original]));
    sandbox.emulator.clearRequests();
    try {
      const result = await recover(sandbox);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/config line 1: Line 1 comes before the first \[section\] header/);
      expect(sandbox.emulator.requests.filter((request) => request.action === 'CreateGroup')).toEqual([]);
      expect(await eksRecoverGroups(sandbox)).toEqual([]);
    } finally {
      await writeFile(sandbox.env.AWS_CONFIG_FILE!, original);
    }
  });

  it('names --state-dir when the state folder is unusable', async () => {
    const blocker = join(sandbox.dir, 'not-a-folder');
    await writeFile(blocker, 'x');
    const result = await recover(sandbox, [], { EKS_RECOVER_STATE_DIR: blocker });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`Cannot use the state folder ${blocker}: a file is in the way.`);
    expect(result.stderr).toContain('Pass --state-dir');
  });

  it('prints a JSON error object with --json', async () => {
    const result = await recover(sandbox, ['--json', '--cluster', 'nope']);
    expect(result.code).toBe(2);
    expect(JSON.parse(result.stdout)).toMatchObject({ error: { code: 'ClusterNotFound', exitCode: 2 } });
  });

  it('stops at once when RBAC denies the mapped groups', async () => {
    const result = await recover(sandbox, ['--group', 'viewers', '--verify-timeout', '20']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('The mapped Kubernetes groups grant no access');
    expect(result.stderr).not.toContain('Waiting for the cluster to accept the new mapping');
    expect(await eksRecoverGroups(sandbox)).toEqual([]);
  });
});

describe('recover --verbose', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox();
  });
  afterAll(async () => {
    await sandbox?.stop();
  });

  it('logs each AWS request with its status', async () => {
    const result = await recover(sandbox, ['--dry-run', '--verbose']);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/^\[\d{4}-\d\d-\d\dT[^\]]+\] sts GetCallerIdentityCommand: HTTP 200 in \d+ ms$/m);
    expect(result.stderr).toMatch(/eks DescribeClusterCommand: HTTP 200/);
  });
});
