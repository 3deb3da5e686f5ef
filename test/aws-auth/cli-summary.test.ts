import { describe, expect, it } from 'vitest';
import { parseConfigMapDocument } from '../../src/aws-auth/index.js';
import { runCli } from '../support/cli.js';
import { FIXTURE_DIR, fixtureText } from './fixtures.js';

describe('aws-auth lint summary', () => {
  it('reports a clean file on stderr', async () => {
    const file = `${FIXTURE_DIR}node-roles.yaml`;
    const result = await runCli(['aws-auth', 'lint', file]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(`${file}: no findings (mapRoles 3 entries)\n`);
  });

  it('counts every mapping key', async () => {
    const text = fixtureText('kubectl-order.yaml').replace('data:\n', 'data:\n  mapAccounts: |\n    - "111122223333"\n');
    const result = await runCli(['aws-auth', 'lint', '-'], { input: text });
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe('standard input: no findings (mapRoles 1 entry, mapUsers 1 entry, mapAccounts 1 account)\n');
    expect(result.code).toBe(0);
  });

  it('names a file without mapping keys', async () => {
    const result = await runCli(['aws-auth', 'lint', '-'], { input: 'kind: ConfigMap\n' });
    expect(result.stderr).toBe('standard input: no findings (no mapRoles, mapUsers or mapAccounts key)\n');
    expect(result.code).toBe(0);
  });

  it('prints no summary with findings', async () => {
    const result = await runCli(['aws-auth', 'lint', `${FIXTURE_DIR}duplicate-arn.yaml`]);
    expect(result.stdout).toContain('duplicate-arn');
    expect(result.stderr).toBe('');
  });
});

describe('aws-auth without a subcommand', () => {
  it('prints usage and exits 2', async () => {
    const result = await runCli(['aws-auth']);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('Usage: eks-recover aws-auth [options] [command]');
    expect(result.stderr).toContain('error: Missing aws-auth command: use lint, add or remove.');
  });

  it('rejects an unknown subcommand', async () => {
    const result = await runCli(['aws-auth', 'check', 'aws-auth.yaml']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Unknown aws-auth command "check"');
  });

  it('keeps the help subcommand', async () => {
    const result = await runCli(['aws-auth', 'help', 'lint']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Usage: eks-recover aws-auth lint [options] <file>');
  });

  it('keeps subcommands strict about arguments', async () => {
    const result = await runCli(['aws-auth', 'lint', `${FIXTURE_DIR}node-roles.yaml`, 'extra']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('too many arguments');
  });
});

describe('aws-auth remove of a last entry', () => {
  it('prints a valid ConfigMap in kubectl field order', async () => {
    const result = await runCli(['aws-auth', 'remove', `${FIXTURE_DIR}kubectl-order.yaml`, '--arn', 'arn:aws:iam::111122223333:user/alice']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('  mapUsers: ""\nkind: ConfigMap\n');
    const doc = parseConfigMapDocument(result.stdout);
    expect(doc.data.mapUsers).toBe('');
    expect(doc.root.toJSON().metadata).toEqual(parseConfigMapDocument(fixtureText('kubectl-order.yaml')).root.toJSON().metadata);
  });

  it('ends the output with a line break when data comes last', async () => {
    const result = await runCli(['aws-auth', 'remove', `${FIXTURE_DIR}single-user-last.yaml`, '--arn', 'arn:aws:iam::111122223333:user/alice']);
    expect(result.code).toBe(0);
    expect(result.stdout.endsWith('  mapUsers: ""\n')).toBe(true);
  });
});
