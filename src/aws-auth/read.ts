import { isScalar, type Node } from 'yaml';
import { lineAt, parseKey, type ParsedKey } from './parse-key.js';
import { readEntries, type EntryNode } from './read-entries.js';
import { MAP_KEYS, type AwsAuthData, type AwsAuthReading, type Finding, type MapKey } from './types.js';

const ACCOUNT_ID = /^\d{12}$/;

/** Everything read from one data map, with the parsed keys kept for the editor. */
export interface DataReading extends AwsAuthReading {
  readonly keys: Partial<Record<MapKey, ParsedKey>>;
  readonly nodes: EntryNode[];
}

/**
 * Reads the aws-auth data as the authenticator does: each key on its own, so an error in one
 * key is reported and the others are still read. Finding lines count within each key's text.
 */
export function readAwsAuth(data: AwsAuthData | undefined): AwsAuthReading {
  const { entries, accounts, findings } = readData(data);
  return { entries, accounts, findings };
}

export function readData(data: AwsAuthData | undefined): DataReading {
  const keys: Partial<Record<MapKey, ParsedKey>> = {};
  const nodes: EntryNode[] = [];
  const accounts: string[] = [];
  const findings: Finding[] = [];

  for (const [name, text] of Object.entries(data ?? {})) {
    if (!(MAP_KEYS as readonly string[]).includes(name)) {
      findings.push(unknownKey(name));
      continue;
    }
    const parsed = parseKey(name as MapKey, text);
    keys[parsed.key] = parsed;
    if (parsed.problem) findings.push(parsed.problem);
    if (parsed.key === 'mapAccounts') {
      const reading = readAccounts(parsed);
      accounts.push(...reading.accounts);
      findings.push(...reading.findings);
    } else {
      const reading = readEntries(parsed);
      nodes.push(...reading.entries);
      findings.push(...reading.findings);
    }
  }
  return { keys, nodes, entries: nodes.map((node) => node.entry), accounts, findings };
}

/**
 * Reads `mapAccounts` the way the authenticator's YAML decoder fills a list of strings: a
 * scalar keeps its source text, so `111122223333` unquoted still works there, but other
 * YAML tools read it as a number.
 */
function readAccounts(parsed: ParsedKey): { accounts: string[]; findings: Finding[] } {
  const accounts: string[] = [];
  const findings: Finding[] = [];
  const items = (parsed.list?.items ?? []) as Node[];

  items.forEach((item, index) => {
    const line = lineAt(parsed, item.range?.[0]);
    const report = (level: Finding['level'], code: string, message: string): void => {
      findings.push({ level, code, key: 'mapAccounts', index, line, message });
    };
    if (!isScalar(item) || item.range === undefined || item.range === null) {
      report('error', 'invalid-entry', 'an item is not an account ID; write each account as a quoted 12-digit string, such as - "111122223333"');
      return;
    }

    const plain = item.type === 'PLAIN';
    const text = plain ? parsed.text.slice(item.range[0], item.range[1]) : String(item.value);
    if (!ACCOUNT_ID.test(text)) {
      report('error', 'invalid-entry', `"${text}" is not a 12-digit account ID`);
      return;
    }
    if (plain) {
      report('warning', 'unquoted-account-id', `${text} is unquoted, so YAML tools other than the authenticator read it as a number; write "${text}"`);
    }
    accounts.push(text);
  });
  return { accounts, findings };
}

function unknownKey(name: string): Finding {
  const near = MAP_KEYS.find((key) => key.toLowerCase() === name.toLowerCase());
  const advice = near ? `; did you mean ${near}?` : '';
  return {
    level: 'warning',
    code: 'unknown-key',
    key: name,
    index: null,
    line: null,
    message: `data key "${name}" is not read by EKS, which reads only mapRoles, mapUsers and mapAccounts${advice}`,
  };
}
