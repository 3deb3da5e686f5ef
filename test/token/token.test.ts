import { describe, expect, it } from 'vitest';
import { createEksToken, stsHostFor } from '../../src/aws/token.js';
import { UsageError } from '../../src/errors.js';
import { decodeToken, expectedSignature } from './decode.js';

const CREDENTIALS = {
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
};
const NOW = new Date('2024-03-05T10:20:30.456Z');

/** Query parameters aws-iam-authenticator accepts in a token URL (compared case-insensitively). */
const ALLOWED_PARAMS = [
  'action',
  'version',
  'x-amz-algorithm',
  'x-amz-credential',
  'x-amz-date',
  'x-amz-expires',
  'x-amz-security-token',
  'x-amz-signature',
  'x-amz-signedheaders',
];

describe('stsHostFor', () => {
  it.each([
    ['us-east-1', 'sts.us-east-1.amazonaws.com'],
    ['eu-west-1', 'sts.eu-west-1.amazonaws.com'],
    ['ap-southeast-3', 'sts.ap-southeast-3.amazonaws.com'],
    ['us-gov-west-1', 'sts.us-gov-west-1.amazonaws.com'],
    ['cn-north-1', 'sts.cn-north-1.amazonaws.com.cn'],
    ['cn-northwest-1', 'sts.cn-northwest-1.amazonaws.com.cn'],
    ['us-iso-east-1', 'sts.us-iso-east-1.c2s.ic.gov'],
    ['us-isob-east-1', 'sts.us-isob-east-1.sc2s.sgov.gov'],
    ['eu-isoe-west-1', 'sts.eu-isoe-west-1.cloud.adc-e.uk'],
    ['us-isof-south-1', 'sts.us-isof-south-1.csp.hci.ic.gov'],
    ['eusc-de-east-1', 'sts.eusc-de-east-1.amazonaws.eu'],
  ])('maps %s to %s', (region, host) => {
    expect(stsHostFor(region)).toBe(host);
  });

  it.each(['', 'EU-WEST-1', 'eu-west', 'eu-west-1.evil.example.com', 'eu-west-1/x', '127.0.0.1'])(
    'rejects region %j',
    (region) => {
      expect(() => stsHostFor(region)).toThrow(UsageError);
    },
  );
});

describe('createEksToken', () => {
  it('presigns GetCallerIdentity for the regional STS host', async () => {
    const { token } = await createEksToken({ clusterName: 'demo', region: 'eu-west-1', credentials: CREDENTIALS, now: NOW });
    const { url } = decodeToken(token);

    expect(url.protocol).toBe('https:');
    expect(url.host).toBe('sts.eu-west-1.amazonaws.com');
    expect(url.pathname).toBe('/');
  });

  it('carries every field the authenticator checks, once each', async () => {
    const { token } = await createEksToken({ clusterName: 'demo', region: 'eu-west-1', credentials: CREDENTIALS, now: NOW });
    const { params } = decodeToken(token);

    for (const [key, values] of params) {
      expect(ALLOWED_PARAMS).toContain(key.toLowerCase());
      expect(values).toHaveLength(1);
    }
    expect(params.get('Action')).toEqual(['GetCallerIdentity']);
    expect(params.get('Version')).toEqual(['2011-06-15']);
    expect(params.get('X-Amz-Algorithm')).toEqual(['AWS4-HMAC-SHA256']);
    expect(params.get('X-Amz-Credential')).toEqual(['AKIAIOSFODNN7EXAMPLE/20240305/eu-west-1/sts/aws4_request']);
    expect(params.get('X-Amz-Date')).toEqual(['20240305T102030Z']);
    expect(params.get('X-Amz-Expires')).toEqual(['60']);
    expect(params.get('X-Amz-SignedHeaders')).toEqual(['host;x-k8s-aws-id']);
    expect(params.has('X-Amz-Security-Token')).toBe(false);
  });

  it('signs the cluster name in x-k8s-aws-id', async () => {
    const { token } = await createEksToken({ clusterName: 'demo', region: 'eu-west-1', credentials: CREDENTIALS, now: NOW });
    const decoded = decodeToken(token);
    const signature = decoded.params.get('X-Amz-Signature')?.[0];

    expect(signature).toMatch(/^[0-9a-f]{64}$/);
    expect(signature).toBe(expectedSignature(decoded, CREDENTIALS.secretAccessKey, 'demo'));
    expect(signature).not.toBe(expectedSignature(decoded, CREDENTIALS.secretAccessKey, 'other'));
  });

  it('includes the session token of temporary credentials', async () => {
    const credentials = { ...CREDENTIALS, accessKeyId: 'ASIAIOSFODNN7EXAMPLE', sessionToken: 'FwoGZXIvYXdzE+/=token' };
    const { token } = await createEksToken({ clusterName: 'demo', region: 'us-east-1', credentials, now: NOW });
    const decoded = decodeToken(token);

    expect(decoded.params.get('X-Amz-Security-Token')).toEqual(['FwoGZXIvYXdzE+/=token']);
    expect(decoded.params.get('X-Amz-Signature')?.[0]).toBe(expectedSignature(decoded, CREDENTIALS.secretAccessKey, 'demo'));
  });

  it('encodes without padding or non-url characters', async () => {
    for (const clusterName of ['a', 'ab', 'abc', 'demo-cluster_1']) {
      const { token } = await createEksToken({ clusterName, region: 'eu-west-1', credentials: CREDENTIALS, now: NOW });
      expect(token).toMatch(/^k8s-aws-v1\.[A-Za-z0-9_-]+$/);
    }
  });

  it('expires 14 minutes after signing', async () => {
    const { expiresAt } = await createEksToken({ clusterName: 'demo', region: 'eu-west-1', credentials: CREDENTIALS, now: NOW });
    expect(expiresAt.toISOString()).toBe('2024-03-05T10:34:30.456Z');
  });

  it('expires with credentials that expire sooner', async () => {
    const expiration = new Date('2024-03-05T10:25:00Z');
    const credentials = { ...CREDENTIALS, sessionToken: 'token', expiration };
    const { expiresAt } = await createEksToken({ clusterName: 'demo', region: 'eu-west-1', credentials, now: NOW });
    expect(expiresAt).toEqual(expiration);
  });

  it('rejects an empty cluster name', async () => {
    await expect(createEksToken({ clusterName: ' ', region: 'eu-west-1', credentials: CREDENTIALS })).rejects.toThrow(
      /cluster name is empty/,
    );
  });
});
