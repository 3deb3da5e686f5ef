import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, guardPreloadEnv } from '../support/environment.js';

const run = promisify(execFile);

describe('npm run demo', () => {
  it('recovers the sandbox cluster without a terminal', async () => {
    const { stdout, stderr } = await run('npx', ['tsx', 'test/sandbox/demo.ts'], {
      cwd: REPO_ROOT,
      env: { ...process.env, ...guardPreloadEnv() },
      timeout: 60_000,
    });
    expect(stderr).toContain('gets HTTP 401 from its API server');
    expect(stdout).toContain('Recovered: arn:aws:iam::111122223333:user/alice has access to cluster demo.');
    expect(stderr).toContain('The wizard exited with 0; arn:aws:iam::111122223333:user/alice now gets HTTP 200');
  });
});
