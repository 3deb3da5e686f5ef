import { ConfigMapStore } from './configmap-store.js';

export type AuthenticationMode = 'CONFIG_MAP' | 'API_AND_CONFIG_MAP' | 'API';

export interface AccessScope {
  readonly type: 'cluster' | 'namespace';
  readonly namespaces?: readonly string[];
}

export interface AccessPolicyAssociation {
  readonly policyArn: string;
  accessScope: AccessScope;
  readonly associatedAt: Date;
  modifiedAt: Date;
}

export interface AccessEntry {
  readonly principalArn: string;
  readonly accessEntryArn: string;
  kubernetesGroups: string[];
  username: string;
  readonly type: string;
  readonly tags: Record<string, string>;
  readonly createdAt: Date;
  modifiedAt: Date;
  readonly policies: Map<string, AccessPolicyAssociation>;
}

export interface ClusterUpdate {
  readonly id: string;
  status: 'InProgress' | 'Successful' | 'Failed';
  readonly type: string;
  readonly params: ReadonlyArray<{ readonly type: string; readonly value: string }>;
  readonly createdAt: Date;
}

export interface NodeInfo {
  readonly name: string;
  readonly instanceId: string;
}

/** One emulated EKS cluster: control-plane attributes plus the state of its Kubernetes API. */
export interface Cluster {
  readonly name: string;
  readonly arn: string;
  readonly accountId: string;
  readonly region: string;
  readonly version: string;
  readonly roleArn: string;
  readonly createdAt: Date;
  readonly tags: Record<string, string>;
  status: 'CREATING' | 'ACTIVE' | 'UPDATING' | 'DELETING';
  authenticationMode: AuthenticationMode;
  /** Canonical ARN of the principal that called CreateCluster; it is `system:masters` and invisible in the cluster. */
  readonly creatorArn: string;
  readonly bootstrapCreatorAdmin: boolean;
  readonly endpointPublicAccess: boolean;
  readonly endpointPrivateAccess: boolean;
  readonly publicAccessCidrs: readonly string[];
  readonly platformVersion: string;
  endpoint: string;
  readonly accessEntries: Map<string, AccessEntry>;
  readonly updates: Map<string, ClusterUpdate>;
  readonly configMaps: ConfigMapStore;
  readonly nodes: NodeInfo[];
}

export type ClusterInit = Omit<Cluster, 'accessEntries' | 'updates' | 'configMaps' | 'nodes' | 'status' | 'endpoint'>;

export function newCluster(init: ClusterInit): Cluster {
  return {
    ...init,
    status: 'CREATING',
    endpoint: '',
    accessEntries: new Map(),
    updates: new Map(),
    configMaps: new ConfigMapStore(),
    nodes: [
      { name: 'ip-192-168-12-34.eu-west-1.compute.internal', instanceId: 'i-0a1b2c3d4e5f60001' },
      { name: 'ip-192-168-56-78.eu-west-1.compute.internal', instanceId: 'i-0a1b2c3d4e5f60002' },
    ],
  };
}

/** An IAM ARN without the role's path, which is how an assumed-role caller appears after canonicalisation. */
export function withoutRolePath(arn: string): string {
  const match = /^(arn:[^:]+:iam::\d{12}:role\/)(?:.*\/)?([^/]+)$/.exec(arn);
  return match ? `${match[1]}${match[2]}` : arn;
}
