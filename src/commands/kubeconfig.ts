import { type Command, Option } from 'commander';

export interface KubeconfigCommandOptions {
  readonly cluster: string;
  readonly roleArn?: string;
  readonly exec: 'eks-recover' | 'aws';
  readonly kubeconfig?: string;
  readonly contextName?: string;
  readonly namespace?: string;
  readonly setContext?: boolean;
  readonly force?: boolean;
}

/** Registers `eks-recover kubeconfig`, which writes a cluster, user and context for an EKS cluster. */
export function register(program: Command): void {
  program
    .command('kubeconfig')
    .description('write a kubeconfig cluster, user and context for an EKS cluster, never replacing entries it did not write')
    .requiredOption('--cluster <name>', 'name of the EKS cluster')
    .option('--role-arn <arn>', 'make kubectl assume this IAM role for every request')
    .addOption(
      new Option('--exec <program>', 'program kubectl runs for a token').choices(['eks-recover', 'aws']).default('eks-recover'),
    )
    .option('--kubeconfig <path>', 'file to write (default: the first KUBECONFIG file that exists, or ~/.kube/config)')
    .option('--context-name <name>', 'name of the cluster, user and context (default: IDENTITY@CLUSTER.REGION.ACCOUNT)')
    .option('--namespace <name>', 'default namespace of the context')
    .option('--set-context', 'make the context the current one')
    .option('--force', 'replace a cluster, user or context of the same name that eks-recover did not write')
    .action(async (_options: KubeconfigCommandOptions, command: Command) => {
      const { runKubeconfigCommand } = await import('./kubeconfig-run.js');
      await runKubeconfigCommand(command.optsWithGlobals());
    });
}
