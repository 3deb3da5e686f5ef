import { describe, expect, it } from 'vitest';
import {
  addProfileSection,
  chooseProfileName,
  findMarkedSections,
  parseAwsConfig,
  profileValues,
  removeAddedSection,
  removeMarkedSection,
} from '../../src/aws-config/index.js';
import { MARKER, TEMP_VALUES, fixture } from './fixtures.js';

const FIXTURES = [
  'prefix-config.ini',
  'crlf.ini',
  'bom.ini',
  'no-final-newline.ini',
  'comments-everywhere.ini',
  'sso-session.ini',
  'duplicates.ini',
  'credential-source-candidates.ini',
];

describe('addProfileSection', () => {
  it('appends the block with the marker after the header', () => {
    const original = fixture('prefix-config.ini');
    const { text, added } = addProfileSection(original, 'eks-temp', TEMP_VALUES, MARKER);
    expect(text.startsWith(original)).toBe(true);
    expect(text.slice(original.length)).toBe(
      '\n[profile eks-temp]\n' +
        `${MARKER}\n` +
        'region = eu-west-1\n' +
        'role_arn = arn:aws:iam::111122223333:role/demo-admin\n' +
        'role_session_name = eks-recover-alice\n' +
        'source_profile = bob\n',
    );
    expect(added).toMatchObject({ name: 'eks-temp', offset: original.length, separator: '\n' });
  });

  it.each(FIXTURES)('keeps every byte of %s and adds no finding', (name) => {
    const original = fixture(name);
    const { text } = addProfileSection(original, 'eks-added', TEMP_VALUES, MARKER);
    expect(text.startsWith(original)).toBe(true);
    const before = parseAwsConfig(original, 'config').findings.map((finding) => finding.code);
    const after = parseAwsConfig(text, 'config').findings.map((finding) => finding.code);
    expect(after).toEqual(before);
    expect(profileValues(text, undefined, 'eks-added')?.role_arn).toBe('arn:aws:iam::111122223333:role/demo-admin');
  });

  it('follows CRLF line endings', () => {
    const { added } = addProfileSection(fixture('crlf.ini'), 'eks-temp', TEMP_VALUES, MARKER);
    expect(added.separator).toBe('\r\n');
    expect(added.text.split('\r\n')).toHaveLength(7);
    expect(added.text.replace(/\r\n/g, '')).not.toContain('\n');
  });

  it('ends an unterminated last line first', () => {
    const original = fixture('no-final-newline.ini');
    const { text, added } = addProfileSection(original, 'eks-temp', TEMP_VALUES, MARKER);
    expect(added.separator).toBe('\n\n');
    expect(text).toContain('region = eu-west-2\n\n[profile eks-temp]\n');
  });

  it.each([
    ['empty file', '', ''],
    ['blank last line', '[default]\nregion = x\n\n', ''],
    ['whitespace without newline', '[default]\n  ', '\n\n'],
  ])('separates the section in %s', (_name, original, separator) => {
    expect(addProfileSection(original, 'eks-temp', TEMP_VALUES, MARKER).added.separator).toBe(separator);
  });

  it('rejects a name that exists', () => {
    const original = '[profile eks-temp]\nregion = x\n';
    expect(() => addProfileSection(original, 'eks-temp', TEMP_VALUES, MARKER)).toThrow(/already has profile eks-temp on line 1/);
  });

  it.each([
    ['bad name', 'eks temp', TEMP_VALUES, /Invalid profile name "eks temp"/],
    ['inline comment in value', 'eks-temp', [['region', 'x # y']], /Invalid value "x # y"/],
    ['newline in value', 'eks-temp', [['region', 'x\ny']], /Invalid value/],
    ['bad key', 'eks-temp', [['re gion', 'x']], /Invalid key "re gion"/],
  ] as const)('rejects %s', (_case, name, values, message) => {
    expect(() => addProfileSection('', name, values, MARKER)).toThrow(message);
  });

  it('rejects a marker that is not a comment', () => {
    expect(() => addProfileSection('', 'eks-temp', TEMP_VALUES, 'written by eks-recover')).toThrow(/comment line/);
  });
});

