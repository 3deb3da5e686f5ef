import { describe, expect, it } from 'vitest';
import { accessEntryPrincipalArn, AWS_PARTITIONS, awsAuthPrincipalArn, parseArn, quoteText, sameArn } from '../../src/aws/arn.js';
import { UsageError } from '../../src/errors.js';

const SSO_NAME = 'AWSReservedSSO_AdministratorAccess_0123456789abcdef';

function thrown(fn: () => unknown): UsageError {
  try {
    fn();
  } catch (error) {
    if (error instanceof UsageError) return error;
    throw error;
  }
  throw new Error('expected a UsageError');
}

describe('parseArn', () => {
  it.each([
    ['arn:aws:iam::111122223333:user/alice', 'user', '/', 'alice'],
    ['arn:aws:iam::111122223333:user/ops/team/alice', 'user', '/ops/team/', 'alice'],
    ['arn:aws:iam::111122223333:role/ci/deploy/demo-runner', 'role', '/ci/deploy/', 'demo-runner'],
    ['arn:aws:sts::111122223333:assumed-role/ReadOnly/bob', 'assumed-role', '/', 'ReadOnly'],
    ['arn:aws:sts::111122223333:federated-user/bob', 'federated-user', '/', 'bob'],
    ['arn:aws:iam::111122223333:root', 'root', '/', ''],
    ['arn:aws:sts::111122223333:role/ops', 'other', '/', 'ops'],
    ['arn:aws:s3:::bucket/key', 'other', '/', 'key'],
  ])('classifies %s', (arn, kind, path, name) => {
    const parsed = parseArn(arn);
    expect(parsed.kind).toBe(kind);
    expect(parsed.resourcePath).toBe(path);
    expect(parsed.name).toBe(name);
    expect(parsed.arn).toBe(arn);
  });

  it('keeps the session name of an assumed role', () => {
    const parsed = parseArn(`arn:aws:sts::111122223333:assumed-role/${SSO_NAME}/alice@example.com`);
    expect(parsed.sessionName).toBe('alice@example.com');
    expect(parsed.ssoReserved).toBe(true);
    expect(parsed.accountId).toBe('111122223333');
  });

  it('marks IAM Identity Center roles', () => {
    expect(parseArn(`arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/eu-west-2/${SSO_NAME}`).ssoReserved).toBe(true);
    expect(parseArn('arn:aws:iam::111122223333:role/admin').ssoReserved).toBe(false);
  });

  it.each(AWS_PARTITIONS.map((partition) => [partition]))('accepts partition %s', (partition) => {
    expect(parseArn(`arn:${partition}:iam::111122223333:role/admin`).partition).toBe(partition);
  });

  it.each([
    ['not-an-arn', 'not an ARN'],
    ['arn:aws:iam::111122223333', 'not an ARN'],
    ['arn:aws-mars:iam::111122223333:role/admin', 'partition "aws-mars"'],
    ['arn:aws:iam::111122223333:role/teams/*', 'wildcards'],
    ['arn:aws:iam::111122223333:role/admin?', 'wildcards'],
  ])('rejects %s', (arn, reason) => {
    const error = thrown(() => parseArn(arn));
    expect(error.code).toBe('InvalidArn');
    expect(error.message).toContain(arn);
    expect(error.message).toContain(reason);
    expect(error.exitCode).toBe(2);
  });
});

describe('parseArn unprintable characters', () => {
  it.each([
    ['escape sequence', 'arn:aws:iam::111122223333:role/p/\u001b]0;PWNED\u0007\u001b[31mred', String.raw`"arn:aws:iam::111122223333:role/p/\u001b]0;PWNED\u0007\u001b[31mred"`],
    ['carriage return', 'arn:aws:iam::111122223333:role/admin\r', String.raw`"arn:aws:iam::111122223333:role/admin\r"`],
    ['space', 'arn:aws:iam::111122223333:role/ad min', '"arn:aws:iam::111122223333:role/ad min"'],
    ['leading space', ' arn:aws:iam::111122223333:role/admin', '" arn:aws:iam::111122223333:role/admin"'],
    ['no-break space', 'arn:aws:iam::111122223333:role/ad\u00a0min', '"arn:aws:iam::111122223333:role/ad\u00a0min"'],
    ['DEL', 'arn:aws:iam::111122223333:role/ad\u007fmin', String.raw`"arn:aws:iam::111122223333:role/ad\u007fmin"`],
    ['C1 control', 'arn:aws:iam::111122223333:role/ad\u009bmin', String.raw`"arn:aws:iam::111122223333:role/ad\u009bmin"`],
    ['bidirectional override', 'arn:aws:iam::111122223333:role/ad\u202emin', String.raw`"arn:aws:iam::111122223333:role/ad\u202emin"`],
    ['control in the service', 'arn:aws:i\u0000am::111122223333:role/admin', String.raw`"arn:aws:i\u0000am::111122223333:role/admin"`],
  ])('rejects a %s and shows it escaped', (_name, arn, quoted) => {
    const error = thrown(() => parseArn(arn));
    expect(error.code).toBe('InvalidArn');
    expect(error.exitCode).toBe(2);
    expect(error.message).toContain(`Invalid ARN ${quoted}: it contains a control character or whitespace`);
  });

  it('rejects them with wildcards allowed', () => {
    expect(thrown(() => parseArn('arn:aws:iam::111122223333:role/*\u001b', { allowWildcards: true })).code).toBe('InvalidArn');
  });

  it('parses a wildcard when allowed', () => {
    const parsed = parseArn('arn:aws:iam::111122223333:role/teams/*', { allowWildcards: true });
    expect(parsed.resourcePath).toBe('/teams/');
    expect(parsed.name).toBe('*');
  });
});

