import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  intendedRoleArn,
  keepOneDuplicate,
  lowerCaseFieldNames,
  moveToMapRoles,
  moveToMapUsers,
  quoteAccountIds,
  quoteTemplateUsernames,
  useIamRoleArn,
} from '../../src/aws-auth/fixes.js';
import { lintAwsAuth, parseConfigMapDocument, readAwsAuth } from '../../src/aws-auth/index.js';
import { fixtureData, mapRolesVariants } from '../aws-auth/fixtures.js';

const ACCOUNT = '111122223333';

function repairFixture(name: string): Record<string, string> {
  const path = fileURLToPath(new URL(`../fixtures/repair/${name}`, import.meta.url));
  return parseConfigMapDocument(readFileSync(path, 'utf8')).data;
}

function errorCodes(data: Record<string, string>): string[] {
  return lintAwsAuth(data)
    .filter((finding) => finding.level === 'error')
    .map((finding) => finding.code);
}

function entriesOf(data: Record<string, string>) {
  return readAwsAuth(data).entries.map(({ key, arn, username, groups, readable }) => ({ key, arn, username, groups, readable }));
}

describe('intendedRoleArn', () => {
  it.each([
    [`arn:aws:iam::${ACCOUNT}:role/ci/deploy/demo-runner`, `arn:aws:iam::${ACCOUNT}:role/demo-runner`],
    [`arn:aws-cn:iam::${ACCOUNT}:role/a/b/demo-runner`, `arn:aws-cn:iam::${ACCOUNT}:role/demo-runner`],
    [`arn:aws:sts::${ACCOUNT}:assumed-role/ReadOnly/bob`, `arn:aws:iam::${ACCOUNT}:role/ReadOnly`],
    [`arn:aws:sts::${ACCOUNT}:role/ops`, `arn:aws:iam::${ACCOUNT}:role/ops`],
  ])('maps %s to its IAM role', (arn, expected) => {
    expect(intendedRoleArn(arn)).toBe(expected);
  });

  it.each([`arn:aws:iam::${ACCOUNT}:role/demo-runner`, `arn:aws:iam::${ACCOUNT}:user/alice`, 'not-an-arn'])('leaves %s alone', (arn) => {
    expect(intendedRoleArn(arn)).toBeUndefined();
  });
});

describe('useIamRoleArn', () => {
  it('strips a role path and keeps every other byte', () => {
    const data = fixtureData('role-path.yaml');
    const result = useIamRoleArn(data, { key: 'mapRoles', arn: `arn:aws:iam::${ACCOUNT}:role/ci/deploy/demo-runner` });
    expect(result?.data.mapRoles).toBe(data.mapRoles?.replace('role/ci/deploy/demo-runner', 'role/demo-runner'));
    expect(result?.description).toBe(`mapRoles: arn:aws:iam::${ACCOUNT}:role/ci/deploy/demo-runner becomes arn:aws:iam::${ACCOUNT}:role/demo-runner`);
    expect(errorCodes(result!.data)).toEqual([]);
  });

  it('turns STS ARNs in mapRoles into role ARNs', () => {
    const data = { mapRoles: `- rolearn: arn:aws:sts::${ACCOUNT}:assumed-role/Admin/jane\n  username: admin\n  groups:\n    - system:masters\n` };
    const result = useIamRoleArn(data, { key: 'mapRoles', arn: `arn:aws:sts::${ACCOUNT}:assumed-role/Admin/jane` });
    expect(entriesOf(result!.data)[0]?.arn).toBe(`arn:aws:iam::${ACCOUNT}:role/Admin`);
    expect(result?.description).toContain('maps every session of the role');
  });

  it('fixes the malformed STS role ARN', () => {
    const data = fixtureData('sts-arns.yaml');
    const result = useIamRoleArn(data, { key: 'mapRoles', arn: `arn:aws:sts::${ACCOUNT}:role/ops` });
    expect(result?.data.mapRoles).toBe(data.mapRoles?.replace('arn:aws:sts::', 'arn:aws:iam::'));
    expect(result?.data.mapUsers).toBe(data.mapUsers);
  });

  it('keeps the quoting of the value', () => {
    const data = { mapRoles: `- rolearn: "arn:aws:iam::${ACCOUNT}:role/team/admin"\n  groups: [system:masters]\n` };
    const result = useIamRoleArn(data, { key: 'mapRoles', arn: `arn:aws:iam::${ACCOUNT}:role/team/admin` });
    expect(result?.data.mapRoles).toBe(`- rolearn: "arn:aws:iam::${ACCOUNT}:role/admin"\n  groups: [system:masters]\n`);
  });

  it('edits a JSON list as JSON', () => {
    const json = mapRolesVariants()['B-json']!.replace('role/demo-NodeInstanceRole', 'role/nodes/demo-NodeInstanceRole');
    const result = useIamRoleArn({ mapRoles: json }, { key: 'mapRoles', arn: `arn:aws:iam::${ACCOUNT}:role/nodes/demo-NodeInstanceRole` });
    expect(JSON.parse(result!.data.mapRoles!)).toEqual(JSON.parse(mapRolesVariants()['B-json']!));
  });

  it('declines when the role is mapped already', () => {
    const data = {
      mapRoles: `- rolearn: arn:aws:iam::${ACCOUNT}:role/team/admin\n  groups: [viewers]\n- rolearn: arn:aws:iam::${ACCOUNT}:role/admin\n  groups: [system:masters]\n`,
    };
    expect(useIamRoleArn(data, { key: 'mapRoles', arn: `arn:aws:iam::${ACCOUNT}:role/team/admin` })).toBeNull();
  });

  it('declines an entry that is gone', () => {
    expect(useIamRoleArn(fixtureData('node-roles.yaml'), { key: 'mapRoles', arn: `arn:aws:iam::${ACCOUNT}:role/x/y` })).toBeNull();
  });
});

