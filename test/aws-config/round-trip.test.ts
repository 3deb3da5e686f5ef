import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { fromIni } from '@aws-sdk/credential-providers';
import { loadSharedConfigFiles } from '@smithy/shared-ini-file-loader';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addProfileSection, parseAwsConfig, removeAddedSection } from '../../src/aws-config/index.js';
import { readConfigFile, writeConfigFile } from '../../src/aws-config/config-file.js';
import { type MotoServer, startMoto } from '../support/moto.js';
import { FIXTURE_DIR, MARKER, fixture } from './fixtures.js';

const ROLE_ARN = 'arn:aws:iam::123456789012:role/demo-admin';
const VALUES = [
  ['region', 'eu-west-1'],
  ['role_arn', ROLE_ARN],
  ['role_session_name', 'eks-recover-alice'],
  ['source_profile', 'bob'],
] as const;

let moto: MotoServer;
let dir: string;

beforeAll(async () => {
  moto = await startMoto();
  dir = await mkdtemp(join(tmpdir(), 'aws-config-round-trip-'));
});
afterAll(async () => {
  await moto?.stop();
  await rm(dir, { recursive: true, force: true });
});

/**
 * Runs the AWS CLI on the test files only. The dead proxy makes any request that is not for
 * 127.0.0.1 fail instead of leaving the machine; AWS_ENDPOINT_URL also sends botocore's own
 * AssumeRole call for the profile to moto.
 */
function aws(configFile: string, credentialsFile: string, args: string[]) {
  const result = spawnSync('aws', args, {
    encoding: 'utf8',
    env: {
      PATH: process.env.PATH ?? '',
      HOME: dir,
      AWS_CONFIG_FILE: configFile,
      AWS_SHARED_CREDENTIALS_FILE: credentialsFile,
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_ENDPOINT_URL: moto.url,
      HTTPS_PROXY: 'http://127.0.0.1:9',
      HTTP_PROXY: 'http://127.0.0.1:9',
      NO_PROXY: '127.0.0.1',
    },
  });
  return { status: result.status, stdout: result.stdout.trim(), stderr: result.stderr };
}

async function sdkProfiles(configFile: string, credentialsFile: string) {
  return loadSharedConfigFiles({ configFilepath: configFile, filepath: credentialsFile, ignoreCache: true });
}

describe.each(['prefix-config.ini', 'crlf.ini', 'no-final-newline.ini', 'sso-session.ini'])('round trip of %s', (name) => {
  it('is read by the SDK and the AWS CLI, then restored', async () => {
    const configFile = join(dir, `config-${name}`);
    const credentialsFile = join(FIXTURE_DIR, 'prefix-credentials.ini');
    const original = fixture(name);
    await writeFile(configFile, original);
    const before = await sdkProfiles(configFile, credentialsFile);

    const { text, added } = addProfileSection((await readConfigFile(configFile)).text, 'eks-temp', VALUES, MARKER);
    await writeConfigFile(configFile, text, { expectedText: original });

    const files = await sdkProfiles(configFile, credentialsFile);
    expect(files.configFile['eks-temp']).toEqual(Object.fromEntries(VALUES));
    const credentials = fromIni({
      profile: 'eks-temp',
      configFilepath: configFile,
      filepath: credentialsFile,
      ignoreCache: true,
      clientConfig: { region: 'eu-west-1', endpoint: moto.url },
    });
    const sts = new STSClient({ region: 'eu-west-1', endpoint: moto.url, credentials });
    const identity = await sts.send(new GetCallerIdentityCommand({}));
    expect(identity.Arn).toBe('arn:aws:sts::123456789012:assumed-role/demo-admin/eks-recover-alice');

    expect(aws(configFile, credentialsFile, ['configure', 'get', 'role_arn', '--profile', 'eks-temp']).stdout).toBe(ROLE_ARN);
    const cli = aws(configFile, credentialsFile, ['sts', 'get-caller-identity', '--profile', 'eks-temp', '--endpoint-url', moto.url]);
    expect(cli.stderr).toBe('');
    expect(JSON.parse(cli.stdout).Arn).toBe('arn:aws:sts::123456789012:assumed-role/demo-admin/eks-recover-alice');

    const current = (await readConfigFile(configFile)).text;
    const removed = removeAddedSection(current, added);
    expect(removed.removed).toBe(true);
    await writeConfigFile(configFile, removed.text, { expectedText: current });
    expect(await readFile(configFile, 'utf8')).toBe(original);
    expect(await sdkProfiles(configFile, credentialsFile)).toEqual(before);
    const afterRemoval = aws(configFile, credentialsFile, ['configure', 'get', 'role_arn', '--profile', 'eks-temp']);
    expect(afterRemoval.stdout).toBe('');
    expect(afterRemoval.status).not.toBe(0);
  });
});

describe('findings agree with the AWS CLI', () => {
  it.each([
    'prefix-config.ini',
    'crlf.ini',
    'bom.ini',
    'no-final-newline.ini',
    'comments-everywhere.ini',
    'sso-session.ini',
    'duplicates.ini',
    'credential-source-candidates.ini',
  ])('%s', (name) => {
    const errors = parseAwsConfig(fixture(name), 'config').findings.filter((finding) => finding.level === 'error');
    const cli = aws(join(FIXTURE_DIR, name), join(dir, 'no-credentials'), ['configure', 'list-profiles']);
    expect(cli.stderr.includes('Unable to parse config file')).toBe(errors.length > 0);
  });
});
