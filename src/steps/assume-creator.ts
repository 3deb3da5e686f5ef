import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { type AwsClients, createAwsClients } from '../aws/clients.js';
import { awsErrorName, explainAwsError } from '../aws/errors.js';
import { StepError } from '../errors.js';
import { startProgress } from '../ui/progress.js';
import type { RunContext } from './context.js';

/**
 * Errors that IAM propagation of the new group membership causes. Anything else, such as
 * InvalidClientTokenId for source keys that do not exist, is not fixed by waiting.
 */
const PROPAGATION_ERRORS = new Set(['AccessDenied', 'AccessDeniedException']);

export interface AssumeOptions {
  readonly timeoutMs: number;
  readonly sleep?: (ms: number) => Promise<void>;
}

/**
 * Step 6: assumes the creator role through the temporary profile, as the SDK resolves it,
 * retrying with backoff while the new group membership propagates through IAM.
 */
export async function assumeCreatorRole(ctx: RunContext, profile: string, options: AssumeOptions): Promise<AwsClients> {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const deadline = Date.now() + options.timeoutMs;
  const progress = await startProgress(ctx.output, `Assuming ${ctx.state.creatorRoleArn} through profile ${profile}`);
  let attempt = 0;
  let delay = 1000;

  for (;;) {
    attempt += 1;
    try {
      const clients = await createAwsClients(ctx.settings, { profile });
      const identity = await (await clients.sts()).send(new GetCallerIdentityCommand({}));
      progress.succeed(`Assumed the creator role: ${identity.Arn}.`);
      ctx.state.creatorClients = clients;
      return clients;
    } catch (error) {
      const name = awsErrorName(error) ?? '';
      const retryable = PROPAGATION_ERRORS.has(name);
      const left = deadline - Date.now();
      if (!retryable || left <= 0) {
        progress.fail(`Could not assume ${ctx.state.creatorRoleArn}.`);
        throw explainAssumeFailure(error, ctx, retryable);
      }
      progress.update(`Waiting for IAM to propagate the grant (attempt ${attempt}, ${Math.ceil(left / 1000)} s left)`);
      await sleep(Math.min(delay, left));
      delay = Math.min(delay * 2, 8000);
    }
  }
}

function explainAssumeFailure(error: unknown, ctx: RunContext, waited: boolean): Error {
  const roleArn = ctx.state.creatorRoleArn;
  if (waited) {
    const caller = ctx.state.caller;
    const alternatives =
      caller?.kind === 'user'
        ? 'Check that the role trusts your account (its trust policy), or raise --assume-role-timeout if IAM is slow today.'
        : 'Your identity cannot join an IAM group: use an IAM user, or a role that the creator role already trusts.';
    return new StepError('AssumeRoleDenied', `AssumeRole on ${roleArn} was still denied after waiting for IAM.`, {
      hint: `${alternatives} Run 'eks-recover cleanup' to remove the temporary grant and profile.`,
      cause: error,
    });
  }
  return explainAwsError(error, `assume ${roleArn}`);
}
