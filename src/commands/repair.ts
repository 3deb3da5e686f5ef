import type { Command } from 'commander';
import { collect, integerIn } from './parse-options.js';

/** Flags of `eks-recover repair` as commander parses them. */
export interface RepairFlags {
  readonly cluster?: string;
  readonly creatorProfile?: string;
  readonly roleArn?: string;
  readonly creatorRoleArn?: string;
  readonly fromFile?: string;
  readonly backup?: string;
  readonly keepEntry?: string[];
  readonly mergeDuplicates?: boolean;
  readonly tempProfile: string;
  readonly grantTtl: number;
  readonly assumeRoleTimeout: number;
  readonly verifyTimeout: number;
}

const REPAIR_HELP = `
Lints the live kube-system/aws-auth and repairs it as the cluster creator. Fixes with one right
answer are shown one by one with their diff: a role path or STS ARN becomes the IAM role ARN,
a role moves from mapUsers to mapRoles (a user the other way), template usernames and account
IDs get quoted, field names become lower case. Of duplicate entries for one ARN, you choose
the one that stays, or merge them into the last entry when they name the same username. A key whose YAML does not parse opens in $VISUAL or $EDITOR until it
parses; without a terminal, pass the corrected ConfigMap with --from-file.
The live ConfigMap is backed up before the write ('eks-recover restore' puts it back), and no
entry that EKS reads is dropped unless you chose it.

Creator access: --creator-profile (a profile that assumes the creator role), --role-arn (your
identity may assume the creator role), or by default the wizard's temporary IAM grant and
profile, removed again at the end.

Examples:
  eks-recover repair --cluster demo
  eks-recover repair --cluster demo --role-arn arn:aws:iam::111122223333:role/admin --yes
  eks-recover repair --cluster demo --creator-profile creator --from-file aws-auth.yaml --yes`;

/** Registers `eks-recover repair`. */
export function register(program: Command): void {
  program
    .command('repair')
    .description('fix a broken aws-auth ConfigMap as the cluster creator')
    .option('--cluster <name>', "name of the EKS cluster (default: choose from the region's clusters)")
    .option('--creator-profile <name>', 'AWS profile that already acts as the cluster creator')
    .option('--role-arn <arn>', 'creator role that your identity may assume directly')
    .option('--creator-role-arn <arn>', "creator role for the temporary grant (default: the account's AWSCloudFormationStackSetExecutionRole)")
    .option('--from-file <file>', 'corrected ConfigMap (YAML or JSON) whose data keys replace the live ones')
    .option('--backup <file>', 'aws-auth backup (aws-auth-before.json) to restore instead of a repair; offered on a terminal')
    .option('--keep-entry <entry>', 'of duplicate entries, the one to keep, as KEY[INDEX] (such as mapRoles[2]); repeatable', collect)
    .option('--merge-duplicates', 'merge duplicate entries that --keep-entry does not name into the last of them, when their usernames match')
    .option('--temp-profile <name>', 'name of the temporary AWS profile', 'eks-temp')
    .option('--grant-ttl <minutes>', 'minutes until the temporary IAM grant expires by itself (5 to 720)', integerIn(5, 720, 'minutes'), 60)
    .option('--assume-role-timeout <seconds>', 'seconds to wait for IAM to let you assume the creator role (1 to 900)', integerIn(1, 900, 'seconds'), 90)
    .option('--verify-timeout <seconds>', 'seconds to wait for your own access after the repair (1 to 600)', integerIn(1, 600, 'seconds'), 30)
    .addHelpText('after', REPAIR_HELP)
    .action(async (_options: RepairFlags, command: Command) => {
      const { runRepair } = await import('./repair-run.js');
      await runRepair(command.optsWithGlobals());
    });
}
