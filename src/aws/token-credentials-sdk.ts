import { userInfo } from 'node:os';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity } from '@smithy/types';
import type { Settings } from '../config/settings.js';
import { EksRecoverError, StepError, UsageError } from '../errors.js';
import { createAwsClients } from './clients.js';

export interface SdkCredentialsOptions {
  readonly roleArn?: string;
  readonly sessionName?: string;
}

const ROLE_ARN_PATTERN = /^arn:aws[a-z-]*:iam::\d{12}:role\/.+$/;

/** The session names STS AssumeRole accepts. */
const SESSION_NAME_PATTERN = /^[\w+=,.@-]{2,64}$/;

/** Resolves credentials through the SDK's chain for the profile, then assumes the role when one is given. */
/**
 * Keeps the AWS SDK's notice that later SDK releases need Node.js 22 off stderr: kubectl shows
 * an exec plugin's stderr to the user on every request, and eks-recover supports Node.js 20.
 */
function quietSdkNotice(): void {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
}

export async function resolveWithSdk(
  settings: Settings,
  region: string,
  options: SdkCredentialsOptions,
): Promise<AwsCredentialIdentity> {
  quietSdkNotice();
  if (options.roleArn && !ROLE_ARN_PATTERN.test(options.roleArn)) {
    throw new UsageError('InvalidRoleArn', `Invalid role ARN "${options.roleArn}".`, {
      hint: 'Pass an IAM role ARN such as arn:aws:iam::111122223333:role/Admin with --role-arn.',
    });
  }
  if (options.sessionName !== undefined && !SESSION_NAME_PATTERN.test(options.sessionName)) {
    throw new UsageError('InvalidSessionName', `Invalid session name "${options.sessionName}".`, {
      hint: 'Use 2 to 64 letters, digits or the characters +=,.@_- in --session-name.',
    });
  }
  const clients = await createAwsClients({ ...settings, region });
  const base = await clients.resolveCredentials().catch((error: unknown) => {
    throw describeCredentialError(error, settings.profile);
  });
  if (!options.roleArn) return base;

  const sts = await clients.sts();
  const response = await sts
    .send(new AssumeRoleCommand({ RoleArn: options.roleArn, RoleSessionName: options.sessionName ?? defaultSessionName() }))
    .catch((error: unknown) => {
      throw describeAssumeRoleError(error, options.roleArn ?? '');
    });
  const assumed = response.Credentials;
  if (!assumed?.AccessKeyId || !assumed.SecretAccessKey) {
    throw new StepError('AssumeRoleFailed', `STS returned no credentials for ${options.roleArn}.`);
  }
  return {
    accessKeyId: assumed.AccessKeyId,
    secretAccessKey: assumed.SecretAccessKey,
    ...(assumed.SessionToken ? { sessionToken: assumed.SessionToken } : {}),
    ...(assumed.Expiration ? { expiration: assumed.Expiration } : {}),
  };
}

/** Converts a credential-chain failure into an error whose hint names the command to run. */
export function describeCredentialError(error: unknown, profile: string | undefined): EksRecoverError {
  if (error instanceof EksRecoverError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const profileFlag = profile ? ` --profile ${profile}` : '';
  if (/sso|token.*(expired|invalid)|refresh/i.test(message)) {
    return new StepError('SsoSessionExpired', `The SSO session for the profile has expired or is missing: ${message}`, {
      cause: error,
      hint: `Run "aws sso login${profileFlag}", then try again.`,
    });
  }
  if (/could not be found|not found in|profile/i.test(message) && profile) {
    return new UsageError('ProfileNotFound', `The AWS profile "${profile}" cannot be used: ${message}`, {
      cause: error,
      hint: 'Check the profile name and its source_profile chain in the AWS config file.',
    });
  }
  return noCredentialsError(error);
}

function describeAssumeRoleError(error: unknown, roleArn: string): EksRecoverError {
  const name = error instanceof Error ? error.name : '';
  const message = error instanceof Error ? error.message : String(error);
  if (name === 'ExpiredTokenException' || name === 'ExpiredToken') {
    return new StepError('ExpiredToken', `The credentials used to assume ${roleArn} have expired.`, {
      cause: error,
      hint: 'Refresh them (aws sso login, or new keys), then try again.',
    });
  }
  if (name === 'AccessDenied' || name === 'AccessDeniedException') {
    return new StepError('AssumeRoleDenied', `Not allowed to assume ${roleArn}: ${message}`, {
      cause: error,
      hint: "Check that the role's trust policy names your identity and that your policy allows sts:AssumeRole.",
    });
  }
  return new StepError('AssumeRoleFailed', `Assuming ${roleArn} failed: ${message}`, { cause: error });
}

function noCredentialsError(cause: unknown): StepError {
  return new StepError('NoCredentials', 'No AWS credentials were found for the token.', {
    cause,
    hint: 'Set AWS_PROFILE or pass --profile, or configure keys with "aws configure".',
  });
}

/** Returns a session name that CloudTrail readers recognise: `eks-recover-` and the local user name. */
export function defaultSessionName(): string {
  let user = 'user';
  try {
    user = userInfo().username || user;
  } catch {
    // Some containers run as a user id with no passwd entry; the generic name is enough there.
  }
  return `eks-recover-${user}`.replace(/[^\w+=,.@-]/g, '-').slice(0, 64);
}
