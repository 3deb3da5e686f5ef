import type { CallerIdentity, MotoIdentity } from './moto-identity.js';
import { UNSIGNED_PAYLOAD, computeSignature, parseCredential, parseQuery, sha256Hex, signaturesEqual } from './sigv4.js';

export type TokenResult = { readonly ok: true; readonly identity: CallerIdentity } | { readonly ok: false; readonly reason: string };

const TOKEN_PREFIX = 'k8s-aws-v1.';
const MAX_TOKEN_LENGTH = 4096;
/** aws-iam-authenticator accepts a token for 15 minutes after it was signed, whatever X-Amz-Expires says. */
const MAX_TOKEN_AGE_MS = 15 * 60 * 1000;
const ALLOWED_PARAMETERS = new Set([
  'action',
  'version',
  'x-amz-algorithm',
  'x-amz-credential',
  'x-amz-date',
  'x-amz-expires',
  'x-amz-security-token',
  'x-amz-signature',
  'x-amz-signedheaders',
]);
/** Global and regional STS hosts of the `aws` partition. */
const STS_HOST = /^sts(\.[a-z]{2}(-gov)?-[a-z]+-\d)?\.amazonaws\.com$/;

function reject(reason: string): TokenResult {
  return { ok: false, reason };
}

function parseAmzDate(value: string): Date | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!match) return undefined;
  const [, year, month, day, hour, minute, second] = match.map(Number) as number[];
  return new Date(Date.UTC(year!, month! - 1, day, hour, minute, second));
}

function decodeToken(token: string): URL | string {
  if (!token.startsWith(TOKEN_PREFIX)) return 'token does not start with k8s-aws-v1.';
  if (token.length > MAX_TOKEN_LENGTH) return `token is longer than ${MAX_TOKEN_LENGTH} bytes`;
  const payload = token.slice(TOKEN_PREFIX.length);
  if (!/^[A-Za-z0-9_-]+$/.test(payload)) return 'token is not unpadded base64url';
  try {
    return new URL(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return 'token does not hold a URL';
  }
}

function checkParameters(query: ReadonlyArray<readonly [string, string]>): Map<string, string> | string {
  const parameters = new Map<string, string>();
  for (const [name, value] of query) {
    const lower = name.toLowerCase();
    if (!ALLOWED_PARAMETERS.has(lower)) return `query parameter ${name} is not allowed`;
    if (parameters.has(lower)) return `query parameter ${name} appears more than once`;
    parameters.set(lower, value);
  }
  if (parameters.get('action') !== 'GetCallerIdentity') return 'action is not GetCallerIdentity';
  return parameters;
}

/**
 * Authenticates a `k8s-aws-v1.` bearer token as aws-iam-authenticator does, then verifies its
 * presigned SigV4 signature with the secret moto holds and asks moto's STS for the caller.
 */
export async function authenticateToken(
  token: string,
  clusterName: string,
  moto: MotoIdentity,
  now: Date = new Date(),
): Promise<TokenResult> {
  const url = decodeToken(token);
  if (typeof url === 'string') return reject(url);
  if (url.protocol !== 'https:' || url.port !== '' || !STS_HOST.test(url.hostname)) {
    return reject(`${url.protocol}//${url.host} is not an STS endpoint of the aws partition`);
  }
  if (url.pathname !== '/') return reject(`path ${url.pathname} is not /`);

  const query = parseQuery(url.search.slice(1));
  const parameters = checkParameters(query);
  if (typeof parameters === 'string') return reject(parameters);
  const signedHeaders = (parameters.get('x-amz-signedheaders') ?? '').split(';');
  if (!signedHeaders.includes('x-k8s-aws-id')) return reject('x-k8s-aws-id is not a signed header');
  const signedAt = parseAmzDate(parameters.get('x-amz-date') ?? '');
  if (!signedAt) return reject('X-Amz-Date is missing or invalid');
  const age = now.getTime() - signedAt.getTime();
  if (age > MAX_TOKEN_AGE_MS) return reject('token is expired');
  if (age < -MAX_TOKEN_AGE_MS) return reject('token is signed in the future');
  const scope = parseCredential(parameters.get('x-amz-credential') ?? '');
  if (!scope || scope.service !== 'sts') return reject('X-Amz-Credential is not an STS credential scope');

  const credentials = await moto.findCredentials(scope.accessKeyId);
  if (!credentials) return reject(`access key ${scope.accessKeyId} is unknown`);
  if (credentials.sessionToken !== undefined && credentials.sessionToken !== parameters.get('x-amz-security-token')) {
    return reject('session token does not belong to the access key');
  }
  const headers = { host: url.host, 'x-k8s-aws-id': clusterName };
  const valid = [UNSIGNED_PAYLOAD, sha256Hex('')].some((payloadHash) =>
    signaturesEqual(
      computeSignature({
        request: { method: 'GET', path: '/', query, headers, payloadHash },
        signedHeaders,
        amzDate: parameters.get('x-amz-date') ?? '',
        scope,
        secretAccessKey: credentials.secretAccessKey,
      }),
      parameters.get('x-amz-signature') ?? '',
    ),
  );
  if (!valid) return reject('signature does not match (tampered, or signed for another cluster)');
  return { ok: true, identity: await moto.getCallerIdentity(credentials, scope.region) };
}
