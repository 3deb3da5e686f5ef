import { afterEach, describe, expect, it } from 'vitest';
import { ADMIN_POLICY, calls, recover, runAs } from '../access-entry/helpers.js';
import { type Sandbox, startSandbox } from '../sandbox/index.js';

interface ClusterJson {
  name: string;
  region: string;
  authenticationMode: string;
  hasAccess: boolean;
  request: { result: string; status?: number; detail: string };
  accessEntry: { exists: boolean; type?: string; policies: string[] } | null;
  mappedInAwsAuth: boolean | null;
  creatorCandidates: Array<{ arn: string; source: string; evidence: string }>;
  recommendation: { method: string; reason: string; command?: string; alternative?: string };
}

interface ReportJson {
  caller: { arn: string; kind: string; awsAuthArn: string; accessEntryArn?: string };
  regions: string[];
  clusters: ClusterJson[];
}

const WRITES = ['CreateAccessEntry', 'AssociateAccessPolicy', 'UpdateClusterConfig', 'CreateGroup', 'PutGroupPolicy'];

// Run `npm run build` first: these tests drive dist/cli.js against moto and the EKS emulator.
describe('eks-recover diagnose', () => {
  let sandbox: Sandbox | undefined;
  afterEach(async () => {
    await sandbox?.stop();
    sandbox = undefined;
  });

  const diagnose = async (box: Sandbox, args: string[] = [], timeoutMs?: number) => {
    const result = await runAs(box, ['diagnose', '--json', ...args], timeoutMs);
    return { ...result, report: (result.stdout ? JSON.parse(result.stdout) : undefined) as ReportJson };
  };

  it('reports no access before and access after recovery', async () => {
    sandbox = await startSandbox({ authenticationMode: 'API_AND_CONFIG_MAP' });
    const before = await diagnose(sandbox);
    const [cluster] = before.report.clusters;

    expect(before.code).toBe(1);
    expect(before.report.caller).toMatchObject({ arn: sandbox.callerArn, kind: 'user', accessEntryArn: sandbox.callerArn });
    expect(cluster?.request.result).toBe('unauthorized');
    expect(cluster?.request.status).toBe(401);
    expect(cluster?.accessEntry).toEqual({ exists: false, policies: [] });
    expect(cluster?.recommendation.method).toBe('access-entry');
    expect(cluster?.recommendation.command).toBe('eks-recover recover --profile alice --cluster demo --region eu-west-1');
    for (const action of WRITES) expect(calls(sandbox, action)).toBe(0);

    expect((await recover(sandbox, ['--yes'])).code).toBe(0);
    const after = await diagnose(sandbox);
    const [recovered] = after.report.clusters;
    expect(after.code).toBe(0);
    expect(recovered?.request.result).toBe('allowed');
    expect(recovered?.hasAccess).toBe(true);
    expect(recovered?.accessEntry?.policies).toEqual([`${ADMIN_POLICY} (cluster scope)`]);
    expect(recovered?.recommendation.method).toBe('none');
  });

  it('recommends aws-auth with the creator from tags', async () => {
    sandbox = await startSandbox({ authenticationMode: 'CONFIG_MAP' });
    const { code, report } = await diagnose(sandbox);
    const [cluster] = report.clusters;

    expect(code).toBe(1);
    expect(cluster?.authenticationMode).toBe('CONFIG_MAP');
    expect(cluster?.creatorCandidates[0]?.source).toBe('stackset-tags');
    expect(cluster?.creatorCandidates[0]?.arn).toBe(sandbox.creatorRoleArn);
    expect(cluster?.recommendation.method).toBe('aws-auth');
    expect(cluster?.recommendation.command).toBe(`eks-recover recover --profile alice --cluster demo --region eu-west-1 --creator-role-arn ${sandbox.creatorRoleArn}`);
    expect(cluster?.recommendation.alternative).toContain('--enable-access-entries --confirm-cluster demo');
    expect(cluster?.accessEntry).toBeNull();
  });

  it('finds the creator in CloudTrail without tags', async () => {
    sandbox = await startSandbox({ authenticationMode: 'CONFIG_MAP' });
    const tags = sandbox.emulator.cluster().tags;
    for (const key of Object.keys(tags)) delete tags[key];
    const { report } = await diagnose(sandbox);
    const [candidate] = report.clusters[0]?.creatorCandidates ?? [];

    expect(candidate?.source).toBe('cloudtrail');
    expect(candidate?.arn).toBe(sandbox.creatorRoleArn);
    expect(candidate?.evidence).toContain('assumed-role/AWSCloudFormationStackSetExecutionRole/stackset-demo');
    expect(calls(sandbox, 'LookupEvents')).toBeGreaterThanOrEqual(1);
  });

  it('counts an unreachable endpoint as no access', async () => {
    sandbox = await startSandbox({ authenticationMode: 'API' });
    sandbox.emulator.cluster().endpoint = 'https://127.0.0.1:9';
    const { code, report } = await diagnose(sandbox);

    expect(code).toBe(1);
    expect(report.clusters[0]?.request.result).toBe('unreachable');
    expect(report.clusters[0]?.request.detail).toContain('cannot be reached from here');
  });

  it('prints the human report', async () => {
    sandbox = await startSandbox({ authenticationMode: 'API' });
    const result = await runAs(sandbox, ['diagnose', '--cluster', 'demo']);

    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`You: ${sandbox.callerArn} (user) in account 111122223333`);
    expect(result.stdout).toContain('authentication mode: API');
    expect(result.stdout).toContain('request as you: 401 Unauthorized: the cluster does not map your identity to any user');
    expect(result.stdout).toContain('run: eks-recover recover --profile alice --cluster demo --region eu-west-1');
  });

  it('rejects an unknown cluster with exit 2', async () => {
    sandbox = await startSandbox({});
    const result = await runAs(sandbox, ['diagnose', '--cluster', 'nope']);

    expect(result.stderr).toContain('Cluster "nope" was not found in eu-west-1.');
    expect(result.code).toBe(2);
  });

  it('examines every enabled region', { timeout: 300_000 }, async () => {
    sandbox = await startSandbox({});
    const { code, report, stderr } = await diagnose(sandbox, ['--all-regions', '--concurrency', '3'], 280_000);

    expect(report.regions).toContain('eu-west-1');
    expect(report.regions.length).toBeGreaterThan(1);
    expect(report.clusters.map((cluster) => `${cluster.region}/${cluster.name}`)).toEqual(['eu-west-1/demo']);
    expect(stderr).toContain(`Examined ${report.regions.length} of ${report.regions.length} region(s)`);
    expect(code).toBe(1);
  });
});
