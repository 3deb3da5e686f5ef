import { describe, expect, it } from 'vitest';
import packageJson from '../../package.json' with { type: 'json' };
import { runCli } from '../support/cli.js';

const COMMANDS = ['recover', 'cleanup', 'restore', 'token', 'kubeconfig', 'diagnose', 'aws-auth'];

describe('eks-recover CLI shell', () => {
  it('prints help with every command and the exit codes', async () => {
    const result = await runCli(['--help']);
    expect(result.code).toBe(0);
    for (const command of COMMANDS) expect(result.stdout).toMatch(new RegExp(`^  ${command}\\b`, 'm'));
    expect(result.stdout).toContain('130  interrupted');
    expect(result.stdout).toContain('--endpoint-url <url>');
  });

  it.each(COMMANDS)('prints help for %s', async (command) => {
    const result = await runCli([command, '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Usage: eks-recover ${command}`);
  });

  it('prints the version', async () => {
    const result = await runCli(['--version']);
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toBe(packageJson.version);
  });

  it('exits 2 on an unknown option', async () => {
    const result = await runCli(['recover', '--bogus']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("error: unknown option '--bogus'");
  });

  it('exits 2 on an unknown command', async () => {
    const result = await runCli(['recovr']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Unknown command "recovr".');
  });

  it.each([
    [['recover', '--grant-ttl', 'soon'], '"soon" is not a whole number of minutes.'],
    [['recover', '--assume-role-timeout', '0'], '0 is out of range: use 1 to 900 seconds.'],
    [['recover', '--cluster-account', '12345'], '"12345" is not a 12-digit AWS account ID.'],
    [['recover', '--method', 'magic'], "'magic' is invalid"],
    [['--endpoint-url', 'notaurl', 'diagnose'], '"notaurl" is not an http(s) URL'],
  ])('exits 2 on a bad flag value %j', async (args, message) => {
    const result = await runCli(args);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('exits 2 naming the fix when no region is set', async () => {
    const result = await runCli(['recover', '--cluster', 'demo', '--yes'], {
      env: { AWS_CONFIG_FILE: '/nonexistent/config', AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/credentials' },
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('No AWS region is set.');
    expect(result.stderr).toContain('Pass --region');
  });

  it('exits 2 naming an invalid endpoint variable', async () => {
    const result = await runCli(['diagnose', '--region', 'eu-west-1'], { env: { AWS_ENDPOINT_URL_STS: 'bogus' } });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Invalid endpoint URL "bogus".');
  });

  it('exits 2 when the state folder is a file', async () => {
    const result = await runCli(['cleanup', '--state-dir', '/etc/hostname']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Cannot read the state folder /etc/hostname: a file is in the way.');
  });
});