describe('quoteText', () => {
  it.each([
    ['plain', 'role/admin', '"role/admin"'],
    ['quote and backslash', 'a"b\\c', String.raw`"a\"b\\c"`],
    ['astral format character', 'a\u{e0001}b', String.raw`"a\udb40\udc01b"`],
    ['line separator', 'a\u2028b', String.raw`"a\u2028b"`],
  ])('quotes %s', (_name, text, quoted) => {
    expect(quoteText(text)).toBe(quoted);
  });
});

describe('awsAuthPrincipalArn', () => {
  it('strips a role path', () => {
    const result = awsAuthPrincipalArn('arn:aws:iam::111122223333:role/ci/deploy/demo-runner');
    expect(result.arn).toBe('arn:aws:iam::111122223333:role/demo-runner');
    expect(result.key).toBe('mapRoles');
    expect(result.changes).toHaveLength(1);
  });

  it('keeps the partition', () => {
    expect(awsAuthPrincipalArn('arn:aws-cn:iam::111122223333:role/a/b/demo-runner').arn).toBe('arn:aws-cn:iam::111122223333:role/demo-runner');
  });

  it('returns a path-less role unchanged', () => {
    const result = awsAuthPrincipalArn('arn:aws:iam::111122223333:role/demo-runner');
    expect(result.arn).toBe('arn:aws:iam::111122223333:role/demo-runner');
    expect(result.changes).toEqual([]);
  });

  it.each([
    `arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/eu-west-2/${SSO_NAME}`,
    `arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/${SSO_NAME}`,
    `arn:aws:sts::111122223333:assumed-role/${SSO_NAME}/alice@example.com`,
  ])('maps the SSO role %s by name', (arn) => {
    const result = awsAuthPrincipalArn(arn);
    expect(result.arn).toBe(`arn:aws:iam::111122223333:role/${SSO_NAME}`);
    expect(result.arn).not.toContain('alice');
    expect(result.key).toBe('mapRoles');
  });

  it('turns an assumed-role session into its role', () => {
    const result = awsAuthPrincipalArn('arn:aws:sts::111122223333:assumed-role/ReadOnly/bob');
    expect(result.arn).toBe('arn:aws:iam::111122223333:role/ReadOnly');
    expect(result.key).toBe('mapRoles');
  });

  it.each([
    ['arn:aws:iam::111122223333:user/ops/alice', 'arn:aws:iam::111122223333:user/ops/alice'],
    ['arn:aws:sts::111122223333:federated-user/bob', 'arn:aws:sts::111122223333:federated-user/bob'],
    ['arn:aws-us-gov:iam::111122223333:root', 'arn:aws-us-gov:iam::111122223333:root'],
  ])('puts %s in mapUsers', (arn, expected) => {
    const result = awsAuthPrincipalArn(arn);
    expect(result.arn).toBe(expected);
    expect(result.key).toBe('mapUsers');
  });

  it.each([
    'arn:aws:sts::111122223333:role/ops',
    'arn:aws:s3:::bucket',
    'arn:aws:iam::1234:role/admin',
    'arn:aws:iam::111122223333:role/teams/*',
  ])('rejects %s', (arn) => {
    const error = thrown(() => awsAuthPrincipalArn(arn));
    expect(error.code).toBe('InvalidArn');
    expect(error.message).toContain(arn);
  });
});

describe('accessEntryPrincipalArn', () => {
  it('keeps a role path', () => {
    const arn = 'arn:aws:iam::111122223333:role/ci/deploy/demo-runner';
    expect(accessEntryPrincipalArn(arn)).toBe(arn);
  });

  it('keeps the SSO role path', () => {
    const arn = `arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/eu-west-2/${SSO_NAME}`;
    expect(accessEntryPrincipalArn(arn)).toBe(arn);
  });

  it('builds a session role from its path', () => {
    const arn = `arn:aws:sts::111122223333:assumed-role/${SSO_NAME}/alice@example.com`;
    expect(accessEntryPrincipalArn(arn, '/aws-reserved/sso.amazonaws.com/')).toBe(`arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/${SSO_NAME}`);
    expect(accessEntryPrincipalArn(arn, '/')).toBe(`arn:aws:iam::111122223333:role/${SSO_NAME}`);
  });

  it('requires the path of a session role', () => {
    const error = thrown(() => accessEntryPrincipalArn('arn:aws:sts::111122223333:assumed-role/ReadOnly/bob'));
    expect(error.code).toBe('RolePathUnknown');
    expect(error.hint).toContain('aws iam get-role --role-name ReadOnly');
  });

  it.each(['arn:aws:sts::111122223333:federated-user/bob', 'arn:aws:iam::111122223333:root', 'arn:aws:iam::111122223333:role/teams/*'])(
    'rejects %s',
    (arn) => {
      expect(thrown(() => accessEntryPrincipalArn(arn)).code).toBe('InvalidArn');
    },
  );
});

describe('sameArn', () => {
  it('ignores case', () => {
    expect(sameArn('arn:aws:iam::111122223333:role/Admins', 'arn:aws:iam::111122223333:role/admins')).toBe(true);
  });

  it('compares the whole ARN', () => {
    expect(sameArn('arn:aws:iam::111122223333:role/admins', 'arn:aws:iam::111122223333:role/x/admins')).toBe(false);
  });
});
