import type { Journal } from '../journal/journal.js';
import { InterruptedError } from '../errors.js';
import { describeLeftovers } from '../steps/undo.js';
import type { Output } from '../ui/output.js';

export interface GuardOptions {
  /**
   * Removes the run's temporary resources after a failure or a "no" at a confirmation, so that
   * no grant to the creator role outlives a run that gave up. Not called after Ctrl+C, where the
   * user asked to stop at once.
   */
  readonly undoOnFailure?: () => Promise<void>;
}

/**
 * Runs a command body that makes journaled changes. Ctrl+C outside a prompt becomes an
 * InterruptedError (exit 130), and on any failure the temporary resources that may still
 * exist are named with the command that removes them.
 */
export async function runGuarded<T>(journal: Journal, output: Output, body: () => Promise<T>, options: GuardOptions = {}): Promise<T> {
  const interrupt = onInterrupt();
  try {
    return await Promise.race([body(), interrupt.promise]);
  } catch (error) {
    if (options.undoOnFailure && !isInterrupt(error) && journal.pendingUndo().length > 0) {
      output.info('Removing the temporary grant and profile of this run, because it did not finish.');
      await options.undoOnFailure().catch((undoError: unknown) => output.error(`Could not remove them: ${(undoError as Error).message}`));
    }
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

function isInterrupt(error: unknown): boolean {
  return error instanceof InterruptedError || (error instanceof Error && error.name === 'ExitPromptError');
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
