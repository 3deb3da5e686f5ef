import type { CreatorCandidate } from '../steps/find-creator.js';

/** The caller's identity as EKS matches it, in both the aws-auth and the access-entry form. */
export interface CallerDiagnosis {
  readonly arn: string;
  readonly accountId: string;
  readonly kind: string;
  readonly awsAuthArn: string;
  /** Undefined when the caller cannot have an access entry, and `accessEntryProblem` then gives the reason. */
  readonly accessEntryArn?: string;
  readonly accessEntryProblem?: string;
}

/** Outcome of one token-authenticated request as the caller (list namespaces). */
export type RequestResult = 'allowed' | 'unauthorized' | 'forbidden' | 'unreachable' | 'failed';

export interface Recommendation {
  readonly method: 'none' | 'access-entry' | 'aws-auth';
  readonly reason: string;
  /** The exact command to run; absent when no recovery is needed or possible. */
  readonly command?: string;
  readonly alternative?: string;
}

export interface ClusterDiagnosis {
  readonly name: string;
  readonly region: string;
  readonly arn?: string;
  readonly status?: string;
  readonly version?: string;
  readonly platformVersion?: string;
  readonly endpointPublicAccess?: boolean;
  readonly endpointPrivateAccess?: boolean;
  readonly authenticationMode?: string;
  readonly creatorCandidates: readonly CreatorCandidate[];
  readonly creatorNotes: readonly string[];
  /** True or false when it could be read, null when the caller may not read aws-auth. */
  readonly mappedInAwsAuth: boolean | null;
  /** The caller's access entry; null in CONFIG_MAP mode or when it could not be read. */
  readonly accessEntry: { readonly exists: boolean; readonly type?: string; readonly policies: readonly string[] } | null;
  readonly request: { readonly result: RequestResult; readonly status?: number; readonly detail: string };
  readonly clusterAdmin: boolean | null;
  readonly hasAccess: boolean;
  readonly recommendation: Recommendation;
  /** Set when the cluster could not be described at all. */
  readonly error?: string;
}

export interface RegionFailure {
  readonly region: string;
  readonly error: string;
}

export interface DiagnoseReport {
  readonly caller: CallerDiagnosis;
  readonly regions: readonly string[];
  readonly clusters: readonly ClusterDiagnosis[];
  readonly regionFailures: readonly RegionFailure[];
}
