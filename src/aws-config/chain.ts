import { UsageError } from '../errors.js';
import { parseAwsConfig } from './parse.js';
import { listProfiles, profileValues, ssoSessionValues } from './profiles.js';

/** The `credential_source` values the AWS CLI and SDKs accept, spelled exactly so. */
export const CREDENTIAL_SOURCES = ['Environment', 'Ec2InstanceMetadata', 'EcsContainer'] as const;
export type CredentialSource = (typeof CREDENTIAL_SOURCES)[number];

/** The one key of the temporary profile that names the source of its credentials. */
export type SourceSetting = readonly ['source_profile', string] | readonly ['credential_source', CredentialSource];

export interface ProfileFiles {
  readonly configText: string | undefined;
  readonly credentialsText: string | undefined;
}

/** Credential type of the last profile in a chain. */
export type ChainEnd =
  | { kind: 'static' | 'process' | 'web-identity' | 'login' }
  | { kind: 'sso'; ssoSession: string | undefined }
  | { kind: 'credential-source'; source: CredentialSource };

export interface SourceChain {
  /** The profiles from the source profile to the one that contains or fetches credentials. */
  readonly profiles: string[];
  readonly end: ChainEnd;
  /** The last profile, the one an `aws sso login --profile` must name for an SSO chain. */
  readonly endProfile: string;
  /** MFA device ARNs of role profiles on the chain; each needs a code when the chain is resolved. */
  readonly mfaSerials: string[];
}

/**
 * Follows `source_profile` from `profile` as the SDK does and rejects a chain that would fail.
 * The UsageError names the fix for a missing profile (also for a `[name]` header in the config
 * file or a `profile ` prefix in the value), for both or neither of `source_profile` and
 * `credential_source`, an invalid `credential_source`, a cycle, a chain through
 * `temporaryProfile`, and a last profile without credentials.
 */
export function checkSourceChain(files: ProfileFiles, profile: string, temporaryProfile: string): SourceChain {
  const profiles: string[] = [];
  const mfaSerials: string[] = [];
  let name = profile;
  let referrer: string | undefined;

  for (;;) {
    if (name === temporaryProfile) throw throughTemporaryProfile(profiles, name);
    const values = profileValues(files.configText, files.credentialsText, name);
    if (!values) throw profileNotFound(files, name, referrer);
    profiles.push(name);

    // The SDK takes static keys of a profile reached through source_profile before its role_arn.
    if (referrer !== undefined && hasStaticKeys(values)) return { profiles, end: { kind: 'static' }, endProfile: name, mfaSerials };
    if (values.role_arn === undefined) return { profiles, end: credentialsEnd(files, name, values), endProfile: name, mfaSerials };

    const source = roleSource(name, values);
    if (values.mfa_serial) mfaSerials.push(values.mfa_serial);
    if (source[0] === 'credential_source') {
      return { profiles, end: { kind: 'credential-source', source: source[1] }, endProfile: name, mfaSerials };
    }
    const next = source[1];
    if (next === name && hasStaticKeys(values)) return { profiles, end: { kind: 'static' }, endProfile: name, mfaSerials };
    if (profiles.includes(next)) throw cycle([...profiles, next]);
    referrer = name;
    name = next;
  }
}

function hasStaticKeys(values: Record<string, string>): boolean {
  return values.aws_access_key_id !== undefined && values.aws_secret_access_key !== undefined;
}

/** Checks that a role profile has exactly one valid source and returns it. */
export function roleSource(name: string, values: Record<string, string>): SourceSetting {
  const { source_profile: sourceProfile, credential_source: credentialSource } = values;
  if (sourceProfile !== undefined && credentialSource !== undefined) {
    throw new UsageError('ConflictingSource', `Profile ${name} has both source_profile and credential_source.`, {
      hint: `Keep exactly one of the two keys in profile ${name}.`,
    });
  }
  if (credentialSource !== undefined) return ['credential_source', parseCredentialSource(name, credentialSource)];
  if (sourceProfile !== undefined) return ['source_profile', sourceProfile];
  throw new UsageError('MissingSource', `Profile ${name} has role_arn but neither source_profile nor credential_source.`, {
    hint: `Add source_profile = NAME (a profile with credentials) or credential_source = Environment to profile ${name}.`,
  });
}

