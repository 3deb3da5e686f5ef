import { afterEach, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../sandbox/index.js';
import { recover } from './helpers.js';

/** Collects the numbered step headings of a wizard run, in order. */
function headings(stderr: string): string[] {
  return stderr.split('\n').filter((line) => /^\d+\. /.test(line));
}

// Run `npm run build` first: these tests drive dist/cli.js against moto and the EKS emulator.
describe('wizard output', () => {
  let sandbox: Sandbox | undefined;
  afterEach(async () => {
    await sandbox?.stop();
    sandbox = undefined;
  });

  it('names a creator found twice once', async () => {
    sandbox = await startSandbox({ authenticationMode: 'CONFIG_MAP' });
    const result = await recover(sandbox, ['--yes', '--dry-run']);
    const candidateLines = result.stderr.split('\n').filter((line) => line.includes('creator candidate'));

    expect(result.code).toBe(0);
    expect(candidateLines).toHaveLength(1);
    expect(candidateLines[0]).toContain(`${sandbox.creatorRoleArn} (role): stack-name tag StackSet-`);
    expect(candidateLines[0]).toContain('; CloudTrail CreateCluster at ');
    expect(candidateLines[0]).toContain(' by arn:aws:sts::111122223333:assumed-role/AWSCloudFormationStackSetExecutionRole/stackset-demo');
    expect(result.stderr).toContain(`Using ${sandbox.creatorRoleArn}, because it was found from tags and CloudTrail (pass --creator-role-arn for another).`);
    expect(result.stderr).not.toContain('stack-id');
    expect(result.stderr).not.toContain(':stack/');
  });

  it('numbers access-entry steps without a gap', async () => {
    sandbox = await startSandbox({ authenticationMode: 'API' });
    const result = await recover(sandbox, ['--yes']);

    expect(result.code).toBe(0);
    expect(headings(result.stderr)).toEqual(['1. Who you are', '2. The cluster', '3. Plan', '4. Access entry', '5. Your access']);
    expect(result.stderr).toContain('  aws-auth: 1 readable mapping\n');
  });

  it('numbers the mode change as its own step', async () => {
    sandbox = await startSandbox({ authenticationMode: 'CONFIG_MAP' });
    const result = await recover(sandbox, ['--yes', '--enable-access-entries', '--confirm-cluster', sandbox.clusterName]);

    expect(result.code).toBe(0);
    expect(headings(result.stderr)).toEqual(['1. Who you are', '2. The cluster', '3. Plan', '4. Authentication mode', '5. Access entry', '6. Your access']);
  });
});
