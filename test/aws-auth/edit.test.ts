import { describe, expect, it } from 'vitest';
import { addMapping, readAwsAuth, removeMapping } from '../../src/aws-auth/index.js';
import { UsageError } from '../../src/errors.js';
import { fixtureData, fixtureText, mapRolesVariants } from './fixtures.js';

const ROLE = 'arn:aws:iam::111122223333:role/demo-admin';

function entriesOf(data: Record<string, string>) {
  return readAwsAuth(data).entries.map(({ key, arn, username, groups }) => ({ key, arn, username, groups }));
}

function usageErrorOf(fn: () => unknown): UsageError {
  try {
    fn();
  } catch (error) {
    if (error instanceof UsageError) return error;
    throw error;
  }
  throw new Error('expected a UsageError');
}

describe('addMapping', () => {
  it('appends a new role after the existing entries', () => {
    const data = fixtureData('node-roles.yaml');
    const result = addMapping(data, { arn: ROLE });
    expect(result.changed).toBe(true);
    expect(result.key).toBe('mapRoles');
    expect(result.data.mapRoles?.startsWith(data.mapRoles ?? '')).toBe(true);
    expect(result.data.mapRoles?.slice(data.mapRoles?.length)).toBe(
      `- rolearn: ${ROLE}\n  username: "demo-admin:{{SessionName}}"\n  groups:\n    - system:masters\n`,
    );
  });

  it('writes the path-less ARN and keeps the path-ful entry', () => {
    const data = fixtureData('role-path.yaml');
    const result = addMapping(data, { arn: 'arn:aws:iam::111122223333:role/ci/deploy/demo-runner', username: 'runner' });
    const entries = entriesOf(result.data);
    expect(entries).toHaveLength(3);
    expect(entries[1]?.arn).toBe('arn:aws:iam::111122223333:role/ci/deploy/demo-runner');
    expect(entries[2]?.arn).toBe('arn:aws:iam::111122223333:role/demo-runner');
    expect(result.warnings.join('\n')).toContain('removed the role path');
    expect(result.warnings.join('\n')).toContain('mapRoles[1] maps arn:aws:iam::111122223333:role/ci/deploy/demo-runner, which never matches');
  });

  it('maps an assumed-role session as its role', () => {
    const result = addMapping(fixtureData('sts-arns.yaml'), { arn: 'arn:aws:sts::111122223333:assumed-role/ReadOnly/bob' });
    const added = entriesOf(result.data).at(-1);
    expect(added).toEqual({ key: 'mapRoles', arn: 'arn:aws:iam::111122223333:role/ReadOnly', username: 'ReadOnly:{{SessionName}}', groups: ['system:masters'] });
    expect(result.data.mapUsers).toBe(fixtureData('sts-arns.yaml').mapUsers);
    expect(result.data.mapRoles).not.toContain('arn:aws:sts::111122223333:assumed-role');
  });

  it('merges groups into the winning duplicate', () => {
    const data = fixtureData('duplicate-arn.yaml');
    const result = addMapping(data, { arn: 'arn:aws:iam::111122223333:role/admins' });
    const entries = entriesOf(result.data);
    expect(entries).toHaveLength(3);
    expect(entries[2]?.groups).toEqual(['dev-team', 'system:masters']);
    expect(entries[2]?.username).toBeUndefined();
    expect(entries[1]).toEqual(entriesOf(data)[1]);
    expect(result.warnings.join('\n')).toContain('mapRoles[1] also maps');
  });

  it('sets the username of the winner', () => {
    const result = addMapping(fixtureData('duplicate-arn.yaml'), { arn: 'arn:aws:iam::111122223333:role/admins', username: 'admin' });
    expect(entriesOf(result.data)[2]?.username).toBe('admin');
  });

  it('returns present mappings unchanged', () => {
    const data = fixtureData('role-path.yaml');
    const result = addMapping(data, { arn: 'arn:aws:iam::111122223333:role/demo-NodeInstanceRole', groups: ['system:nodes'] });
    expect(result.changed).toBe(false);
    expect(result.data).toEqual(data);
  });

  it.each(Object.entries(mapRolesVariants()))('adds to mapRoles variant %s', (_name, text) => {
    const result = addMapping({ mapRoles: text }, { arn: ROLE, groups: ['ops'] });
    const entries = entriesOf(result.data);
    expect(entries).toHaveLength(2);
    expect(entries[0]).toEqual(entriesOf({ mapRoles: text })[0]);
    expect(entries[1]).toMatchObject({ arn: ROLE, groups: ['ops'] });
    expect(result.data.mapRoles).toContain(text.trimEnd().slice(0, -1));
  });

  it('keeps JSON lists in JSON', () => {
    const text = mapRolesVariants()['B-json'] ?? '';
    const result = addMapping({ mapRoles: text }, { arn: ROLE });
    expect(JSON.parse(result.data.mapRoles ?? '')).toHaveLength(2);
  });

  it('adds groups to a flow list', () => {
    const text = mapRolesVariants()['C-flow-groups'] ?? '';
    const result = addMapping({ mapRoles: text }, { arn: 'arn:aws:iam::111122223333:role/demo-NodeInstanceRole', groups: ['system:masters'] });
    expect(result.data.mapRoles).toBe(text.replace('system:nodes ]', 'system:nodes, system:masters ]'));
  });

  it('adds a user to an empty mapUsers', () => {
    for (const mapUsers of ['[]', '', '""']) {
      const result = addMapping({ mapUsers }, { arn: 'arn:aws:iam::111122223333:user/ops/alice', groups: ['a', 'b'] });
      expect(entriesOf(result.data)).toEqual([{ key: 'mapUsers', arn: 'arn:aws:iam::111122223333:user/ops/alice', username: 'arn:aws:iam::111122223333:user/ops/alice', groups: ['a', 'b'] }]);
    }
  });

  it('creates mapRoles in an absent ConfigMap', () => {
    const result = addMapping(undefined, { arn: ROLE, username: 'admin' });
    expect(result.data).toEqual({ mapRoles: `- rolearn: ${ROLE}\n  username: admin\n  groups:\n    - system:masters\n` });
  });

  it('quotes templated usernames', () => {
    const result = addMapping({}, { arn: ROLE, username: 'sso-admin:{{SessionName}}' });
    expect(result.data.mapRoles).toContain('username: "sso-admin:{{SessionName}}"');
  });

  it('adds a quoted account once', () => {
    const first = addMapping({ mapAccounts: '- "111122223333"\n' }, { account: '444455556666' });
    expect(first.data.mapAccounts).toBe('- "111122223333"\n- "444455556666"\n');
    const again = addMapping(first.data, { account: '444455556666' });
    expect(again.changed).toBe(false);
  });

  it('patches mapRoles beside a broken mapAccounts', () => {
    const data = fixtureData('broken-map-accounts.yaml');
    const result = addMapping(data, { arn: ROLE });
    expect(result.data.mapAccounts).toBe(data.mapAccounts);
    expect(entriesOf(result.data)).toHaveLength(2);
  });

  it.each([['mis-indented-a.txt'], ['mis-indented-b.txt']])('rejects editing broken %s', (name) => {
    const error = usageErrorOf(() => addMapping({ mapRoles: fixtureText(name) }, { arn: ROLE }));
    expect(error.code).toBe('AwsAuthKeyInvalid');
    expect(error.message).toContain('mapRoles');
    expect(error.message).toMatch(/line \d/);
  });

  it.each([
    ['arn:aws:iam::111122223333:role/teams/*', 'InvalidArn'],
    ['arn:aws:sts::111122223333:role/ops', 'InvalidArn'],
    ['nonsense', 'InvalidArn'],
  ])('rejects principal %s', (arn, code) => {
    expect(usageErrorOf(() => addMapping({}, { arn })).code).toBe(code);
  });

  it('rejects an invalid account', () => {
    const error = usageErrorOf(() => addMapping({}, { account: '1234' }));
    expect(error.message).toContain('"1234"');
  });
});

