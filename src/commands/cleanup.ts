import type { Command } from 'commander';

export interface CleanupFlags {
  readonly all?: boolean;
}

/** Registers `eks-recover cleanup`. */
export function register(program: Command): void {
  program
    .command('cleanup')
    .description('remove the temporary IAM groups, policies, memberships and profiles that eks-recover runs left')
    .option('--all', 'also find groups under /eks-recover/ and marked profiles that no journal records, asking before each')
    .addHelpText(
      'after',
      '\nSafe to run at any time and any number of times, also after a crash or Ctrl+C. It replays\n' +
        'the journals in the state folder in reverse; what is already gone counts as removed. It never\n' +
        'removes the access a recovery granted (use "eks-recover aws-auth remove" or "restore" for that).',
    )
    .action(async (_options: CleanupFlags, command: Command) => {
      const { runCleanup } = await import('./cleanup-run.js');
      await runCleanup(command.optsWithGlobals());
    });
}
