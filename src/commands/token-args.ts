import { type ParseArgsConfig, parseArgs } from 'node:util';
import type { GlobalOptions } from '../config/settings.js';
import type { TokenCommandOptions } from './token.js';

type OptionTable = NonNullable<ParseArgsConfig['options']>;

/** The program's global options, as `createProgram` declares them; a test keeps the two in step. */
export const GLOBAL_OPTION_TABLE: OptionTable = {
  profile: { type: 'string' },
  region: { type: 'string' },
  'endpoint-url': { type: 'string' },
  'state-dir': { type: 'string' },
  yes: { type: 'boolean', short: 'y' },
  'dry-run': { type: 'boolean' },
  json: { type: 'boolean' },
  verbose: { type: 'boolean', short: 'v' },
  'no-color': { type: 'boolean' },
};

/** The options of `eks-recover token`, as its `register` function declares them. */
export const TOKEN_OPTION_TABLE: OptionTable = {
  cluster: { type: 'string' },
  'role-arn': { type: 'string' },
  'session-name': { type: 'string' },
  cache: { type: 'boolean' },
};

/**
 * Parses `eks-recover [global options] token [options]` the way commander would, for the
 * start-up fast path. Returns undefined for anything commander must handle itself: help,
 * version, an unknown option, a missing `--cluster`, or another command.
 */
export function parseTokenArgs(argv: readonly string[]): (GlobalOptions & TokenCommandOptions) | undefined {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: { ...GLOBAL_OPTION_TABLE, ...TOKEN_OPTION_TABLE },
      allowPositionals: true,
      strict: true,
    });
  } catch {
    return undefined;
  }
  const { values, positionals } = parsed;
  if (positionals.length !== 1 || positionals[0] !== 'token') return undefined;
  if (typeof values.cluster !== 'string') return undefined;

  return {
    profile: values.profile as string | undefined,
    region: values.region as string | undefined,
    endpointUrl: values['endpoint-url'] as string | undefined,
    stateDir: values['state-dir'] as string | undefined,
    yes: values.yes as boolean | undefined,
    dryRun: values['dry-run'] as boolean | undefined,
    json: values.json as boolean | undefined,
    verbose: values.verbose as boolean | undefined,
    color: values['no-color'] === true ? false : undefined,
    cluster: values.cluster,
    roleArn: values['role-arn'] as string | undefined,
    sessionName: values['session-name'] as string | undefined,
    cache: values.cache as boolean | undefined,
  };
}
