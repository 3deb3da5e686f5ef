import { describe, expect, it } from 'vitest';
import { type InjectionRun, discoverInjectionPoints, runInjections } from './injection.js';

// Every request of an undisturbed recovery and every atomic file write, each stopped with
// SIGKILL and with Ctrl+C (SIGINT), then `eks-recover cleanup`; see injection.ts for the checks.
describe('stop at every injection point', () => {
  it('leaves the user no worse off', async () => {
    const { points, recoveredAwsAuth } = await discoverInjectionPoints();
    const labels = points.map((point) => point.label);
    for (const write of ['iam CreateGroup #1', 'iam PutGroupPolicy #1', 'iam AddUserToGroup #1', 'k8s PUT configmaps/aws-auth #1', 'iam DeleteGroup #1']) {
      expect(labels).toContain(`request ${write}`);
    }
    for (const file of ['config #1', 'config #2', 'aws-auth-before.json #1', 'journal.json #1']) {
      expect(labels).toContain(`rename onto ${file}`);
    }

    const runs: InjectionRun[] = points.flatMap((point) => [
      { point, signal: 'SIGKILL' as const },
      { point, signal: 'SIGINT' as const },
    ]);
    const outcomes = await runInjections(runs, 3, recoveredAwsAuth);
    const failures = outcomes.filter((outcome) => outcome.problems.length > 0).map((outcome) => `${outcome.signal} at ${outcome.point.label}: ${outcome.problems.join('; ')}`);

    expect(outcomes).toHaveLength(runs.length);
    expect(failures).toEqual([]);
  }, 600_000);
});
