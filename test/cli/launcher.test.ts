import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { BIN_ENTRY, isolatedEnv } from '../support/environment.js';

const run = promisify(execFile);

async function launch(args: readonly string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN_ENTRY, ...args], { env: isolatedEnv(env) });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('bin/eks-recover', () => {
  let env: Record<string, string>;
  beforeAll(async () => {
    const home = await mkdtemp(join(tmpdir(), 'eks-recover-launcher-'));
    await writeFile(join(home, 'credentials'), '[default]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n');
    await writeFile(join(home, 'config'), '[default]\nregion = eu-west-1\n');
    env = { HOME: home, AWS_SHARED_CREDENTIALS_FILE: join(home, 'credentials'), AWS_CONFIG_FILE: join(home, 'config') };
  });

  it('prints an ExecCredential through the CommonJS token path', async () => {
    const result = await launch(['token', '--cluster', 'demo'], env);
    expect(result.code).toBe(0);
    const credential = JSON.parse(result.stdout) as { kind: string; status: { token: string } };
    expect(credential.kind).toBe('ExecCredential');
    expect(credential.status.token).toMatch(/^k8s-aws-v1\.[A-Za-z0-9_-]+$/);
  });

  it('reports a token error once, with its exit code', async () => {
    const result = await launch(['token', '--cluster', 'demo', '--profile', 'nope'], env);
    expect(result.code).toBe(2);
    expect(result.stderr.match(/The AWS profile "nope" does not exist\./g)).toHaveLength(1);
    expect(result.stdout).toBe('');
  });

  it('runs every other command through the ES module CLI', async () => {
    const result = await launch(['--help'], env);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Usage: eks-recover');
  });
});
