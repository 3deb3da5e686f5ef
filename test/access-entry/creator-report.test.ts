import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { type CreatorCandidate, describeSources, mergeCandidates, printCreatorSearch, proposedCreatorRole } from '../../src/steps/find-creator.js';
import { Output } from '../../src/ui/output.js';

const ROLE = 'arn:aws:iam::111122223333:role/AWSCloudFormationStackSetExecutionRole';
const fromTags: CreatorCandidate = { arn: ROLE, kind: 'role', source: 'stackset-tags', evidence: 'stack-name tag StackSet-demo-eks-1' };
const fromTrail: CreatorCandidate = {
  arn: ROLE,
  kind: 'role',
  source: 'cloudtrail',
  evidence: 'CloudTrail CreateCluster at 2026-11-02T10:00:00Z by arn:aws:sts::111122223333:assumed-role/AWSCloudFormationStackSetExecutionRole/stackset-demo',
};
const user: CreatorCandidate = { arn: 'arn:aws:iam::111122223333:user/bob', kind: 'user', source: 'access-entry', evidence: 'access entry created at 2026-11-02T10:00:00.000Z, with the cluster' };

/** Captures what an Output writes to stderr. */
function capture(): { output: Output; text: () => string } {
  const stderr = new PassThrough();
  let text = '';
  stderr.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const output = new Output({ color: false, json: false, verbose: false, stdout: new PassThrough(), stderr });
  return { output, text: () => text };
}

describe('mergeCandidates', () => {
  it('merges one ARN found twice', () => {
    const [match, ...rest] = mergeCandidates([fromTags, fromTrail]);
    expect(rest).toEqual([]);
    expect(match?.arn).toBe(ROLE);
    expect(match?.sources).toEqual(['stackset-tags', 'cloudtrail']);
    expect(match?.evidence).toEqual([fromTags.evidence, fromTrail.evidence]);
  });

  it('keeps different ARNs apart, in order', () => {
    const matches = mergeCandidates([user, fromTags, fromTrail]);
    expect(matches.map((match) => match.arn)).toEqual([user.arn, ROLE]);
  });

  it('merges ARNs that differ in case', () => {
    const upper = { ...fromTrail, arn: ROLE.toUpperCase() };
    expect(mergeCandidates([fromTags, upper])).toHaveLength(1);
  });
});

describe('describeSources', () => {
  it('joins labels with and', () => {
    expect(describeSources(['stackset-tags', 'cloudtrail'])).toBe('tags and CloudTrail');
    expect(describeSources(['stack-role', 'cloudtrail', 'access-entry'])).toBe('stack service role, CloudTrail and bootstrap access entry');
    expect(describeSources(['cloudtrail'])).toBe('CloudTrail');
  });
});

describe('proposedCreatorRole', () => {
  it('returns the first role with all its sources', () => {
    const match = proposedCreatorRole({ candidates: [user, fromTags, fromTrail], notes: [] });
    expect(match?.arn).toBe(ROLE);
    expect(match?.sources).toEqual(['stackset-tags', 'cloudtrail']);
  });
});

describe('printCreatorSearch', () => {
  it('prints a role found twice on one line', () => {
    const { output, text } = capture();
    printCreatorSearch(output, { candidates: [fromTags, fromTrail], notes: [] });
    const lines = text().trimEnd().split('\n');
    expect(lines).toEqual([`  creator candidate ${ROLE} (role): ${fromTags.evidence}; ${fromTrail.evidence}`]);
  });

  it('adds the sign-in hint for a user', () => {
    const { output, text } = capture();
    printCreatorSearch(output, { candidates: [user], notes: ['CloudTrail could not be read: AccessDenied'] });
    expect(text()).toContain(`An IAM user cannot be assumed: sign in as ${user.arn}`);
    expect(text()).toContain('  CloudTrail could not be read: AccessDenied');
  });
});
