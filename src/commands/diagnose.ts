import type { Command } from 'commander';
import { integerIn } from './parse-options.js';

export interface DiagnoseFlags {
  readonly cluster?: string;
  readonly allRegions?: boolean;
  readonly concurrency: number;
}

const DIAGNOSE_HELP = `
Read-only and safe to run at any time. For each cluster: status, version, endpoint access,
authentication mode, creator candidates, whether you are mapped in aws-auth or have an access
entry, the result of a request signed as you, and the recovery command to run.

Exit codes: 0 when you have access to every cluster examined, 1 when you lack access to any
(an endpoint that cannot be reached counts as lacking), 2 on invalid usage.

Examples:
  eks-recover diagnose --cluster demo --region eu-west-1
  eks-recover diagnose --all-regions --json`;

/** Registers `eks-recover diagnose`. */
export function register(program: Command): void {
  program
    .command('diagnose')
    .description('read-only: who you are, which clusters, and which recovery path fits each')
    .option('--cluster <name>', 'examine only this cluster (default: every cluster in the region)')
    .option('--all-regions', 'examine every region that EC2 DescribeRegions lists as enabled')
    .option('--concurrency <count>', 'regions examined at the same time with --all-regions (1 to 16)', integerIn(1, 16, 'regions'), 4)
    .addHelpText('after', DIAGNOSE_HELP)
    .action(async (_options: DiagnoseFlags, command: Command) => {
      const { runDiagnose } = await import('./diagnose-run.js');
      await runDiagnose(command.optsWithGlobals());
    });
}
