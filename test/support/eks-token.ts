import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';

export interface TestTokenOptions {
  readonly clusterName: string;
  readonly credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  /** Default now. */
  readonly signingDate?: Date;
  /** Default `sts.eu-west-1.amazonaws.com`. */
  readonly host?: string;
  readonly region?: string;
  /** Default 60 seconds, as `aws eks get-token` signs. */
  readonly expiresIn?: number;
}

/**
 * Builds the presigned STS GetCallerIdentity URL of an EKS bearer token with
 * @smithy/signature-v4, independent of eks-recover's own token code.
 */
export async function presignedTokenUrl(options: TestTokenOptions): Promise<string> {
  const region = options.region ?? 'eu-west-1';
  const host = options.host ?? `sts.${region}.amazonaws.com`;
  const signer = new SignatureV4({ credentials: options.credentials, region, service: 'sts', sha256: Sha256 });
  const signed = await signer.presign(
    {
      method: 'GET',
      protocol: 'https:',
      hostname: host,
      path: '/',
      query: { Action: 'GetCallerIdentity', Version: '2011-06-15' },
      headers: { host, 'x-k8s-aws-id': options.clusterName },
    },
    {
      expiresIn: options.expiresIn ?? 60,
      signingDate: options.signingDate ?? new Date(),
      unhoistableHeaders: new Set(['x-k8s-aws-id']),
    },
  );
  const query = Object.entries(signed.query ?? {})
    .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`)
    .join('&');
  return `https://${host}/?${query}`;
}

export function encodeToken(url: string): string {
  return `k8s-aws-v1.${Buffer.from(url).toString('base64url')}`;
}

export async function buildTestToken(options: TestTokenOptions): Promise<string> {
  return encodeToken(await presignedTokenUrl(options));
}
