import { describe, expect, it } from 'vitest';
import { listProfiles, parseAwsConfig, profileValues, ssoSessionValues } from '../../src/aws-config/index.js';
import { fixture } from './fixtures.js';

const codes = (text: string, kind: 'config' | 'credentials' = 'config') =>
  parseAwsConfig(text, kind).findings.map((finding) => `${finding.line}:${finding.code}`);

describe('parseAwsConfig', () => {
  it('classifies section kinds in the config file', () => {
    const { sections } = parseAwsConfig(fixture('comments-everywhere.ini') + fixture('sso-session.ini'), 'config');
    expect(sections.map((section) => [section.kind, section.name])).toEqual([
      ['default', 'default'],
      ['services', 'local'],
      ['profile', 'bob'],
      ['sso-session', 'corp'],
      ['profile', 'alice-sso'],
    ]);
  });

  it('reads values, nested blocks and comments as the SDK does', () => {
    const [first, services, bob] = parseAwsConfig(fixture('comments-everywhere.ini'), 'config').sections;
    expect(first?.values).toEqual({ region: 'us-east-1', output: 'json' });
    expect(services?.values).toEqual({
      's3.endpoint_url': 'http://127.0.0.1:9000',
      'sts.endpoint_url': 'http://127.0.0.1:9001',
    });
    expect(bob?.values).toEqual({
      region: 'eu-west-2',
      's3.max_concurrent_requests': '20',
      's3.max_queue_size': '1000',
    });
  });

  it('records header text and line ranges', () => {
    const [first, second] = parseAwsConfig(fixture('prefix-config.ini'), 'config').sections;
    expect(first).toMatchObject({ header: '[default]', startLine: 1, endLine: 3 });
    expect(second).toMatchObject({ kind: 'bare', name: 'alice', startLine: 4, endLine: 6 });
  });

  it('reports a bare section in the config file with the fix', () => {
    const { findings } = parseAwsConfig(fixture('prefix-config.ini'), 'config');
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ level: 'warning', code: 'bare-section-in-config', line: 4 });
    expect(findings[0]?.message).toContain('[profile alice]');
  });

  it('accepts bare sections in the credentials file', () => {
    expect(codes(fixture('prefix-credentials.ini'), 'credentials')).toEqual([]);
  });

  it('flags a prefixed section in the credentials file', () => {
    const { findings } = parseAwsConfig('[profile bob]\naws_access_key_id = AKIAEXAMPLE\n', 'credentials');
    expect(findings[0]?.code).toBe('prefixed-section-in-credentials');
    expect(findings[0]?.message).toContain('Rename it to [bob]');
  });

  it('reports duplicate sections and keys as AWS CLI errors', () => {
    const { findings } = parseAwsConfig(fixture('duplicates.ini'), 'config');
    expect(findings.map((finding) => `${finding.line}:${finding.level}:${finding.code}`)).toEqual([
      '6:error:duplicate-key',
      '8:error:duplicate-section',
    ]);
    expect(findings[1]?.message).toContain('Merge the two sections');
    expect(findings[1]?.message).toContain('line 1');
  });

  it('merges duplicate sections as the SDK does', () => {
    expect(profileValues(fixture('duplicates.ini'), undefined, 'bob')).toEqual({ region: 'eu-west-2', output: 'json' });
  });

  it.each([
    ['key before any section', 'region = x\n[default]\n', ['1:missing-section-header']],
    ['line without a key', '[default]\nregion = x\nbogus\n', ['3:invalid-line']],
    ['byte-order mark', '\uFEFF[default]\nregion = x\n', ['1:byte-order-mark']],
    ['indented continuation', '[default]\nregion = x\n  more\n', []],
    ['nested block keys', '[default]\ns3 =\n  a = 1\n  a = 2\n', []],
    ['colon delimiter', '[default]\nregion : x\nRegion = y\n', ['3:duplicate-key']],
    ['section with trailing comment', '[default] # main\nregion = x\n', []],
  ])('finds AWS CLI problems: %s', (_name, text, expected) => {
    expect(codes(text)).toEqual(expected);
  });

  it.each([
    ['crlf.ini', '\r\n', false],
    ['bom.ini', '\n', true],
    ['no-final-newline.ini', '\n', false],
  ])('detects the format of %s', (name, lineEnding, hasBom) => {
    const parsed = parseAwsConfig(fixture(name), 'config');
    expect(parsed.lineEnding).toBe(lineEnding);
    expect(parsed.hasBom).toBe(hasBom);
    expect(parsed.sections[0]?.values.region).toBe('us-east-1');
  });

  it('reads the last value of a file without final newline', () => {
    expect(profileValues(fixture('no-final-newline.ini'), undefined, 'bob')).toEqual({ region: 'eu-west-2' });
  });
});

describe('profiles', () => {
  it('lists profiles with the right prefix rules', () => {
    const profiles = listProfiles(fixture('prefix-config.ini'), fixture('prefix-credentials.ini'));
    expect(profiles.sort()).toEqual(['bob', 'default']);
  });

  it('merges config and credentials, credentials last', () => {
    const values = profileValues('[profile bob]\nregion = eu-west-2\noutput = json\n', '[bob]\noutput = text\n', 'bob');
    expect(values).toEqual({ region: 'eu-west-2', output: 'text' });
  });

  it('does not treat a bare config section as a profile', () => {
    expect(profileValues(fixture('prefix-config.ini'), undefined, 'alice')).toBeUndefined();
  });

  it('keeps sso-session apart from profiles', () => {
    const text = fixture('sso-session.ini');
    expect(listProfiles(text, undefined)).toEqual(['alice-sso']);
    expect(ssoSessionValues(text, 'corp')?.sso_region).toBe('us-east-1');
    expect(profileValues(text, undefined, 'corp')).toBeUndefined();
  });
});
