import { Command, InvalidArgumentError, Option } from 'commander';
import { UsageError } from './errors.js';
import packageJson from '../package.json' with { type: 'json' };
import { COMMANDS } from './commands/index.js';
import { redactSecrets } from './ui/redact.js';

const EXIT_CODE_HELP = `
Exit codes:
  0    success
  1    a step failed, or a check found what it looks for (lint errors, no access)
  2    invalid usage or input (unknown option, bad flag value, malformed file, invalid ARN)
  130  interrupted (Ctrl+C); anything left behind is named with the command that removes it`;

/** Builds the commander program with the global options and every registered command. */
export function createProgram(): Command {
  const program = new Command('eks-recover')
    .description('Regain kubectl access to an Amazon EKS cluster that trusts only its creator.')
    .version(packageJson.version, '-V, --version', 'print the version and exit')
    .helpOption('-h, --help', 'show help for a command')
    .option('--profile <name>', 'AWS profile to use as your own identity (default: AWS_PROFILE or the default chain)')
    .option('--region <region>', 'AWS region of the cluster (default: AWS_REGION, AWS_DEFAULT_REGION or the profile)')
    .option('--endpoint-url <url>', 'send every AWS API call to this http(s) endpoint (a VPC endpoint or an emulator)', endpointUrl)
    .option('--state-dir <dir>', 'folder for the journal and backups (default: ~/.local/state/eks-recover)')
    .option('-y, --yes', 'answer yes to every confirmation; a missing answer becomes an error')
    .option('--dry-run', 'show the plan and change nothing')
    .option('--json', 'print one JSON result on stdout; progress goes to stderr')
    .option('-v, --verbose', 'print debug lines with timestamps, and stack traces on errors')
    .addOption(new Option('--no-color', 'turn off colours (also NO_COLOR)'))
    .showHelpAfterError('(run with --help for usage)')
    .addHelpText('after', EXIT_CODE_HELP)
    .exitOverride()
    .configureOutput({
      outputError: (text, write) => write(redactSecrets(text)),
    });

  for (const register of COMMANDS) register(program);
  return program;
}

/** Global options that take a value, so that the value is not mistaken for a command name. */
const VALUE_OPTIONS = new Set(['--profile', '--region', '--endpoint-url', '--state-dir']);
const FLAG_OPTIONS = new Set(['-y', '--yes', '--dry-run', '--json', '-v', '--verbose', '--no-color', '-h', '--help', '-V', '--version']);

/**
 * Rejects a first word that names no command. Without this, commander hands it to the default
 * command (`recover`), which then reports "too many arguments for 'recover'".
 */
export function rejectUnknownCommand(program: Command, argv: readonly string[]): void {
  const names = new Set(program.commands.flatMap((command) => [command.name(), ...command.aliases()]));
  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index]!;
    if (arg === '--') return;
    if (VALUE_OPTIONS.has(arg)) {
      index += 1;
      continue;
    }
    if (FLAG_OPTIONS.has(arg) || /^--(profile|region|endpoint-url|state-dir)=/.test(arg)) continue;
    // Any other option belongs to the default command, whose values this loop cannot tell apart.
    if (arg.startsWith('-')) return;
    if (names.has(arg)) return;
    throw new UsageError('UnknownCommand', `Unknown command "${arg}".`, { hint: 'Run eks-recover --help to see the commands.' });
  }
}

function endpointUrl(value: string): string {
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new InvalidArgumentError(`"${value}" is not an http(s) URL, such as https://vpce-example.sts.eu-west-1.vpce.amazonaws.com.`);
  }
  return value;
}