describe('moving entries between keys', () => {
  it('moves an STS session from mapUsers to mapRoles', () => {
    const data = fixtureData('sts-arns.yaml');
    const result = moveToMapRoles(data, { key: 'mapUsers', arn: `arn:aws:sts::${ACCOUNT}:assumed-role/ReadOnly/bob` });
    const entries = entriesOf(result!.data);
    expect(entries.filter((entry) => entry.key === 'mapUsers')).toEqual([]);
    expect(entries.at(-1)).toEqual({ key: 'mapRoles', arn: `arn:aws:iam::${ACCOUNT}:role/ReadOnly`, username: 'bob', groups: ['system:masters'], readable: true });
    expect(result!.data.mapRoles?.startsWith(data.mapRoles!)).toBe(true);
  });

  it('moves a role with a path to mapRoles and names the fields left behind', () => {
    const data = repairFixture('wrong-keys.yaml');
    const result = moveToMapRoles(data, { key: 'mapUsers', arn: `arn:aws:iam::${ACCOUNT}:role/ops/Operator` });
    const entries = entriesOf(result!.data);
    expect(entries.find((entry) => entry.arn === `arn:aws:iam::${ACCOUNT}:role/Operator`)).toEqual({
      key: 'mapRoles', arn: `arn:aws:iam::${ACCOUNT}:role/Operator`, username: 'operator', groups: ['system:masters'], readable: true,
    });
    expect(result?.description).toContain('the fields comment are not moved');
    expect(result?.data.mapUsers).toBe('- userarn: arn:aws:iam::111122223333:user/bob\n  username: bob\n  groups:\n    - viewers\n');
  });

  it('moves a user from mapRoles to mapUsers', () => {
    const data = repairFixture('wrong-keys.yaml');
    const result = moveToMapUsers(data, { key: 'mapRoles', arn: `arn:aws:iam::${ACCOUNT}:user/alice` });
    const entries = entriesOf(result!.data);
    expect(entries.filter((entry) => entry.key === 'mapRoles').map((entry) => entry.arn)).toEqual([`arn:aws:iam::${ACCOUNT}:role/demo-NodeInstanceRole`]);
    expect(entries.at(-1)).toEqual({ key: 'mapUsers', arn: `arn:aws:iam::${ACCOUNT}:user/alice`, username: 'alice', groups: ['system:masters'], readable: true });
  });

  it('declines to move into a key that does not parse', () => {
    const data = { mapUsers: `- userarn: arn:aws:iam::${ACCOUNT}:role/admin\n  groups: [system:masters]\n`, mapRoles: '- rolearn: x\nusername: y\n' };
    expect(moveToMapRoles(data, { key: 'mapUsers', arn: `arn:aws:iam::${ACCOUNT}:role/admin` })).toBeNull();
  });

  it('leaves the wrong-keys fixture lint-clean after both moves', () => {
    let data = repairFixture('wrong-keys.yaml');
    data = moveToMapRoles(data, { key: 'mapUsers', arn: `arn:aws:iam::${ACCOUNT}:role/ops/Operator` })!.data;
    data = moveToMapUsers(data, { key: 'mapRoles', arn: `arn:aws:iam::${ACCOUNT}:user/alice` })!.data;
    expect(errorCodes(data)).toEqual([]);
    expect(entriesOf(data)).toHaveLength(4);
  });
});

