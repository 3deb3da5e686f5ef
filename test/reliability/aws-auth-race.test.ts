import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMapping, readAwsAuth } from '../../src/aws-auth/index.js';
import { StepError } from '../../src/errors.js';
import { updateAwsAuth } from '../../src/kube/aws-auth-store.js';
import { KubeApi } from '../../src/kube/client.js';
import { assertNothingLost } from '../../src/steps/patch-aws-auth.js';
import { type Sandbox, startSandbox } from '../sandbox/index.js';
import { assumeRole, callerCredentials } from '../sandbox/clients.js';
import { buildTestToken } from '../support/eks-token.js';
import { awsAuthData } from '../recover/helpers.js';

const RUNS = 100;
/** Every tenth run, a foreign write lands before each of the 5 attempts, so the run must give up. */
const EXHAUSTED_EVERY = 10;

/** One foreign writer's entry: a role or a user, as a node group or a pipeline would add it. */
function foreignEntry(run: number, attempt: number): { key: 'mapRoles' | 'mapUsers'; arn: string; yaml: string } {
  if ((run + attempt) % 2 === 0) {
    const arn = `arn:aws:iam::111122223333:role/node-group-${run}-${attempt}`;
    return { key: 'mapRoles', arn, yaml: `- rolearn: ${arn}\n  username: system:node:{{EC2PrivateDNSName}}\n  groups:\n    - system:bootstrappers\n    - system:nodes\n` };
  }
  const arn = `arn:aws:iam::111122223333:user/pipeline-${run}-${attempt}`;
  return { key: 'mapUsers', arn, yaml: `- userarn: ${arn}\n  username: pipeline\n  groups:\n    - deployers\n` };
}

describe('aws-auth race', () => {
  let sandbox: Sandbox;
  let kube: KubeApi;

  beforeAll(async () => {
    sandbox = await startSandbox();
    const creator = await assumeRole(sandbox, sandbox.creatorRoleArn, callerCredentials(sandbox));
    const cluster = sandbox.emulator.cluster(sandbox.clusterName);
    kube = new KubeApi({
      server: sandbox.kubeApiUrl,
      caData: Buffer.from(sandbox.emulator.caPem).toString('base64'),
      token: async () => ({
        token: await buildTestToken({ clusterName: cluster.name, credentials: creator, region: sandbox.region }),
        expiresAt: new Date(Date.now() + 10 * 60_000),
      }),
    });
  });
  afterAll(async () => sandbox?.stop());

  it(`keeps both writers over ${RUNS} runs`, async () => {
    const foreignArns: string[] = [];
    const ownArns: string[] = [];
    const outcomes = { mapped: 0, conflicts: 0 };

    for (let run = 1; run <= RUNS; run += 1) {
      const exhausted = run % EXHAUSTED_EVERY === 0;
      // Each foreign write arms the next one, so they land before consecutive attempts.
      const armForeignWrite = (attempt: number) => {
        sandbox.emulator.hooks.beforeNext({ service: 'k8s', action: 'PUT configmaps/aws-auth' }, () => {
          const entry = foreignEntry(run, attempt);
          const data = awsAuthData(sandbox) ?? {};
          sandbox.emulator.setConfigMap('kube-system', 'aws-auth', { ...data, [entry.key]: `${data[entry.key] ?? ''}${entry.yaml}` });
          foreignArns.push(entry.arn);
          if (exhausted && attempt < 5) armForeignWrite(attempt + 1);
        });
      };
      armForeignWrite(1);
      const arn = `arn:aws:iam::111122223333:role/team-${run}`;

      try {
        await updateAwsAuth(kube, { apply: (data) => addMapping(data, { arn, groups: ['system:masters'] }), check: assertNothingLost });
        ownArns.push(arn);
        outcomes.mapped += 1;
      } catch (error) {
        expect(exhausted).toBe(true);
        expect(error).toBeInstanceOf(StepError);
        expect((error as StepError).message).toContain('aws-auth kept changing while eks-recover tried to write it (5 attempts)');
        outcomes.conflicts += 1;
      }
      sandbox.emulator.hooks.clear();

      const present = readAwsAuth(awsAuthData(sandbox)).entries.map((candidate) => candidate.arn);
      expect(foreignArns.filter((expected) => !present.includes(expected))).toEqual([]);
      expect(ownArns.filter((expected) => !present.includes(expected))).toEqual([]);
      expect(present).toContain(sandbox.nodeRoleArn);
      if (exhausted) expect(present).not.toContain(arn);
    }

    expect(outcomes).toEqual({ mapped: RUNS - RUNS / EXHAUSTED_EVERY, conflicts: RUNS / EXHAUSTED_EVERY });
    expect(foreignArns).toHaveLength(RUNS - RUNS / EXHAUSTED_EVERY + (RUNS / EXHAUSTED_EVERY) * 5);
  }, 300_000);
});
