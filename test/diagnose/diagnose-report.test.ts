import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { renderReport } from '../../src/diagnose/render.js';
import type { ClusterDiagnosis, DiagnoseReport } from '../../src/diagnose/types.js';
import { Output } from '../../src/ui/output.js';
import { runAs } from '../access-entry/helpers.js';
import { type Sandbox, startSandbox } from '../sandbox/index.js';

const CALLER = { arn: 'arn:aws:iam::111122223333:user/alice', accountId: '111122223333', kind: 'user', awsAuthArn: 'arn:aws:iam::111122223333:user/alice' };

const CLUSTER: ClusterDiagnosis = {
  name: 'demo',
  region: 'eu-west-1',
  status: 'ACTIVE',
  authenticationMode: 'API',
  creatorCandidates: [],
  creatorNotes: [],
  mappedInAwsAuth: null,
  accessEntry: null,
  request: { result: 'allowed', detail: 'listed namespaces' },
  clusterAdmin: true,
  hasAccess: true,
  recommendation: { method: 'none', reason: 'you have access already' },
};

/** Renders a report with one cluster and returns what went to stdout. */
function render(cluster: ClusterDiagnosis): string {
  const stdout = new PassThrough();
  let text = '';
  stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const report: DiagnoseReport = { caller: CALLER, regions: ['eu-west-1'], clusters: [cluster], regionFailures: [] };
  renderReport(new Output({ color: false, json: false, verbose: false, stdout, stderr: new PassThrough() }), report);
  return text;
}

describe('renderReport', () => {
  it('says recovery is not needed with access', () => {
    const text = render(CLUSTER);
    expect(text).toContain('  recovery: not needed, you have access already\n');
    expect(text).not.toContain('not possible');
  });

  it('says recovery is not possible without a path', () => {
    const reason = 'Cluster demo needs an access entry (mode API), but a federated user cannot have one.';
    const text = render({ ...CLUSTER, hasAccess: false, request: { result: 'unauthorized', detail: 'no mapping' }, recommendation: { method: 'none', reason } });
    expect(text).toContain(`  recovery: not possible: ${reason}\n`);
    expect(text).not.toContain('not needed');
  });
});

// Run `npm run build` first: this test drives dist/cli.js against moto and the EKS emulator.
describe('eks-recover diagnose report', () => {
  let sandbox: Sandbox | undefined;
  afterEach(async () => {
    await sandbox?.stop();
    sandbox = undefined;
  });

  it('names a creator found twice once', async () => {
    sandbox = await startSandbox({ authenticationMode: 'CONFIG_MAP' });
    const result = await runAs(sandbox, ['diagnose', '--cluster', sandbox.clusterName]);
    const candidateLines = result.stdout.split('\n').filter((line) => line.includes('creator candidate'));

    expect(result.code).toBe(1);
    expect(candidateLines).toHaveLength(1);
    expect(candidateLines[0]).toContain(`${sandbox.creatorRoleArn} (role): stack-name tag StackSet-`);
    expect(candidateLines[0]).toContain('; CloudTrail CreateCluster at ');
    expect(result.stdout).toContain('; the creator role was found from tags and CloudTrail\n');
    expect(result.stdout).not.toContain('stack-id');
  });
});
