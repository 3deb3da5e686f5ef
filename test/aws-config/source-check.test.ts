import { createHash } from 'node:crypto';
import { type Server, createServer } from 'node:http';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkCredentialSource } from '../../src/aws-config/source-check.js';
import { resolveSettings } from '../../src/config/settings.js';
import { type MotoServer, startMoto } from '../support/moto.js';
import { fixture } from './fixtures.js';

const ROLE = 'role_arn = arn:aws:iam::123456789012:role/demo-admin\nrole_session_name = eks-recover-alice\n';
const MFA = 'arn:aws:iam::123456789012:mfa/alice';
const BOB_KEYS = '[bob]\naws_access_key_id = AKIAEXAMPLEBOB\naws_secret_access_key = example-bob\n';

let moto: MotoServer;
let home: string;
let fakes: Server[] = [];

beforeAll(async () => {
  moto = await startMoto();
  home = await mkdtemp(join(tmpdir(), 'source-check-'));
  // The SDK finds the SSO token cache under HOME and nothing else reads it in this process.
  process.env.HOME = home;
});
afterAll(async () => {
  await moto?.stop();
  await Promise.all(fakes.map((server) => new Promise((resolve) => server.close(resolve))));
  fakes = [];
  await rm(home, { recursive: true, force: true });
});

/** Starts a one-route HTTP server on 127.0.0.1 and returns its URL. */
async function fakeServer(handler: (path: string) => { status: number; body: unknown }): Promise<string> {
  const server = createServer((request, response) => {
    const { status, body } = handler(request.url ?? '');
    response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  });
  fakes.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
}

async function settingsFor(config: string, credentials: string, profile: string | undefined, env: Record<string, string> = {}) {
  const dir = await mkdtemp(join(home, 'case-'));
  await writeFile(join(dir, 'config'), config);
  await writeFile(join(dir, 'credentials'), credentials);
  return resolveSettings(profile ? { profile } : {}, {
    HOME: home,
    AWS_CONFIG_FILE: join(dir, 'config'),
    AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_ENDPOINT_URL_STS: moto.url,
    ...env,
  }, false);
}

async function callerArn(credentials: AwsCredentialIdentityProvider): Promise<string | undefined> {
  const sts = new STSClient({ region: 'eu-west-1', endpoint: moto.url, credentials });
  return (await sts.send(new GetCallerIdentityCommand({}))).Arn;
}

async function rejection(promise: Promise<unknown>): Promise<{ code: string; exitCode: number; message: string; hint: string }> {
  try {
    await promise;
  } catch (error) {
    return error as { code: string; exitCode: number; message: string; hint: string };
  }
  throw new Error('expected a rejection');
}

describe('checkCredentialSource with a profile', () => {
  it('resolves an assume-role source through moto', async () => {
    const settings = await settingsFor(`[profile ops]\n${ROLE}source_profile = bob\n`, BOB_KEYS, 'ops');
    const result = await checkCredentialSource({ settings, region: 'eu-west-1', temporaryProfile: 'eks-temp' });
    expect(result.source).toEqual(['source_profile', 'ops']);
    expect(result.chain?.profiles).toEqual(['ops', 'bob']);
    expect(await callerArn(result.credentials)).toBe('arn:aws:sts::123456789012:assumed-role/demo-admin/eks-recover-alice');
  });

  it('asks for an MFA code once', async () => {
    const settings = await settingsFor(`[profile ops]\n${ROLE}source_profile = bob\nmfa_serial = ${MFA}\n`, BOB_KEYS, 'ops');
    const requested: string[] = [];
    const mfaCodeProvider = async (serial: string) => {
      requested.push(serial);
      return '123456';
    };
    const result = await checkCredentialSource({ settings, region: 'eu-west-1', temporaryProfile: 'eks-temp', mfaCodeProvider });
    await result.credentials();
    expect(requested).toEqual([MFA]);
  });

  it('names the flag when MFA cannot be asked', async () => {
    const settings = await settingsFor(`[profile ops]\n${ROLE}source_profile = bob\nmfa_serial = ${MFA}\n`, BOB_KEYS, 'ops');
    const error = await rejection(checkCredentialSource({ settings, region: 'eu-west-1', temporaryProfile: 'eks-temp' }));
    expect(error).toMatchObject({ code: 'MfaCodeRequired', exitCode: 2 });
    expect(error.message).toBe(`Profile ops -> bob needs an MFA code for ${MFA}.`);
    expect(error.hint).toContain('--mfa-code');
  });

  it('rejects a malformed MFA code', async () => {
    const settings = await settingsFor(`[profile ops]\n${ROLE}source_profile = bob\nmfa_serial = ${MFA}\n`, BOB_KEYS, 'ops');
    const mfaCodeProvider = async () => '12ab';
    const error = await rejection(checkCredentialSource({ settings, region: 'eu-west-1', temporaryProfile: 'eks-temp', mfaCodeProvider }));
    expect(error).toMatchObject({ code: 'InvalidMfaCode', exitCode: 2 });
  });

  it('rejects a bare config section as source', async () => {
    const settings = await settingsFor(fixture('prefix-config.ini'), fixture('prefix-credentials.ini'), 'alice');
    const error = await rejection(checkCredentialSource({ settings, region: 'eu-west-1', temporaryProfile: 'eks-temp' }));
    expect(error.code).toBe('SourceProfileNotFound');
    expect(error.hint).toContain('[profile alice]');
  });
});

