/** Kinds of change eks-recover records. Temporary kinds are what `cleanup` removes. */
export type ResourceKind =
  | 'iam-group'
  | 'iam-group-policy'
  | 'iam-group-membership'
  | 'aws-config-profile'
  | 'kubeconfig-entry'
  | 'kubeconfig-context'
  | 'aws-auth-mapping'
  | 'access-entry'
  | 'access-policy-association';

export const RESOURCE_KINDS: ReadonlySet<string> = new Set<ResourceKind>([
  'iam-group',
  'iam-group-policy',
  'iam-group-membership',
  'aws-config-profile',
  'kubeconfig-entry',
  'kubeconfig-context',
  'aws-auth-mapping',
  'access-entry',
  'access-policy-association',
]);

export const TEMPORARY_KINDS: ReadonlySet<ResourceKind> = new Set([
  'iam-group',
  'iam-group-policy',
  'iam-group-membership',
  'aws-config-profile',
  'kubeconfig-entry',
]);

/**
 * `pending`: about to be created, may or may not exist. `done`: created. `undone`: removed
 * again (or found already gone). `kept`: the lasting result of a recovery, never cleaned up.
 */
export type EntryStatus = 'pending' | 'done' | 'undone';

export interface JournalEntry {
  readonly id: number;
  readonly kind: ResourceKind;
  readonly temporary: boolean;
  status: EntryStatus;
  /** Enough to find and undo the change without any other state: names, ARNs, inserted text. */
  data: Record<string, unknown>;
  readonly createdAt: string;
  updatedAt: string;
}

export interface JournalFile {
  readonly version: 1;
  readonly runId: string;
  readonly command: string;
  readonly startedAt: string;
  /** The process that writes this journal, so that cleanup can leave a run that is still going alone. */
  readonly owner?: { readonly pid: number; readonly host: string };
  /** The identity, region and endpoints that cleanup needs to reach the same resources. */
  readonly context: {
    profile?: string;
    region?: string;
    accountId?: string;
    callerArn?: string;
    clusterName?: string;
  };
  entries: JournalEntry[];
  finishedAt?: string;
}
