import { describe, expect, it } from 'vitest';
import { evaluateTrustPolicy } from '../../src/aws/trust-policy.js';

const alice = {
  principalArns: ['arn:aws:iam::111122223333:user/alice'],
  accountId: '111122223333',
  partition: 'aws',
};

function policy(...statements: object[]): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: statements });
}

const allow = (principal: unknown, extra: object = {}) => ({ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: principal, ...extra });

describe('evaluateTrustPolicy', () => {
  it.each([
    ['account root', { AWS: 'arn:aws:iam::111122223333:root' }],
    ['account id', { AWS: '111122223333' }],
    ['exact user ARN', { AWS: ['arn:aws:iam::999999999999:root', 'arn:aws:iam::111122223333:user/alice'] }],
    ['wildcard principal', '*'],
  ])('trusts the caller through %s', (_name, principal) => {
    expect(evaluateTrustPolicy(policy(allow(principal)), alice).verdict).toBe('trusted');
  });

  it('names the trusted principals when only another account is trusted', () => {
    const verdict = evaluateTrustPolicy(policy(allow({ AWS: 'arn:aws:iam::444455556666:root' }), allow({ Service: 'cloudformation.amazonaws.com' })), alice);
    expect(verdict).toEqual({
      verdict: 'not-trusted',
      trustedPrincipals: ['arn:aws:iam::444455556666:root', 'cloudformation.amazonaws.com'],
    });
  });

  it('is unknown when the trusting statement has a condition', () => {
    const verdict = evaluateTrustPolicy(policy(allow({ AWS: '111122223333' }, { Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } })), alice);
    expect(verdict.verdict).toBe('unknown');
  });

  it('is unknown with a Deny or NotPrincipal statement', () => {
    const deny = evaluateTrustPolicy(policy({ Effect: 'Deny', Action: 'sts:AssumeRole', Principal: { AWS: '*' } }), alice);
    const notPrincipal = evaluateTrustPolicy(policy({ Effect: 'Allow', Action: 'sts:AssumeRole', NotPrincipal: { AWS: 'x' } }), alice);
    expect(deny.verdict).toBe('unknown');
    expect(notPrincipal.verdict).toBe('unknown');
  });

  it('reads the URL-encoded document GetRole returns', () => {
    const encoded = encodeURIComponent(policy(allow({ AWS: 'arn:aws:iam::111122223333:root' })));
    expect(evaluateTrustPolicy(encoded, alice).verdict).toBe('trusted');
  });

  it('ignores statements for other actions', () => {
    const verdict = evaluateTrustPolicy(policy({ Effect: 'Allow', Action: 'sts:TagSession', Principal: { AWS: '111122223333' } }), alice);
    expect(verdict).toEqual({ verdict: 'not-trusted', trustedPrincipals: [] });
  });
});
