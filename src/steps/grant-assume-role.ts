import {
  AddUserToGroupCommand,
  CreateGroupCommand,
  DeleteGroupCommand,
  DeleteGroupPolicyCommand,
  GetGroupCommand,
  type IAMClient,
  ListGroupPoliciesCommand,
  PutGroupPolicyCommand,
  RemoveUserFromGroupCommand,
} from '@aws-sdk/client-iam';
import { explainAwsError, isAwsError } from '../aws/errors.js';
import { StepError } from '../errors.js';
import type { JournalEntry } from '../journal/types.js';
import type { RunContext, StepPlan } from './context.js';

export const GROUP_PATH = '/eks-recover/';
export const POLICY_NAME = 'eks-recover-assume-creator-role';

export interface GrantPlan {
  readonly groupName: string;
  readonly policyName: string;
  readonly userName: string;
  readonly roleArn: string;
  readonly expiresAt: string;
  readonly policyDocument: string;
}

/** Builds the group name from the cluster and the run id, within IAM's 128-character limit. */
export function groupNameFor(clusterName: string, runId: string): string {
  const prefix = 'eks-recover-';
  const room = 128 - prefix.length - runId.length - 1;
  return `${prefix}${clusterName.slice(0, room)}-${runId}`;
}

/** Builds an inline policy that allows only sts:AssumeRole on one role, until `expiresAt`. */
export function assumeRolePolicy(roleArn: string, expiresAt: string): string {
  const policy = {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'EksRecoverAssumeCreatorRole',
        Effect: 'Allow',
        Action: 'sts:AssumeRole',
        Resource: roleArn,
        Condition: { DateLessThan: { 'aws:CurrentTime': expiresAt } },
      },
    ],
  };
  return JSON.stringify(policy, null, 2);
}

