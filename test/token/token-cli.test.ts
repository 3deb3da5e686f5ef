import { mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MotoServer, startMoto } from '../support/moto.js';
import { runCli } from '../support/cli.js';
import { decodeToken, expectedSignature } from './decode.js';

const ACCESS_KEY = 'AKIAIOSFODNN7EXAMPLE';
const SECRET_KEY = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';

let home: string;
let filesEnv: Record<string, string>;

beforeAll(() => {
  home = mkdtempSync(join(tmpdir(), 'eks-recover-token-'));
  const credentials = join(home, 'credentials');
  const config = join(home, 'config');
  writeFileSync(credentials, `[default]\naws_access_key_id = ${ACCESS_KEY}\naws_secret_access_key = ${SECRET_KEY}\n`);
  writeFileSync(
    config,
    '[default]\nregion = eu-west-1\n\n[profile sso-user]\nsso_session = corp\nsso_account_id = 111122223333\nsso_role_name = Admin\nregion = eu-west-1\n\n' +
      '[sso-session corp]\nsso_start_url = https://corp.awsapps.example.com/start\nsso_region = eu-west-1\n',
  );
  filesEnv = { HOME: home, AWS_SHARED_CREDENTIALS_FILE: credentials, AWS_CONFIG_FILE: config };
});

function parseCredential(stdout: string) {
  return JSON.parse(stdout) as { apiVersion: string; status: { token: string; expirationTimestamp: string } };
}

