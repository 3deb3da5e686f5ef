import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { awsAuthPrincipalArn, parseArn } from '../aws/arn.js';
import type { AwsClients } from '../aws/clients.js';
import { explainAwsError } from '../aws/errors.js';
import { StepError } from '../errors.js';
import type { Caller, CallerKind, RunContext } from './context.js';

/** Asks STS GetCallerIdentity who these clients act as, and classifies the answer. */
export async function fetchCaller(clients: AwsClients): Promise<Caller> {
  let arn: string;
  try {
    arn = (await (await clients.sts()).send(new GetCallerIdentityCommand({}))).Arn ?? '';
  } catch (error) {
    throw explainAwsError(error, 'identify you with STS GetCallerIdentity');
  }
  return classifyCaller(arn);
}

/** Step 1: identifies who is running eks-recover, as EKS will see it, and rejects the root user. */
export async function identifyCaller(ctx: RunContext): Promise<Caller> {
  const caller = await fetchCaller(ctx.clients);
  ctx.state.caller = caller;
  await ctx.journal.updateContext({ accountId: caller.accountId, callerArn: caller.arn });
  ctx.output.success(`You are ${caller.arn} (${describeKind(caller.kind)}) in account ${caller.accountId}.`);

  if (caller.kind === 'root') {
    throw new StepError('RootCaller', 'You are signed in as the account root user; eks-recover does not grant access to root.', {
      hint: 'Sign in as an IAM user or role (for example through IAM Identity Center) and run eks-recover again.',
    });
  }
  return caller;
}

export function classifyCaller(arn: string): Caller {
  const parsed = parseArn(arn);
  const kind = callerKind(parsed.kind, arn);
  const displayName = kind === 'assumed-role' ? (parsed.sessionName ?? parsed.name) : parsed.name;
  return {
    arn,
    accountId: parsed.accountId,
    partition: parsed.partition,
    kind,
    ...(kind === 'user' ? { userName: parsed.name } : {}),
    displayName,
    awsAuthArn: kind === 'root' ? arn : awsAuthPrincipalArn(arn).arn,
  };
}

function callerKind(kind: string, arn: string): CallerKind {
  if (kind === 'user' || kind === 'assumed-role' || kind === 'federated-user' || kind === 'root') return kind;
  throw new StepError('UnsupportedCaller', `STS returned an identity eks-recover cannot use: ${arn}.`, {
    hint: 'Run eks-recover as an IAM user, an assumed role, or a federated user.',
  });
}

function describeKind(kind: CallerKind): string {
  switch (kind) {
    case 'user':
      return 'IAM user';
    case 'assumed-role':
      return 'assumed role';
    case 'federated-user':
      return 'federated user';
    case 'root':
      return 'account root';
  }
}
