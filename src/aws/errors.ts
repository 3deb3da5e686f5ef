import { StepError, UsageError } from '../errors.js';

/** Returns the error name an SDK call failed with (`AccessDenied`, `NoSuchEntity`, ...), if any. */
export function awsErrorName(error: unknown): string | undefined {
  const value = error as { name?: unknown; Code?: unknown } | undefined;
  if (typeof value?.Code === 'string') return value.Code;
  return typeof value?.name === 'string' ? value.name : undefined;
}

export function isAwsError(error: unknown, ...names: string[]): boolean {
  const name = awsErrorName(error);
  return name !== undefined && names.includes(name);
}

const ACCESS_DENIED = ['AccessDenied', 'AccessDeniedException', 'UnauthorizedOperation', 'AuthorizationError'];
const EXPIRED = ['ExpiredToken', 'ExpiredTokenException', 'RequestExpired', 'TokenRefreshRequired'];

/**
 * Turns an SDK failure into one line that names what failed and what to do next. Errors
 * that are not AWS service errors (a bug, say) pass through unchanged.
 */
export function explainAwsError(error: unknown, action: string): Error {
  const name = awsErrorName(error);
  const message = (error as Error)?.message ?? String(error);
  if (name === 'CredentialsProviderError' || /Could not load credentials|profile .* could not be found/i.test(message)) {
    return new UsageError('NoCredentials', `Could not ${action}: no usable AWS credentials (${message}).`, {
      hint: 'Pass --profile NAME (or set AWS_PROFILE); for an SSO profile run `aws sso login --profile NAME` first.',
      cause: error,
    });
  }
  if (name && EXPIRED.includes(name)) {
    return new StepError('ExpiredCredentials', `Could not ${action}: the AWS session has expired.`, {
      hint: 'Refresh your credentials (for SSO: `aws sso login`), then run the same command again; `eks-recover cleanup` removes anything left from this run.',
      cause: error,
    });
  }
  if (name && ACCESS_DENIED.includes(name)) {
    return new StepError('AccessDenied', `Could not ${action}: access denied (${message}).`, {
      hint: 'Your identity needs the IAM permissions listed in the README for this step.',
      cause: error,
    });
  }
  if (error instanceof Error && /ECONNREFUSED|ENOTFOUND|ETIMEDOUT|EAI_AGAIN|socket hang up/.test(message)) {
    return new StepError('EndpointUnreachable', `Could not ${action}: the endpoint cannot be reached (${message}).`, {
      hint: 'Check the network, HTTPS_PROXY, and any --endpoint-url or AWS_ENDPOINT_URL_* override.',
      cause: error,
    });
  }
  if (name !== undefined && (error as { $metadata?: unknown }).$metadata !== undefined) {
    return new StepError(name, `Could not ${action}: ${name}: ${message}`, { cause: error });
  }
  return error instanceof Error ? error : new Error(message);
}
