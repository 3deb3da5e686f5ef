import type { TrailEvent } from './cloudtrail.js';
import type { Cluster } from './cluster.js';

/** Everything the emulator's servers share. */
export interface EmulatorState {
  /** Clusters by `account/region/name`: EKS clusters belong to the account of the caller's access key. */
  readonly clusters: Map<string, Cluster>;
  readonly events: TrailEvent[];
  /** EKS actions denied to a principal, by lower-case ARN (canonical or as STS returns it). */
  readonly deniedEksActions: Map<string, Set<string>>;
  readonly caPem: string;
  /** Starts the cluster's Kubernetes API server and returns its URL. */
  startKubeApi(cluster: Cluster): Promise<string>;
}

export function clusterKey(account: string, region: string, name: string): string {
  return `${account}/${region}/${name}`;
}
