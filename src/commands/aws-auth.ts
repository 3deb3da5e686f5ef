import type { Command } from 'commander';

const FILE_HELP = 'a ConfigMap as `kubectl get configmap aws-auth -n kube-system -o yaml` (or -o json) prints it, or - for standard input';

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** Registers `aws-auth lint`, `add` and `remove`: offline checks and edits of an aws-auth ConfigMap file. */
export function register(program: Command): void {
  const awsAuth = program
    .command('aws-auth')
    .description('check or edit an aws-auth ConfigMap file offline, with the engine the wizard uses');

  awsAuth
    .command('lint')
    .description('report every problem the authenticator would meet; exit 1 when there is an error')
    .argument('<file>', FILE_HELP)
    .action(async (file: string, _options: unknown, command: Command) => {
      const { runLint } = await import('./aws-auth/lint.js');
      await runLint(file, command.optsWithGlobals());
    });

  awsAuth
    .command('add')
    .description('add a mapping and print the whole updated ConfigMap in the input format')
    .argument('<file>', FILE_HELP)
    .option('--arn <arn>', 'IAM role, user, assumed-role or federated-user ARN to map (converted to the form aws-auth matches)')
    .option('--account <id>', '12-digit account ID to add to mapAccounts')
    .option('--username <name>', 'Kubernetes username (default: ROLE_NAME:{{SessionName}} for a role, the ARN for a user)')
    .option('--group <group>', 'Kubernetes group, repeatable (default: system:masters)', collect)
    .option('--in-place', 'write FILE back atomically, after saving a backup copy beside it')
    .action(async (file: string, _options: unknown, command: Command) => {
      const { runAdd } = await import('./aws-auth/edit.js');
      await runAdd(file, command.optsWithGlobals());
    });

  awsAuth
    .command('remove')
    .description('remove every entry for an ARN and print the whole updated ConfigMap; exit 1 when there is none')
    .argument('<file>', FILE_HELP)
    .requiredOption('--arn <arn>', 'ARN whose entries to remove (compared case-insensitively, in the form aws-auth matches)')
    .option('--in-place', 'write FILE back atomically, after saving a backup copy beside it')
    .action(async (file: string, _options: unknown, command: Command) => {
      const { runRemove } = await import('./aws-auth/edit.js');
      await runRemove(file, command.optsWithGlobals());
    });
}
