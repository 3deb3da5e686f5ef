import type { Journal } from '../journal/journal.js';
import { InterruptedError } from '../errors.js';
import { describeLeftovers } from '../steps/undo.js';
import type { Output } from '../ui/output.js';

/**
 * Runs a command body that makes journaled changes. Ctrl+C outside a prompt becomes an
 * InterruptedError (exit 130), and on any failure the temporary resources that may still
 * exist are named with the command that removes them.
 */
export async function runGuarded<T>(journal: Journal, output: Output, body: () => Promise<T>): Promise<T> {
  const interrupt = onInterrupt();
  try {
    return await Promise.race([body(), interrupt.promise]);
  } catch (error) {
    const leftovers = describeLeftovers(journal);
    if (leftovers.length > 0) {
      output.warn(`Left behind by this run: ${leftovers.join('; ')}.`);
      output.info(`Run 'eks-recover cleanup' to remove them (journal: ${journal.dir}).`);
    }
    throw error;
  } finally {
    interrupt.dispose();
  }
}

function onInterrupt(): { promise: Promise<never>; dispose(): void } {
  let listener: (() => void) | undefined;
  const promise = new Promise<never>((_, reject) => {
    listener = () => reject(new InterruptedError('Interrupted (Ctrl+C).'));
    // `on`, not `once`: write-file-atomic's signal-exit re-raises SIGINT, killing the process
    // before leftovers are reported, when it finds itself the only listener left.
    process.on('SIGINT', listener);
  });
  return { promise, dispose: () => listener && process.removeListener('SIGINT', listener) };
}
