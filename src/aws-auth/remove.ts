import { awsAuthPrincipalArn, sameArn } from '../aws/arn.js';
import { UsageError } from '../errors.js';
import { removalSplices } from './list-edit.js';
import { readData } from './read.js';
import { applySplices } from './text-splice.js';
import type { AwsAuthData, MapKey } from './types.js';

export interface RemoveMappingResult {
  /** The new data; the very input strings when nothing was removed. */
  readonly data: AwsAuthData;
  readonly removed: number;
}

/**
 * Removes every `mapRoles` or `mapUsers` entry for the canonical form of `arn`, compared
 * case-insensitively, editing only the text of the key that contains them. Entries written in a
 * form that never matches (a role path, an STS ARN) are not the canonical ARN and stay.
 * Throws a UsageError for an invalid ARN or when that key does not parse.
 */
export function removeMapping(data: AwsAuthData | undefined, arn: string): RemoveMappingResult {
  const principal = awsAuthPrincipalArn(arn);
  const reading = readData(data);
  const parsed = reading.keys[principal.key];
  if (!parsed) return { data: data ?? {}, removed: 0 };
  if (parsed.problem) {
    throw new UsageError('AwsAuthKeyInvalid', `Cannot remove from ${principal.key}: ${parsed.problem.message}.`, {
      hint: `Fix ${principal.key} first (eks-recover aws-auth lint shows where); nothing was changed.`,
    });
  }

  const matches = reading.nodes.filter(
    ({ entry }) => entry.key === principal.key && entry.arn !== undefined && sameArn(entry.arn, principal.arn),
  );
  if (matches.length === 0 || !parsed.list) return { data: data ?? {}, removed: 0 };
  const splices = removalSplices(parsed.text, parsed.list, matches.map(({ entry }) => entry.index));
  return { data: withText(data ?? {}, principal.key, applySplices(parsed.text, splices)), removed: matches.length };
}

function withText(data: AwsAuthData, key: MapKey, text: string): AwsAuthData {
  return { ...data, [key]: text };
}
