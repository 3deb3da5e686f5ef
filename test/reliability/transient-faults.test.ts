import { describe, expect, it } from 'vitest';
import type { FailEffect, RequestMatch } from '../emulator/hooks.js';
import { type Sandbox, startSandbox } from '../sandbox/index.js';
import { awsAuthData, callerNamespaceStatus, cleanup, recover } from '../recover/helpers.js';
import { findDamage, hasStackTrace, takeBaseline } from './state.js';

async function withSandbox(test: (sandbox: Sandbox) => Promise<void>): Promise<void> {
  const sandbox = await startSandbox();
  try {
    await test(sandbox);
  } finally {
    await sandbox.stop();
  }
}

interface RetriedFault {
  readonly name: string;
  readonly match: RequestMatch;
  readonly effect: FailEffect;
}

// One fault of each kind on a request of each protocol, including the writes.
const RETRIED: RetriedFault[] = [
  { name: 'IAM CreateGroup throttled (429)', match: { service: 'iam', action: 'CreateGroup', nth: 1 }, effect: { status: 429 } },
  { name: 'IAM PutGroupPolicy 503', match: { service: 'iam', action: 'PutGroupPolicy', nth: 1 }, effect: { status: 503 } },
  { name: 'IAM AddUserToGroup reset', match: { service: 'iam', action: 'AddUserToGroup', nth: 1 }, effect: { reset: true } },
  { name: 'STS GetCallerIdentity 500', match: { service: 'sts', action: 'GetCallerIdentity', nth: 1 }, effect: { status: 500 } },
  { name: 'STS AssumeRole reset', match: { service: 'sts', action: 'AssumeRole', nth: 1 }, effect: { reset: true } },
  { name: 'EKS DescribeCluster throttled (429)', match: { service: 'eks', action: 'DescribeCluster', nth: 1 }, effect: { status: 429 } },
  { name: 'EKS DescribeCluster 502', match: { service: 'eks', action: 'DescribeCluster', nth: 1 }, effect: { status: 502 } },
  { name: 'Kubernetes GET aws-auth throttled (429)', match: { service: 'k8s', action: 'GET configmaps/aws-auth', nth: 1 }, effect: { status: 429 } },
  { name: 'Kubernetes PUT aws-auth 503', match: { service: 'k8s', action: 'PUT configmaps/aws-auth', nth: 1 }, effect: { status: 503 } },
  { name: 'Kubernetes PUT aws-auth 500', match: { service: 'k8s', action: 'PUT configmaps/aws-auth', nth: 1 }, effect: { status: 500 } },
  { name: 'Kubernetes PUT aws-auth reset', match: { service: 'k8s', action: 'PUT configmaps/aws-auth', nth: 1 }, effect: { reset: true } },
  { name: 'Kubernetes GET namespaces 504', match: { service: 'k8s', action: 'GET namespaces', nth: 1 }, effect: { status: 504 } },
  { name: 'Kubernetes self review reset', match: { service: 'k8s', action: 'POST selfsubjectreviews', nth: 1 }, effect: { reset: true } },
];

describe.concurrent('transient faults', () => {
  it.each(RETRIED)('recovers through $name', async ({ match, effect }) => {
    await withSandbox(async (sandbox) => {
      const baseline = await takeBaseline(sandbox);
      const hook = sandbox.emulator.hooks.fail(match, effect);

      const result = await recover(sandbox);

      expect(hook.count).toBe(1);
      expect(result.stderr).not.toMatch(/error:/);
      expect(result.code).toBe(0);
      expect(awsAuthData(sandbox)?.mapUsers).toContain(`userarn: ${sandbox.callerArn}`);
      expect(await callerNamespaceStatus(sandbox)).toBe(200);
      expect(await findDamage(sandbox, baseline, awsAuthData(sandbox))).toEqual([]);
    });
  }, 90_000);

  it('stops on an expired AWS session and undoes the grant', async () => {
    await withSandbox(async (sandbox) => {
      const baseline = await takeBaseline(sandbox);
      sandbox.emulator.hooks.fail({ service: 'iam', action: 'AddUserToGroup', nth: 1 }, { expiredToken: true });

      const result = await recover(sandbox);

      expect(result.code).toBe(1);
      expect(result.stderr).toContain('the AWS session has expired');
      expect(result.stderr).toContain('Removing the temporary grant and profile of this run, because it did not finish.');
      expect(result.stderr).not.toContain('Left behind by this run: ');
      expect(await findDamage(sandbox, baseline, undefined)).toEqual([]);
      expect(hasStackTrace(result.stderr)).toBe(false);
      const cleaned = await cleanup(sandbox);
      expect(cleaned.code).toBe(0);
      expect(await findDamage(sandbox, baseline, undefined)).toEqual([]);
    });
  }, 90_000);

  it('stops on an expired token at the aws-auth write', async () => {
    await withSandbox(async (sandbox) => {
      const baseline = await takeBaseline(sandbox);
      sandbox.emulator.hooks.fail({ service: 'k8s', action: 'PUT configmaps/aws-auth', nth: 1 }, { expiredToken: true });

      const result = await recover(sandbox);

      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/error: .*aws-auth/);
      expect(result.stderr).toContain('Removing the temporary grant and profile of this run, because it did not finish.');
      expect(await findDamage(sandbox, baseline, undefined)).toEqual([]);
      expect(hasStackTrace(result.stderr)).toBe(false);
      expect(awsAuthData(sandbox)).toEqual(baseline.awsAuth);
      expect((await cleanup(sandbox)).code).toBe(0);
      expect(await findDamage(sandbox, baseline, undefined)).toEqual([]);
    });
  }, 90_000);

  it('gives up on a lasting Kubernetes 503', async () => {
    await withSandbox(async (sandbox) => {
      const baseline = await takeBaseline(sandbox);
      const hook = sandbox.emulator.hooks.fail({ service: 'k8s', action: 'PUT configmaps/aws-auth' }, { status: 503 });

      const result = await recover(sandbox);

      expect(hook.count).toBe(5);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('Could not write ConfigMap kube-system/aws-auth: HTTP 503');
      expect(result.stderr).toContain('Removing the temporary grant and profile of this run, because it did not finish.');
      expect(await findDamage(sandbox, baseline, undefined)).toEqual([]);
      expect(awsAuthData(sandbox)).toEqual(baseline.awsAuth);
      expect((await cleanup(sandbox)).code).toBe(0);
      expect(await findDamage(sandbox, baseline, undefined)).toEqual([]);
    });
  }, 90_000);

  it('gives up on lasting AWS throttling', async () => {
    await withSandbox(async (sandbox) => {
      const baseline = await takeBaseline(sandbox);
      const hook = sandbox.emulator.hooks.fail({ service: 'iam', action: 'PutGroupPolicy' }, { status: 429 });

      const result = await recover(sandbox, [], { AWS_MAX_ATTEMPTS: '3' });

      expect(hook.count).toBe(3);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('Could not attach the inline policy to eks-recover-demo-');
      expect(result.stderr).toContain('Throttling: Rate exceeded');
      expect(result.stderr).toContain('Removing the temporary grant and profile of this run, because it did not finish.');
      expect(await findDamage(sandbox, baseline, undefined)).toEqual([]);
      expect(hasStackTrace(result.stderr)).toBe(false);
      expect((await cleanup(sandbox)).code).toBe(0);
      expect(await findDamage(sandbox, baseline, undefined)).toEqual([]);
    });
  }, 90_000);
});
