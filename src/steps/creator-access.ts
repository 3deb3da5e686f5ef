import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import { type AwsClients, createAwsClients } from '../aws/clients.js';
import { explainAwsError } from '../aws/errors.js';
import { StepError, UsageError } from '../errors.js';
import { assumeCreatorRole } from './assume-creator.js';
import type { RunContext, StepPlan } from './context.js';
import { chooseCreatorRole, validateRoleArn } from './creator-role.js';
import { createGrant, describeGrant, type GrantPlan, planGrant } from './grant-assume-role.js';
import { printPlan } from '../ui/output.js';
import { describeTempProfile, type ProfilePlan, planTempProfile, roleSessionName, writeTempProfile } from './temp-profile.js';

/** Source of the cluster creator's credentials for a command. */
export type CreatorSource =
  | { readonly kind: 'profile'; readonly profile: string }
  | { readonly kind: 'role'; readonly roleArn: string }
  | { readonly kind: 'grant' };

/**
 * Returns AWS clients acting as the cluster creator: a profile that already assumes it, a
 * direct AssumeRole with the caller's credentials, or the wizard's temporary grant and
 * profile (journaled, so `cleanup` removes them). `plans` lists the change the creator
 * access is for; it is shown with the grant and profile before confirmation.
 */
export async function creatorClients(ctx: RunContext, source: CreatorSource, plans: readonly StepPlan[]): Promise<AwsClients> {
  if (source.kind === 'profile') return createAwsClients(ctx.settings, { profile: source.profile });
  if (source.kind === 'role') return assumeDirectly(ctx, source.roleArn);

  await chooseCreatorRole(ctx, ctx.state.cluster?.accountId ?? ctx.state.caller!.accountId);
  const plan = await planCreatorGrant(ctx);
  printPlan(ctx.output, [...plan.items, ...plans]);
  if (!(await ctx.prompter.confirm({ message: 'Create the temporary grant and profile?' }))) {
    throw new StepError('Declined', 'Stopped before any change, as you chose.');
  }
  return applyCreatorGrant(ctx, plan);
}

export interface CreatorGrantPlan {
  readonly grant: GrantPlan | undefined;
  readonly profile: ProfilePlan;
  /** The grant and the profile as plan items, for `--dry-run` and the confirmation. */
  readonly items: readonly StepPlan[];
}

/**
 * Plans the temporary access to the chosen creator role: the IAM group grant (IAM users only,
 * because role sessions and federated users cannot join a group) and the temporary profile.
 */
export async function planCreatorGrant(ctx: RunContext): Promise<CreatorGrantPlan> {
  const caller = ctx.state.caller!;
  const grant = caller.kind === 'user' ? planGrant(ctx) : undefined;
  if (!grant) {
    const kind = caller.kind === 'assumed-role' ? 'a role session' : 'a federated user';
    ctx.output.warn(`You are ${kind}, which cannot join an IAM group: no grant is made, so your identity must already be allowed to assume the creator role.`);
  }
  const profile = await planTempProfile(ctx);
  return { grant, profile, items: [...(grant ? [describeGrant(grant)] : []), describeTempProfile(profile)] };
}

/** Creates the planned grant and profile (each journaled), then assumes the creator role through the profile. */
export async function applyCreatorGrant(ctx: RunContext, plan: CreatorGrantPlan): Promise<AwsClients> {
  if (plan.grant) await createGrant(ctx, plan.grant);
  await writeTempProfile(ctx, plan.profile);
  return assumeCreatorRole(ctx, ctx.state.tempProfile!.name, { timeoutMs: ctx.options.assumeRoleTimeoutSeconds * 1000 });
}

async function assumeDirectly(ctx: RunContext, roleArn: string): Promise<AwsClients> {
  const problem = validateRoleArn(roleArn);
  if (problem) throw new UsageError('InvalidRoleArn', problem, { hint: 'Pass --role-arn arn:aws:iam::ACCOUNT:role/NAME.' });
  const sts = await ctx.clients.sts();
  const sessionName = ctx.state.caller ? roleSessionName(ctx.state.caller) : 'eks-recover';
  let issued;
  try {
    issued = (await sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: sessionName }))).Credentials;
  } catch (error) {
    throw explainAwsError(error, `assume ${roleArn}`);
  }
  if (!issued?.AccessKeyId || !issued.SecretAccessKey) throw new StepError('AssumeRoleFailed', `AssumeRole on ${roleArn} returned no credentials.`);
  const credentials = {
    accessKeyId: issued.AccessKeyId,
    secretAccessKey: issued.SecretAccessKey,
    ...(issued.SessionToken ? { sessionToken: issued.SessionToken } : {}),
    ...(issued.Expiration ? { expiration: issued.Expiration } : {}),
  };
  ctx.state.creatorRoleArn = roleArn;
  ctx.output.success(`Assumed ${roleArn}.`);
  return createAwsClients(ctx.settings, { credentials: async () => credentials });
}
