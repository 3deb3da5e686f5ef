import { findCliIncompatibilities } from './cli-compat.js';
import { BYTE_ORDER_MARK, type TextLine, detectLineEnding, lineContent, splitLines } from './lines.js';

export type ConfigFileKind = 'config' | 'credentials';

/**
 * One `[...]` section as the AWS SDK for JavaScript v3 reads it. `kind` is the form of the header:
 * `[default]`, `[profile NAME]`, `[sso-session NAME]`, `[services NAME]`, or any other header
 * (`bare`), which is a profile in the credentials file but not in the config file.
 */
export interface IniSection {
  kind: 'default' | 'profile' | 'sso-session' | 'services' | 'bare';
  name: string;
  /** The header line as written, without its line ending. */
  header: string;
  /** 1-based line of the header. */
  startLine: number;
  /** 1-based last line before the next header or the end of the file. */
  endLine: number;
  /** Keys and values of this section alone, nested keys as `parent.child`, later keys winning. */
  values: Record<string, string>;
}

export interface ConfigFinding {
  level: 'error' | 'warning';
  code: string;
  /** 1-based line the finding is about. */
  line: number;
  message: string;
}

export interface ParsedConfig {
  sections: IniSection[];
  findings: ConfigFinding[];
  lineEnding: '\n' | '\r\n';
  hasBom: boolean;
}

/** Section prefixes the SDK recognises in the config file, and its pattern for `[prefix name]` headers. */
const SECTION_PREFIXES = ['profile', 'sso-session', 'services'] as const;
const PREFIXED_HEADER = /^([\w-]+)\s(["'])?([\w\-@+.%:/]+)\2$/;

/**
 * Parses an AWS config or credentials file into sections and values exactly as the AWS SDK for
 * JavaScript v3 does, and lists what the AWS CLI would reject or ignore in it as findings.
 */
export function parseAwsConfig(text: string, kind: ConfigFileKind): ParsedConfig {
  const lines = splitLines(text);
  const sections: IniSection[] = [];
  const findings: ConfigFinding[] = [];
  let current: SectionBuilder | undefined;

  lines.forEach((line, index) => {
    const lineNumber = index + 1;
    const content = stripSdkComment(lineContent(line));
    if (isSdkHeader(content)) {
      current = startSection(line, lineNumber, content.slice(1, -1), kind);
      sections.push(current.section);
      return;
    }
    if (current) {
      current.section.endLine = lineNumber;
      current.addLine(line, content);
    }
  });

  findings.push(...findSectionProblems(sections, kind), ...findCliIncompatibilities(lines));
  findings.sort((a, b) => a.line - b.line);
  return { sections, findings, lineEnding: detectLineEnding(text), hasBom: text.startsWith(BYTE_ORDER_MARK) };
}

/** Drops everything from a `#` or `;` at the start of a line or after whitespace, as the SDK does. */
function stripSdkComment(text: string): string {
  return (text.split(/(?:^|\s)[;#]/)[0] ?? '').trim();
}

function isSdkHeader(content: string): boolean {
  return content.startsWith('[') && content.endsWith(']');
}

interface SectionBuilder {
  readonly section: IniSection;
  addLine(line: TextLine, content: string): void;
}

function startSection(line: TextLine, lineNumber: number, inner: string, kind: ConfigFileKind): SectionBuilder {
  const section: IniSection = {
    ...classifyHeader(inner, kind),
    header: lineContent(line),
    startLine: lineNumber,
    endLine: lineNumber,
    values: {},
  };
  let parentKey: string | undefined;

  // Mirrors the SDK: `key =` with no value opens a nested block whose indented lines become
  // `key.child`, and the first unindented key closes it.
  const addLine = (raw: TextLine, content: string) => {
    const equals = content.indexOf('=');
    if (equals <= 0) return;
    const key = content.slice(0, equals).trim();
    const value = content.slice(equals + 1).trim();
    if (value === '') {
      parentKey = key;
      return;
    }
    const text = lineContent(raw);
    if (parentKey !== undefined && text.trimStart() === text) parentKey = undefined;
    section.values[parentKey === undefined ? key : `${parentKey}.${key}`] = value;
  };
  return { section, addLine };
}

function classifyHeader(inner: string, kind: ConfigFileKind): Pick<IniSection, 'kind' | 'name'> {
  if (inner === 'default') return { kind: 'default', name: 'default' };
  const match = PREFIXED_HEADER.exec(inner);
  const prefix = match?.[1] as (typeof SECTION_PREFIXES)[number] | undefined;
  if (kind === 'config' && match && prefix && SECTION_PREFIXES.includes(prefix)) {
    return { kind: prefix, name: match[3] ?? '' };
  }
  return { kind: 'bare', name: inner };
}

function findSectionProblems(sections: IniSection[], kind: ConfigFileKind): ConfigFinding[] {
  const findings: ConfigFinding[] = [];
  for (const section of sections) {
    if (kind === 'config' && section.kind === 'bare') findings.push(bareSectionInConfig(section));
    if (kind === 'credentials' && PREFIXED_HEADER.exec(section.name)?.[1] === 'profile') {
      findings.push(prefixedSectionInCredentials(section));
    }
  }
  return findings;
}

function bareSectionInConfig(section: IniSection): ConfigFinding {
  const name = section.name.trim();
  return {
    level: 'warning',
    code: 'bare-section-in-config',
    line: section.startLine,
    message:
      `Section [${name}] on line ${section.startLine} is not a profile: in the config file a profile header ` +
      `needs the prefix. Rename it to [profile ${name}] to use it as profile ${name}.`,
  };
}

function prefixedSectionInCredentials(section: IniSection): ConfigFinding {
  const name = PREFIXED_HEADER.exec(section.name)?.[3] ?? section.name;
  return {
    level: 'warning',
    code: 'prefixed-section-in-credentials',
    line: section.startLine,
    message:
      `Section [${section.name}] on line ${section.startLine} is not profile ${name}: the credentials file ` +
      `takes profile names without the prefix. Rename it to [${name}].`,
  };
}
