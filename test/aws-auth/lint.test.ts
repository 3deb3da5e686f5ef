import { describe, expect, it } from 'vitest';
import { lintAwsAuth, readAwsAuth, type Finding } from '../../src/aws-auth/index.js';
import { fixtureData, fixtureText, mapRolesVariants } from './fixtures.js';

const NODE = 'arn:aws:iam::111122223333:role/demo-NodeInstanceRole';

function codes(findings: Finding[]): string[] {
  return findings.map((finding) => `${finding.level} ${finding.code} ${finding.key}[${finding.index}]`);
}

describe('readAwsAuth formats', () => {
  const expected = [{ arn: NODE, username: 'system:node:{{EC2PrivateDNSName}}', groups: ['system:bootstrappers', 'system:nodes'] }];

  it.each(Object.entries(mapRolesVariants()))('reads mapRoles variant %s', (_name, text) => {
    const { entries } = readAwsAuth({ mapRoles: text });
    expect(entries.map(({ arn, username, groups }) => ({ arn, username, groups }))).toEqual(expected);
    expect(entries[0]?.readable).toBe(true);
  });

  it('warns about a camelCase field name', () => {
    const findings = lintAwsAuth({ mapRoles: mapRolesVariants()['E-camel-case'] ?? '' });
    expect(codes(findings)).toEqual(['warning field-name-case mapRoles[0]']);
    expect(findings[0]?.message).toContain('"roleARN"');
  });

  it.each([['[]'], [''], ['""'], ["''"], ['# nothing yet\n'], ['null']])('reads %j as no entries', (text) => {
    const reading = readAwsAuth({ mapUsers: text, mapAccounts: text, mapRoles: text });
    expect(reading.entries).toEqual([]);
    expect(reading.accounts).toEqual([]);
    expect(reading.findings).toEqual([]);
  });

  it('reads entries from an absent ConfigMap', () => {
    expect(readAwsAuth(undefined)).toEqual({ entries: [], accounts: [], findings: [] });
  });

  it('reads quoted and unquoted accounts', () => {
    const reading = readAwsAuth({ mapAccounts: '- "111122223333"\n- 444455556666\n' });
    expect(reading.accounts).toEqual(['111122223333', '444455556666']);
    expect(codes(reading.findings)).toEqual(['warning unquoted-account-id mapAccounts[1]']);
  });

  it('counts entry lines within the key', () => {
    const { entries } = readAwsAuth(fixtureData('node-roles.yaml'));
    expect(entries.map((entry) => entry.line)).toEqual([1, 6, 11]);
  });
});

describe('lintAwsAuth cases', () => {
  it('flags a role ARN with a path', () => {
    const findings = lintAwsAuth(fixtureData('role-path.yaml'));
    expect(codes(findings)).toEqual(['error role-arn-has-path mapRoles[1]']);
    expect(findings[0]?.message).toContain('arn:aws:iam::111122223333:role/demo-runner');
    expect(findings[0]?.line).toBe(6);
  });

  it('flags SSO role ARNs with their path', () => {
    const arn = 'arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/eu-west-2/AWSReservedSSO_AdministratorAccess_0123456789abcdef';
    const findings = lintAwsAuth({ mapRoles: `- rolearn: ${arn}\n  username: admin\n  groups: [system:masters, system:nodes]\n` });
    expect(codes(findings)).toEqual(['error role-arn-has-path mapRoles[0]']);
    expect(findings[0]?.message).toContain('use arn:aws:iam::111122223333:role/AWSReservedSSO_AdministratorAccess_0123456789abcdef');
  });

  it('flags STS ARNs in both keys', () => {
    const findings = lintAwsAuth(fixtureData('sts-arns.yaml'));
    expect(codes(findings)).toEqual(['error sts-arn mapUsers[0]', 'error invalid-arn mapRoles[0]', 'warning no-node-role mapRoles[null]']);
    expect(findings[0]?.message).toContain('arn:aws:iam::111122223333:role/ReadOnly');
    expect(findings[1]?.message).toContain('STS has no "role" resource');
  });

  it('flags federated users in mapRoles', () => {
    const findings = lintAwsAuth({ mapRoles: '- rolearn: arn:aws:sts::111122223333:federated-user/bob\n  groups: [system:nodes]\n' });
    expect(codes(findings)).toEqual(['error user-in-map-roles mapRoles[0]']);
  });

  it('flags roles in mapUsers', () => {
    const findings = lintAwsAuth({ mapUsers: '- userarn: arn:aws:iam::111122223333:role/admin\n  username: admin\n' });
    expect(codes(findings)).toContain('error role-in-map-users mapUsers[0]');
  });

  it('reports which duplicate wins', () => {
    const findings = lintAwsAuth(fixtureData('duplicate-arn.yaml'));
    expect(codes(findings)).toEqual(['error duplicate-arn mapRoles[1]']);
    expect(findings[0]?.message).toContain('uses only the last entry, mapRoles[2]');
    expect(findings[0]?.message).toContain('system:masters');
  });

  it('warns about a harmless duplicate', () => {
    const entry = `- rolearn: ${NODE}\n  groups: [system:nodes]\n`;
    expect(codes(lintAwsAuth({ mapRoles: entry + entry }))).toEqual(['warning duplicate-arn mapRoles[0]']);
  });

  it('reports a wildcard and a role path', () => {
    const findings = lintAwsAuth(fixtureData('wildcard.yaml'));
    expect(codes(findings)).toEqual(['error wildcard-arn mapRoles[0]', 'error role-arn-has-path mapRoles[0]', 'warning no-node-role mapRoles[null]']);
    expect(findings[1]?.message).toContain('the path "/teams/"');
    expect(findings[1]?.message).not.toContain('use arn:');
  });

  it('reports a wildcard user in mapRoles', () => {
    const findings = lintAwsAuth({ mapRoles: '- rolearn: arn:aws:iam::111122223333:user/ops-*\n  groups: [system:nodes]\n' });
    expect(codes(findings)).toEqual(['error wildcard-arn mapRoles[0]', 'error user-in-map-roles mapRoles[0]']);
  });

  it.each([
    ['an escape sequence', 'arn:aws:iam::111122223333:role/p/\u001b]0;PWNED\u0007\u001b[31mred', String.raw`role/p/\u001b]0;PWNED\u0007\u001b[31mred`],
    ['a tab', 'arn:aws:iam::111122223333:role/ad\tmin', String.raw`role/ad\tmin`],
    ['a DEL character', 'arn:aws:iam::111122223333:role/ad\u007fmin', String.raw`role/ad\u007fmin`],
    ['a bidirectional override', 'arn:aws:iam::111122223333:role/ad\u202emin', String.raw`role/ad\u202emin`],
  ])('reports an ARN with %s as invalid', (_name, arn, escaped) => {
    const findings = lintAwsAuth({ mapRoles: `- rolearn: ${JSON.stringify(arn)}\n  groups: [system:nodes]\n` });
    expect(codes(findings)).toEqual(['error invalid-arn mapRoles[0]']);
    expect(findings[0]?.message).toContain(escaped);
    expect([...(findings[0]?.message ?? '')].filter((char) => /\p{Cc}|\p{Cf}/u.test(char))).toEqual([]);
  });

  it('reports mis-indented keys with the line', () => {
    const a = lintAwsAuth({ mapRoles: fixtureText('mis-indented-a.txt') });
    expect(codes(a)).toEqual(['error invalid-yaml mapRoles[null]']);
    expect(a[0]?.line).toBe(2);
    const b = lintAwsAuth({ mapRoles: fixtureText('mis-indented-b.txt') });
    expect(codes(b)).toEqual(['error invalid-yaml mapRoles[null]']);
    expect(b[0]?.line).toBe(3);
  });

  it('keeps reading keys beside a broken one', () => {
    const data = { ...fixtureData('broken-map-accounts.yaml'), mapUsers: '- userarn: arn:aws:iam::111122223333:user/alice\n  groups: [system:masters]\n' };
    const reading = readAwsAuth(data);
    expect(reading.entries.map((entry) => entry.arn)).toEqual([NODE, 'arn:aws:iam::111122223333:user/alice']);
    expect(codes(reading.findings)).toEqual(['error invalid-entry mapAccounts[0]']);
  });

  it('reads a broken mapRoles as no roles', () => {
    const reading = readAwsAuth({ mapRoles: fixtureText('mis-indented-a.txt'), mapUsers: '[]' });
    expect(reading.entries).toEqual([]);
  });

  it('finds nothing in healthy node roles', () => {
    expect(lintAwsAuth(fixtureData('node-roles.yaml'))).toEqual([]);
  });
});

