import { writeSync } from 'node:fs';
import { parseTokenArgs } from './token-args.js';
import { runTokenCommand } from './token-run.js';

/**
 * Runs `eks-recover token` without commander when its arguments are plain, because kubectl
 * starts it before every request. Returns false when the arguments need commander's parsing
 * and messages (help, an unknown option, a missing `--cluster`, another command).
 */
export async function runTokenFastPath(argv: readonly string[]): Promise<boolean> {
  const options = parseTokenArgs(argv);
  if (!options) return false;

  await runTokenCommand(options, { write: writeStdout });
  return true;
}

/**
 * Writes to file descriptor 1 directly: creating `process.stdout` for a pipe loads Node's
 * stream and socket modules, which costs about 2 ms of a start-up that kubectl waits for.
 */
function writeStdout(text: string): void {
  try {
    writeSync(1, text);
  } catch (error) {
    // A non-blocking pipe that is full; the stream waits for it to drain.
    if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
    process.stdout.write(text);
  }
}
