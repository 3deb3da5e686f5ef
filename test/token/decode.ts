import { createHash, createHmac } from 'node:crypto';

export interface DecodedToken {
  readonly url: URL;
  readonly params: Map<string, string[]>;
}

/** Decodes an EKS token the way aws-iam-authenticator does, without any product code. */
export function decodeToken(token: string): DecodedToken {
  if (!token.startsWith('k8s-aws-v1.')) throw new Error(`token lacks the k8s-aws-v1. prefix: ${token.slice(0, 20)}`);
  const body = token.slice('k8s-aws-v1.'.length);
  if (!/^[A-Za-z0-9_-]+$/.test(body)) throw new Error('token body is not unpadded base64url');
  const url = new URL(Buffer.from(body, 'base64url').toString('utf8'));
  const params = new Map<string, string[]>();
  for (const [key, value] of url.searchParams) params.set(key, [...(params.get(key) ?? []), value]);
  return { url, params };
}

/** Recomputes the SigV4 query signature of a decoded token with node:crypto, independent of @smithy. */
export function expectedSignature(decoded: DecodedToken, secretAccessKey: string, clusterName: string): string {
  const single = (key: string) => decoded.params.get(key)?.[0] ?? '';
  const escape = (value: string) =>
    encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  const query = [...decoded.params.keys()]
    .filter((key) => key !== 'X-Amz-Signature')
    .sort()
    .map((key) => `${escape(key)}=${escape(single(key))}`)
    .join('&');
  const canonicalRequest = [
    'GET',
    '/',
    query,
    `host:${decoded.url.host}\nx-k8s-aws-id:${clusterName}\n`,
    'host;x-k8s-aws-id',
    createHash('sha256').update('').digest('hex'),
  ].join('\n');
  const [, date, region, service] = single('X-Amz-Credential').split('/');
  const scope = `${date}/${region}/${service}/aws4_request`;
  const stringToSign = [
    'AWS4-HMAC-SHA256',
    single('X-Amz-Date'),
    scope,
    createHash('sha256').update(canonicalRequest).digest('hex'),
  ].join('\n');
  let key: Buffer = createHmac('sha256', `AWS4${secretAccessKey}`).update(date ?? '').digest();
  for (const part of [region, service, 'aws4_request']) key = createHmac('sha256', key).update(part ?? '').digest();
  return createHmac('sha256', key).update(stringToSign).digest('hex');
}
