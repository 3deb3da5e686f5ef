import { awsAuthPrincipalArn, parseArn, sameArn, type AwsAuthPrincipal } from '../aws/arn.js';
import { UsageError } from '../errors.js';
import { entrySplices } from './entry-edit.js';
import { appendItem } from './list-edit.js';
import { parseKey, type ParsedKey } from './parse-key.js';
import { readData, type DataReading } from './read.js';
import type { EntryNode } from './read-entries.js';
import type { Field } from './render-entry.js';
import { applySplices } from './text-splice.js';
import { lintAwsAuth } from './lint.js';
import type { AwsAuthData, Finding, MapKey } from './types.js';

export interface AddMappingRequest {
  /** A role, user, assumed-role, federated-user or root ARN; it is canonicalised first. */
  readonly arn?: string;
  /** An account ID for `mapAccounts`, instead of `arn`. */
  readonly account?: string;
  /** Kubernetes username; defaults to `defaultUsername` of the canonical ARN. */
  readonly username?: string;
  /** Kubernetes groups; defaults to `system:masters`. */
  readonly groups?: readonly string[];
}

export interface AddMappingResult {
  /** The new data; the very input strings when nothing changed. */
  readonly data: AwsAuthData;
  readonly changed: boolean;
  readonly key: MapKey;
  /** Conversions made to the ARN and entries left as they are, one sentence each. */
  readonly warnings: string[];
  /** The first error finding of each other data key, which the change leaves as it is. */
  readonly untouchedErrors: Finding[];
}

export const DEFAULT_GROUPS: readonly string[] = ['system:masters'];

/**
 * Adds a mapping to aws-auth data, editing only the text of the key it changes. When entries
 * for the canonical ARN exist, the last one (the one the authenticator uses) gets the union of
 * groups. Throws a UsageError for an invalid ARN or when the key to change does not parse.
 */
export function addMapping(data: AwsAuthData | undefined, request: AddMappingRequest): AddMappingResult {
  if (request.account !== undefined) return addAccount(data ?? {}, request.account);
  if (request.arn === undefined) throw new UsageError('MissingPrincipal', 'Nothing to add: give an ARN or an account ID.', { hint: 'Pass --arn ARN or --account ID.' });

  const principal = awsAuthPrincipalArn(request.arn);
  const groups = uniqueGroups(request.groups && request.groups.length > 0 ? request.groups : DEFAULT_GROUPS);
  const reading = readData(data);
  const parsed = targetKey(reading, principal.key);
  const warnings = [...principal.changes, ...ineffectiveEntries(reading, principal)];
  const matches = reading.nodes.filter((node) => node.entry.key === principal.key && node.entry.readable && sameArn(node.entry.arn ?? '', principal.arn));
  const winner = matches.at(-1);

  if (!winner) {
    const fields = newEntryFields(principal, request.username ?? defaultUsername(principal.arn), groups);
    return withKey(data ?? {}, principal.key, appendItem(parsed, fields), warnings);
  }
  for (const shadowed of matches.slice(0, -1)) {
    warnings.push(`${shadowed.entry.key}[${shadowed.entry.index}] also maps ${principal.arn} but ${winner.entry.key}[${winner.entry.index}] overrides it; it is left as it is`);
  }
  return updateWinner(data ?? {}, parsed, winner, { groups, username: request.username }, warnings);
}

function updateWinner(data: AwsAuthData, parsed: ParsedKey, winner: EntryNode, request: { groups: string[]; username: string | undefined }, warnings: string[]): AddMappingResult {
  const addGroups = request.groups.filter((group) => !winner.entry.groups.includes(group));
  const username = request.username !== undefined && request.username !== winner.entry.username ? request.username : undefined;
  if (addGroups.length === 0 && username === undefined) return { data, changed: false, key: parsed.key, warnings, untouchedErrors: untouchedErrors(data, parsed.key) };
  if (!winner.map) throw new Error(`${parsed.key}[${winner.entry.index}] is readable but is not a mapping`);

  const text = applySplices(parsed.text, entrySplices(parsed, winner.map, { addGroups, username }));
  return withKey(data, parsed.key, text, warnings);
}

function addAccount(data: AwsAuthData, account: string): AddMappingResult {
  if (!/^\d{12}$/.test(account)) {
    throw new UsageError('InvalidAccountId', `Invalid account ID "${account}": an AWS account ID is exactly 12 digits.`, { hint: 'Pass --account with a value such as 111122223333.' });
  }
  const reading = readData(data);
  const parsed = targetKey(reading, 'mapAccounts');
  if (reading.accounts.includes(account)) return { data, changed: false, key: 'mapAccounts', warnings: [], untouchedErrors: untouchedErrors(data, 'mapAccounts') };
  return withKey(data, 'mapAccounts', appendItem(parsed, JSON.stringify(account)), []);
}

function targetKey(reading: DataReading, key: MapKey): ParsedKey {
  const parsed = reading.keys[key] ?? parseKey(key, '');
  if (parsed.problem) {
    throw new UsageError('AwsAuthKeyInvalid', `Cannot add to ${key}: ${parsed.problem.message}.`, {
      hint: `Fix ${key} first (eks-recover aws-auth lint shows where); nothing was changed.`,
    });
  }
  return parsed;
}

function withKey(data: AwsAuthData, key: MapKey, text: string, warnings: string[]): AddMappingResult {
  return { data: { ...data, [key]: text }, changed: true, key, warnings, untouchedErrors: untouchedErrors(data, key) };
}

function untouchedErrors(data: AwsAuthData, changedKey: MapKey): Finding[] {
  const reported = new Set<string>();
  const firsts: Finding[] = [];
  for (const finding of lintAwsAuth(data)) {
    if (finding.level !== 'error' || finding.key === null || finding.key === changedKey || reported.has(finding.key)) continue;
    reported.add(finding.key);
    firsts.push(finding);
  }
  return firsts;
}

function uniqueGroups(groups: readonly string[]): string[] {
  return [...new Set(groups)];
}

function newEntryFields(principal: AwsAuthPrincipal, username: string, groups: string[]): Field[] {
  const arnField = principal.key === 'mapRoles' ? 'rolearn' : 'userarn';
  return [[arnField, principal.arn], ['username', username], ['groups', groups]];
}

/**
 * Returns the username a new entry gets without `--username`: the role name followed by the
 * `{{SessionName}}` template for roles, so the audit log names each session, and the
 * principal's own ARN for users, federated users and root.
 */
export function defaultUsername(canonicalArn: string): string {
  const parsed = parseArn(canonicalArn);
  return parsed.kind === 'role' ? `${parsed.name}:{{SessionName}}` : canonicalArn;
}

/** Describes entries meant for the same principal that can never match (a role path, an STS ARN, the wrong key). */
function ineffectiveEntries(reading: DataReading, principal: AwsAuthPrincipal): string[] {
  const warnings: string[] = [];
  for (const { entry } of reading.nodes) {
    if (!entry.readable || entry.arn === undefined) continue;
    if (entry.key === principal.key && sameArn(entry.arn, principal.arn)) continue;
    let canonical: AwsAuthPrincipal;
    try {
      canonical = awsAuthPrincipalArn(entry.arn);
    } catch {
      continue;
    }
    if (!sameArn(canonical.arn, principal.arn)) continue;
    warnings.push(`${entry.key}[${entry.index}] maps ${entry.arn}, which never matches; it is left as it is and ${principal.arn} is mapped in ${principal.key}`);
  }
  return warnings;
}
