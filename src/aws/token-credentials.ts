import { readFileSync } from 'node:fs';
import type { AwsCredentialIdentity } from '@smithy/types';
import { profileValues } from '../aws-config/profiles.js';
import type { Settings } from '../config/settings.js';
import { UsageError } from '../errors.js';

export interface TokenCredentialsOptions {
  /** Role to assume before signing; the credentials from the chain must be allowed to assume it. */
  readonly roleArn?: string;
  /** Session name for the assumed role; by default `eks-recover-` and the local user name. */
  readonly sessionName?: string;
}

export interface TokenCredentialsResult {
  readonly credentials: AwsCredentialIdentity;
  readonly region: string;
}

type ProfileValues = Record<string, string | undefined>;

/** Profile keys that make the SDK do more than read static keys: assume a role, run a process, use SSO. */
const NON_STATIC_KEYS = ['role_arn', 'credential_source', 'credential_process', 'web_identity_token_file', 'sso_session'];

/**
 * Resolves the region and the credentials that sign a token, the way the SDK's default chain
 * would. Static keys in the environment or in a plain profile are read directly, which keeps
 * the SDK's credential providers (and their start-up cost) out of the common case; every
 * other source, and `--role-arn`, goes through the SDK.
 */
export async function resolveTokenCredentials(
  settings: Settings,
  options: TokenCredentialsOptions = {},
): Promise<TokenCredentialsResult> {
  const profileName = settings.profile ?? 'default';
  const profile = readProfile(settings, profileName);
  if (settings.profile && !profile) {
    throw new UsageError('ProfileNotFound', `The AWS profile "${settings.profile}" does not exist.`, {
      hint: `Add it to ${settings.configFile} (aws configure --profile ${settings.profile}), or pass another --profile.`,
    });
  }

  const region = settings.region ?? profile?.region;
  if (!region) {
    throw new UsageError('MissingRegion', 'No AWS region is set.', {
      hint: 'Pass --region (for example --region eu-west-1), set AWS_REGION, or add region to the profile.',
    });
  }
  const direct = options.roleArn ? undefined : staticCredentials(settings, profile);
  if (direct) return { credentials: direct, region };

  const { resolveWithSdk } = await import('./token-credentials-sdk.js');
  const credentials = await resolveWithSdk(settings, region, options);
  return { credentials, region };
}

/** Reads one profile as the SDK merges it; synchronous reads keep `fs/promises` out of start-up. */
function readProfile(settings: Settings, profile: string): ProfileValues | undefined {
  return profileValues(readOptional(settings.configFile), readOptional(settings.credentialsFile), profile);
}

function readOptional(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new UsageError('UnreadableAwsConfig', `Cannot read ${path}: ${(error as Error).message}`, {
      hint: 'Fix the file permissions, or point AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE at a readable file.',
    });
  }
}

function staticCredentials(settings: Settings, profile: ProfileValues | undefined): AwsCredentialIdentity | undefined {
  const { env } = settings;
  // The SDK skips the environment's keys when a profile is named, and so does this.
  if (!settings.profile && env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY) {
    return {
      accessKeyId: env.AWS_ACCESS_KEY_ID,
      secretAccessKey: env.AWS_SECRET_ACCESS_KEY,
      ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}),
      ...(env.AWS_CREDENTIAL_EXPIRATION ? { expiration: new Date(env.AWS_CREDENTIAL_EXPIRATION) } : {}),
    };
  }
  if (!profile?.aws_access_key_id || !profile.aws_secret_access_key) return undefined;
  if (Object.keys(profile).some((key) => NON_STATIC_KEYS.includes(key) || key.startsWith('sso_'))) return undefined;
  return {
    accessKeyId: profile.aws_access_key_id,
    secretAccessKey: profile.aws_secret_access_key,
    ...(profile.aws_session_token ? { sessionToken: profile.aws_session_token } : {}),
  };
}