describe('eks-recover token', () => {
  it('prints a v1beta1 ExecCredential by default', async () => {
    const result = await runCli(['token', '--cluster', 'demo'], { env: filesEnv });

    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const credential = parseCredential(result.stdout);
    expect(credential.apiVersion).toBe('client.authentication.k8s.io/v1beta1');
    expect(credential.status.expirationTimestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const minutesLeft = (Date.parse(credential.status.expirationTimestamp) - Date.now()) / 60_000;
    expect(minutesLeft).toBeGreaterThan(13);
    expect(minutesLeft).toBeLessThanOrEqual(14);
  });

  it('signs for the real STS host despite endpoint overrides', async () => {
    const env = { ...filesEnv, AWS_ENDPOINT_URL_STS: 'http://127.0.0.1:9', AWS_ENDPOINT_URL: 'http://127.0.0.1:9' };
    const result = await runCli(['token', '--cluster', 'demo', '--region', 'cn-north-1'], { env });

    expect(result.code).toBe(0);
    const decoded = decodeToken(parseCredential(result.stdout).status.token);
    expect(decoded.url.host).toBe('sts.cn-north-1.amazonaws.com.cn');
    expect(decoded.params.get('X-Amz-Signature')?.[0]).toBe(expectedSignature(decoded, SECRET_KEY, 'demo'));
  });

  it('prefers environment keys when no profile is named', async () => {
    const env = { ...filesEnv, AWS_ACCESS_KEY_ID: 'AKIAENVIRONMENTKEY01', AWS_SECRET_ACCESS_KEY: 'env-secret' };
    const result = await runCli(['token', '--cluster', 'demo'], { env });

    const decoded = decodeToken(parseCredential(result.stdout).status.token);
    expect(decoded.params.get('X-Amz-Credential')?.[0]).toMatch(/^AKIAENVIRONMENTKEY01\//);
  });

  it('answers in the apiVersion kubectl asks for', async () => {
    const execInfo = '{"kind":"ExecCredential","apiVersion":"client.authentication.k8s.io/v1","spec":{"interactive":false}}';
    const result = await runCli(['token', '--cluster', 'demo'], { env: { ...filesEnv, KUBERNETES_EXEC_INFO: execInfo } });

    expect(result.code).toBe(0);
    expect(parseCredential(result.stdout).apiVersion).toBe('client.authentication.k8s.io/v1');
  });

  it('rejects the removed v1alpha1 exec API with the fix', async () => {
    const execInfo = '{"kind":"ExecCredential","apiVersion":"client.authentication.k8s.io/v1alpha1","spec":{}}';
    const result = await runCli(['token', '--cluster', 'demo'], { env: { ...filesEnv, KUBERNETES_EXEC_INFO: execInfo } });

    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('client.authentication.k8s.io/v1alpha1');
    expect(result.stderr).toContain('apiVersion: client.authentication.k8s.io/v1beta1');
  });

  it('reports a missing region with exit 2', async () => {
    const env = { ...filesEnv, AWS_CONFIG_FILE: join(home, 'absent-config') };
    const result = await runCli(['token', '--cluster', 'demo'], { env });

    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('No AWS region is set.');
  });

  it('reports an unknown profile with exit 2', async () => {
    const result = await runCli(['token', '--cluster', 'demo', '--profile', 'nobody'], { env: filesEnv });

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('The AWS profile "nobody" does not exist.');
  });

  it('tells the user to log in when the SSO session is missing', async () => {
    const result = await runCli(['token', '--cluster', 'demo', '--profile', 'sso-user'], { env: filesEnv });

    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('aws sso login --profile sso-user');
  });

  it('reports a missing cluster as usage error', async () => {
    const result = await runCli(['token'], { env: filesEnv });

    expect(result.code).toBe(2);
    expect(result.stderr).toContain("required option '--cluster <name>'");
  });

  it('reuses a cached token stored with mode 0600', async () => {
    const stateDir = join(home, 'state');
    const args = ['token', '--cluster', 'demo', '--cache', '--state-dir', stateDir];
    const first = await runCli(args, { env: filesEnv });
    const second = await runCli(args, { env: filesEnv });

    expect(first.code).toBe(0);
    expect(parseCredential(second.stdout).status.token).toBe(parseCredential(first.stdout).status.token);
    const tokens = join(stateDir, 'tokens');
    expect(statSync(tokens).mode & 0o777).toBe(0o700);
    const [file] = readdirSync(tokens);
    expect(statSync(join(tokens, file ?? '')).mode & 0o777).toBe(0o600);
  });

  it('signs a new token without --cache', async () => {
    const stateDir = join(home, 'state-uncached');
    const first = await runCli(['token', '--cluster', 'demo', '--state-dir', stateDir], { env: filesEnv });

    expect(first.code).toBe(0);
    expect(() => readdirSync(stateDir)).toThrow();
  });
});

describe('eks-recover token --role-arn', () => {
  let moto: MotoServer;

  beforeAll(async () => {
    moto = await startMoto();
  });
  afterAll(async () => {
    await moto?.stop();
  });

  it('signs as the assumed role', async () => {
    const env = { ...filesEnv, AWS_ENDPOINT_URL_STS: moto.url };
    const roleArn = 'arn:aws:iam::123456789012:role/Admin';
    const result = await runCli(['token', '--cluster', 'demo', '--role-arn', roleArn, '--session-name', 'alice'], { env });

    expect(result.stderr).not.toContain('error');
    expect(result.code).toBe(0);
    const decoded = decodeToken(parseCredential(result.stdout).status.token);
    expect(decoded.url.host).toBe('sts.eu-west-1.amazonaws.com');
    expect(decoded.params.get('X-Amz-Credential')?.[0]).toMatch(/^ASIA/);
    expect(decoded.params.get('X-Amz-Security-Token')?.[0]).toBeTruthy();
  });

  it('rejects a malformed role ARN with exit 2', async () => {
    const env = { ...filesEnv, AWS_ENDPOINT_URL_STS: moto.url };
    const result = await runCli(['token', '--cluster', 'demo', '--role-arn', 'Admin'], { env });

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Invalid role ARN "Admin"');
  });

  it('rejects an invalid session name with exit 2', async () => {
    const env = { ...filesEnv, AWS_ENDPOINT_URL_STS: moto.url };
    const roleArn = 'arn:aws:iam::123456789012:role/Admin';
    const result = await runCli(['token', '--cluster', 'demo', '--role-arn', roleArn, '--session-name', 'a b'], { env });

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Invalid session name "a b"');
  });
});
