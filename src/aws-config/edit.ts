import { StepError, UsageError } from '../errors.js';
import { detectLineEnding, lineContent, splitLines } from './lines.js';
import { type IniSection, parseAwsConfig } from './parse.js';
import { isConfigProfileSection, isCredentialsProfileSection } from './profiles.js';

/** Exactly what `addProfileSection` inserted, so that it can be removed byte for byte later. */
export interface AddedSection {
  name: string;
  /** The section: header, marker comment and value lines, each with the file's line ending. */
  text: string;
  /** Offset in the file (in UTF-16 code units, as JavaScript indexes strings) where `separator` starts. */
  offset: number;
  /** Line endings inserted before the section to end the previous line and leave a blank line. */
  separator: string;
}

/** Profile names the SDK can read from a `[profile NAME]` header and the AWS CLI accepts. */
const PROFILE_NAME = /^[\w\-@+.%:/]+$/;
const KEY = /^[\w-]+$/;

/**
 * Appends `[profile name]` with the marker comment on the line after the header and one
 * `key = value` line per entry, leaving every existing byte as it is. The section uses the
 * file's line ending and is preceded by a blank line. Throws when the profile exists already.
 */
export function addProfileSection(
  text: string,
  name: string,
  values: ReadonlyArray<readonly [string, string]>,
  marker: string,
): { text: string; added: AddedSection } {
  validateSection(name, values, marker);
  const existing = parseAwsConfig(text, 'config').sections.find((section) => isConfigProfileSection(section, name));
  if (existing) {
    throw new StepError('ProfileExists', `The config file already has profile ${name} on line ${existing.startLine}.`, {
      hint: 'Choose another profile name; eks-recover never changes a section it did not write.',
    });
  }

  const eol = detectLineEnding(text);
  const body = [`[profile ${name}]`, marker, ...values.map(([key, value]) => `${key} = ${value}`)];
  const added: AddedSection = {
    name,
    text: body.map((line) => line + eol).join(''),
    offset: text.length,
    separator: separatorBefore(text, eol),
  };
  return { text: text + added.separator + added.text, added };
}

/** Returns the line endings that end the last line and leave one blank line before a new section. */
function separatorBefore(text: string, eol: string): string {
  const lines = splitLines(text);
  const last = lines[lines.length - 1];
  if (!last) return '';
  if (last.eol === '') return eol + eol;
  return lineContent(last).trim() === '' ? '' : eol;
}

