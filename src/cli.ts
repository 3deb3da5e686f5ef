import { ExitCode, isEksRecoverError } from './errors.js';
import { escapeControlCharacters, redactSecrets } from './ui/redact.js';

/** Runs the CLI and returns the process exit code; the only place that maps errors to codes. */
export async function main(argv: readonly string[]): Promise<number> {
  try {
    if (await runTokenFastPath(argv)) return ExitCode.Success;
    exitQuietlyWhenStdoutCloses();

    // commander and the command modules load only here, so the token fast path never parses them.
    const { createProgram, rejectUnknownCommand } = await import('./program.js');
    const program = createProgram();
    rejectUnknownCommand(program, argv);
    await program.parseAsync([...argv], { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : ExitCode.Success;
  } catch (error) {
    const exitCode = reportError(error, argv.includes('--verbose') || argv.includes('-v'));
    if (argv.includes('--json') && exitCode !== ExitCode.Success) printJsonError(error, exitCode);
    return exitCode;
  }
}

/** Exits 0 when a reader stops early (`eks-recover --help | head`) and closes stdout, which is no failure. */
function exitQuietlyWhenStdoutCloses(): void {
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(ExitCode.Success);
    throw error;
  });
}

/** Runs `eks-recover token` from its own small bundle when its arguments are plain; see token-fast.ts. */
async function runTokenFastPath(argv: readonly string[]): Promise<boolean> {
  if (!argv.includes('token')) return false;
  const fastPath = await import('./commands/token-fast.js');
  return fastPath.runTokenFastPath(argv);
}

/** With --json, a failure still leaves one result object on stdout for scripts. */
function printJsonError(error: unknown, exitCode: number): void {
  const code = isEksRecoverError(error) || isCommanderError(error) ? error.code : 'UnexpectedFailure';
  const message = error instanceof Error ? error.message : String(error);
  const hint = isEksRecoverError(error) ? error.hint : undefined;
  process.stdout.write(`${redactSecrets(JSON.stringify({ error: { code, message, ...(hint ? { hint } : {}), exitCode } }, null, 2))}\n`);
}

function reportError(error: unknown, verbose: boolean): number {
  if (isCommanderError(error)) {
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return ExitCode.Success;
    if (error.code === 'commander.help') return ExitCode.Success;
    return ExitCode.Usage;
  }
  if (isEksRecoverError(error)) {
    const lines = [`error: ${error.message}`];
    if (error.hint) lines.push(`  ${error.hint}`);
    if (verbose && error.stack) lines.push(error.stack);
    process.stderr.write(`${escapeControlCharacters(redactSecrets(lines.join('\n')))}\n`);
    return error.exitCode;
  }
  if (error instanceof Error && error.name === 'ExitPromptError') {
    process.stderr.write('Interrupted.\n');
    return ExitCode.Interrupted;
  }
  const message = error instanceof Error ? error.message : String(error);
  const stack = verbose && error instanceof Error && error.stack ? `\n${error.stack}` : '';
  process.stderr.write(`${escapeControlCharacters(redactSecrets(`error: unexpected failure: ${message}${stack}`))}\n`);
  if (!verbose) process.stderr.write('  Run again with --verbose for details.\n');
  return ExitCode.Failure;
}

/** Matches commander's errors by their `commander.*` code, so that this module need not load commander. */
function isCommanderError(error: unknown): error is Error & { code: string } {
  const code = error instanceof Error ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' && code.startsWith('commander.');
}

// eks-recover supports Node.js 20 on purpose. The SDK's notice that later SDK releases will
// need Node.js 22 is meant for developers who pick SDK versions, not for users of this tool.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const exitCode = await main(process.argv.slice(2));
process.exitCode = exitCode;
// Requests still in flight when Ctrl+C arrived must not keep the process alive.
if (exitCode === ExitCode.Interrupted) process.exit(exitCode);
