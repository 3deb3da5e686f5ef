import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type YAMLSeq } from 'yaml';
import type { Finding, MapKey } from './types.js';

/** One data key's text parsed on its own, as the authenticator parses each key. */
export interface ParsedKey {
  readonly key: MapKey;
  readonly text: string;
  /** Empty, or a value the authenticator skips (`""`, `''`, two backticks). */
  readonly skippable: boolean;
  readonly document: Document | null;
  /** The list of entries; null when the text is skippable, empty (only comments, `null`) or broken. */
  readonly list: YAMLSeq | null;
  /** Why the text yields no list although it is not empty: a YAML error or a non-list value. */
  readonly problem: Finding | null;
  readonly lineCounter: LineCounter;
}

const CACHE_SIZE = 8;
const cache: ParsedKey[] = [];

/**
 * Parses a data key's text with YAML 1.1 rules, which is what the authenticator's Go YAML
 * reader (gopkg.in/yaml.v2 semantics) applies: `yes`, `on` and the like are booleans there.
 * The last few results are reused, because a lint followed by an edit parses the same text
 * twice; callers must treat the result as read-only.
 */
export function parseKey(key: MapKey, text: string): ParsedKey {
  const cached = cache.find((entry) => entry.key === key && entry.text === text);
  if (cached) return cached;
  const parsed = parseKeyText(key, text);
  cache.unshift(parsed);
  cache.length = Math.min(cache.length, CACHE_SIZE);
  return parsed;
}

function parseKeyText(key: MapKey, text: string): ParsedKey {
  const lineCounter = new LineCounter();
  const base = { key, text, lineCounter };
  if (isSkippable(text)) return { ...base, skippable: true, document: null, list: null, problem: null };

  const document = parseDocument(text, { version: '1.1', uniqueKeys: false, lineCounter, prettyErrors: false });
  const error = document.errors[0];
  if (error) {
    const line = lineCounter.linePos(error.pos[0]).line;
    const message = `${key} is not valid YAML (line ${line} of the value): ${firstLine(error.message)}; the authenticator ignores the whole key`;
    return { ...base, skippable: false, document, list: null, problem: keyProblem(key, line, message) };
  }

  const contents = document.contents;
  if (contents === null || (isScalar(contents) && contents.value === null)) {
    return { ...base, skippable: false, document, list: null, problem: null };
  }
  if (!isSeq(contents)) {
    const line = contents.range ? lineCounter.linePos(contents.range[0]).line : null;
    const kind = isMap(contents) ? 'a mapping' : 'a single value';
    const message = `${key} contains ${kind}, not a list of entries, so the authenticator ignores the whole key`;
    return { ...base, skippable: false, document, list: null, problem: keyProblem(key, line, message) };
  }
  return { ...base, skippable: false, document, list: contents, problem: null };
}

/** Returns true for the values the authenticator treats as an absent key. */
export function isSkippable(text: string): boolean {
  const trimmed = text.trim();
  return trimmed === '' || trimmed === '``' || trimmed === '""' || trimmed === "''";
}

/** Returns the line, counted from 1 within the key's text, of a source offset. */
export function lineAt(parsed: ParsedKey, offset: number | undefined): number | null {
  return offset === undefined ? null : parsed.lineCounter.linePos(offset).line;
}

function keyProblem(key: MapKey, line: number | null, message: string): Finding {
  return { level: 'error', code: 'invalid-yaml', key, index: null, line, message };
}

function firstLine(text: string): string {
  return text.split('\n')[0] ?? text;
}
