import { GetRoleCommand } from '@aws-sdk/client-iam';
import { parseArn } from '../aws/arn.js';
import { explainAwsError, isAwsError } from '../aws/errors.js';
import { evaluateTrustPolicy } from '../aws/trust-policy.js';
import { StepError, UsageError } from '../errors.js';
import type { RunContext } from './context.js';
import { proposeCreatorRole } from './find-creator.js';

export { STACKSET_EXECUTION_ROLE } from './find-creator.js';

/** Step 3: the role that created the cluster, which EKS trusts as `system:masters`. */
export async function chooseCreatorRole(ctx: RunContext, clusterAccountId: string): Promise<string> {
  let arn = ctx.options.creatorRoleArn;
  if (!arn) {
    const proposal = await proposeCreatorRole(ctx, clusterAccountId);
    const proposed = proposal.arn;
    arn = ctx.prompter.interactive
      ? await ctx.prompter.input({
          message: 'ARN of the role that created the cluster',
          flag: '--creator-role-arn ARN',
          default: proposed,
          validate: (value) => validateRoleArn(value) ?? true,
        })
      : proposed;
    if (!ctx.prompter.interactive) ctx.output.info(`Using ${proposed}, because ${proposal.evidence} (pass --creator-role-arn for another).`);
  }
  const problem = validateRoleArn(arn);
  if (problem) throw new UsageError('InvalidCreatorRole', problem, { hint: 'Pass --creator-role-arn arn:aws:iam::ACCOUNT:role/NAME.' });

  const roleName = parseArn(arn).name;
  if (/^stacksets-exec-/i.test(roleName)) {
    ctx.output.warn(
      `${roleName} is the execution role of a service-managed StackSet: only CloudFormation can assume it, so this path will likely fail. Consider the access-entry path or the cluster's management account.`,
    );
  }
  await checkTrust(ctx, arn);
  ctx.state.creatorRoleArn = arn;
  return arn;
}

export function validateRoleArn(value: string): string | undefined {
  let parsed;
  try {
    parsed = parseArn(value.trim());
  } catch (error) {
    return (error as Error).message;
  }
  if (parsed.service !== 'iam' || parsed.kind !== 'role') return `${value} is not an IAM role ARN (arn:aws:iam::ACCOUNT:role/NAME).`;
  if (!/^\d{12}$/.test(parsed.accountId)) return `${value} names account ${parsed.accountId}, which is not a 12-digit account ID.`;
  return undefined;
}

/** Reads the role's trust policy where the caller's account owns it, and stops early when it cannot trust the caller. */
async function checkTrust(ctx: RunContext, roleArn: string): Promise<void> {
  const caller = ctx.state.caller!;
  const role = parseArn(roleArn);
  if (role.accountId !== caller.accountId) {
    ctx.output.info(`The creator role lives in account ${role.accountId}; its trust policy is checked when the role is assumed.`);
    return;
  }
  const iam = await ctx.clients.iam();
  let document: string | undefined;
  try {
    document = (await iam.send(new GetRoleCommand({ RoleName: role.name }))).Role?.AssumeRolePolicyDocument;
  } catch (error) {
    if (isAwsError(error, 'NoSuchEntity')) {
      throw new UsageError('CreatorRoleNotFound', `The role ${roleArn} does not exist.`, {
        hint: 'Pass --creator-role-arn with the role that created the cluster (CloudTrail CreateCluster events name it).',
      });
    }
    ctx.output.warn(`Could not read the trust policy of ${roleArn}: ${explainAwsError(error, 'read it').message}`);
    return;
  }
  if (!document) return;
  const principalArns = [caller.arn, caller.awsAuthArn];
  const verdict = evaluateTrustPolicy(document, { principalArns, accountId: caller.accountId, partition: caller.partition });
  if (verdict.verdict === 'trusted') {
    ctx.output.success(`The trust policy of ${role.name} allows your account or identity to assume it.`);
  } else if (verdict.verdict === 'unknown') {
    ctx.output.warn(`Cannot tell from the trust policy of ${role.name} whether you may assume it: ${verdict.reason}.`);
  } else if (caller.kind === 'assumed-role') {
    ctx.output.warn(`The trust policy of ${role.name} does not name your account; it may name your role with a path that an assumed-role ARN does not show.`);
  } else {
    const trusted = verdict.trustedPrincipals.length ? verdict.trustedPrincipals.join(', ') : 'no AWS principal';
    throw new StepError('CreatorRoleUntrusted', `The trust policy of ${roleArn} does not trust you or your account; it trusts ${trusted}.`, {
      hint: 'Run eks-recover from a trusted account, or have an administrator of the role add your account to its trust policy.',
    });
  }
}