function parseCredentialSource(name: string, value: string): CredentialSource {
  const exact = CREDENTIAL_SOURCES.find((source) => source === value);
  if (exact) return exact;
  const caseless = CREDENTIAL_SOURCES.find((source) => source.toLowerCase() === value.toLowerCase());
  throw new UsageError('InvalidCredentialSource', `Invalid credential_source "${value}" in profile ${name}.`, {
    hint: caseless
      ? `Write it as ${caseless}; the AWS CLI and SDKs compare it with exact case.`
      : `Use one of ${CREDENTIAL_SOURCES.join(', ')}.`,
  });
}

function credentialsEnd(files: ProfileFiles, name: string, values: Record<string, string>): ChainEnd {
  if (values.credential_source !== undefined) {
    return { kind: 'credential-source', source: parseCredentialSource(name, values.credential_source) };
  }
  if (hasStaticKeys(values)) return { kind: 'static' };
  if (values.web_identity_token_file !== undefined) return { kind: 'web-identity' };
  if (values.credential_process !== undefined) return { kind: 'process' };
  const ssoKeys = ['sso_session', 'sso_start_url', 'sso_account_id', 'sso_region', 'sso_role_name'];
  if (ssoKeys.some((key) => values[key] !== undefined)) {
    const session = values.sso_session;
    if (session !== undefined && !ssoSessionValues(files.configText, session)) {
      throw new UsageError('SsoSessionNotFound', `Profile ${name} names sso_session ${session}, which is not defined.`, {
        hint: `Add an [sso-session ${session}] section, for example with 'aws configure sso-session'.`,
      });
    }
    return { kind: 'sso', ssoSession: session };
  }
  if (values.login_session !== undefined) return { kind: 'login' };
  throw new UsageError('ProfileWithoutCredentials', `Profile ${name} contains no credentials and no settings to get them.`, {
    hint: `Add aws_access_key_id and aws_secret_access_key, SSO settings ('aws configure sso') or role_arn to profile ${name}.`,
  });
}

function profileNotFound(files: ProfileFiles, name: string, referrer: string | undefined): UsageError {
  const where = referrer === undefined ? `Profile ${name}` : `Profile ${name}, the source_profile of ${referrer},`;
  const message = `${where} is not defined in the config or credentials file.`;
  const prefixed = /^profile\s+(\S+)$/.exec(name)?.[1];
  if (prefixed) {
    return new UsageError('SourceProfileNotFound', message, {
      hint: `Name the profile without the prefix: ${prefixed}. Only config-file headers carry "profile ".`,
    });
  }
  const bare = files.configText
    ? parseAwsConfig(files.configText, 'config').sections.find((section) => section.kind === 'bare' && section.name === name)
    : undefined;
  if (bare) {
    return new UsageError('SourceProfileNotFound', message, {
      hint: `Rename [${name}] on line ${bare.startLine} of the config file to [profile ${name}].`,
    });
  }
  const known = listProfiles(files.configText, files.credentialsText);
  return new UsageError('SourceProfileNotFound', message, {
    hint: known.length > 0 ? `Known profiles: ${known.join(', ')}.` : "Create one with 'aws configure --profile NAME'.",
  });
}

function cycle(path: string[]): UsageError {
  return new UsageError('SourceProfileCycle', `The source_profile chain loops: ${path.join(' -> ')}.`, {
    hint: 'Point the last profile at a profile with credentials; only a profile with static keys may name itself.',
  });
}

function throughTemporaryProfile(path: string[], temporaryProfile: string): UsageError {
  return new UsageError(
    'SourceChainUsesTemporaryProfile',
    `The source profile chain ${[...path, temporaryProfile].join(' -> ')} passes through the temporary profile ${temporaryProfile}.`,
    { hint: 'Choose a source profile that does not depend on the temporary profile, or another --temp-profile name.' },
  );
}
