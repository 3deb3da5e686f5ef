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

  await runTokenCommand(options, process.stdout);
  return true;
}
