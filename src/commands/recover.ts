import { type Command, Option } from 'commander';
import { METHODS, type Method } from '../steps/methods.js';
import { accountId, collectNonEmpty, integerIn, mfaCode, nonEmpty, principalArn, profileName, roleArn } from './parse-options.js';

/** Flags of the wizard as commander parses them. */
export interface RecoverFlags {
  readonly cluster?: string;
  readonly clusterAccount?: string;
  readonly creatorRoleArn?: string;
  readonly mapArn?: string;
  readonly username?: string;
  readonly group?: string[];
  readonly tempProfile: string;
  readonly grantTtl: number;
  readonly assumeRoleTimeout: number;
  readonly verifyTimeout: number;
  readonly keepTemp?: boolean;
  readonly mfaCode?: string;
  readonly writeKubeconfig?: boolean;
  readonly method: Method;
  readonly enableAccessEntries?: boolean;
  readonly confirmCluster?: string;
  readonly updateTimeout: number;
}

const RECOVER_HELP = `
Steps: identify you, pick the cluster, find its creator role, grant you sts:AssumeRole on it
through a temporary IAM group under /eks-recover/, write a temporary profile, assume the role,
map you in kube-system/aws-auth as the creator, check your access with your own identity, and
remove the temporary grant and profile. Every change is shown and confirmed first.
A cluster whose authentication mode includes API is recovered through an access entry with
the AmazonEKSClusterAdminPolicy instead: no creator role and no aws-auth change (see --method).

Examples:
  eks-recover
  eks-recover recover --cluster demo --region eu-west-1 --yes
  eks-recover recover --cluster demo --cluster-account 444455556666 --dry-run
  eks-recover recover --cluster demo --enable-access-entries --confirm-cluster demo --yes`;

/** Registers `eks-recover recover`, also run by `eks-recover` without a command. */
export function register(program: Command): void {
  program
    .command('recover', { isDefault: true })
    .description('the wizard: give your identity cluster-admin access to a locked-out cluster')
    .option('--cluster <name>', 'name of the EKS cluster (default: choose from the region\'s clusters)')
    .option('--cluster-account <id>', 'account that owns the cluster, when it is not your own (a StackSet target)', accountId)
    .option('--creator-role-arn <arn>', 'role that created the cluster (default: the account\'s AWSCloudFormationStackSetExecutionRole)', roleArn)
    .option('--map-arn <arn>', 'identity to map in aws-auth (default: your own, as EKS sees it)', principalArn)
    .option('--username <name>', 'Kubernetes user name for the mapping (default: the ARN)', nonEmpty('--username'))
    .option('--group <group>', 'Kubernetes group for the mapping, repeatable (default: system:masters)', collectNonEmpty('--group'))
    .option('--temp-profile <name>', 'name of the temporary AWS profile', profileName('--temp-profile'), 'eks-temp')
    .option('--grant-ttl <minutes>', 'minutes until the temporary IAM grant expires by itself (5 to 720)', integerIn(5, 720, 'minutes'), 60)
    .option('--assume-role-timeout <seconds>', 'seconds to wait for IAM to let you assume the creator role (1 to 900)', integerIn(1, 900, 'seconds'), 90)
    .option('--verify-timeout <seconds>', 'seconds to wait for the cluster to accept the new mapping (1 to 600)', integerIn(1, 600, 'seconds'), 30)
    .option('--mfa-code <code>', 'current code of the MFA device your source profile requires (asked in a terminal otherwise)', mfaCode)
    .option('--write-kubeconfig', 'after the recovery, write a kubectl context for you (eks-recover token as exec plugin) and make it current')
    .option('--keep-temp', 'keep the temporary IAM group and profile (remove them later with eks-recover cleanup)')
    .addOption(
      new Option('--method <method>', 'recovery path: access-entry, aws-auth, or auto to choose from the authentication mode')
        .choices(METHODS)
        .default('auto'),
    )
    .option('--enable-access-entries', 'move a CONFIG_MAP cluster to API_AND_CONFIG_MAP first (cannot be undone; the cluster name must be typed)')
    .option('--confirm-cluster <name>', 'the cluster name, confirming --enable-access-entries without a terminal')
    .option('--update-timeout <seconds>', 'seconds to wait for the authentication mode update (30 to 3600)', integerIn(30, 3600, 'seconds'), 900)
    .addHelpText('after', RECOVER_HELP)
    .action(async (_options: RecoverFlags, command: Command) => {
      const { runRecover } = await import('./recover-run.js');
      await runRecover(command.optsWithGlobals());
    });
}
