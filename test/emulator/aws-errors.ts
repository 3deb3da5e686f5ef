/** An AWS API error, sent in the protocol of the service that raised it. */
export class AwsError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export function expiredTokenError(): AwsError {
  return new AwsError(403, 'ExpiredTokenException', 'The security token included in the request is expired');
}

/** The XML error body of the query protocol (IAM, STS), for failures injected into forwarded requests. */
export function queryErrorXml(code: string, message: string): string {
  return [
    '<ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">',
    `<Error><Type>Sender</Type><Code>${code}</Code><Message>${message}</Message></Error>`,
    '<RequestId>00000000-0000-0000-0000-000000000000</RequestId>',
    '</ErrorResponse>',
  ].join('');
}

/** Splits a list into one page: `nextToken` is the index of the next item, in base64. */
export function paginate<T>(items: readonly T[], maxResults: unknown, nextToken: unknown, limit = 100): { page: T[]; nextToken?: string } {
  const size = maxResults === undefined || maxResults === null || maxResults === '' ? limit : Number(maxResults);
  if (!Number.isInteger(size) || size < 1 || size > limit) {
    throw new AwsError(400, 'InvalidParameterException', `maxResults must be between 1 and ${limit}`);
  }
  const start = typeof nextToken === 'string' && nextToken ? Number(Buffer.from(nextToken, 'base64').toString('utf8')) : 0;
  if (!Number.isInteger(start) || start < 0 || start > items.length) {
    throw new AwsError(400, 'InvalidParameterException', 'The nextToken is invalid');
  }
  const end = start + size;
  return {
    page: items.slice(start, end),
    ...(end < items.length ? { nextToken: Buffer.from(String(end)).toString('base64') } : {}),
  };
}
