import { readAwsAuth } from './read.js';
import { lintAwsAuth } from './lint.js';
import {
  intendedRoleArn,
  lowerCaseFieldNames,
  moveToMapRoles,
  moveToMapUsers,
  quoteAccountIds,
  quoteTemplateUsernames,
  useIamRoleArn,
  type EntryTarget,
  type FixResult,
} from './fixes.js';
import type { AwsAuthData, Finding, MappingEntry } from './types.js';

/** A fix with a single correct result, applied to whatever data is current when it runs. */
export interface AutomaticFix {
  readonly kind: 'automatic';
  /** Identifies the fix, so a finding reported twice gives one fix. */
  readonly id: string;
  readonly finding: Finding;
  readonly apply: (data: AwsAuthData) => FixResult | null;
}

/** Entries for the same ARN, of which only the last counts: the user chooses the one to keep. */
export interface DuplicateChoice {
  readonly kind: 'duplicate';
  readonly id: string;
  readonly finding: Finding;
  readonly key: 'mapRoles' | 'mapUsers';
  readonly arn: string;
  readonly entries: MappingEntry[];
}

export type FixProposal = AutomaticFix | DuplicateChoice;

/**
 * Proposes a fix for each lint finding that has one. ARNs written in a form that never
 * matches, entries in the wrong key, unquoted templates and account IDs, and mis-cased field
 * names get automatic fixes. Each duplicate ARN gets a choice. YAML that does not parse gets
 * no proposal, and neither does a fix that would make an entry shadow another.
 */
export function proposeFixes(data: AwsAuthData): FixProposal[] {
  const entries = readAwsAuth(data).entries;
  const proposals = new Map<string, FixProposal>();
  for (const finding of lintAwsAuth(data)) {
    const proposal = proposalFor(finding, entries);
    if (proposal && !proposals.has(proposal.id)) proposals.set(proposal.id, proposal);
  }
  return [...proposals.values()].filter((proposal) => proposal.kind === 'duplicate' || proposal.apply(data) !== null);
}

function proposalFor(finding: Finding, entries: readonly MappingEntry[]): FixProposal | undefined {
  const key = finding.key === 'mapRoles' || finding.key === 'mapUsers' ? finding.key : undefined;
  const entry = entries.find((candidate) => candidate.key === finding.key && candidate.index === finding.index);
  const automatic = (id: string, apply: AutomaticFix['apply']): AutomaticFix => ({ kind: 'automatic', id, finding, apply });

  if (finding.code === 'unquoted-account-id') return automatic('quote-account-ids', quoteAccountIds);
  if (!key) return undefined;
  if (finding.code === 'field-name-case') return automatic(`field-names:${key}`, (data) => lowerCaseFieldNames(data, key));
  if (finding.code === 'invalid-yaml' || (finding.code === 'invalid-entry' && /"username" must be a string, found a mapping/.test(finding.message))) {
    return automatic(`templates:${key}`, (data) => quoteTemplateUsernames(data, key));
  }
  const arn = entry?.arn;
  if (arn === undefined) return undefined;
  const target: EntryTarget = { key, arn };
  switch (finding.code) {
    case 'role-arn-has-path':
    case 'sts-arn':
    case 'invalid-arn':
      if (!intendedRoleArn(arn)) return undefined;
      return automatic(`role-arn:${key}:${arn}`, (data) => (key === 'mapRoles' ? useIamRoleArn(data, target) : moveToMapRoles(data, target)));
    case 'role-in-map-users':
      return automatic(`move:${key}:${arn}`, (data) => moveToMapRoles(data, target));
    case 'user-in-map-roles':
      return automatic(`move:${key}:${arn}`, (data) => moveToMapUsers(data, target));
    case 'duplicate-arn':
      return duplicateChoice(finding, key, arn, entries);
    default:
      return undefined;
  }
}

function duplicateChoice(finding: Finding, key: 'mapRoles' | 'mapUsers', arn: string, entries: readonly MappingEntry[]): DuplicateChoice {
  const same = entries.filter((entry) => entry.key === key && entry.readable && entry.arn?.toLowerCase() === arn.toLowerCase());
  return { kind: 'duplicate', id: `duplicate:${key}:${arn.toLowerCase()}`, finding, key, arn, entries: same };
}
