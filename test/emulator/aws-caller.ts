import type { IncomingMessage } from 'node:http';
import { AwsError } from './aws-errors.js';
import type { CallerIdentity, MotoIdentity } from './moto-identity.js';
import { type CredentialScope, computeSignature, parseAuthorization, parseQuery, sha256Hex, signaturesEqual } from './sigv4.js';

export interface AwsCaller {
  readonly identity: CallerIdentity;
  readonly scope: CredentialScope;
}

function headerMap(request: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  return headers;
}

/**
 * Verifies the SigV4 `Authorization` header of a request served by the emulator itself
 * (EKS, CloudTrail) with the secret moto holds, and resolves the caller through moto's STS.
 */
export async function resolveAwsCaller(request: IncomingMessage, body: Buffer, moto: MotoIdentity): Promise<AwsCaller> {
  const authorization = parseAuthorization(request.headers.authorization);
  if (!authorization) throw new AwsError(403, 'MissingAuthenticationTokenException', 'Missing Authentication Token');
  const { scope, signedHeaders, signature } = authorization;
  const credentials = await moto.findCredentials(scope.accessKeyId);
  const sessionToken = request.headers['x-amz-security-token'];
  if (!credentials || (credentials.sessionToken !== undefined && credentials.sessionToken !== sessionToken)) {
    throw new AwsError(403, 'UnrecognizedClientException', 'The security token included in the request is invalid.');
  }
  const headers = headerMap(request);
  const [path = '/', rawQuery = ''] = (request.url ?? '/').split('?', 2);
  const expected = computeSignature({
    request: {
      method: request.method ?? 'GET',
      path,
      query: parseQuery(rawQuery),
      headers,
      payloadHash: headers['x-amz-content-sha256'] ?? sha256Hex(body),
    },
    signedHeaders,
    amzDate: headers['x-amz-date'] ?? '',
    scope,
    secretAccessKey: credentials.secretAccessKey,
  });
  if (!signaturesEqual(expected, signature)) {
    throw new AwsError(
      403,
      'InvalidSignatureException',
      'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.',
    );
  }
  return { identity: await moto.getCallerIdentity(credentials, scope.region), scope };
}
