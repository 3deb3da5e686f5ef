import type { Command } from 'commander';

export interface TokenCommandOptions {
  readonly cluster: string;
  readonly roleArn?: string;
  readonly sessionName?: string;
  readonly cache?: boolean;
}

/** Registers `eks-recover token`, the kubectl exec credential plugin. */
export function register(program: Command): void {
  program
    .command('token')
    .description('print an ExecCredential with an EKS bearer token (a kubectl exec credential plugin)')
    .requiredOption('--cluster <name>', 'name of the EKS cluster the token is for')
    .option('--role-arn <arn>', 'assume this IAM role first and sign the token as the role')
    .option('--session-name <name>', 'session name for --role-arn (default: eks-recover-<local user name>)')
    .option('--cache', 'reuse the token until a minute before it expires (stored with mode 0600 in the state folder)')
    .addHelpText(
      'after',
      '\nThe token is valid for 15 minutes. kubectl calls this command through a kubeconfig user that\n' +
        '"eks-recover kubeconfig" writes; run it by hand to check that your credentials work.',
    )
    .action(async (options: TokenCommandOptions, command: Command) => {
      const { runTokenCommand } = await import('./token-run.js');
      await runTokenCommand(command.optsWithGlobals(), process.stdout);
    });
}
