import { afterEach, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox, type ScenarioOptions } from '../sandbox/index.js';
import { ADMIN_POLICY, VIEW_POLICY, awsAuthWrites, calls, journalEntries, recover, seedAccessEntry } from './helpers.js';

// Run `npm run build` first: these tests drive dist/cli.js against moto and the EKS emulator.
describe('recover on the access-entry path', () => {
  let sandbox: Sandbox | undefined;
  const start = async (options: ScenarioOptions) => {
    sandbox = await startSandbox(options);
    return sandbox;
  };
  afterEach(async () => {
    await sandbox?.stop();
    sandbox = undefined;
  });

  it('recovers API_AND_CONFIG_MAP with an access entry', async () => {
    const box = await start({ authenticationMode: 'API_AND_CONFIG_MAP' });
    const result = await recover(box, ['--yes']);

    expect(result.stderr).toContain('Recovery path: access entry, because cluster demo uses API_AND_CONFIG_MAP');
    expect(result.stderr).toContain('Security monitoring commonly alerts on new cluster-admin access entries');
    expect(result.stdout).toContain(`Recovered: ${box.callerArn} has access to cluster demo through its access entry.`);
    expect(result.code).toBe(0);
    const entry = box.emulator.cluster().accessEntries.get(box.callerArn);
    expect(entry?.type).toBe('STANDARD');
    expect(entry?.policies.get(ADMIN_POLICY)?.accessScope.type).toBe('cluster');
    expect(awsAuthWrites(box)).toBe(0);
    expect(calls(box, 'CreateGroup')).toBe(0);
    const journal = await journalEntries(box);
    expect(journal.map((item) => [item.kind, item.status, item.data.created])).toEqual([
      ['access-entry', 'done', true],
      ['access-policy-association', 'done', undefined],
    ]);
  });

  it('rejects --method aws-auth in API mode', async () => {
    const box = await start({ authenticationMode: 'API' });
    const result = await recover(box, ['--yes', '--method', 'aws-auth']);

    expect(result.stderr).toContain('aws-auth is ignored in API mode');
    expect(result.code).toBe(2);
    expect(calls(box, 'CreateAccessEntry')).toBe(0);
    expect(awsAuthWrites(box)).toBe(0);
    expect(await journalEntries(box)).toEqual([]);
  });

  it('names the role of a session caller in API mode', async () => {
    const box = await start({ authenticationMode: 'API', callerType: 'assumed-role' });
    const result = await recover(box, ['--yes']);

    expect(result.stderr).toContain('Recovery path: access entry');
    expect(result.code).toBe(0);
    expect([...box.emulator.cluster().accessEntries.keys()]).toEqual(['arn:aws:iam::111122223333:role/Operator']);
    expect(awsAuthWrites(box)).toBe(0);
  });

  it('plans aws-auth for CONFIG_MAP without access entry calls', async () => {
    const box = await start({ authenticationMode: 'CONFIG_MAP' });
    const result = await recover(box, ['--dry-run']);

    expect(result.stderr).toContain('Recovery path: aws-auth through the creator role, because cluster demo uses authentication mode CONFIG_MAP');
    expect(result.stderr).toContain(`creator candidate ${box.creatorRoleArn} (role): `);
    expect(result.stderr).toContain('; CloudTrail CreateCluster at ');
    expect(result.code).toBe(0);
    expect(calls(box, 'CreateAccessEntry')).toBe(0);
    expect(calls(box, 'UpdateClusterConfig')).toBe(0);
  });

  it('rejects --method access-entry on CONFIG_MAP', async () => {
    const box = await start({ authenticationMode: 'CONFIG_MAP' });
    const result = await recover(box, ['--yes', '--method', 'access-entry']);

    expect(result.stderr).toContain('uses authentication mode CONFIG_MAP, which has no access entries');
    expect(result.stderr).toContain('--enable-access-entries');
    expect(result.code).toBe(2);
    expect(calls(box, 'CreateAccessEntry')).toBe(0);
  });

  it('rejects system: groups before any change', async () => {
    const box = await start({ authenticationMode: 'API' });
    const result = await recover(box, ['--yes', '--group', 'system:masters']);

    expect(result.stderr).toContain('cannot name Kubernetes groups that start with "system:" (system:masters)');
    expect(result.code).toBe(2);
    expect(calls(box, 'CreateAccessEntry')).toBe(0);
    expect(box.emulator.cluster().accessEntries.size).toBe(0);
  });
});

describe('recover with an existing access entry', () => {
  let sandbox: Sandbox | undefined;
  afterEach(async () => {
    await sandbox?.stop();
    sandbox = undefined;
  });

  it('associates the admin policy with the existing entry', async () => {
    sandbox = await startSandbox({ authenticationMode: 'API_AND_CONFIG_MAP' });
    const seeded = seedAccessEntry(sandbox.emulator.cluster(), sandbox.callerArn, 'STANDARD', [{ policyArn: VIEW_POLICY, namespaces: ['default'] }]);
    const result = await recover(sandbox, ['--yes']);

    expect(result.stderr).toContain('already has an access entry, which EKS uses instead of any aws-auth mapping');
    expect(result.code).toBe(0);
    expect(calls(sandbox, 'CreateAccessEntry')).toBe(0);
    expect(calls(sandbox, 'AssociateAccessPolicy')).toBe(1);
    const entry = sandbox.emulator.cluster().accessEntries.get(sandbox.callerArn);
    expect(entry).toBe(seeded);
    expect(entry?.policies.get(VIEW_POLICY)?.accessScope).toEqual({ type: 'namespace', namespaces: ['default'] });
    expect(entry?.policies.get(ADMIN_POLICY)?.accessScope.type).toBe('cluster');
    expect(awsAuthWrites(sandbox)).toBe(0);
    const journal = await journalEntries(sandbox);
    expect(journal.find((item) => item.kind === 'access-entry')?.data.created).toBe(false);
    expect(journal.find((item) => item.kind === 'access-policy-association')?.data.policyArn).toBe(ADMIN_POLICY);
  });

  it('rejects --method aws-auth for a principal with an entry', async () => {
    sandbox = await startSandbox({ authenticationMode: 'API_AND_CONFIG_MAP' });
    seedAccessEntry(sandbox.emulator.cluster(), sandbox.callerArn, 'STANDARD', []);
    const result = await recover(sandbox, ['--yes', '--method', 'aws-auth']);

    expect(result.stderr).toContain('EKS ignores aws-auth mappings for it');
    expect(result.code).toBe(2);
    expect(awsAuthWrites(sandbox)).toBe(0);
  });

  it('stops on an entry that is not STANDARD', async () => {
    sandbox = await startSandbox({ authenticationMode: 'API' });
    seedAccessEntry(sandbox.emulator.cluster(), sandbox.callerArn, 'EC2_LINUX', []);
    const result = await recover(sandbox, ['--yes']);

    expect(result.stderr).toContain('has type EC2_LINUX, and access policies can be associated only with STANDARD entries');
    expect(result.stderr).toContain('--map-arn');
    expect(result.code).toBe(1);
    expect(calls(sandbox, 'AssociateAccessPolicy')).toBe(0);
    expect(sandbox.emulator.cluster().accessEntries.get(sandbox.callerArn)?.type).toBe('EC2_LINUX');
  });
});
