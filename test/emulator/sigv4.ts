import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** The parts of a SigV4 credential scope: `AKID/20240101/eu-west-1/eks/aws4_request`. */
export interface CredentialScope {
  readonly accessKeyId: string;
  readonly date: string;
  readonly region: string;
  readonly service: string;
}

/** One request as it arrived on the wire, reduced to what SigV4 signs. */
export interface SignedRequest {
  readonly method: string;
  /** Path exactly as sent, still percent-encoded. */
  readonly path: string;
  /** Query pairs, already percent-decoded, in the order they were sent. */
  readonly query: ReadonlyArray<readonly [string, string]>;
  /** Header values by lower-case name. */
  readonly headers: Readonly<Record<string, string>>;
  readonly payloadHash: string;
}

export interface SignatureInput {
  readonly request: SignedRequest;
  readonly signedHeaders: readonly string[];
  readonly amzDate: string;
  readonly scope: CredentialScope;
  readonly secretAccessKey: string;
}

export const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD';

export function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

export function parseCredential(credential: string): CredentialScope | undefined {
  const parts = credential.split('/');
  if (parts.length !== 5 || parts[4] !== 'aws4_request') return undefined;
  const [accessKeyId, date, region, service] = parts as [string, string, string, string];
  return { accessKeyId, date, region, service };
}

/** Parses `Authorization: AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=...`. */
export function parseAuthorization(
  header: string | undefined,
): { scope: CredentialScope; signedHeaders: string[]; signature: string } | undefined {
  if (!header?.startsWith('AWS4-HMAC-SHA256 ')) return undefined;
  const fields = new Map<string, string>();
  for (const part of header.slice('AWS4-HMAC-SHA256 '.length).split(',')) {
    const [key, value] = part.trim().split('=', 2);
    if (key && value !== undefined) fields.set(key, value);
  }
  const scope = parseCredential(fields.get('Credential') ?? '');
  const signature = fields.get('Signature');
  const signedHeaders = fields.get('SignedHeaders');
  if (!scope || !signature || !signedHeaders) return undefined;
  return { scope, signedHeaders: signedHeaders.split(';'), signature };
}

/** Percent-decodes a raw query string into pairs; `+` stays a plus sign, as SigV4 signers send `%20`. */
export function parseQuery(rawQuery: string): Array<[string, string]> {
  if (!rawQuery) return [];
  return rawQuery.split('&').map((pair) => {
    const index = pair.indexOf('=');
    const key = index === -1 ? pair : pair.slice(0, index);
    const value = index === -1 ? '' : pair.slice(index + 1);
    return [decodeURIComponent(key), decodeURIComponent(value)];
  });
}

function escapeUri(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** The canonical URI of a non-S3 request: normalised segments, percent-encoded a second time. */
function canonicalPath(path: string): string {
  const segments: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(segment);
  }
  const leading = path.startsWith('/') ? '/' : '';
  const trailing = segments.length > 0 && path.endsWith('/') ? '/' : '';
  return escapeUri(`${leading}${segments.join('/')}${trailing}`).replace(/%2F/g, '/');
}

function canonicalQuery(query: ReadonlyArray<readonly [string, string]>): string {
  return query
    .filter(([key]) => key !== 'X-Amz-Signature')
    .map(([key, value]) => [escapeUri(key), escapeUri(value)] as const)
    .sort(([keyA, valueA], [keyB, valueB]) => compareCodeUnits(keyA, keyB) || compareCodeUnits(valueA, valueB))
    .map(([key, value]) => `${key}=${value}`)
    .join('&');
}

function canonicalRequest(request: SignedRequest, signedHeaders: readonly string[]): string {
  const headers = signedHeaders.map((name) => `${name}:${(request.headers[name] ?? '').trim().replace(/\s+/g, ' ')}\n`);
  return [
    request.method,
    canonicalPath(request.path),
    canonicalQuery(request.query),
    headers.join(''),
    signedHeaders.join(';'),
    request.payloadHash,
  ].join('\n');
}

function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac('sha256', key).update(data).digest();
}

export function computeSignature(input: SignatureInput): string {
  const { scope } = input;
  const scopeText = `${scope.date}/${scope.region}/${scope.service}/aws4_request`;
  const stringToSign = [
    'AWS4-HMAC-SHA256',
    input.amzDate,
    scopeText,
    sha256Hex(canonicalRequest(input.request, input.signedHeaders)),
  ].join('\n');
  let key = hmac(`AWS4${input.secretAccessKey}`, scope.date);
  key = hmac(key, scope.region);
  key = hmac(key, scope.service);
  key = hmac(key, 'aws4_request');
  return createHmac('sha256', key).update(stringToSign).digest('hex');
}

export function signaturesEqual(expected: string, actual: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(actual);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Orders strings by UTF-16 code units, as SigV4 sorts query parameters (not by locale). */
function compareCodeUnits(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}
