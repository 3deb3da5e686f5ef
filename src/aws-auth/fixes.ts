import { isMap, isScalar, type Node, type Pair, type Scalar } from 'yaml';
import { awsAuthPrincipalArn, parseArn, sameArn } from '../aws/arn.js';
import { entrySplices } from './entry-edit.js';
import { appendItem, removalSplices } from './list-edit.js';
import { parseKey, type ParsedKey } from './parse-key.js';
import { readData, type DataReading } from './read.js';
import type { EntryNode } from './read-entries.js';
import { formatScalar, type Field } from './render-entry.js';
import { applySplices, type Splice } from './text-splice.js';
import type { AwsAuthData, MapKey } from './types.js';

/** The outcome of one fix: the new data and one sentence about what changed. */
export interface FixResult {
  readonly data: AwsAuthData;
  readonly description: string;
}

/** The entries a fix rewrites: every entry of `key` whose ARN is written exactly as `arn`. */
export interface EntryTarget {
  readonly key: 'mapRoles' | 'mapUsers';
  readonly arn: string;
}

const STANDARD_FIELDS = ['rolearn', 'userarn', 'username', 'groups'];
/** A `username:` line whose value starts with an authenticator template and is not quoted. */
const UNQUOTED_TEMPLATE = /^(\s*(?:-\s+)?["']?username["']?\s*:[ \t]+)(\{\{[^\n#]*?)[ \t]*$/gm;

/**
 * Returns the IAM role ARN an entry means when it names a role in a form that never matches:
 * a role with a path, an STS session, or the malformed `arn:aws:sts::ACCOUNT:role/NAME`.
 * Returns undefined for anything else (users, roots, canonical roles, text that is no ARN).
 */
export function intendedRoleArn(arn: string): string | undefined {
  let parsed;
  try {
    parsed = parseArn(arn);
  } catch {
    return undefined;
  }
  if (parsed.service === 'sts' && parsed.resourceType === 'role' && /^\d{12}$/.test(parsed.accountId)) {
    return `arn:${parsed.partition}:iam::${parsed.accountId}:role/${parsed.name}`;
  }
  if (parsed.kind !== 'role' && parsed.kind !== 'assumed-role') return undefined;
  const canonical = awsAuthPrincipalArn(arn).arn;
  return canonical === arn ? undefined : canonical;
}

/**
 * Rewrites the ARN of mapRoles entries written with a role path, as an STS session or as an
 * STS "role", to the IAM role ARN the authenticator compares with. Only the ARN value changes.
 * Returns null when no entry matches or when the result would shadow another entry.
 */
export function useIamRoleArn(data: AwsAuthData, target: EntryTarget): FixResult | null {
  const reading = readData(data);
  const roleArn = intendedRoleArn(target.arn);
  const nodes = targetNodes(reading, target);
  if (target.key !== 'mapRoles' || !roleArn || nodes.length === 0 || alreadyMapped(reading, 'mapRoles', roleArn)) return null;

  const parsed = reading.keys.mapRoles!;
  const splices = nodes.flatMap((node) => arnValueSplice(parsed, node, roleArn));
  const text = applySplices(parsed.text, splices);
  return { data: { ...data, mapRoles: text }, description: `mapRoles: ${target.arn} becomes ${roleArn}${sessionNote(target.arn)}` };
}

/**
 * Moves mapUsers entries that name a role (or an STS session of one) to mapRoles, as
 * `rolearn` with the IAM role ARN, keeping username and groups. Other fields are not moved.
 * Returns null when no entry matches, mapRoles does not parse, or mapRoles maps the role already.
 */
export function moveToMapRoles(data: AwsAuthData, target: EntryTarget): FixResult | null {
  const roleArn = intendedRoleArn(target.arn) ?? target.arn;
  if (target.key !== 'mapUsers' || !isRole(roleArn)) return null;
  return moveEntries(data, target, { key: 'mapRoles', field: 'rolearn', arn: roleArn });
}

/** Moves mapRoles entries that name a user, a federated user or root to mapUsers, as `userarn`. */
export function moveToMapUsers(data: AwsAuthData, target: EntryTarget): FixResult | null {
  if (target.key !== 'mapRoles' || intendedRoleArn(target.arn) || isRole(target.arn) || !isPrincipal(target.arn)) return null;
  return moveEntries(data, target, { key: 'mapUsers', field: 'userarn', arn: target.arn });
}

/**
 * Quotes `username` values that start with a template such as `{{SessionName}}`, which YAML
 * otherwise reads as a mapping (or cannot read at all). Works on the text, so it also
 * repairs a key that does not parse. Returns null when there is nothing to quote.
 */
export function quoteTemplateUsernames(data: AwsAuthData, key: 'mapRoles' | 'mapUsers'): FixResult | null {
  const text = data[key];
  if (text === undefined) return null;
  const quoted: string[] = [];
  const fixed = text.replace(UNQUOTED_TEMPLATE, (_line, head: string, value: string) => {
    quoted.push(value);
    return `${head}${JSON.stringify(value)}`;
  });
  if (quoted.length === 0) return null;
  return { data: { ...data, [key]: fixed }, description: `${key}: quote the username ${quoted.map((value) => JSON.stringify(value)).join(', ')}` };
}

/** Quotes the unquoted account IDs of mapAccounts, so every YAML reader keeps them strings. */
export function quoteAccountIds(data: AwsAuthData): FixResult | null {
  const parsed = data.mapAccounts === undefined ? undefined : parseKey('mapAccounts', data.mapAccounts);
  const splices: Splice[] = [];
  for (const item of (parsed?.list?.items ?? []) as Node[]) {
    if (!isScalar(item) || item.type !== 'PLAIN' || !item.range) continue;
    const source = parsed!.text.slice(item.range[0], item.range[1]);
    if (/^\d{12}$/.test(source)) splices.push({ start: item.range[0], end: item.range[1], text: JSON.stringify(source) });
  }
  if (!parsed || splices.length === 0) return null;
  const ids = splices.map((splice) => splice.text).join(', ');
  return { data: { ...data, mapAccounts: applySplices(parsed.text, splices) }, description: `mapAccounts: quote ${ids}` };
}

/**
 * Writes the field names rolearn, userarn, username and groups in lower case, as EKS expects.
 * A name is left as it is when its entry also has the lower-case spelling, because renaming
 * it would make a duplicate key.
 */
export function lowerCaseFieldNames(data: AwsAuthData, key: 'mapRoles' | 'mapUsers'): FixResult | null {
  const parsed = readData(data).keys[key];
  const splices: Splice[] = [];
  const renamed: string[] = [];
  for (const item of (parsed?.list?.items ?? []) as Node[]) {
    if (!isMap(item)) continue;
    const names = item.items.map((pair) => (isScalar(pair.key) ? String(pair.key.value) : ''));
    for (const pair of item.items as Pair<Node, Node>[]) {
      const name = isScalar(pair.key) ? String(pair.key.value) : '';
      const lower = name.toLowerCase();
      if (!STANDARD_FIELDS.includes(lower) || name === lower || names.includes(lower) || !pair.key.range) continue;
      splices.push({ start: pair.key.range[0], end: pair.key.range[1], text: renderLike(pair.key as Scalar, lower, item.flow === true) });
      renamed.push(`${name} → ${lower}`);
    }
  }
  if (!parsed || splices.length === 0) return null;
  return { data: { ...data, [key]: applySplices(parsed.text, splices) }, description: `${key}: rename the fields ${[...new Set(renamed)].join(', ')}` };
}

/**
 * Resolves a duplicate: of the entries in `key` that map `arn` (compared as the authenticator
 * does), keeps the one at position `keep` (0 for the first of them) and removes the others.
 * Returns null when fewer than two entries map the ARN or `keep` is out of range.
 */
export function keepOneDuplicate(data: AwsAuthData, key: 'mapRoles' | 'mapUsers', arn: string, keep: number): FixResult | null {
  const reading = readData(data);
  const parsed = reading.keys[key];
  const nodes = duplicateNodes(reading, key, arn);
  const kept = nodes[keep];
  if (!parsed?.list || nodes.length < 2 || !kept) return null;

  const removed = nodes.filter((node) => node !== kept).map((node) => node.entry.index);
  const text = applySplices(parsed.text, removalSplices(parsed.text, parsed.list, removed));
  const names = removed.map((index) => `${key}[${index}]`).join(', ');
  return { data: { ...data, [key]: text }, description: `${key}: keep ${key}[${kept.entry.index}] for ${arn} and remove ${names}` };
}

/**
 * Merges a duplicate: of the entries in `key` that map `arn`, the last one (which the
 * authenticator reads) gets the groups of the others, and the others are removed. Returns null
 * when fewer than two entries map the ARN, when their usernames differ (so a merge would
 * have to choose one), or when the last entry already lists every group.
 */
export function mergeDuplicates(data: AwsAuthData, key: 'mapRoles' | 'mapUsers', arn: string): FixResult | null {
  const reading = readData(data);
  const parsed = reading.keys[key];
  const nodes = duplicateNodes(reading, key, arn);
  const last = nodes.at(-1);
  if (!parsed?.list || nodes.length < 2 || !last?.map) return null;
  if (nodes.some((node) => node.entry.username !== last.entry.username)) return null;
  const added = [...new Set(nodes.flatMap((node) => node.entry.groups))].filter((group) => !last.entry.groups.includes(group));
  if (added.length === 0) return null;

  const removed = nodes.slice(0, -1).map((node) => node.entry.index);
  const splices = [...removalSplices(parsed.text, parsed.list, removed), ...entrySplices(parsed, last.map, { addGroups: added })];
  const names = removed.map((index) => `${key}[${index}]`).join(', ');
  return {
    data: { ...data, [key]: applySplices(parsed.text, splices) },
    description: `${key}: merge ${names} into ${key}[${last.entry.index}] for ${arn}, adding the groups ${added.join(', ')}`,
  };
}

function duplicateNodes(reading: DataReading, key: MapKey, arn: string): EntryNode[] {
  return reading.nodes.filter(({ entry }) => entry.key === key && entry.readable && entry.arn !== undefined && sameArn(entry.arn, arn));
}

function targetNodes(reading: DataReading, target: EntryTarget): EntryNode[] {
  return reading.nodes.filter(({ entry, map }) => entry.key === target.key && entry.arn === target.arn && map !== null);
}

function alreadyMapped(reading: DataReading, key: MapKey, arn: string): boolean {
  return reading.entries.some((entry) => entry.key === key && entry.readable && entry.arn !== undefined && sameArn(entry.arn, arn));
}

function arnValueSplice(parsed: ParsedKey, node: EntryNode, arn: string): Splice[] {
  const field = parsed.key === 'mapRoles' ? 'rolearn' : 'userarn';
  const pair = (node.map!.items as Pair<Node, Node | null>[])
    .filter((item) => isScalar(item.key) && String(item.key.value).toLowerCase() === field)
    .at(-1);
  const value = pair?.value;
  if (!isScalar(value) || !value.range) return [];
  return [{ start: value.range[0], end: value.range[1], text: renderLike(value, arn, node.map!.flow === true) }];
}

interface MoveTarget {
  readonly key: 'mapRoles' | 'mapUsers';
  readonly field: 'rolearn' | 'userarn';
  readonly arn: string;
}

function moveEntries(data: AwsAuthData, target: EntryTarget, to: MoveTarget): FixResult | null {
  const reading = readData(data);
  const source = reading.keys[target.key];
  const nodes = targetNodes(reading, target);
  const destination = reading.keys[to.key] ?? parseKey(to.key, '');
  if (!source?.list || nodes.length === 0 || destination.problem || alreadyMapped(reading, to.key, to.arn)) return null;

  let destinationText = destination.text;
  for (const node of nodes) {
    destinationText = appendItem(parseKey(to.key, destinationText), movedFields(node, to));
  }
  const sourceText = applySplices(source.text, removalSplices(source.text, source.list, nodes.map((node) => node.entry.index)));
  const dropped = nodes.flatMap(extraFieldNames);
  const droppedNote = dropped.length > 0 ? `; the fields ${[...new Set(dropped)].join(', ')} are not moved` : '';
  return {
    data: { ...data, [target.key]: sourceText, [to.key]: destinationText },
    description: `move ${target.arn} from ${target.key} to ${to.key} as ${to.field}: ${to.arn}${sessionNote(target.arn)}${droppedNote}`,
  };
}

function movedFields(node: EntryNode, to: MoveTarget): Field[] {
  const fields: Field[] = [[to.field, to.arn]];
  if (node.entry.username !== undefined) fields.push(['username', node.entry.username]);
  fields.push(['groups', node.entry.groups]);
  return fields;
}

function extraFieldNames(node: EntryNode): string[] {
  const known = [...STANDARD_FIELDS];
  return (node.map?.items ?? [])
    .map((pair) => (isScalar(pair.key) ? String(pair.key.value) : ''))
    .filter((name) => !known.includes(name.toLowerCase()));
}

/** Renders a scalar replacement in the style of the node it replaces. */
function renderLike(node: Scalar, value: string, flow: boolean): string {
  if (node.type === 'QUOTE_DOUBLE' || flow) return JSON.stringify(value);
  if (node.type === 'QUOTE_SINGLE') return `'${value.replace(/'/g, "''")}'`;
  return formatScalar(value);
}

function sessionNote(arn: string): string {
  return /:assumed-role\//.test(arn) ? ' (this maps every session of the role, not only the one in the ARN)' : '';
}

function isRole(arn: string): boolean {
  try {
    return parseArn(arn).kind === 'role';
  } catch {
    return false;
  }
}

function isPrincipal(arn: string): boolean {
  try {
    awsAuthPrincipalArn(arn);
    return true;
  } catch {
    return false;
  }
}
