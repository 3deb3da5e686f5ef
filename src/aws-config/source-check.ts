import type { fromIni } from '@aws-sdk/credential-providers';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { createHttpHandler } from '../aws/http.js';
import { type Settings, serviceEndpoint } from '../config/settings.js';
import { EksRecoverError, StepError, UsageError } from '../errors.js';
import { type CredentialSource, type SourceChain, type SourceSetting, checkSourceChain } from './chain.js';
import { readConfigFile } from './config-file.js';
import { detectSourceSetting } from './credential-origin.js';

export interface SourceCheckOptions {
  readonly settings: Settings;
  /** Region for the STS calls of an assume-role chain. */
  readonly region: string;
  /** The temporary profile's name, which the source chain must not pass through. */
  readonly temporaryProfile: string;
  /**
   * Returns the code of an MFA device (its ARN is the argument): a prompt in a terminal or the
   * value of a flag. Without it, a chain that needs MFA fails before any call.
   */
  readonly mfaCodeProvider?: (serial: string) => Promise<string>;
}

export interface SourceCheckResult {
  /** The line that goes into the temporary profile: `source_profile` or `credential_source`. */
  readonly source: SourceSetting;
  /** The source profile chain, when the source is a profile. */
  readonly chain?: SourceChain;
  /** The source credentials, resolved once already and cached until shortly before they expire. */
  readonly credentials: AwsCredentialIdentityProvider;
}

/**
 * Checks, before any change, that the source of the temporary profile yields credentials now:
 * the named profile (its chain checked first, then resolved with the SDK's `fromIni`), or the
 * place the default chain finds credentials, written as `credential_source`.
 */
export async function checkCredentialSource(options: SourceCheckOptions): Promise<SourceCheckResult> {
  const { settings } = options;
  const files = {
    configText: (await readConfigFile(settings.configFile)).text,
    credentialsText: (await readConfigFile(settings.credentialsFile)).text,
  };
  const source: SourceSetting = settings.profile
    ? ['source_profile', settings.profile]
    : detectSourceSetting(settings.env, files);

  if (source[0] === 'credential_source') {
    const credentials = cacheCredentials(await credentialSourceProvider(settings, source[1]));
    await resolveOrExplain(credentials, (error) => sourceFailed(`credential_source ${source[1]}`, messageOf(error)));
    return { source, credentials };
  }

  const chain = checkSourceChain(files, source[1], options.temporaryProfile);
  const needsMfa = chain.mfaSerials[0];
  if (needsMfa !== undefined && !options.mfaCodeProvider) {
    throw new UsageError('MfaCodeRequired', `Profile ${chain.profiles.join(' -> ')} needs an MFA code for ${needsMfa}.`, {
      hint: 'Run eks-recover in a terminal to be asked for the code, or pass --mfa-code CODE.',
    });
  }
  const credentials = cacheCredentials(await profileProvider(options, source[1]));
  await resolveOrExplain(credentials, (error) => profileFailed(chain, error));
  return { source, chain, credentials };
}

/**
 * Credentials of a named profile as the SDK resolves them, with assume-role calls sent to
 * eks-recover's STS endpoint and SSO calls to the SSO endpoint, each honouring the overrides.
 */
export async function profileCredentials(
  options: Pick<SourceCheckOptions, 'settings' | 'region' | 'mfaCodeProvider'>,
  profile: string,
): Promise<AwsCredentialIdentityProvider> {
  return cacheCredentials(await profileProvider(options, profile));
}

async function profileProvider(
  options: Pick<SourceCheckOptions, 'settings' | 'region' | 'mfaCodeProvider'>,
  profile: string,
): Promise<AwsCredentialIdentityProvider> {
  const { settings, mfaCodeProvider } = options;
  const providers = await import('@aws-sdk/credential-providers');
  const ssoEndpoint = settings.endpointUrl || settings.env.AWS_ENDPOINT_URL_SSO || settings.env.AWS_ENDPOINT_URL;
  // NOTE: fromIni (credential-provider-ini 3.973) does not pass filepath and configFilepath on
  // to fromSSO, so an SSO profile is read from AWS_CONFIG_FILE in process.env or ~/.aws/config.
  // Settings take the same paths from process.env, so the two agree outside of tests.
  return providers.fromIni({
    profile,
    filepath: settings.credentialsFile,
    configFilepath: settings.configFile,
    ignoreCache: true,
    ...(mfaCodeProvider ? { mfaCodeProvider: checkedMfaCode(mfaCodeProvider) } : {}),
    roleAssumer: await stsRoleAssumer(settings, options.region),
    // Used by the SSO client only, because STS calls go through roleAssumer. Its region must
    // stay unset so that the SSO call goes to the profile's sso_region.
    clientConfig: {
      requestHandler: createHttpHandler(settings, ssoEndpoint),
      ...(ssoEndpoint ? { endpoint: ssoEndpoint } : {}),
    },
  });
}