describe('quoting', () => {
  it('quotes template usernames, also in a key that does not parse', () => {
    const data = repairFixture('template-username.yaml');
    expect(errorCodes(data)).toContain('invalid-yaml');
    const result = quoteTemplateUsernames(data, 'mapRoles');
    expect(result?.data.mapRoles).toContain('  username: "{{SessionName}}"\n');
    expect(result?.data.mapRoles).toContain('  username: "{{AccountID}}:{{SessionName}}"\n');
    expect(result?.data.mapRoles).toContain('  username: system:node:{{EC2PrivateDNSName}}\n');
    expect(errorCodes(result!.data)).toEqual([]);
    expect(entriesOf(result!.data).map((entry) => entry.username)).toEqual(['system:node:{{EC2PrivateDNSName}}', '{{SessionName}}', '{{AccountID}}:{{SessionName}}']);
  });

  it('leaves quoted templates alone', () => {
    expect(quoteTemplateUsernames({ mapRoles: '- rolearn: a\n  username: "{{SessionName}}"\n' }, 'mapRoles')).toBeNull();
  });

  it('quotes unquoted account IDs only', () => {
    const result = quoteAccountIds(repairFixture('template-username.yaml'));
    expect(result?.data.mapAccounts).toBe('- "111122223333"\n');
    expect(quoteAccountIds(result!.data)).toBeNull();
  });
});

describe('lowerCaseFieldNames', () => {
  it('renames camelCase fields', () => {
    const result = lowerCaseFieldNames({ mapRoles: mapRolesVariants()['E-camel-case']! }, 'mapRoles');
    expect(result?.data.mapRoles).toBe(mapRolesVariants()['A-block']);
    expect(result?.description).toBe('mapRoles: rename the fields roleARN → rolearn');
  });

  it('keeps a name whose lower-case twin exists', () => {
    const data = { mapRoles: '- roleARN: arn:aws:iam::111122223333:role/a\n  rolearn: arn:aws:iam::111122223333:role/b\n' };
    expect(lowerCaseFieldNames(data, 'mapRoles')).toBeNull();
  });
});

describe('keepOneDuplicate', () => {
  it('keeps the chosen entry and removes the other', () => {
    const data = fixtureData('duplicate-arn.yaml');
    const first = keepOneDuplicate(data, 'mapRoles', `arn:aws:iam::${ACCOUNT}:role/admins`, 0);
    expect(entriesOf(first!.data).map((entry) => entry.groups)).toEqual([['system:bootstrappers', 'system:nodes'], ['system:masters']]);
    expect(first?.description).toBe(`mapRoles: keep mapRoles[1] for arn:aws:iam::${ACCOUNT}:role/admins and remove mapRoles[2]`);
    const last = keepOneDuplicate(data, 'mapRoles', `arn:aws:iam::${ACCOUNT}:role/admins`, 1);
    expect(entriesOf(last!.data).map((entry) => entry.arn)).toEqual([`arn:aws:iam::${ACCOUNT}:role/demo-NodeInstanceRole`, `arn:aws:iam::${ACCOUNT}:role/Admins`]);
    expect(data.mapRoles?.startsWith(first!.data.mapRoles!)).toBe(true);
  });

  it('declines without a duplicate or with a bad position', () => {
    const data = fixtureData('duplicate-arn.yaml');
    expect(keepOneDuplicate(data, 'mapRoles', `arn:aws:iam::${ACCOUNT}:role/admins`, 2)).toBeNull();
    expect(keepOneDuplicate(data, 'mapRoles', `arn:aws:iam::${ACCOUNT}:role/demo-NodeInstanceRole`, 0)).toBeNull();
  });
});
