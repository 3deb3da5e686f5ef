import { awsAuthPrincipalArn } from '../aws/arn.js';
import { intendedRoleArn } from './fixes.js';
import { readAwsAuth } from './read.js';
import type { AwsAuthData, MappingEntry } from './types.js';

export interface LostMappings {
  readonly entries: MappingEntry[];
  readonly accounts: string[];
}

/**
 * Returns the readable entries and accounts of `before` that `after` no longer grants. An
 * entry counts as kept when an entry of `after` names the same principal (after the fixes of
 * role paths, STS ARNs and wrong keys), with the same username (or one where `before` had
 * none) and at least the same groups. For the ARNs in `resolved` (lower case, canonical),
 * whose duplicates the user chose between, one remaining entry is enough.
 */
export function lostMappings(before: AwsAuthData | undefined, after: AwsAuthData, resolved: ReadonlySet<string> = new Set()): LostMappings {
  const oldReading = readAwsAuth(before);
  const newReading = readAwsAuth(after);
  const remaining = newReading.entries.filter((entry) => entry.readable && entry.arn !== undefined);
  const kept = (entry: MappingEntry): boolean => {
    const identity = principalIdentity(entry.arn!);
    const candidates = remaining.filter((candidate) => principalIdentity(candidate.arn!) === identity);
    if (resolved.has(identity)) return candidates.length > 0;
    return candidates.some(
      (candidate) =>
        (entry.username === undefined || candidate.username === entry.username) && entry.groups.every((group) => candidate.groups.includes(group)),
    );
  };
  return {
    entries: oldReading.entries.filter((entry) => entry.readable && entry.arn !== undefined && !kept(entry)),
    accounts: oldReading.accounts.filter((account) => !newReading.accounts.includes(account)),
  };
}

/** Returns the principal an ARN is meant to map, in lower case: the IAM role for a role path or STS form. */
export function principalIdentity(arn: string): string {
  const role = intendedRoleArn(arn);
  if (role) return role.toLowerCase();
  try {
    return awsAuthPrincipalArn(arn).arn.toLowerCase();
  } catch {
    return arn.toLowerCase();
  }
}
