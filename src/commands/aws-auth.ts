import type { Command } from 'commander';
import { UsageError } from '../errors.js';

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

  // Set after the subcommands exist, because each subcommand copies allowExcessArguments when it is created. An action
  // turns off the implicit help command, so helpCommand(true) keeps `aws-auth help lint` working.
  awsAuth.helpCommand(true).allowExcessArguments().action((_options: unknown, command: Command) => rejectMissingSubcommand(command));
}

/** Raises a UsageError (exit 2) for `aws-auth` without a known subcommand, after printing its usage on stderr. */
function rejectMissingSubcommand(command: Command): never {
  const [name] = command.args;
  const hint = 'Run eks-recover aws-auth --help to see the commands.';
  if (name !== undefined) throw new UsageError('UnknownCommand', `Unknown aws-auth command "${name}": use lint, add or remove.`, { hint });
  command.outputHelp({ error: true });
  throw new UsageError('MissingCommand', 'Missing aws-auth command: use lint, add or remove.', { hint });
}
