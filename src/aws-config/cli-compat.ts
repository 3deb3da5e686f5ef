import type { ConfigFinding } from './parse.js';
import { BYTE_ORDER_MARK, type TextLine } from './lines.js';

const REJECTED = 'so the AWS CLI rejects the whole file ("Unable to parse config file")';

/**
 * Lists what makes the AWS CLI reject the file. botocore 1.43 reads it with Python's strict
 * `RawConfigParser`: whole-line `#`/`;` comments only, keys split at the first `=` or `:` and
 * compared case-insensitively, indented lines continuing the previous value, and no repeated
 * section or key. The SDK for JavaScript reads the same files without complaint.
 */
export function findCliIncompatibilities(lines: readonly TextLine[]): ConfigFinding[] {
  const findings: ConfigFinding[] = [];
  const sectionLines = new Map<string, number>();
  let keyLines = new Map<string, number>();
  let inSection = false;
  let keyIndent: number | undefined;

  lines.forEach((line, index) => {
    const lineNumber = index + 1;
    // Python does not strip the mark, so the AWS CLI cannot parse the first line. The rest of
    // the file is still checked as if the mark were gone.
    if (lineNumber === 1 && line.text.startsWith(BYTE_ORDER_MARK)) findings.push(byteOrderMark());
    const text = lineNumber === 1 ? line.text.replace(BYTE_ORDER_MARK, '') : line.text;
    const value = text.trim();
    if (value === '' || value.startsWith('#') || value.startsWith(';')) return;

    const indent = text.length - text.trimStart().length;
    if (keyIndent !== undefined && indent > keyIndent) return;
    keyIndent = undefined;

    const header = /^\[(.+)\]/.exec(value)?.[1];
    if (header !== undefined) {
      const first = sectionLines.get(header);
      if (first === undefined) sectionLines.set(header, lineNumber);
      else findings.push(duplicateSection(header, lineNumber, first));
      inSection = true;
      keyLines = new Map();
      return;
    }
    if (!inSection) {
      findings.push(missingSectionHeader(lineNumber));
      return;
    }
    const key = /^(.*?)\s*[=:]/.exec(value)?.[1]?.toLowerCase();
    if (!key) {
      findings.push(invalidLine(lineNumber));
      return;
    }
    keyIndent = indent;
    const first = keyLines.get(key);
    if (first === undefined) keyLines.set(key, lineNumber);
    else findings.push(duplicateKey(key, lineNumber, first));
  });
  return findings;
}

function byteOrderMark(): ConfigFinding {
  return {
    level: 'error',
    code: 'byte-order-mark',
    line: 1,
    message: `The file starts with a UTF-8 byte-order mark, ${REJECTED}. Save it as UTF-8 without a byte-order mark.`,
  };
}

function duplicateSection(header: string, line: number, first: number): ConfigFinding {
  return {
    level: 'error',
    code: 'duplicate-section',
    line,
    message:
      `Section [${header}] on line ${line} repeats the section on line ${first}, ${REJECTED}. ` +
      'Merge the two sections into one and delete the second header.',
  };
}

function duplicateKey(key: string, line: number, first: number): ConfigFinding {
  return {
    level: 'error',
    code: 'duplicate-key',
    line,
    message:
      `Key ${key} on line ${line} repeats the key on line ${first} of the same section ` +
      `(the AWS CLI ignores case in keys), ${REJECTED}. Keep one of the two lines.`,
  };
}

function missingSectionHeader(line: number): ConfigFinding {
  return {
    level: 'error',
    code: 'missing-section-header',
    line,
    message: `Line ${line} comes before the first [section] header, ${REJECTED}. Move it into a section or delete it.`,
  };
}

function invalidLine(line: number): ConfigFinding {
  return {
    level: 'error',
    code: 'invalid-line',
    line,
    message:
      `Line ${line} is neither a header, a comment nor a key = value line, ${REJECTED}. ` +
      'Turn it into a comment with # or delete it.',
  };
}
