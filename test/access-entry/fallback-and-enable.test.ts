import { afterEach, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../sandbox/index.js';
import { ADMIN_POLICY, awsAuthWrites, calls, recover } from './helpers.js';

// Run `npm run build` first: these tests drive dist/cli.js against moto and the EKS emulator.
describe('falling back to aws-auth', () => {
  let sandbox: Sandbox | undefined;
  afterEach(async () => {
    await sandbox?.stop();
    sandbox = undefined;
  });

  it('falls back when CreateAccessEntry is denied', async () => {
    sandbox = await startSandbox({ authenticationMode: 'API_AND_CONFIG_MAP' });
    sandbox.emulator.denyEksActions(sandbox.callerArn, ['eks:CreateAccessEntry']);
    const result = await recover(sandbox, ['--yes']);

    expect(result.stderr).toContain('Falling back to aws-auth through the creator role, because you may not call eks:CreateAccessEntry on cluster demo');
    expect(result.code).toBe(0);
    expect(sandbox.emulator.cluster().accessEntries.size).toBe(0);
    expect(sandbox.emulator.getConfigMap('kube-system', 'aws-auth')?.data?.mapUsers).toContain(sandbox.callerArn);
  });

  it('fails without fallback for --method access-entry', async () => {
    sandbox = await startSandbox({ authenticationMode: 'API_AND_CONFIG_MAP' });
    sandbox.emulator.denyEksActions(sandbox.callerArn, ['eks:CreateAccessEntry']);
    const result = await recover(sandbox, ['--yes', '--method', 'access-entry']);

    expect(result.stderr).toContain('access denied');
    expect(result.code).toBe(1);
    expect(awsAuthWrites(sandbox)).toBe(0);
  });

  it('falls back when the mode turns out CONFIG_MAP', async () => {
    sandbox = await startSandbox({ authenticationMode: 'API_AND_CONFIG_MAP' });
    const cluster = sandbox.emulator.cluster();
    sandbox.emulator.hooks.beforeNext({ service: 'eks', action: 'CreateAccessEntry' }, () => {
      cluster.authenticationMode = 'CONFIG_MAP';
    });
    const result = await recover(sandbox, ['--yes']);

    expect(result.stderr).toContain('EKS rejected CreateAccessEntry because cluster demo uses authentication mode CONFIG_MAP after all');
    expect(result.stderr).toContain('authentication mode CONFIG_MAP.');
    expect(result.code).toBe(0);
    expect(calls(sandbox, 'UpdateClusterConfig')).toBe(0);
    expect(cluster.authenticationMode).toBe('CONFIG_MAP');
    expect(sandbox.emulator.getConfigMap('kube-system', 'aws-auth')?.data?.mapUsers).toContain(sandbox.callerArn);
  });
});

describe('recover --enable-access-entries', () => {
  let sandbox: Sandbox | undefined;
  afterEach(async () => {
    await sandbox?.stop();
    sandbox = undefined;
  });

  it('requires --confirm-cluster without a terminal', async () => {
    sandbox = await startSandbox({ authenticationMode: 'CONFIG_MAP' });
    const result = await recover(sandbox, ['--yes', '--enable-access-entries']);

    expect(result.stderr).toContain('cannot be undone and needs the cluster name to confirm');
    expect(result.stderr).toContain('Pass --confirm-cluster demo');
    expect(result.code).toBe(2);
    expect(calls(sandbox, 'UpdateClusterConfig')).toBe(0);
    expect(sandbox.emulator.cluster().authenticationMode).toBe('CONFIG_MAP');
  });

  it('rejects a confirmation naming another cluster', async () => {
    sandbox = await startSandbox({ authenticationMode: 'CONFIG_MAP' });
    const result = await recover(sandbox, ['--yes', '--enable-access-entries', '--confirm-cluster', 'prod']);

    expect(result.stderr).toContain('--confirm-cluster "prod" does not match the cluster name "demo"; nothing was changed.');
    expect(result.code).toBe(2);
    expect(calls(sandbox, 'UpdateClusterConfig')).toBe(0);
    expect(sandbox.emulator.cluster().authenticationMode).toBe('CONFIG_MAP');
  });

  it('changes the mode, waits, then creates the entry', async () => {
    sandbox = await startSandbox({ authenticationMode: 'CONFIG_MAP' });
    const result = await recover(sandbox, ['--yes', '--enable-access-entries', '--confirm-cluster', 'demo']);

    expect(result.stderr).toContain('This cannot be undone: EKS never moves a cluster back to CONFIG_MAP.');
    expect(result.stderr).toContain('Cluster demo now uses authentication mode API_AND_CONFIG_MAP.');
    expect(result.code).toBe(0);
    expect(calls(sandbox, 'UpdateClusterConfig')).toBe(1);
    expect(calls(sandbox, 'DescribeUpdate')).toBeGreaterThanOrEqual(1);
    expect(sandbox.emulator.cluster().authenticationMode).toBe('API_AND_CONFIG_MAP');
    expect(sandbox.emulator.cluster().accessEntries.get(sandbox.callerArn)?.policies.has(ADMIN_POLICY)).toBe(true);
    expect(awsAuthWrites(sandbox)).toBe(0);
  });

  it('changes nothing with --dry-run', async () => {
    sandbox = await startSandbox({ authenticationMode: 'CONFIG_MAP' });
    const result = await recover(sandbox, ['--dry-run', '--enable-access-entries', '--confirm-cluster', 'demo']);

    expect(result.stderr).toContain('Change the authentication mode of cluster demo from CONFIG_MAP to API_AND_CONFIG_MAP.');
    expect(result.stderr).toContain('Dry run: nothing was changed.');
    expect(result.code).toBe(0);
    expect(calls(sandbox, 'UpdateClusterConfig')).toBe(0);
    expect(calls(sandbox, 'CreateAccessEntry')).toBe(0);
  });
});
