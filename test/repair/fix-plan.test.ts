import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { proposeFixes } from '../../src/aws-auth/fix-plan.js';
import { lintAwsAuth, parseConfigMapDocument } from '../../src/aws-auth/index.js';
import { lostMappings, principalIdentity } from '../../src/aws-auth/lost-entries.js';
import { fixtureData, fixtureText } from '../aws-auth/fixtures.js';

function repairFixture(name: string): Record<string, string> {
  const path = fileURLToPath(new URL(`../fixtures/repair/${name}`, import.meta.url));
  return parseConfigMapDocument(readFileSync(path, 'utf8')).data;
}

/** Applies every automatic fix in order, as `eks-recover repair --yes` does. */
function applyAutomatic(data: Record<string, string>): Record<string, string> {
  let current = data;
  for (const proposal of proposeFixes(data)) {
    if (proposal.kind === 'automatic') current = proposal.apply(current)?.data ?? current;
  }
  return current;
}

describe('proposeFixes', () => {
  it.each(['role-path.yaml', 'sts-arns.yaml'])('fixes every error of %s', (name) => {
    const fixed = applyAutomatic(fixtureData(name));
    expect(lintAwsAuth(fixed).filter((finding) => finding.level === 'error')).toEqual([]);
  });

  it.each(['wrong-keys.yaml', 'template-username.yaml'])('fixes every finding of %s', (name) => {
    const data = repairFixture(name);
    const fixed = applyAutomatic(data);
    expect(lintAwsAuth(fixed)).toEqual([]);
    expect(lostMappings(data, fixed).entries).toEqual([]);
  });

  it('offers a choice for a duplicate', () => {
    const proposals = proposeFixes(fixtureData('duplicate-arn.yaml'));
    expect(proposals).toHaveLength(1);
    const [choice] = proposals;
    expect(choice?.kind).toBe('duplicate');
    if (choice?.kind !== 'duplicate') return;
    expect(choice.entries.map((entry) => entry.index)).toEqual([1, 2]);
  });

  it.each(['mis-indented-a.txt', 'mis-indented-b.txt'])('has no automatic fix for %s', (name) => {
    expect(proposeFixes({ mapRoles: fixtureText(name) })).toEqual([]);
  });

  it('does not propose a fix that would shadow an entry', () => {
    const data = {
      mapRoles: '- rolearn: arn:aws:iam::111122223333:role/team/admin\n  groups: [viewers]\n- rolearn: arn:aws:iam::111122223333:role/admin\n  groups: [system:masters]\n',
    };
    expect(proposeFixes(data)).toEqual([]);
  });
});

describe('lostMappings', () => {
  it('lists the entries a candidate drops', () => {
    const before = fixtureData('node-roles.yaml');
    const candidate = { mapRoles: '- rolearn: arn:aws:iam::111122223333:role/demo-admin\n  groups:\n    - system:masters\n' };
    const lost = lostMappings(before, candidate).entries.map((entry) => entry.arn);
    expect(lost).toEqual([
      'arn:aws:iam::111122223333:role/demo-ng-1-NodeInstanceRole',
      'arn:aws:iam::111122223333:role/demo-fargate-PodExecutionRole',
      'arn:aws:iam::111122223333:role/platform-admins',
    ]);
  });

  it('counts a dropped group as lost', () => {
    const before = fixtureData('duplicate-arn.yaml');
    const after = { mapRoles: before.mapRoles!.replace('    - dev-team\n', '    - other\n') };
    expect(lostMappings(before, after).entries.map((entry) => entry.index)).toEqual([2]);
  });

  it('accepts one entry for a resolved duplicate', () => {
    const before = fixtureData('duplicate-arn.yaml');
    const after = { mapRoles: before.mapRoles!.split('- rolearn: arn:aws:iam::111122223333:role/Admins')[0]! };
    expect(lostMappings(before, after).entries).toHaveLength(1);
    const resolved = new Set([principalIdentity('arn:aws:iam::111122223333:role/admins')]);
    expect(lostMappings(before, after, resolved).entries).toEqual([]);
  });

  it('lists a dropped account', () => {
    expect(lostMappings({ mapAccounts: '- "111122223333"\n' }, { mapAccounts: '[]' }).accounts).toEqual(['111122223333']);
  });
});
