import { chmod, cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, runCliAsNobody } from '../support/cli.js';
import { FIXTURE_DIR, fixtureText } from './fixtures.js';

const ROLE = 'arn:aws:iam::111122223333:role/r1';
const FAULTS = join(FIXTURE_DIR, 'faults');
const MIB = 1024 * 1024;
let workDir = '';

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'eks-recover-aws-auth-faults-'));
});

afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

/** Returns a valid ConfigMap padded with comment lines to at least `bytes` bytes. */
function paddedConfigMap(bytes: number): string {
  const head = fixtureText('node-roles.yaml');
  const line = `# ${'x'.repeat(77)}\n`;
  return head + line.repeat(Math.ceil((bytes - head.length) / line.length));
}

/** Control characters other than the line feed, as code points. */
function controlCharacters(text: string): number[] {
  return [...text].map((char) => char.codePointAt(0) ?? 0).filter((code) => code !== 0x0a && (code < 0x20 || (code >= 0x7f && code <= 0x9f)));
}

describe('aws-auth lint control characters', () => {
  it('reports an escaped invalid ARN', async () => {
    const result = await runCli(['aws-auth', 'lint', join(FAULTS, 'control-char-arn.yaml')]);
    expect(result.stdout).toContain('error invalid-arn mapRoles[1] (line 13): Invalid ARN "arn:aws:iam::111122223333:role/p/\\u001b]0;PWNED\\u0007\\u001b[31mred"');
    expect(controlCharacters(result.stdout)).toEqual([]);
    expect(result.code).toBe(1);
  });

  it('reports a wildcard and a path', async () => {
    const result = await runCli(['aws-auth', 'lint', join(FIXTURE_DIR, 'wildcard.yaml')]);
    expect(result.stdout).toContain('error wildcard-arn mapRoles[0] (line 8)');
    expect(result.stdout).toContain('error role-arn-has-path mapRoles[0] (line 8)');
    expect(result.code).toBe(1);
  });
});

describe('aws-auth add broken keys', () => {
  it('warns once per untouched broken key', async () => {
    const file = join(FAULTS, 'broken-map-users.yaml');
    const result = await runCli(['aws-auth', 'add', file, '--arn', ROLE]);
    const warnings = result.stderr.split('\n').filter((line) => line.startsWith('warning: '));
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toContain('warning: mapUsers is left as it is and has an error at line 17: mapUsers is not valid YAML');
    expect(warnings[1]).toContain('warning: mapAccounts is left as it is and has an error at line 18: an item is not an account ID');
    expect(result.stderr).toContain(`Run eks-recover aws-auth lint ${file} to see every problem.`);
    expect(result.stdout).toContain(`    - rolearn: ${ROLE}\n`);
    expect(result.code).toBe(0);
  });

  it('says nothing about a healthy file', async () => {
    const result = await runCli(['aws-auth', 'add', join(FIXTURE_DIR, 'node-roles.yaml'), '--arn', ROLE]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  });
});

describe('aws-auth input size', () => {
  it('rejects a file over 3 MiB', async () => {
    const file = join(workDir, 'huge.yaml');
    await writeFile(file, paddedConfigMap(3 * MIB + 1));
    const result = await runCli(['aws-auth', 'add', file, '--arn', ROLE, '--in-place']);
    expect(result.stderr).toMatch(new RegExp(`error: Cannot read ${file}: it is \\d+ bytes, more than 3 MiB, but an aws-auth ConfigMap is at most about 1 MiB`));
    expect(result.stdout).toBe('');
    expect(result.code).toBe(2);
    expect((await readdir(workDir)).filter((name) => name.startsWith('huge.yaml'))).toEqual(['huge.yaml']);
  });

  it('rejects standard input over 3 MiB', async () => {
    const result = await runCli(['aws-auth', 'lint', '-'], { input: paddedConfigMap(3 * MIB + 1) });
    expect(result.stderr).toContain('error: Cannot read standard input: it is more than 3 MiB');
    expect(result.stdout).toBe('');
    expect(result.code).toBe(2);
  });

  it('reads a file just under the cap', async () => {
    const file = join(workDir, 'large.yaml');
    await writeFile(file, paddedConfigMap(3 * MIB - 100));
    const result = await runCli(['aws-auth', 'lint', file]);
    expect(result.stderr).toBe(`${file}: no findings (mapRoles 3 entries)\n`);
    expect(result.code).toBe(0);
  });
});

describe('aws-auth file errors', () => {
  it.each([
    ['a missing file', '/nonexistent/aws-auth.yaml', 'error: File /nonexistent/aws-auth.yaml not found.'],
    ['a folder', '/tmp', 'error: /tmp is a folder, not a file.'],
  ])('names %s', async (_name, file, message) => {
    const result = await runCli(['aws-auth', 'lint', file]);
    expect(result.stderr).toContain(message);
    expect(result.stderr).not.toMatch(/E[A-Z]{3,}/);
    expect(result.code).toBe(2);
  });

  it.each([
    ['trailing-comma.json', 'it is not valid JSON (line 7, column 3: Expected double-quoted property name)'],
    ['bom-unclosed.json', "it is not valid JSON (line 2, column 1: Expected ',' or '}' after property value)"],
  ])('reports JSON errors in %s', async (name, message) => {
    const result = await runCli(['aws-auth', 'lint', join(FAULTS, name)]);
    expect(result.stderr).toContain(message);
    expect(result.code).toBe(2);
  });
});

describe.skipIf(process.getuid?.() !== 0)('aws-auth file permissions', () => {
  beforeAll(async () => {
    await chmod(workDir, 0o755);
  });

  it('names an unreadable file', async () => {
    const dir = await mkdtemp(join(workDir, 'unreadable-'));
    await chmod(dir, 0o755);
    const file = join(dir, 'aws-auth.yaml');
    await cp(join(FIXTURE_DIR, 'node-roles.yaml'), file);
    await chmod(file, 0o000);
    const result = await runCliAsNobody(['aws-auth', 'lint', file]);
    expect(result.stderr).toContain(`error: Cannot read ${file}: permission denied.`);
    expect(result.stderr).toContain(`chmod u+r ${file}`);
    expect(result.code).toBe(2);
  });

  it('writes nothing in a read-only folder', async () => {
    const dir = await mkdtemp(join(workDir, 'read-only-'));
    const file = join(dir, 'aws-auth.yaml');
    await cp(join(FIXTURE_DIR, 'node-roles.yaml'), file);
    await chmod(file, 0o644);
    await chmod(dir, 0o555);
    const result = await runCliAsNobody(['aws-auth', 'add', file, '--arn', ROLE, '--in-place']);
    expect(result.stderr).toContain(`error: Cannot write ${file} or a backup beside it: permission denied. Nothing was changed.`);
    expect(result.stderr).not.toContain('EACCES');
    expect(result.code).toBe(2);
    expect(await readdir(dir)).toEqual(['aws-auth.yaml']);
    expect(await readFile(file, 'utf8')).toBe(fixtureText('node-roles.yaml'));
  });
});
