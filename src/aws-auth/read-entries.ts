import { isMap, isScalar, isSeq, type Node, type Pair, type YAMLMap } from 'yaml';
import { lineAt, type ParsedKey } from './parse-key.js';
import type { Finding, MappingEntry } from './types.js';

/** A mapping entry together with the YAML nodes that the editor splices. */
export interface EntryNode {
  readonly entry: MappingEntry;
  readonly item: Node;
  /** The item as a mapping; null when the item is not one. */
  readonly map: YAMLMap | null;
}

export interface EntryReading {
  readonly entries: EntryNode[];
  readonly findings: Finding[];
}

const STANDARD_FIELDS = ['rolearn', 'userarn', 'username', 'groups'];
/** Fields the authenticator's RoleMapping and UserMapping types also decode. */
const OTHER_AUTHENTICATOR_FIELDS = ['userid', 'sso'];

type FieldValues = { arn?: string; username?: string; groups: string[]; hasSso: boolean };

/**
 * Reads `mapRoles` or `mapUsers` items as the authenticator decodes them: field names match
 * case-insensitively (the last match wins, as in Go's encoding/json), values of the wrong type
 * are dropped, and an entry without its ARN field is discarded.
 */
export function readEntries(parsed: ParsedKey): EntryReading {
  const entries: EntryNode[] = [];
  const findings: Finding[] = [];
  const items = parsed.list?.items ?? [];

  items.forEach((raw, index) => {
    const item = raw as Node;
    const line = lineAt(parsed, item.range?.[0]);
    const report = (level: Finding['level'], code: string, message: string, at: number | null = line): void => {
      findings.push({ level, code, key: parsed.key, index, line: at, message });
    };
    if (!isMap(item)) {
      report('error', 'invalid-entry', 'the entry is not a mapping of fields; the authenticator drops it');
      entries.push({ entry: { key: parsed.key, index, groups: [], line, readable: false }, item, map: null });
      return;
    }

    const values = readFields(parsed, item, report);
    const readable = values.arn !== undefined || (parsed.key === 'mapRoles' && values.hasSso);
    if (!readable) report('error', 'invalid-entry', missingArnMessage(parsed.key, item));
    const entry: MappingEntry = { key: parsed.key, index, arn: values.arn, username: values.username, groups: values.groups, line, readable };
    entries.push({ entry, item, map: item });
  });
  return { entries, findings };
}

type Report = (level: Finding['level'], code: string, message: string, at?: number | null) => void;

function readFields(parsed: ParsedKey, map: YAMLMap, report: Report): FieldValues {
  const arnField = parsed.key === 'mapRoles' ? 'rolearn' : 'userarn';
  const otherArnField = parsed.key === 'mapRoles' ? 'userarn' : 'rolearn';
  const values: FieldValues = { groups: [], hasSso: false };

  for (const pair of map.items as Pair<Node, Node>[]) {
    const name = isScalar(pair.key) ? String(pair.key.value) : '';
    const lower = name.toLowerCase();
    const line = lineAt(parsed, pair.key?.range?.[0]);
    checkFieldName(name, lower, report, line);

    if (lower === arnField) values.arn = readString(pair.value, name, report, line);
    else if (lower === 'username') values.username = readString(pair.value, name, report, line);
    else if (lower === 'groups') values.groups = readGroups(pair.value, name, report, line);
    else if (lower === 'sso' && parsed.key === 'mapRoles') values.hasSso = isMap(pair.value);
  }

  const both = map.items.some((p) => isScalar(p.key) && String(p.key.value).toLowerCase() === otherArnField);
  if (both && values.arn !== undefined) {
    report('error', 'invalid-entry', `the entry has both ${arnField} and ${otherArnField}; ${parsed.key} reads only ${arnField}`);
  }
  return values;
}

function checkFieldName(name: string, lower: string, report: Report, line: number | null): void {
  if (STANDARD_FIELDS.includes(lower)) {
    if (name !== lower) {
      report('warning', 'field-name-case', `field "${name}" should be written "${lower}"; EKS has been seen to ignore other spellings`, line);
    }
    return;
  }
  const known = OTHER_AUTHENTICATOR_FIELDS.includes(lower) ? ' (an aws-iam-authenticator option that EKS may not honour)' : '';
  report('warning', 'unknown-field', `field "${name}" is not one of rolearn, userarn, username, groups${known}; it is kept but has no effect`, line);
}

function readString(node: Node | null, field: string, report: Report, line: number | null): string | undefined {
  if (node === null || (isScalar(node) && node.value === null)) return undefined;
  if (isScalar(node) && typeof node.value === 'string') return node.value;
  report('error', 'invalid-entry', `field "${field}" must be a string, found ${describe(node)}; quote the value`, line);
  return undefined;
}

function readGroups(node: Node | null, field: string, report: Report, line: number | null): string[] {
  if (node === null || (isScalar(node) && node.value === null)) return [];
  if (!isSeq(node)) {
    report('error', 'invalid-entry', `field "${field}" must be a list of group names, found ${describe(node)}`, line);
    return [];
  }
  const groups: string[] = [];
  for (const item of node.items as Node[]) {
    if (isScalar(item) && typeof item.value === 'string') groups.push(item.value);
    else report('error', 'invalid-entry', `field "${field}" holds ${describe(item)}; every group must be a string`, line);
  }
  return groups;
}

function missingArnMessage(key: ParsedKey['key'], map: YAMLMap): string {
  const names = map.items.map((p) => (isScalar(p.key) ? String(p.key.value).toLowerCase() : ''));
  if (key === 'mapRoles' && names.includes('userarn')) {
    return 'the entry has userarn but no rolearn; move it to mapUsers or rename the field';
  }
  if (key === 'mapUsers' && names.includes('rolearn')) {
    return 'the entry has rolearn but no userarn; a role belongs in mapRoles';
  }
  const field = key === 'mapRoles' ? 'rolearn' : 'userarn';
  return `the entry has no ${field} string, so the authenticator drops it`;
}

function describe(node: unknown): string {
  if (isSeq(node)) return 'a list';
  if (isMap(node)) return 'a mapping';
  if (isScalar(node)) return `${typeof node.value} ${JSON.stringify(node.value)}`;
  return 'an unsupported value';
}