describe('removeMapping', () => {
  it('removes only the added entry', () => {
    const data = fixtureData('node-roles.yaml');
    const added = addMapping(data, { arn: ROLE });
    const removed = removeMapping(added.data, ROLE);
    expect(removed.removed).toBe(1);
    expect(removed.data).toEqual(data);
  });

  it('removes every duplicate case-insensitively', () => {
    const result = removeMapping(fixtureData('duplicate-arn.yaml'), 'arn:aws:iam::111122223333:role/ADMINS');
    expect(result.removed).toBe(2);
    expect(entriesOf(result.data).map((entry) => entry.arn)).toEqual(['arn:aws:iam::111122223333:role/demo-NodeInstanceRole']);
  });

  it('removes from a JSON list', () => {
    const text = mapRolesVariants()['B-json'] ?? '';
    const added = addMapping({ mapRoles: text }, { arn: ROLE });
    expect(removeMapping(added.data, ROLE).data.mapRoles).toBe(text);
    expect(removeMapping({ mapRoles: text }, 'arn:aws:iam::111122223333:role/demo-NodeInstanceRole').data.mapRoles).toBe('[]');
  });

  it('reports zero when nothing matches', () => {
    const data = fixtureData('role-path.yaml');
    const result = removeMapping(data, 'arn:aws:iam::111122223333:role/nobody');
    expect(result.removed).toBe(0);
    expect(result.data).toEqual(data);
  });
});

describe('addMapping untouched errors', () => {
  const broken = {
    mapRoles: '- rolearn: arn:aws:iam::111122223333:role/demo-NodeInstanceRole\n  groups: [system:nodes]\n',
    mapUsers: '- userarn: arn:aws:iam::111122223333:user/alice\n  groups: [system:masters\n',
    mapAccounts: '- default: 111122223333\n- "not-an-account"\n',
  };

  it('lists the first error of each other key', () => {
    const result = addMapping(broken, { arn: ROLE });
    expect(result.changed).toBe(true);
    expect(result.untouchedErrors.map((finding) => [finding.key, finding.code, finding.line])).toEqual([
      ['mapUsers', 'invalid-yaml', 3],
      ['mapAccounts', 'invalid-entry', 1],
    ]);
  });

  it('leaves out the changed key', () => {
    const result = addMapping({ ...broken, mapRoles: '- rolearn: arn:aws:iam::111122223333:role/a/b\n' }, { arn: ROLE });
    expect(result.untouchedErrors.map((finding) => finding.key)).toEqual(['mapUsers', 'mapAccounts']);
  });

  it('lists them when nothing changes', () => {
    const result = addMapping({ ...broken, mapRoles: `- rolearn: ${ROLE}\n  groups: [system:masters]\n` }, { arn: ROLE });
    expect(result.changed).toBe(false);
    expect(result.untouchedErrors.map((finding) => finding.key)).toEqual(['mapUsers', 'mapAccounts']);
  });

  it('lists them for an added account', () => {
    const result = addMapping({ mapUsers: broken.mapUsers }, { account: '111122223333' });
    expect(result.untouchedErrors.map((finding) => finding.key)).toEqual(['mapUsers']);
  });

  it('is empty for healthy data', () => {
    expect(addMapping(fixtureData('node-roles.yaml'), { arn: ROLE }).untouchedErrors).toEqual([]);
  });
});