describe('lintAwsAuth entry checks', () => {
  it.each([
    ['- username: x\n  groups: [a]\n', 'no rolearn'],
    ['- userarn: arn:aws:iam::111122223333:user/a\n', 'move it to mapUsers'],
    ['- rolearn: 42\n', 'must be a string'],
    [`- rolearn: ${NODE}\n  username: [a]\n  groups: [system:nodes]\n`, '"username" must be a string'],
    [`- rolearn: ${NODE}\n  groups: system:nodes\n`, 'must be a list'],
    [`- rolearn: ${NODE}\n  userarn: arn:aws:iam::111122223333:user/a\n  groups: [system:nodes]\n`, 'both rolearn and userarn'],
    ['- just-a-string\n', 'not a mapping'],
  ])('rejects entry %j', (text, message) => {
    const errors = lintAwsAuth({ mapRoles: text }).filter((finding) => finding.level === 'error');
    expect(errors.map((finding) => finding.code)).toContain('invalid-entry');
    expect(errors.map((finding) => finding.message).join('\n')).toContain(message);
  });

  it('warns about unknown fields and keys', () => {
    const findings = lintAwsAuth({ mapRoles: `- rolearn: ${NODE}\n  groups: [system:nodes]\n  team: a\n`, mapusers: '[]' });
    expect(codes(findings)).toEqual(['warning unknown-field mapRoles[0]', 'warning unknown-key mapusers[null]']);
    expect(findings[1]?.message).toContain('did you mean mapUsers');
  });

  it('reports a non-list key', () => {
    const findings = lintAwsAuth({ mapRoles: `rolearn: ${NODE}\n` });
    expect(codes(findings)).toEqual(['error invalid-yaml mapRoles[null]']);
    expect(findings[0]?.message).toContain('not a list');
  });

  it.each([
    ['- "1111"\n', 'not a 12-digit'],
    ['- [111122223333]\n', 'not an account ID'],
  ])('rejects account %j', (text, message) => {
    const findings = lintAwsAuth({ mapAccounts: text });
    expect(codes(findings)).toEqual(['error invalid-entry mapAccounts[0]']);
    expect(findings[0]?.message).toContain(message);
  });

  it.each([
    ['arn:aws:iam:us-east-1:111122223333:role/x', 'region'],
    ['arn:aws:iam::1234:role/x', '12-digit'],
    ['arn:aws:eks::111122223333:cluster/x', 'not an IAM'],
    ['not-an-arn', 'not an ARN'],
  ])('rejects ARN %s', (arn, message) => {
    const findings = lintAwsAuth({ mapRoles: `- rolearn: ${arn}\n  groups: [system:nodes]\n` });
    expect(codes(findings)).toEqual(['error invalid-arn mapRoles[0]']);
    expect(findings[0]?.message).toContain(message);
  });
});
