import { describe, expect, it } from 'vitest';
import { checkSourceChain, detectSourceSetting } from '../../src/aws-config/index.js';
import { fixture } from './fixtures.js';

const KEYS = 'aws_access_key_id = AKIAEXAMPLE\naws_secret_access_key = example\n';
const ROLE = 'role_arn = arn:aws:iam::111122223333:role/demo-admin\n';
const files = (configText: string, credentialsText = '') => ({ configText, credentialsText });

describe('checkSourceChain', () => {
  it('accepts a static-key profile from the credentials file', () => {
    const chain = checkSourceChain(files(fixture('prefix-config.ini'), fixture('prefix-credentials.ini')), 'bob', 'eks-temp');
    expect(chain).toEqual({ profiles: ['bob'], end: { kind: 'static' }, endProfile: 'bob', mfaSerials: [] });
  });

  it('follows a role chain and collects MFA devices', () => {
    const config = `[profile ops]\n${ROLE}source_profile = bob\nmfa_serial = arn:aws:iam::111122223333:mfa/alice\n`;
    const chain = checkSourceChain(files(config, `[bob]\n${KEYS}`), 'ops', 'eks-temp');
    expect(chain.profiles).toEqual(['ops', 'bob']);
    expect(chain.mfaSerials).toEqual(['arn:aws:iam::111122223333:mfa/alice']);
  });

  it('resolves an sso-session profile', () => {
    const chain = checkSourceChain(files(fixture('sso-session.ini')), 'alice-sso', 'eks-temp');
    expect(chain.end).toEqual({ kind: 'sso', ssoSession: 'corp' });
  });

  it('allows a self-reference with static keys', () => {
    const config = `[profile self]\n${ROLE}source_profile = self\n${KEYS}`;
    expect(checkSourceChain(files(config), 'self', 'eks-temp').end).toEqual({ kind: 'static' });
  });

  it('ends at a valid credential_source', () => {
    const config = `[profile env]\n${ROLE}credential_source = Environment\n`;
    expect(checkSourceChain(files(config), 'env', 'eks-temp').end).toEqual({ kind: 'credential-source', source: 'Environment' });
  });

  it.each([
    ['bare config section', fixture('prefix-config.ini'), 'alice', 'SourceProfileNotFound', 'Rename [alice] on line 4 of the config file to [profile alice]'],
    ['prefixed name', fixture('prefix-config.ini'), 'profile bob', 'SourceProfileNotFound', 'without the prefix: bob'],
    ['unknown profile', fixture('prefix-config.ini'), 'carol', 'SourceProfileNotFound', 'Known profiles: default, bob'],
    ['temporary profile as source', fixture('credential-source-candidates.ini'), 'eks-temp', 'SourceChainUsesTemporaryProfile', 'passes through'],
    ['lower-case credential_source', fixture('credential-source-candidates.ini'), 'eks-temp-lower', 'InvalidCredentialSource', 'Write it as Environment'],
    ['unknown credential_source', `[profile x]\n${ROLE}credential_source = Lambda\n`, 'x', 'InvalidCredentialSource', 'Use one of Environment, Ec2InstanceMetadata, EcsContainer'],
    ['role without source', `[profile x]\n${ROLE}`, 'x', 'MissingSource', 'Add source_profile'],
    ['self-reference without keys', `[profile x]\n${ROLE}source_profile = x\n`, 'x', 'SourceProfileCycle', 'x -> x'],
    ['longer cycle', `[profile a]\n${ROLE}source_profile = b\n[profile b]\n${ROLE}source_profile = a\n`, 'a', 'SourceProfileCycle', 'a -> b -> a'],
    ['chain through the temporary profile', `[profile a]\n${ROLE}source_profile = eks-temp\n[profile eks-temp]\n${KEYS}`, 'a', 'SourceChainUsesTemporaryProfile', 'a -> eks-temp'],
    ['profile without credentials', '[profile a]\nregion = eu-west-1\n', 'a', 'ProfileWithoutCredentials', 'aws configure sso'],
    ['missing sso-session', '[profile a]\nsso_session = gone\nsso_account_id = 111122223333\n', 'a', 'SsoSessionNotFound', '[sso-session gone]'],
  ])('rejects %s', (_case, config, profile, code, text) => {
    let caught: unknown;
    try {
      checkSourceChain(files(config, fixture('prefix-credentials.ini')), profile, 'eks-temp');
    } catch (error) {
      caught = error;
    }
    expect(caught).toMatchObject({ code, exitCode: 2 });
    const error = caught as { message: string; hint?: string };
    expect(`${error.message} ${error.hint ?? ''}`).toContain(text);
  });

  it('rejects both source keys in one profile', () => {
    const config = fixture('credential-source-candidates.ini');
    expect(() => checkSourceChain(files(config), 'eks-temp', 'eks-temp-9')).toThrow('Profile eks-temp has both source_profile and credential_source.');
  });
});

describe('detectSourceSetting', () => {
  const none = files('', '');
  it.each([
    ['environment keys', { AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE', AWS_SECRET_ACCESS_KEY: 'x' }, none, ['credential_source', 'Environment']],
    ['default profile', { AWS_EC2_METADATA_DISABLED: 'true' }, files(fixture('prefix-config.ini')), ['source_profile', 'default']],
    ['container', { AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: '/v2/credentials/x' }, none, ['credential_source', 'EcsContainer']],
    ['instance metadata', {}, none, ['credential_source', 'Ec2InstanceMetadata']],
  ])('picks %s', (_case, env, profileFiles, expected) => {
    expect(detectSourceSetting(env, profileFiles)).toEqual(expected);
  });

  it('rejects a web identity token file', () => {
    expect(() => detectSourceSetting({ AWS_WEB_IDENTITY_TOKEN_FILE: '/t' }, none)).toThrow(
      expect.objectContaining({ code: 'UnsupportedCredentialOrigin', hint: expect.stringContaining('web_identity_token_file') }),
    );
  });

  it('reports no credentials at all', () => {
    expect(() => detectSourceSetting({ AWS_EC2_METADATA_DISABLED: 'true' }, none)).toThrow('No AWS credentials were found.');
  });
});