type RoleAssumer = NonNullable<Parameters<typeof fromIni>[0]>['roleAssumer'];

/** AssumeRole through eks-recover's own STS endpoint, so chains honour the endpoint overrides. */
async function stsRoleAssumer(settings: Settings, region: string): Promise<RoleAssumer> {
  const { STSClient, AssumeRoleCommand } = await import('@aws-sdk/client-sts');
  const endpoint = serviceEndpoint(settings, 'sts');
  return async (sourceCredentials, params) => {
    const client = new STSClient({
      region,
      credentials: sourceCredentials,
      requestHandler: createHttpHandler(settings, endpoint),
      ...(endpoint ? { endpoint } : {}),
    });
    const { Credentials: issued } = await client.send(new AssumeRoleCommand(params));
    if (!issued?.AccessKeyId || !issued.SecretAccessKey) throw new Error(`AssumeRole on ${params.RoleArn} returned no credentials.`);
    return {
      accessKeyId: issued.AccessKeyId,
      secretAccessKey: issued.SecretAccessKey,
      ...(issued.SessionToken ? { sessionToken: issued.SessionToken } : {}),
      ...(issued.Expiration ? { expiration: issued.Expiration } : {}),
    };
  };
}

function checkedMfaCode(provider: (serial: string) => Promise<string>): (serial: string) => Promise<string> {
  return async (serial) => {
    const code = (await provider(serial)).trim();
    if (!/^\d{6}$/.test(code)) {
      throw new UsageError('InvalidMfaCode', `Invalid MFA code for ${serial}: expected 6 digits.`, {
        hint: 'Enter the current code shown by the MFA device.',
      });
    }
    return code;
  };
}

async function credentialSourceProvider(settings: Settings, source: CredentialSource): Promise<AwsCredentialIdentityProvider> {
  const env = settings.env;
  const providers = await import('@aws-sdk/credential-providers');
  if (source === 'Environment') {
    return async () => {
      if (!env.AWS_ACCESS_KEY_ID || !env.AWS_SECRET_ACCESS_KEY) throw new Error('AWS_ACCESS_KEY_ID or AWS_SECRET_ACCESS_KEY is not set.');
      return {
        accessKeyId: env.AWS_ACCESS_KEY_ID,
        secretAccessKey: env.AWS_SECRET_ACCESS_KEY,
        ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}),
      };
    };
  }
  if (source === 'EcsContainer') {
    return providers.fromHttp({
      awsContainerCredentialsFullUri: env.AWS_CONTAINER_CREDENTIALS_FULL_URI,
      awsContainerCredentialsRelativeUri: env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI,
      awsContainerAuthorizationToken: env.AWS_CONTAINER_AUTHORIZATION_TOKEN,
      awsContainerAuthorizationTokenFile: env.AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE,
    });
  }
  return providers.fromInstanceMetadata({ maxRetries: 1, timeout: 2000 });
}

/** Resolves once, then again only within five minutes of expiry (an MFA code is asked again then). */
function cacheCredentials(provider: AwsCredentialIdentityProvider): AwsCredentialIdentityProvider {
  let cached: Promise<AwsCredentialIdentity> | undefined;
  let expiresAt = Number.POSITIVE_INFINITY;
  return () => {
    if (!cached || expiresAt - Date.now() < 5 * 60_000) {
      cached = provider();
      expiresAt = Number.POSITIVE_INFINITY;
      cached.then(
        (credentials) => (expiresAt = credentials.expiration?.getTime() ?? Number.POSITIVE_INFINITY),
        () => (cached = undefined),
      );
    }
    return cached;
  };
}

async function resolveOrExplain(provider: AwsCredentialIdentityProvider, explain: (error: unknown) => EksRecoverError) {
  try {
    await provider();
  } catch (error) {
    if (error instanceof EksRecoverError) throw error;
    throw Object.assign(explain(error), { cause: error });
  }
}

function profileFailed(chain: SourceChain, error: unknown): EksRecoverError {
  const reason = messageOf(error);
  const { end, endProfile } = chain;
  if (end.kind === 'sso' && /SSO session|sso login|\btoken\b/i.test(reason)) {
    const session = end.ssoSession ? ` (or 'aws sso login --sso-session ${end.ssoSession}')` : '';
    return new StepError('SsoLoginRequired', `Profile ${endProfile} has no valid SSO session: ${reason}`, {
      hint: `Run 'aws sso login --profile ${endProfile}'${session}, then run eks-recover again.`,
    });
  }
  return sourceFailed(`profile ${chain.profiles.join(' -> ')}`, reason);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function sourceFailed(what: string, reason: string): StepError {
  return new StepError('SourceCredentialsFailed', `Could not get credentials from ${what}: ${reason}`, {
    hint: 'Check the credentials with aws sts get-caller-identity, fix or refresh them, and run eks-recover again.',
  });
}
