import type { Command } from 'commander';

export interface RestoreFlags {
  readonly cluster?: string;
  readonly backup?: string;
}

/** Registers `eks-recover restore`. */
export function register(program: Command): void {
  program
    .command('restore')
    .description('put back an aws-auth backup that eks-recover took before a change')
    .option('--cluster <name>', 'cluster whose aws-auth to restore (default: the cluster of the chosen backup)')
    .option('--backup <file>', 'backup file to restore (default: choose from the backups in the state folder)')
    .addHelpText(
      'after',
      '\nShows the diff between the live aws-auth and the backup, names the entries added since the\n' +
        'backup (which the restore drops), and after confirmation writes the backup\'s data with the\n' +
        'live resourceVersion. The live ConfigMap is backed up first. Runs as your own identity\n' +
        '(--profile), which needs write access to kube-system/aws-auth.',
    )
    .action(async (_options: RestoreFlags, command: Command) => {
      const { runRestore } = await import('./restore-run.js');
      await runRestore(command.optsWithGlobals());
    });
}
