import type { AwsClients } from '../aws/clients.js';
import type { SourceSetting } from '../aws-config/chain.js';
import type { Settings } from '../config/settings.js';
import type { Journal } from '../journal/journal.js';
import type { KubeApi } from '../kube/client.js';
import type { Output } from '../ui/output.js';
import type { Prompter } from '../ui/prompter.js';
import type { Method } from './choose-path.js';

/** Flags of `eks-recover recover`; every question the wizard may ask has one. */
export interface RecoverOptions {
  readonly cluster?: string;
  readonly clusterAccount?: string;
  readonly creatorRoleArn?: string;
  readonly mapArn?: string;
  readonly username?: string;
  readonly group: readonly string[];
  readonly tempProfile: string;
  readonly grantTtlMinutes: number;
  readonly assumeRoleTimeoutSeconds: number;
  readonly keepTemp: boolean;
  /** `--method`: auto chooses from the authentication mode (see steps/choose-path.ts). */
  readonly method?: Method;
  /** `--enable-access-entries`: move a CONFIG_MAP cluster to API_AND_CONFIG_MAP, which cannot be undone. */
  readonly enableAccessEntries?: boolean;
  /** `--confirm-cluster`: the cluster name typed in advance to confirm the mode change. */
  readonly confirmCluster?: string;
}

export type CallerKind = 'user' | 'assumed-role' | 'federated-user' | 'root';

export interface Caller {
  readonly arn: string;
  readonly accountId: string;
  readonly partition: string;
  readonly kind: CallerKind;
  /** IAM user name (users only): what AddUserToGroup takes. */
  readonly userName?: string;
  /** Role or user name, used for the role session name so CloudTrail shows who acted. */
  readonly displayName: string;
  /** The ARN as `aws-auth` must name it: the role ARN without path for an assumed role. */
  readonly awsAuthArn: string;
}

export interface ClusterInfo {
  readonly name: string;
  readonly accountId: string;
  readonly arn: string;
  readonly status: string;
  readonly endpoint: string;
  readonly caData: string;
  readonly version?: string;
  readonly platformVersion?: string;
  readonly authenticationMode: string;
  readonly endpointPublicAccess: boolean;
  readonly endpointPrivateAccess: boolean;
  readonly tags: Record<string, string>;
  /** ISO time of CreateCluster, when DescribeCluster returned it. */
  readonly createdAt?: string;
}

/** State that the steps fill in as they run; each step reads what earlier steps found or made. */
export interface RecoveryState {
  /** The source line of the temporary profile, from the credential check before any change. */
  source?: SourceSetting;
  caller?: Caller;
  /** The cluster account when it is known before the cluster is described (cross-account). */
  clusterAccountId?: string;
  cluster?: ClusterInfo;
  creatorRoleArn?: string;
  grant?: { groupName: string; policyName: string; expiresAt: string };
  tempProfile?: { name: string };
  creatorClients?: AwsClients;
  creatorKube?: KubeApi;
  /** `appended`: the run added a new entry (rather than groups to an existing one), so undoing it removes the entry. */
  mapping?: { key: string; arn: string; changed: boolean; appended: boolean; backupPath?: string };
  /** The access-entry path's result: `created` and `associated` are false for what existed already. */
  accessEntry?: { principalArn: string; created: boolean; associated: boolean; policyArn: string };
}

export interface RunContext {
  readonly settings: Settings;
  readonly output: Output;
  readonly prompter: Prompter;
  readonly journal: Journal;
  /** The caller's own clients: `--profile` or the default chain. */
  readonly clients: AwsClients;
  readonly options: RecoverOptions;
  readonly state: RecoveryState;
}

/** One change a step would make, shown by `--dry-run` and before confirmation. */
export interface StepPlan {
  readonly title: string;
  readonly details: readonly string[];
}
