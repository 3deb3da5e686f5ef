import { Command, CommanderError, Option } from 'commander';
import packageJson from '../package.json' with { type: 'json' };
import { COMMANDS } from './commands/index.js';
import { ExitCode, isEksRecoverError } from './errors.js';
import { redactSecrets } from './ui/redact.js';

const EXIT_CODE_HELP = `
Exit codes:
  0    success
  1    a step failed, or a check found what it looks for (lint errors, no access)
  2    invalid usage or input (unknown option, bad flag value, malformed file, invalid ARN)
  130  interrupted (Ctrl+C); anything left behind is named with the command that removes it`;

export function createProgram(): Command {
  const program = new Command('eks-recover')
    .description('Regain kubectl access to an Amazon EKS cluster that trusts only its creator.')
    .version(packageJson.version, '-V, --version', 'print the version and exit')
    .helpOption('-h, --help', 'show help for a command')
    .option('--profile <name>', 'AWS profile to use as your own identity (default: AWS_PROFILE or the default chain)')
    .option('--region <region>', 'AWS region of the cluster (default: AWS_REGION, AWS_DEFAULT_REGION or the profile)')
    .option('--endpoint-url <url>', 'send every AWS API call to this endpoint (a VPC endpoint or an emulator)')
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

/** Runs the CLI and returns the process exit code; the only place that maps errors to codes. */
export async function main(argv: readonly string[]): Promise<number> {
  const program = createProgram();
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : ExitCode.Success;
  } catch (error) {
    return reportError(error, argv.includes('--verbose') || argv.includes('-v'));
  }
}

function reportError(error: unknown, verbose: boolean): number {
  if (error instanceof CommanderError) {
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return ExitCode.Success;
    if (error.code === 'commander.help') return ExitCode.Success;
    return ExitCode.Usage;
  }
  if (isEksRecoverError(error)) {
    const lines = [`error: ${error.message}`];
    if (error.hint) lines.push(`  ${error.hint}`);
    if (verbose && error.stack) lines.push(error.stack);
    process.stderr.write(`${redactSecrets(lines.join('\n'))}\n`);
    return error.exitCode;
  }
  if (error instanceof Error && error.name === 'ExitPromptError') {
    process.stderr.write('Interrupted.\n');
    return ExitCode.Interrupted;
  }
  const message = error instanceof Error ? error.message : String(error);
  const stack = verbose && error instanceof Error && error.stack ? `\n${error.stack}` : '';
  process.stderr.write(`${redactSecrets(`error: unexpected failure: ${message}${stack}`)}\n`);
  if (!verbose) process.stderr.write('  Run again with --verbose for details.\n');
  return ExitCode.Failure;
}

const exitCode = await main(process.argv.slice(2));
process.exitCode = exitCode;
// Requests still in flight when Ctrl+C arrived must not keep the process alive.
if (exitCode === ExitCode.Interrupted) process.exit(exitCode);