describe('checkCredentialSource with SSO', () => {
  const ssoConfig = `${fixture('sso-session.ini')}\n[profile ops-sso]\n${ROLE}source_profile = alice-sso\n`;

  // The SDK's SSO step reads the config file named in process.env, as it does for a real run.
  async function ssoSettings(profile: string, env: Record<string, string> = {}) {
    const settings = await settingsFor(ssoConfig, '', profile, env);
    process.env.AWS_CONFIG_FILE = settings.configFile;
    process.env.AWS_SHARED_CREDENTIALS_FILE = settings.credentialsFile;
    return settings;
  }

  it('tells the user to log in when the token is missing', async () => {
    const settings = await ssoSettings('alice-sso');
    const error = await rejection(checkCredentialSource({ settings, region: 'eu-west-1', temporaryProfile: 'eks-temp' }));
    expect(error).toMatchObject({ code: 'SsoLoginRequired', exitCode: 1 });
    expect(error.message).toContain('Profile alice-sso has no valid SSO session: The SSO session token');
    expect(error.hint).toContain("'aws sso login --profile alice-sso'");
    expect(error.hint).toContain("'aws sso login --sso-session corp'");
  });

  it('assumes a role from an SSO source profile', async () => {
    const cache = join(home, '.aws', 'sso', 'cache');
    await mkdir(cache, { recursive: true });
    const token = { accessToken: 'example-sso-token', expiresAt: new Date(Date.now() + 3_600_000).toISOString() };
    await writeFile(join(cache, `${createHash('sha1').update('corp').digest('hex')}.json`), JSON.stringify(token));
    const requests: string[] = [];
    const portal = await fakeServer((path) => {
      requests.push(path);
      const roleCredentials = { accessKeyId: 'ASIAEXAMPLESSO', secretAccessKey: 'example', sessionToken: 'example', expiration: Date.now() + 3_600_000 };
      return { status: 200, body: { roleCredentials } };
    });
    const settings = await ssoSettings('ops-sso', { AWS_ENDPOINT_URL_SSO: portal });
    const result = await checkCredentialSource({ settings, region: 'eu-west-1', temporaryProfile: 'eks-temp' });
    expect(result.chain?.profiles).toEqual(['ops-sso', 'alice-sso']);
    expect(requests).toEqual(['/federation/credentials?account_id=111122223333&role_name=AdministratorAccess']);
    expect(await callerArn(result.credentials)).toBe('arn:aws:sts::123456789012:assumed-role/demo-admin/eks-recover-alice');
  });
});

describe('checkCredentialSource without a profile', () => {
  it('uses Environment for keys in the environment', async () => {
    const env = { AWS_ACCESS_KEY_ID: 'AKIAEXAMPLEENV', AWS_SECRET_ACCESS_KEY: 'example-env' };
    const settings = await settingsFor('', '', undefined, env);
    const result = await checkCredentialSource({ settings, region: 'eu-west-1', temporaryProfile: 'eks-temp' });
    expect(result.source).toEqual(['credential_source', 'Environment']);
    expect((await result.credentials()).accessKeyId).toBe('AKIAEXAMPLEENV');
  });

  it('uses EcsContainer for container credentials', async () => {
    const expiration = new Date(Date.now() + 3_600_000).toISOString();
    const url = await fakeServer(() => ({
      status: 200,
      body: { AccessKeyId: 'ASIAEXAMPLECONTAINER', SecretAccessKey: 'example', Token: 'example', Expiration: expiration },
    }));
    const settings = await settingsFor('', '', undefined, { AWS_CONTAINER_CREDENTIALS_FULL_URI: `${url}/creds` });
    const result = await checkCredentialSource({ settings, region: 'eu-west-1', temporaryProfile: 'eks-temp' });
    expect(result.source).toEqual(['credential_source', 'EcsContainer']);
    expect((await result.credentials()).accessKeyId).toBe('ASIAEXAMPLECONTAINER');
  });

  it('reports container credentials that fail', async () => {
    const url = await fakeServer(() => ({ status: 500, body: { message: 'unavailable' } }));
    const settings = await settingsFor('', '', undefined, { AWS_CONTAINER_CREDENTIALS_FULL_URI: `${url}/creds` });
    const error = await rejection(checkCredentialSource({ settings, region: 'eu-west-1', temporaryProfile: 'eks-temp' }));
    expect(error).toMatchObject({ code: 'SourceCredentialsFailed', exitCode: 1 });
    expect(error.message).toContain('Could not get credentials from credential_source EcsContainer');
  });

  it('uses the default profile before the container', async () => {
    const settings = await settingsFor('', BOB_KEYS.replace('[bob]', '[default]'), undefined, {
      AWS_CONTAINER_CREDENTIALS_FULL_URI: 'http://127.0.0.1:9/unused',
    });
    const result = await checkCredentialSource({ settings, region: 'eu-west-1', temporaryProfile: 'eks-temp' });
    expect(result.source).toEqual(['source_profile', 'default']);
  });
});
