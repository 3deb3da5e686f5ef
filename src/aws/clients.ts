import type { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import type { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import type { EC2Client } from '@aws-sdk/client-ec2';
import type { EKSClient } from '@aws-sdk/client-eks';
import type { IAMClient } from '@aws-sdk/client-iam';
import type { STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { type AwsService, type Settings, serviceEndpoint } from '../config/settings.js';
import { UsageError } from '../errors.js';
import { createHttpHandler } from './http.js';
import { createDebugLog, type DebugLog } from '../ui/debug-log.js';

/** The SDK client configuration every eks-recover client shares. */
export interface ClientConfig {
  readonly region: string;
  readonly credentials: AwsCredentialIdentityProvider;
  readonly endpoint?: string;
  readonly requestHandler: ReturnType<typeof createHttpHandler>;
  readonly retryMode: string;
  readonly maxAttempts: number;
}

/**
 * The AWS clients of one run, created on first use and shared by every step. Client
 * modules are imported lazily so that commands which never call AWS start fast.
 */
export class AwsClients {
  private readonly cache = new Map<AwsService, Promise<unknown>>();

  constructor(
    readonly settings: Settings,
    readonly region: string,
    readonly credentials: AwsCredentialIdentityProvider,
  ) {}

  configFor(service: AwsService): ClientConfig {
    const endpoint = serviceEndpoint(this.settings, service);
    const maxAttempts = Number(this.settings.env.AWS_MAX_ATTEMPTS) || 5;
    return {
      region: this.region,
      credentials: this.credentials,
      ...(endpoint ? { endpoint } : {}),
      requestHandler: createHttpHandler(this.settings, endpoint),
      retryMode: this.settings.env.AWS_RETRY_MODE || 'adaptive',
      maxAttempts,
    };
  }

  sts(): Promise<STSClient> {
    return this.client('sts', async () => new (await import('@aws-sdk/client-sts')).STSClient(this.configFor('sts')));
  }

  iam(): Promise<IAMClient> {
    return this.client('iam', async () => new (await import('@aws-sdk/client-iam')).IAMClient(this.configFor('iam')));
  }

  eks(): Promise<EKSClient> {
    return this.client('eks', async () => new (await import('@aws-sdk/client-eks')).EKSClient(this.configFor('eks')));
  }

  cloudTrail(): Promise<CloudTrailClient> {
    return this.client(
      'cloudtrail',
      async () => new (await import('@aws-sdk/client-cloudtrail')).CloudTrailClient(this.configFor('cloudtrail')),
    );
  }

  cloudFormation(): Promise<CloudFormationClient> {
    return this.client(
      'cloudformation',
      async () =>
        new (await import('@aws-sdk/client-cloudformation')).CloudFormationClient(this.configFor('cloudformation')),
    );
  }

  ec2(): Promise<EC2Client> {
    return this.client('ec2', async () => new (await import('@aws-sdk/client-ec2')).EC2Client(this.configFor('ec2')));
  }

  /** Resolves the credentials once, so the caller can see which identity a run uses. */
  resolveCredentials(): Promise<AwsCredentialIdentity> {
    return this.credentials();
  }

  private client<T>(service: AwsService, create: () => Promise<T>): Promise<T> {
    let client = this.cache.get(service) as Promise<T> | undefined;
    if (!client) {
      const log = createDebugLog(this.settings);
      client = create().then((created) => {
        if (log) logRequests(created as unknown as SdkClient, service, log);
        return created;
      });
      this.cache.set(service, client);
    }
    return client;
  }
}

interface SdkClient {
  middlewareStack: { add(middleware: unknown, options: { step: string; name: string }): void };
}

/** Logs every HTTP attempt of a client with `--verbose`: the operation, its status and its time. */
function logRequests(client: SdkClient, service: AwsService, log: DebugLog): void {
  const middleware =
    (next: (args: unknown) => Promise<{ response: { statusCode?: number } }>, context: { commandName?: string }) =>
    async (args: unknown) => {
      const started = Date.now();
      try {
        const result = await next(args);
        log(`${service} ${context.commandName ?? ''}: HTTP ${result.response.statusCode ?? '?'} in ${Date.now() - started} ms`);
        return result;
      } catch (error) {
        log(`${service} ${context.commandName ?? ''}: ${(error as Error).name} after ${Date.now() - started} ms`);
        throw error;
      }
    };
  // The deserialize step runs below the retry middleware, so each attempt is logged on its own.
  client.middlewareStack.add(middleware, { step: 'deserialize', name: 'eksRecoverDebugLog' });
}

export interface CreateAwsClientsOptions {
  /** Use this profile instead of the one from the settings (the temporary profile, say). */
  readonly profile?: string;
  /** Use these credentials instead of a profile or the default chain. */
  readonly credentials?: AwsCredentialIdentityProvider;
}

/**
 * Creates the clients for a run. The region comes from `--region`, `AWS_REGION`,
 * `AWS_DEFAULT_REGION` or the profile. Credentials come from `--profile` or the SDK's default
 * chain, and the chain's STS calls (assume-role profiles) go to eks-recover's own STS endpoint.
 */
export async function createAwsClients(settings: Settings, options: CreateAwsClientsOptions = {}): Promise<AwsClients> {
  const profile = options.profile ?? settings.profile;
  const region = await resolveRegion(settings, profile);
  const credentials = options.credentials ?? (await defaultCredentials(settings, profile, region));
  return new AwsClients(settings, region, credentials);
}

async function defaultCredentials(
  settings: Settings,
  profile: string | undefined,
  region: string,
): Promise<AwsCredentialIdentityProvider> {
  if (profile) {
    const { profileCredentials } = await import('../aws-config/source-check.js');
    return profileCredentials({ settings, region }, profile);
  }
  const { fromNodeProviderChain } = await import('@aws-sdk/credential-providers');
  const stsEndpoint = serviceEndpoint(settings, 'sts');
  return fromNodeProviderChain({
    clientConfig: { region, ...(stsEndpoint ? { endpoint: stsEndpoint } : {}), requestHandler: createHttpHandler(settings, stsEndpoint) },
    ignoreCache: true,
  });
}

/** Resolves the region of a run: `--region`, `AWS_REGION`, `AWS_DEFAULT_REGION`, then the profile's. */
export async function resolveRegion(settings: Settings, profile = settings.profile): Promise<string> {
  const region = settings.region ?? (await regionFromProfile(settings, profile));
  if (!region) {
    throw new UsageError('MissingRegion', 'No AWS region is set.', {
      hint: 'Pass --region (for example --region eu-west-1), set AWS_REGION, or add region to the profile.',
    });
  }
  // The SDK puts the region into endpoint host names and rejects anything else with a bare Error.
  if (!/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(region)) {
    throw new UsageError('InvalidRegion', `Invalid AWS region "${region}": a region is lower-case letters, digits and dashes.`, {
      hint: 'Pass --region with a region code such as eu-west-1 (check AWS_REGION, AWS_DEFAULT_REGION and the profile too).',
    });
  }
  return region;
}

async function regionFromProfile(settings: Settings, profile: string | undefined): Promise<string | undefined> {
  const { loadSharedConfigFiles } = await import('@smithy/shared-ini-file-loader');
  const files = await loadSharedConfigFiles({
    configFilepath: settings.configFile,
    filepath: settings.credentialsFile,
    ignoreCache: true,
  });
  const name = profile ?? 'default';
  return files.configFile[name]?.region ?? files.credentialsFile[name]?.region;
}
