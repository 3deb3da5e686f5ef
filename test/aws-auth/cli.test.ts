import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { FIXTURE_DIR, fixtureText } from './fixtures.js';

const ROLE = 'arn:aws:iam::111122223333:role/demo-admin';
let workDir = '';

function fixturePath(name: string): string {
  return join(FIXTURE_DIR, name);
}

function copyFixture(name: string): string {
  const path = join(workDir, name);
  writeFileSync(path, fixtureText(name));
  return path;
}

beforeAll(() => {
  workDir = mkdtempSync(join(tmpdir(), 'eks-recover-aws-auth-'));
});

describe('aws-auth lint', () => {
  it('prints findings with file lines', async () => {
    const result = await runCli(['aws-auth', 'lint', fixturePath('role-path.yaml')]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe(
      'error role-arn-has-path mapRoles[1] (line 13): arn:aws:iam::111122223333:role/ci/deploy/demo-runner has the path "/ci/deploy/", which the caller\'s ARN never carries, so it never matches; use arn:aws:iam::111122223333:role/demo-runner\n',
    );
  });

  it('exits 0 on a healthy file', async () => {
    const result = await runCli(['aws-auth', 'lint', fixturePath('node-roles.yaml')]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('');
  });

  it('exits 0 on warnings only', async () => {
    const result = await runCli(['aws-auth', 'lint', fixturePath('commented.yaml')]);
    expect(result.stdout).toContain('warning unquoted-account-id mapAccounts[0] (line 27)');
    expect(result.stdout).toContain('warning unknown-key other (line 28): ');
    expect(result.code).toBe(0);
  });

  it('prints JSON findings', async () => {
    const result = await runCli(['aws-auth', 'lint', '--json', fixturePath('duplicate-arn.yaml')]);
    expect(result.code).toBe(1);
    const parsed = JSON.parse(result.stdout) as { findings: Record<string, unknown>[] };
    expect(parsed.findings).toHaveLength(1);
    expect(parsed.findings[0]).toMatchObject({ level: 'error', code: 'duplicate-arn', key: 'mapRoles', index: 1, line: 13 });
  });

  it('gives JSON input the key line', async () => {
    const text = fixtureText('json-format.json').replace('demo-NodeInstanceRole', 'ci/demo-NodeInstanceRole');
    const result = await runCli(['aws-auth', 'lint', '--json', '-'], { input: text });
    const parsed = JSON.parse(result.stdout) as { findings: { code: string; line: number | null }[] };
    expect(parsed.findings.map((finding) => [finding.code, finding.line])).toEqual([['role-arn-has-path', 10]]);
    expect(result.code).toBe(1);
  });

  it('reports a broken key and reads the rest', async () => {
    const text = fixtureText('broken-map-accounts.yaml');
    const result = await runCli(['aws-auth', 'lint', '-'], { input: text });
    expect(result.stdout).toContain('error invalid-entry mapAccounts[0] (line 14)');
    expect(result.code).toBe(1);
  });

  it.each([
    [['aws-auth', 'lint', '/nonexistent/aws-auth.yaml'], 'File /nonexistent/aws-auth.yaml not found.'],
    [['aws-auth', 'lint', '-'], 'kind is null'],
  ])('exits 2 for %j', async (args, message) => {
    const result = await runCli(args, { input: 'apiVersion: v1\n' });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(message);
  });
});

describe('aws-auth add', () => {
  it('prints the updated YAML', async () => {
    const result = await runCli(['aws-auth', 'add', fixturePath('node-roles.yaml'), '--arn', ROLE, '--username', 'admin', '--group', 'ops', '--group', 'system:masters']);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`${fixtureText('node-roles.yaml')}    - rolearn: ${ROLE}\n      username: admin\n      groups:\n        - ops\n        - system:masters\n`);
  });

  it('prints a present mapping unchanged', async () => {
    const result = await runCli(['aws-auth', 'add', fixturePath('commented.yaml'), '--arn', 'arn:aws:iam::111122223333:user/ops/alice']);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(fixtureText('commented.yaml'));
    expect(result.stderr).toContain('already holds this mapping');
  });

  it('converts an STS ARN with a warning', async () => {
    const result = await runCli(['aws-auth', 'add', fixturePath('sts-arns.yaml'), '--arn', 'arn:aws:sts::111122223333:assumed-role/ReadOnly/bob']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('    - rolearn: arn:aws:iam::111122223333:role/ReadOnly\n');
    expect(result.stderr).toContain('warning: arn:aws:sts::111122223333:assumed-role/ReadOnly/bob is an STS session ARN');
  });

  it('keeps JSON in JSON', async () => {
    const result = await runCli(['aws-auth', 'add', fixturePath('json-format.json'), '--arn', ROLE]);
    expect(result.code).toBe(0);
    const parsed = JSON.parse(result.stdout) as { data: { mapRoles: string } };
    expect(JSON.parse(parsed.data.mapRoles)).toHaveLength(2);
    expect(result.stdout.replace(parsed.data.mapRoles === '' ? '' : /"mapRoles": ".*",/, '')).toBe(fixtureText('json-format.json').replace(/"mapRoles": ".*",/, ''));
  });

  it('adds a quoted account', async () => {
    const result = await runCli(['aws-auth', 'add', fixturePath('commented.yaml'), '--account', '111122223333']);
    expect(result.stdout).toBe(fixtureText('commented.yaml').replace('    - 444455556666\n', '    - 444455556666\n    - "111122223333"\n'));
  });

  it.each([
    [['--arn', 'arn:aws:iam::111122223333:role/teams/*'], 'wildcards'],
    [['--arn', 'arn:aws:sts::111122223333:role/ops'], 'Invalid ARN'],
    [['--account', '12'], 'Invalid account ID "12"'],
    [[], 'exactly one of --arn ARN or --account ID'],
  ])('exits 2 for %j', async (args, message) => {
    const result = await runCli(['aws-auth', 'add', fixturePath('node-roles.yaml'), ...args]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(message);
  });

  it('refuses to edit a broken mapRoles', async () => {
    const text = `apiVersion: v1\nkind: ConfigMap\ndata:\n  mapRoles: |\n${fixtureText('mis-indented-a.txt').replace(/^/gm, '    ')}`;
    const path = join(workDir, 'broken.yaml');
    writeFileSync(path, text);
    const result = await runCli(['aws-auth', 'add', path, '--arn', ROLE, '--in-place']);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('Cannot add to mapRoles');
    expect(readFileSync(path, 'utf8')).toBe(text);
  });

  it('writes in place with a backup', async () => {
    const path = copyFixture('role-path.yaml');
    const result = await runCli(['aws-auth', 'add', path, '--arn', ROLE, '--in-place']);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('');
    expect(readFileSync(path, 'utf8')).toContain(`- rolearn: ${ROLE}`);
    const backups = readdirSync(workDir).filter((name) => name.startsWith('role-path.yaml.') && name.endsWith('.bak'));
    expect(backups).toHaveLength(1);
    expect(readFileSync(join(workDir, backups[0] ?? ''), 'utf8')).toBe(fixtureText('role-path.yaml'));
    expect(result.stderr).toContain(backups[0]);
  });
});

describe('aws-auth remove', () => {
  it('removes every entry for the ARN', async () => {
    const result = await runCli(['aws-auth', 'remove', fixturePath('duplicate-arn.yaml'), '--arn', 'arn:aws:iam::111122223333:role/ADMINS']);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(fixtureText('duplicate-arn.yaml').split('    - rolearn: arn:aws:iam::111122223333:role/admins')[0]);
    expect(result.stderr).toContain('Removed 2 entries.');
  });

  it('exits 1 when nothing matches', async () => {
    const result = await runCli(['aws-auth', 'remove', fixturePath('role-path.yaml'), '--arn', 'arn:aws:iam::111122223333:role/demo-runner']);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('No aws-auth entry maps arn:aws:iam::111122223333:role/demo-runner');
  });
});
