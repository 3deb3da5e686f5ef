import { GetRoleCommand } from '@aws-sdk/client-iam';
import type { AwsClients } from '../aws/clients.js';
import { accessEntryPrincipalArn, parseArn } from '../aws/arn.js';
import { awsErrorName } from '../aws/errors.js';
import { UsageError } from '../errors.js';

export type PrincipalLookup =
  | { readonly ok: true; readonly arn: string; readonly changes: readonly string[] }
  | { readonly ok: false; readonly reason: string };

/**
 * Resolves the principal ARN an access entry needs for `arn`. Users and roles keep their
 * path. An STS session is converted to its IAM role, whose path only IAM GetRole returns
 * (IAM Identity Center roles live under `/aws-reserved/sso.amazonaws.com/...`).
 * Federated users and root cannot have an access entry.
 */
export async function lookupAccessEntryPrincipal(clients: AwsClients, arn: string): Promise<PrincipalLookup> {
  const parsed = parseArn(arn);
  if (parsed.kind === 'user' || parsed.kind === 'role') return { ok: true, arn: parsed.arn, changes: [] };
  if (parsed.kind !== 'assumed-role') {
    return { ok: false, reason: `${arn} is a ${parsed.kind} principal, and access entries accept only IAM users and roles` };
  }

  let path: string | undefined;
  try {
    const iam = await clients.iam();
    path = (await iam.send(new GetRoleCommand({ RoleName: parsed.name }))).Role?.Path;
  } catch (error) {
    return {
      ok: false,
      reason: `the path of role ${parsed.name} is unknown because IAM GetRole failed (${awsErrorName(error) ?? (error as Error).message})`,
    };
  }
  const roleArn = accessEntryPrincipalArn(arn, path ?? '/');
  return { ok: true, arn: roleArn, changes: [`${arn} is an STS session ARN, so the access entry names its role ${roleArn}`] };
}

/** Like `lookupAccessEntryPrincipal`, but a principal that cannot be resolved is a usage error naming `--map-arn`. */
export async function requireAccessEntryPrincipal(clients: AwsClients, arn: string): Promise<{ arn: string; changes: readonly string[] }> {
  const lookup = await lookupAccessEntryPrincipal(clients, arn);
  if (lookup.ok) return lookup;
  throw new UsageError('AccessEntryPrincipalUnknown', `Cannot name ${arn} in an access entry: ${lookup.reason}.`, {
    hint: 'Pass --map-arn with the full IAM role ARN, path included (aws iam get-role --role-name NAME shows it).',
  });
}
