import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addProfileSection,
  chooseProfileName,
  listProfiles,
  profileValues,
  removeAddedSection,
} from '../../src/aws-config/index.js';
import { MARKER, TEMP_VALUES } from './fixtures.js';

const name = fc.constantFrom('default', 'bob', 'eks-temp', 'eks-temp-2', 'alice', 'corp');
const word = fc.stringMatching(/^[a-z0-9_:/.-]{1,12}$/);
const line = fc.oneof(
  name.map((n) => (n === 'default' ? '[default]' : `[profile ${n}]`)),
  name.map((n) => `[${n}]`),
  name.map((n) => `[sso-session ${n}]`),
  fc.constant('[services local]'),
  fc.constant(MARKER),
  fc.tuple(word, word).map(([key, value]) => `${key} = ${value}`),
  word.map((key) => `${key} =`),
  fc.tuple(word, word).map(([key, value]) => `  ${key} = ${value}`),
  word.map((text) => `# ${text}`),
  word.map((text) => `; ${text}`),
  fc.constantFrom('', '   ', '\t'),
);

/** Config files with any line ending, an optional byte-order mark and an optional final newline. */
const configFile = fc
  .record({
    lines: fc.array(line, { maxLength: 25 }),
    eol: fc.constantFrom('\n', '\r\n'),
    bom: fc.boolean(),
    finalNewline: fc.boolean(),
  })
  .map(({ lines, eol, bom, finalNewline }) => {
    const body = lines.join(eol) + (finalNewline && lines.length > 0 ? eol : '');
    return (bom ? '\uFEFF' : '') + body;
  });

function addTemporary(text: string) {
  const { name: chosen, reusesOwnSection } = chooseProfileName(text, 'eks-temp', MARKER);
  fc.pre(!reusesOwnSection);
  return addProfileSection(text, chosen, TEMP_VALUES, MARKER);
}

describe('add and remove', () => {
  it('restores the bytes of any file', () => {
    fc.assert(
      fc.property(configFile, (original) => {
        const { text, added } = addTemporary(original);
        expect(removeAddedSection(text, added)).toEqual({ text: original, removed: true });
      }),
      { numRuns: 2000 },
    );
  });

  it('changes no existing profile', () => {
    fc.assert(
      fc.property(configFile, (original) => {
        const { text, added } = addTemporary(original);
        for (const profile of listProfiles(original, undefined)) {
          expect(profileValues(text, undefined, profile)).toEqual(profileValues(original, undefined, profile));
        }
        expect(profileValues(text, undefined, added.name)).toMatchObject({ source_profile: 'bob' });
      }),
      { numRuns: 1000 },
    );
  });

  it('keeps edits made before the section', () => {
    fc.assert(
      fc.property(configFile, line, fc.nat(), (original, inserted, position) => {
        const { text, added } = addTemporary(original);
        const lineStarts = [0, ...[...original.matchAll(/\n/g)].map((match) => match.index + 1)];
        const at = lineStarts[position % lineStarts.length] ?? 0;
        const edit = `${inserted}\n`;
        const edited = text.slice(0, at) + edit + text.slice(at);
        const expected = original.slice(0, at) + edit + original.slice(at);
        expect(removeAddedSection(edited, added)).toEqual({ text: expected, removed: true });
      }),
      { numRuns: 1000 },
    );
  });
});
