import { hasWildcard, parseArn, type ParsedArn } from '../aws/arn.js';
import { isEksRecoverError } from '../errors.js';
import { readData } from './read.js';
import type { AwsAuthData, Finding, MappingEntry } from './types.js';

/**
 * Checks aws-auth data the way the authenticator reads it: parse errors per key, entries it
 * drops, ARNs that can never match, duplicates that shadow each other, a missing node role.
 * Findings are ordered by data key, then by line.
 */
export function lintAwsAuth(data: AwsAuthData | undefined): Finding[] {
  const reading = readData(data);
  const readable = reading.entries.filter((entry) => entry.readable);
  const findings = [
    ...reading.findings,
    ...readable.flatMap(checkEntryArn),
    ...findDuplicates(readable),
    ...checkNodeRole(readable),
  ];
  return sortFindings(findings, Object.keys(data ?? {}));
}

/** Returns the findings about one entry's ARN, empty when the authenticator can match it. */
export function checkEntryArn(entry: MappingEntry): Finding[] {
  const arn = entry.arn;
  if (arn === undefined) return [];
  const at = (level: Finding['level'], code: string, message: string): Finding[] => [
    { level, code, key: entry.key, index: entry.index, line: entry.line, message },
  ];

  let parsed: ParsedArn;
  try {
    parsed = parseArn(arn, { allowWildcards: true });
  } catch (error) {
    if (!isEksRecoverError(error)) throw error;
    return at('error', 'invalid-arn', `${error.message} The entry never matches`);
  }
  // The other checks still run on a wildcard ARN, because fixing the wildcard alone may leave the entry unmatched.
  const wildcard = hasWildcard(arn)
    ? at('error', 'wildcard-arn', `${arn} contains a wildcard; aws-auth compares whole ARNs, so this entry never matches. Map each principal with its own entry`)
    : [];
  const malformed = describeMalformed(parsed);
  if (malformed) return [...wildcard, ...at('error', 'invalid-arn', `${arn} ${malformed}, so the entry never matches`)];
  return [...wildcard, ...(entry.key === 'mapRoles' ? checkRoleArn(parsed, at) : checkUserArn(parsed, at))];
}

type At = (level: Finding['level'], code: string, message: string) => Finding[];

function describeMalformed(parsed: ParsedArn): string | null {
  if (parsed.kind === 'other' && parsed.service === 'sts' && parsed.resourceType === 'role') {
    return `is malformed: STS has no "role" resource (the IAM role ARN is arn:${parsed.partition}:iam::${parsed.accountId}:${parsed.arn.split(':').slice(5).join(':')})`;
  }
  if (parsed.kind === 'other') return 'is not an IAM user, role, root, STS assumed-role or federated-user ARN';
  if (parsed.region !== '') return `has region "${parsed.region}", but IAM and STS principal ARNs have an empty region field`;
  if (!/^\d{12}$/.test(parsed.accountId)) return `has account "${parsed.accountId}", which is not a 12-digit account ID`;
  return null;
}

function iamRole(parsed: ParsedArn): string {
  return `arn:${parsed.partition}:iam::${parsed.accountId}:role/${parsed.name}`;
}

function checkRoleArn(parsed: ParsedArn, at: At): Finding[] {
  switch (parsed.kind) {
    case 'assumed-role':
      return at('error', 'sts-arn', `${parsed.arn} is an STS session ARN, which never matches; use the IAM role ARN ${iamRole(parsed)}`);
    case 'role':
      if (parsed.resourcePath === '/') return [];
      return at('error', 'role-arn-has-path', `${parsed.arn} has the path "${parsed.resourcePath}", which the caller's ARN never carries, so it never matches${hasWildcard(parsed.name) ? '' : `; use ${iamRole(parsed)}`}`);
    default:
      return at('error', 'user-in-map-roles', `${parsed.arn} is a ${parsed.kind} ARN; move this entry to mapUsers with the field userarn`);
  }
}

function checkUserArn(parsed: ParsedArn, at: At): Finding[] {
  switch (parsed.kind) {
    case 'assumed-role':
      return at('error', 'sts-arn', `${parsed.arn} is an STS session ARN, which never matches; map the IAM role ${iamRole(parsed)} in mapRoles instead`);
    case 'role':
      return at('error', 'role-in-map-users', `${parsed.arn} is a role ARN; move this entry to mapRoles as rolearn: ${iamRole(parsed)}`);
    default:
      return [];
  }
}

/**
 * Reports entries shadowed by a later entry for the same ARN. The authenticator stores entries
 * in a map keyed by ARN, in list order, so the last one is the one it uses.
 */
export function findDuplicates(entries: readonly MappingEntry[]): Finding[] {
  const byArn = new Map<string, MappingEntry[]>();
  for (const entry of entries) {
    if (entry.arn === undefined) continue;
    const id = `${entry.key}\u0000${entry.arn.toLowerCase()}`;
    byArn.set(id, [...(byArn.get(id) ?? []), entry]);
  }

  const findings: Finding[] = [];
  for (const group of byArn.values()) {
    const winner = group.at(-1);
    if (!winner || group.length < 2) continue;
    for (const shadowed of group.slice(0, -1)) findings.push(duplicateFinding(shadowed, winner));
  }
  return findings;
}

function duplicateFinding(shadowed: MappingEntry, winner: MappingEntry): Finding {
  const lost = shadowed.groups.filter((group) => !winner.groups.includes(group));
  const other = `${winner.key}[${winner.index}]`;
  const lostText = lost.length > 0 ? `, so the groups ${lost.join(', ')} it lists are not granted` : '';
  const message = `${shadowed.arn} is mapped again by ${other}; the authenticator uses only the last entry, ${other}${lostText}. Merge the two entries into one`;
  return {
    level: lost.length > 0 ? 'error' : 'warning',
    code: 'duplicate-arn',
    key: shadowed.key,
    index: shadowed.index,
    line: shadowed.line,
    message,
  };
}

function checkNodeRole(entries: readonly MappingEntry[]): Finding[] {
  if (entries.length === 0) return [];
  if (entries.some((entry) => entry.key === 'mapRoles' && entry.groups.includes('system:nodes'))) return [];
  const message = 'no entry grants the group system:nodes, so nodes that join through aws-auth cannot register; keep the node instance role entry (ignore this when nodes join through access entries)';
  return [{ level: 'warning', code: 'no-node-role', key: 'mapRoles', index: null, line: null, message }];
}

function sortFindings(findings: Finding[], keyOrder: string[]): Finding[] {
  const rank = (finding: Finding): number => (finding.key === null ? -1 : keyOrder.indexOf(finding.key));
  return findings
    .map((finding, position) => ({ finding, position }))
    .sort((a, b) => rank(a.finding) - rank(b.finding) || (a.finding.line ?? Infinity) - (b.finding.line ?? Infinity) || a.position - b.position)
    .map(({ finding }) => finding);
}
