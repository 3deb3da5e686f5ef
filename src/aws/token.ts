import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import type { AwsCredentialIdentity } from '@smithy/types';
import { UsageError } from '../errors.js';

export const TOKEN_PREFIX = 'k8s-aws-v1.';

/** Header that binds a token to one cluster; aws-iam-authenticator requires it to be signed. */
export const CLUSTER_ID_HEADER = 'x-k8s-aws-id';

/** Lifetime of the presigned URL, as the AWS CLI sets it; the authenticator itself allows 15 minutes. */
const PRESIGN_EXPIRES_SECONDS = 60;

/** The token stays usable for 15 minutes after signing; clients are told 14, to keep a margin. */
const TOKEN_LIFETIME_MS = 14 * 60 * 1000;

const REGION_PATTERN = /^[a-z]{2,4}(-[a-z]+)+-\d+$/;

/** DNS suffix of each partition, by region prefix, most specific first. */
const PARTITION_SUFFIXES: ReadonlyArray<readonly [string, string]> = [
  ['cn-', 'amazonaws.com.cn'],
  ['us-isob-', 'sc2s.sgov.gov'],
  ['us-isof-', 'csp.hci.ic.gov'],
  ['us-iso-', 'c2s.ic.gov'],
  ['eu-isoe-', 'cloud.adc-e.uk'],
  ['eusc-', 'amazonaws.eu'],
];

export interface EksTokenOptions {
  readonly clusterName: string;
  readonly region: string;
  readonly credentials: AwsCredentialIdentity;
  /** Signing time; the current time by default. */
  readonly now?: Date;
}

export interface EksTokenResult {
  readonly token: string;
  /** When a client should ask for a new token: 14 minutes after signing, or earlier when the credentials expire. */
  readonly expiresAt: Date;
}

/**
 * Returns the regional STS host of the region's partition, which is the only kind of host
 * a cluster's authenticator accepts inside a token. Throws a UsageError for a malformed region.
 */
export function stsHostFor(region: string): string {
  if (!REGION_PATTERN.test(region)) {
    throw new UsageError('InvalidRegion', `Invalid AWS region "${region}".`, {
      hint: 'Pass a region name such as eu-west-1 with --region or AWS_REGION.',
    });
  }
  const suffix = PARTITION_SUFFIXES.find(([prefix]) => region.startsWith(prefix))?.[1] ?? 'amazonaws.com';
  return `sts.${region}.${suffix}`;
}

/**
 * Builds an EKS bearer token: `k8s-aws-v1.` and the unpadded base64url form of an STS
 * GetCallerIdentity URL, presigned for the real regional STS host with the cluster name in
 * the signed `x-k8s-aws-id` header. Makes no network call.
 */
export async function createEksToken(options: EksTokenOptions): Promise<EksTokenResult> {
  const clusterName = options.clusterName.trim();
  if (!clusterName) {
    throw new UsageError('MissingCluster', 'The cluster name is empty.', { hint: 'Pass --cluster NAME.' });
  }
  const host = stsHostFor(options.region);
  const now = options.now ?? new Date();

  const signer = new SignatureV4({
    service: 'sts',
    region: options.region,
    credentials: options.credentials,
    sha256: Sha256,
    uriEscapePath: true,
  });
  const presigned = await signer.presign(
    {
      method: 'GET',
      protocol: 'https:',
      hostname: host,
      path: '/',
      query: { Action: 'GetCallerIdentity', Version: '2011-06-15' },
      headers: { host, [CLUSTER_ID_HEADER]: clusterName },
    },
    { expiresIn: PRESIGN_EXPIRES_SECONDS, signingDate: now },
  );

  const url = `https://${host}/?${formatQuery(presigned.query as Record<string, string>)}`;
  const token = TOKEN_PREFIX + Buffer.from(url, 'utf8').toString('base64url');
  return { token, expiresAt: tokenExpiry(now, options.credentials.expiration) };
}

function tokenExpiry(now: Date, credentialsExpiration: Date | undefined): Date {
  const expiresAt = new Date(now.getTime() + TOKEN_LIFETIME_MS);
  if (credentialsExpiration && credentialsExpiration < expiresAt) return credentialsExpiration;
  return expiresAt;
}

/** Serialises query parameters in sorted order with RFC 3986 escaping, as SigV4 canonicalises them. */
function formatQuery(query: Record<string, string>): string {
  return Object.keys(query)
    .sort()
    .map((key) => `${escapeUri(key)}=${escapeUri(query[key] ?? '')}`)
    .join('&');
}

function escapeUri(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
