import { homedir } from 'node:os';
import { join } from 'node:path';
import envPaths from 'env-paths';

/** The AWS services eks-recover calls, with the id used in `AWS_ENDPOINT_URL_<ID>`. */
export const AWS_SERVICES = ['sts', 'iam', 'eks', 'cloudtrail', 'cloudformation', 'ec2'] as const;
export type AwsService = (typeof AWS_SERVICES)[number];

/** Options every command accepts, as commander parses them. */
export interface GlobalOptions {
  readonly profile?: string;
  readonly region?: string;
  readonly endpointUrl?: string;
  readonly stateDir?: string;
  readonly yes?: boolean;
  readonly dryRun?: boolean;
  readonly json?: boolean;
  readonly verbose?: boolean;
  readonly color?: boolean;
}

/**
 * Everything a run takes from its flags, environment and home folder. This is the only
 * module that reads `process.env`, so the rest of the code can be tested with plain values.
 */
export interface Settings {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly profile: string | undefined;
  /** Region from the flag or the environment; the profile's region is looked up later. */
  readonly region: string | undefined;
  /** `--endpoint-url`: overrides every service, before any environment variable. */
  readonly endpointUrl: string | undefined;
  readonly homeDir: string;
  readonly configFile: string;
  readonly credentialsFile: string;
  readonly stateDir: string;
  readonly yes: boolean;
  readonly dryRun: boolean;
  readonly json: boolean;
  readonly verbose: boolean;
  readonly color: boolean;
  /** Prompts are allowed only on a terminal and without `--yes`; the CI variable does not matter. */
  readonly interactive: boolean;
}

export function resolveSettings(
  options: GlobalOptions,
  env: Readonly<Record<string, string | undefined>> = process.env,
  stdinIsTty: boolean = process.stdin.isTTY === true,
): Settings {
  const homeDir = env.HOME || homedir();
  const yes = options.yes === true;
  return {
    env,
    profile: options.profile ?? (env.AWS_PROFILE || undefined),
    region: options.region ?? (env.AWS_REGION || env.AWS_DEFAULT_REGION || undefined),
    endpointUrl: options.endpointUrl,
    homeDir,
    configFile: env.AWS_CONFIG_FILE || join(homeDir, '.aws', 'config'),
    credentialsFile: env.AWS_SHARED_CREDENTIALS_FILE || join(homeDir, '.aws', 'credentials'),
    stateDir: options.stateDir ?? (env.EKS_RECOVER_STATE_DIR || defaultStateDir(env, homeDir)),
    yes,
    dryRun: options.dryRun === true,
    json: options.json === true,
    verbose: options.verbose === true,
    color: options.color !== false && !env.NO_COLOR,
    interactive: stdinIsTty && !yes,
  };
}

/** The endpoint for one service: `--endpoint-url`, then `AWS_ENDPOINT_URL_<SERVICE>`, then `AWS_ENDPOINT_URL`. */
export function serviceEndpoint(settings: Settings, service: AwsService): string | undefined {
  const specific = settings.env[`AWS_ENDPOINT_URL_${service.toUpperCase()}`];
  return settings.endpointUrl || specific || settings.env.AWS_ENDPOINT_URL || undefined;
}

function defaultStateDir(env: Readonly<Record<string, string | undefined>>, homeDir: string): string {
  if (env.XDG_STATE_HOME) return join(env.XDG_STATE_HOME, 'eks-recover');
  if (process.platform === 'linux') return join(homeDir, '.local', 'state', 'eks-recover');
  return envPaths('eks-recover', { suffix: '' }).data;
}