export function planGrant(ctx: RunContext, now = new Date()): GrantPlan {
  const { caller, creatorRoleArn } = ctx.state;
  const clusterName = ctx.state.cluster?.name ?? ctx.options.cluster ?? 'cluster';
  const expiresAt = new Date(now.getTime() + ctx.options.grantTtlMinutes * 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  return {
    groupName: groupNameFor(clusterName, ctx.journal.runId),
    policyName: POLICY_NAME,
    userName: caller!.userName!,
    roleArn: creatorRoleArn!,
    expiresAt,
    policyDocument: assumeRolePolicy(creatorRoleArn!, expiresAt),
  };
}

export function describeGrant(plan: GrantPlan): StepPlan {
  return {
    title: `Create IAM group ${GROUP_PATH}${plan.groupName}, add user ${plan.userName} to it, with inline policy ${plan.policyName} (expires ${plan.expiresAt}):`,
    details: plan.policyDocument.split('\n'),
  };
}

/** Step 4: the temporary grant, each part journaled before it is made. */
export async function createGrant(ctx: RunContext, plan: GrantPlan): Promise<void> {
  const iam = await ctx.clients.iam();
  const { journal } = ctx;

  const group = await journal.begin('iam-group', { groupName: plan.groupName, path: GROUP_PATH });
  await call(() => iam.send(new CreateGroupCommand({ GroupName: plan.groupName, Path: GROUP_PATH })), `create IAM group ${plan.groupName}`);
  await journal.complete(group);

  const policy = await journal.begin('iam-group-policy', { groupName: plan.groupName, policyName: plan.policyName });
  await call(
    () => iam.send(new PutGroupPolicyCommand({ GroupName: plan.groupName, PolicyName: plan.policyName, PolicyDocument: plan.policyDocument })),
    `attach the inline policy to ${plan.groupName}`,
  );
  await journal.complete(policy);

  const membership = await journal.begin('iam-group-membership', { groupName: plan.groupName, userName: plan.userName });
  await call(() => iam.send(new AddUserToGroupCommand({ GroupName: plan.groupName, UserName: plan.userName })), `add ${plan.userName} to ${plan.groupName}`);
  await journal.complete(membership);

  ctx.state.grant = { groupName: plan.groupName, policyName: plan.policyName, expiresAt: plan.expiresAt };
  ctx.output.success(`Granted ${plan.userName} sts:AssumeRole on ${plan.roleArn} until ${plan.expiresAt} through group ${plan.groupName}.`);
}

/**
 * Undoes one grant entry and returns what it did, or that the resource was already gone.
 * Deleting the group first removes whatever members and inline policies it still has, because
 * IAM rejects deleting a group that has any, and a crash may have left them without their own
 * journal entries. Only groups under /eks-recover/ are ever touched.
 */
export async function undoGrantEntry(iam: IAMClient, entry: JournalEntry): Promise<string> {
  const groupName = String(entry.data.groupName);
  await assertTemporaryGroup(iam, groupName);
  switch (entry.kind) {
    case 'iam-group-membership': {
      const userName = String(entry.data.userName);
      const done = await ignoreMissing(() => iam.send(new RemoveUserFromGroupCommand({ GroupName: groupName, UserName: userName })));
      return done ? `removed ${userName} from IAM group ${groupName}` : `membership of ${userName} in ${groupName} is already gone`;
    }
    case 'iam-group-policy': {
      const policyName = String(entry.data.policyName);
      const done = await ignoreMissing(() => iam.send(new DeleteGroupPolicyCommand({ GroupName: groupName, PolicyName: policyName })));
      return done ? `deleted inline policy ${policyName} of ${groupName}` : `inline policy ${policyName} of ${groupName} is already gone`;
    }
    case 'iam-group': {
      const group = await ignoreMissing(() => iam.send(new GetGroupCommand({ GroupName: groupName })));
      if (!group) return `IAM group ${groupName} is already gone`;
      await emptyGroup(iam, groupName);
      await ignoreMissing(() => iam.send(new DeleteGroupCommand({ GroupName: groupName })));
      return `deleted IAM group ${groupName}`;
    }
    default:
      throw new Error(`undoGrantEntry cannot undo a ${entry.kind} entry`);
  }
}

/** Removes every member and inline policy of an eks-recover group. */
export async function emptyGroup(iam: IAMClient, groupName: string): Promise<void> {
  const group = await ignoreMissing(() => iam.send(new GetGroupCommand({ GroupName: groupName })));
  for (const user of group?.Users ?? []) {
    await ignoreMissing(() => iam.send(new RemoveUserFromGroupCommand({ GroupName: groupName, UserName: user.UserName! })));
  }
  const policies = await ignoreMissing(() => iam.send(new ListGroupPoliciesCommand({ GroupName: groupName })));
  for (const policyName of policies?.PolicyNames ?? []) {
    await ignoreMissing(() => iam.send(new DeleteGroupPolicyCommand({ GroupName: groupName, PolicyName: policyName })));
  }
}

/**
 * Throws unless the group is missing or lives under /eks-recover/. A journal is a file the
 * user can edit, so a group name from it must not lead cleanup to empty a group of their own.
 */
async function assertTemporaryGroup(iam: IAMClient, groupName: string): Promise<void> {
  const group = await ignoreMissing(() => iam.send(new GetGroupCommand({ GroupName: groupName, MaxItems: 1 })));
  const path = group?.Group?.Path;
  if (path === undefined || path === GROUP_PATH) return;
  throw new StepError('ForeignGroup', `IAM group ${groupName} has the path ${path}, not ${GROUP_PATH}, so eks-recover did not create it and left it unchanged.`, {
    hint: 'The journal names a group that is not temporary: check the journal, and remove the entry by hand if it was edited.',
  });
}

/** Runs an IAM call; a resource that does not exist (any more) gives undefined instead of an error. */
async function ignoreMissing<T>(action: () => Promise<T>): Promise<T | undefined> {
  try {
    return await action();
  } catch (error) {
    if (isAwsError(error, 'NoSuchEntity', 'NoSuchEntityException')) return undefined;
    throw explainAwsError(error, 'undo the temporary IAM grant');
  }
}

async function call<T>(action: () => Promise<T>, description: string): Promise<T> {
  try {
    return await action();
  } catch (error) {
    throw explainAwsError(error, description);
  }
}