function validateSection(name: string, values: ReadonlyArray<readonly [string, string]>, marker: string): void {
  if (!PROFILE_NAME.test(name)) {
    throw new UsageError('InvalidProfileName', `Invalid profile name "${name}".`, {
      hint: 'Use letters, digits and - _ @ + . % : / only, for example eks-temp.',
    });
  }
  if (!/^[#;][^\r\n]*$/.test(marker)) {
    throw new UsageError('InvalidMarker', 'The marker must be one comment line starting with # or ;.');
  }
  for (const [key, value] of values) {
    if (!KEY.test(key)) throw new UsageError('InvalidProfileKey', `Invalid key "${key}" for profile ${name}.`);
    // The AWS CLI keeps " #..." as part of a value while the SDK drops it, so such a value
    // would read differently in the two. Both trim leading and trailing blanks.
    if (value === '' || value !== value.trim() || /[\r\n]|\s[#;]|^[#;]/.test(value)) {
      throw new UsageError('InvalidProfileValue', `Invalid value "${value}" for ${key} in profile ${name}.`, {
        hint: 'Values are one line, without surrounding blanks and without " #" or " ;".',
      });
    }
  }
}

/**
 * Removes a section that `addProfileSection` returned, restoring the bytes around it even when
 * the user changed other parts of the file in between. When the separator is gone the section
 * alone is removed. Returns removed:false when the section is no longer there unchanged.
 */
export function removeAddedSection(text: string, added: AddedSection): { text: string; removed: boolean } {
  const whole = added.separator + added.text;
  const start = nearestOccurrence(text, whole, added.offset, (at) => separatorFits(text, at, added.separator));
  if (start !== undefined) return { text: text.slice(0, start) + text.slice(start + whole.length), removed: true };

  const offset = added.offset + added.separator.length;
  const alone = nearestOccurrence(text, added.text, offset, (at) => at === 0 || text[at - 1] === '\n');
  if (alone !== undefined) return { text: text.slice(0, alone) + text.slice(alone + added.text.length), removed: true };
  return { text, removed: false };
}

/**
 * Checks whether a separator found at `at` is the one that was inserted: a single line ending was a
 * blank line after a complete line, and a double one first ended a last line without newline.
 * Without this check the line ending of the user's own last line could be taken away.
 */
function separatorFits(text: string, at: number, separator: string): boolean {
  if (separator === '') return true;
  const atLineStart = at === 0 || text[at - 1] === '\n';
  const endsUnterminatedLine = separator === '\n\n' || separator === '\r\n\r\n';
  return endsUnterminatedLine ? !atLineStart : atLineStart;
}

/** Finds the occurrence of `needle` closest to `offset` that `accept` agrees with. */
function nearestOccurrence(
  text: string,
  needle: string,
  offset: number,
  accept: (at: number) => boolean,
): number | undefined {
  let best: number | undefined;
  for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + 1)) {
    if (!accept(at)) continue;
    if (best === undefined || Math.abs(at - offset) < Math.abs(best - offset)) best = at;
  }
  return best;
}

/** Checks whether the line right after the section's header is the marker comment. */
function isMarked(text: string, section: IniSection, marker: string): boolean {
  const next = splitLines(text)[section.startLine];
  return next !== undefined && section.endLine > section.startLine && next.text.trim() === marker.trim();
}

/** Lists the `[profile ...]` sections of the config file that carry the marker. */
export function findMarkedSections(text: string, marker: string): IniSection[] {
  return parseAwsConfig(text, 'config').sections.filter(
    (section) => section.kind === 'profile' && isMarked(text, section, marker),
  );
}

/**
 * Picks the name for the temporary profile: `base`, then `base-2`, `base-3`, ... It takes the
 * first name that no section of either file uses, or a name whose config sections all carry
 * the marker (`reusesOwnSection`). A section eks-recover did not write is never reused.
 */
export function chooseProfileName(
  text: string,
  base: string,
  marker: string,
  credentialsText?: string,
): { name: string; reusesOwnSection: boolean } {
  const config = parseAwsConfig(text, 'config').sections;
  const credentials = credentialsText === undefined ? [] : parseAwsConfig(credentialsText, 'credentials').sections;
  for (let index = 1; ; index += 1) {
    const name = index === 1 ? base : `${base}-${index}`;
    if (credentials.some((section) => isCredentialsProfileSection(section, name))) continue;
    const sections = config.filter((section) => isConfigProfileSection(section, name));
    if (sections.length === 0) return { name, reusesOwnSection: false };
    if (sections.every((section) => isMarked(text, section, marker))) return { name, reusesOwnSection: true };
  }
}

/**
 * Removes a marked section found by `findMarkedSections` when no journal records its exact
 * bytes: from its header to its last non-blank line, plus one blank line before the header.
 * Comments and blank lines after the section stay, because they may belong to the next one.
 */
export function removeMarkedSection(text: string, section: IniSection): string {
  const lines = splitLines(text);
  let last = section.endLine;
  while (last > section.startLine && (lines[last - 1]?.text.trim() ?? '') === '') last -= 1;

  const before = lines[section.startLine - 2];
  const first = before && lineContent(before).trim() === '' ? section.startLine - 1 : section.startLine;
  const start = lines[first - 1]?.start ?? 0;
  const endLine = lines[last - 1];
  const end = endLine ? endLine.start + endLine.text.length + endLine.eol.length : text.length;
  return text.slice(0, start) + text.slice(end);
}
