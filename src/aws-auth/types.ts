export type MapKey = 'mapRoles' | 'mapUsers' | 'mapAccounts';

export const MAP_KEYS: readonly MapKey[] = ['mapRoles', 'mapUsers', 'mapAccounts'];

/** The `data` of an aws-auth ConfigMap, as the Kubernetes API returns it. */
export type AwsAuthData = Record<string, string>;

/**
 * One problem found in aws-auth. `line` counts from 1 within the key's text in the data-level
 * API; the ConfigMap file commands translate it to the line in the file.
 */
export interface Finding {
  readonly level: 'error' | 'warning';
  readonly code: string;
  readonly key: string | null;
  readonly index: number | null;
  readonly line: number | null;
  readonly message: string;
}

/** One item of `mapRoles` or `mapUsers`, read with the authenticator's field rules. */
export interface MappingEntry {
  readonly key: MapKey;
  readonly index: number;
  /** The `rolearn` (mapRoles) or `userarn` (mapUsers) value exactly as written. */
  readonly arn?: string;
  readonly username?: string;
  readonly groups: string[];
  /** Line of the item within the key's text, from 1. */
  readonly line: number | null;
  /** True when the authenticator keeps the entry (it has the ARN field its key needs). */
  readonly readable: boolean;
}

export interface AwsAuthReading {
  readonly entries: MappingEntry[];
  /** Account IDs of `mapAccounts` that the authenticator reads. */
  readonly accounts: string[];
  readonly findings: Finding[];
}
