import { describe, expect, it } from 'vitest';
import { creatorFromEvent } from '../../src/steps/find-creator.js';

const roleSession = {
  eventID: 'e-1',
  eventTime: '2026-11-02T10:00:00Z',
  eventSource: 'eks.amazonaws.com',
  requestParameters: { name: 'demo' },
  userIdentity: {
    type: 'AssumedRole',
    arn: 'arn:aws:sts::111122223333:assumed-role/deployer/ci-run-42',
    sessionContext: { sessionIssuer: { type: 'Role', arn: 'arn:aws:iam::111122223333:role/ci/deployer' } },
  },
};

describe('creatorFromEvent', () => {
  it('turns a role session into its role, path kept', () => {
    const candidate = creatorFromEvent(JSON.stringify(roleSession), 'demo');
    expect(candidate?.arn).toBe('arn:aws:iam::111122223333:role/ci/deployer');
    expect(candidate?.kind).toBe('role');
    expect(candidate?.source).toBe('cloudtrail');
    expect(candidate?.evidence).toMatch(/CreateCluster at 2026-11-02T10:00:00Z by arn:aws:sts::111122223333:assumed-role\/deployer\/ci-run-42/);
  });

  it('drops the session without an issuer', () => {
    const { sessionContext: _, ...identity } = roleSession.userIdentity;
    const candidate = creatorFromEvent(JSON.stringify({ ...roleSession, userIdentity: identity }), 'demo');
    expect(candidate?.arn).toBe('arn:aws:iam::111122223333:role/deployer');
  });

  it('keeps an IAM user as a user', () => {
    const record = { ...roleSession, userIdentity: { type: 'IAMUser', arn: 'arn:aws:iam::111122223333:user/eng/alice' } };
    const candidate = creatorFromEvent(JSON.stringify(record), 'demo');
    expect(candidate?.arn).toBe('arn:aws:iam::111122223333:user/eng/alice');
    expect(candidate?.kind).toBe('user');
  });

  it('skips other clusters, failed calls and bad JSON', () => {
    expect(creatorFromEvent(JSON.stringify(roleSession), 'other')).toBeUndefined();
    expect(creatorFromEvent(JSON.stringify({ ...roleSession, errorCode: 'AccessDenied' }), 'demo')).toBeUndefined();
    expect(creatorFromEvent('{not json', 'demo')).toBeUndefined();
    expect(creatorFromEvent(undefined, 'demo')).toBeUndefined();
  });
});