describe('removeAddedSection', () => {
  it.each(FIXTURES)('restores %s byte for byte', (name) => {
    const original = fixture(name);
    const { text, added } = addProfileSection(original, 'eks-temp-9', TEMP_VALUES, MARKER);
    expect(removeAddedSection(text, added)).toEqual({ text: original, removed: true });
  });

  it('keeps edits made elsewhere in between', () => {
    const original = fixture('sso-session.ini');
    const { text, added } = addProfileSection(original, 'eks-temp', TEMP_VALUES, MARKER);
    const edited = '# new first line\n' + text.replace('region = eu-west-1\n', 'region = eu-west-3\n') + '[profile later]\nregion = x\n';
    const result = removeAddedSection(edited, added);
    expect(result.removed).toBe(true);
    expect(result.text).toBe('# new first line\n' + original.replace('region = eu-west-1\n', 'region = eu-west-3\n') + '[profile later]\nregion = x\n');
  });

  it('keeps the line ending of a user line', () => {
    const { text, added } = addProfileSection('[default]\nregion = x', 'eks-temp', TEMP_VALUES, MARKER);
    const edited = text.replace('x\n\n', 'x\n');
    expect(removeAddedSection(edited, added)).toEqual({ text: '[default]\nregion = x\n', removed: true });
  });

  it('reports a section already gone', () => {
    const { added } = addProfileSection('[default]\n', 'eks-temp', TEMP_VALUES, MARKER);
    expect(removeAddedSection('[default]\n', added)).toEqual({ text: '[default]\n', removed: false });
  });

  it('leaves a section the user changed', () => {
    const { text, added } = addProfileSection('[default]\n', 'eks-temp', TEMP_VALUES, MARKER);
    const edited = text.replace('region = eu-west-1', 'region = us-east-2');
    expect(removeAddedSection(edited, added)).toEqual({ text: edited, removed: false });
  });

  it('removes the section when its blank line is gone', () => {
    const { text, added } = addProfileSection('[default]\n', 'eks-temp', TEMP_VALUES, MARKER);
    expect(removeAddedSection(text.replace('\n\n', '\n'), added)).toEqual({ text: '[default]\n', removed: true });
  });
});

describe('chooseProfileName', () => {
  it('takes the base name when it is free', () => {
    expect(chooseProfileName(fixture('prefix-config.ini'), 'eks-temp', MARKER)).toEqual({ name: 'eks-temp', reusesOwnSection: false });
  });

  it('never reuses a section it did not write', () => {
    const text = fixture('credential-source-candidates.ini');
    expect(chooseProfileName(text, 'eks-temp', MARKER)).toEqual({ name: 'eks-temp-2', reusesOwnSection: false });
  });

  it('skips names taken in the credentials file', () => {
    expect(chooseProfileName('', 'eks-temp', MARKER, '[eks-temp]\naws_access_key_id = AKIAEXAMPLE\n').name).toBe('eks-temp-2');
  });

  it('reuses its own marked section', () => {
    const { text } = addProfileSection('[profile eks-temp]\nregion = x\n', 'eks-temp-2', TEMP_VALUES, MARKER);
    expect(chooseProfileName(text, 'eks-temp', MARKER)).toEqual({ name: 'eks-temp-2', reusesOwnSection: true });
  });

  it('treats a marker further down as not its own', () => {
    const text = `[profile eks-temp]\nregion = x\n${MARKER}\n`;
    expect(chooseProfileName(text, 'eks-temp', MARKER).name).toBe('eks-temp-2');
  });
});

describe('findMarkedSections', () => {
  it('finds only marked profile sections', () => {
    let text = fixture('comments-everywhere.ini');
    text = addProfileSection(text, 'eks-temp', TEMP_VALUES, MARKER).text;
    text = addProfileSection(text, 'eks-temp-2', TEMP_VALUES, MARKER).text;
    expect(findMarkedSections(text, MARKER).map((section) => section.name)).toEqual(['eks-temp', 'eks-temp-2']);
  });

  it('removes a marked section without a journal', () => {
    const original = fixture('sso-session.ini');
    const { text } = addProfileSection(original, 'eks-temp', TEMP_VALUES, MARKER);
    const withLater = text + '\n[profile later]\nregion = x\n';
    const [section] = findMarkedSections(withLater, MARKER);
    expect(removeMarkedSection(withLater, section!)).toBe(original + '\n[profile later]\nregion = x\n');
  });
});
