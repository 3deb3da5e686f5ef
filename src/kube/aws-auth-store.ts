import type { V1ConfigMap } from '@kubernetes/client-node';
import { StepError } from '../errors.js';
import { type KubeApi, KubeApiError } from './client.js';

export const AWS_AUTH_NAMESPACE = 'kube-system';
export const AWS_AUTH_NAME = 'aws-auth';

/** Tools that commonly own aws-auth and may remove an entry they did not write on their next run. */
const OWNING_TOOLS = /terraform|eksctl|cdk|pulumi|cloudformation|crossplane|helm|argocd|flux/i;

export type AwsAuthData = Record<string, string>;

export interface AwsAuthChange {
  /** Applies the change to freshly fetched data; called again after each conflict. */
  apply(data: AwsAuthData | undefined): { data: AwsAuthData; changed: boolean };
  /** Throws when the result lost something it must keep; runs before every write. */
  check?(before: AwsAuthData | undefined, after: AwsAuthData): void;
  /** Called once before the first write, with the fetched object (for a backup, a diff, a confirmation). */
  beforeWrite?(current: V1ConfigMap | undefined, updated: AwsAuthData): Promise<void>;
}

export interface AwsAuthWriteResult {
  readonly before: V1ConfigMap | undefined;
  readonly after: V1ConfigMap | undefined;
  readonly changed: boolean;
  readonly attempts: number;
}

export function awsAuthManagers(configMap: V1ConfigMap | undefined): string[] {
  const managers = (configMap?.metadata?.managedFields ?? []).map((field) => field.manager ?? '');
  return [...new Set(managers.filter((manager) => OWNING_TOOLS.test(manager)))];
}

/**
 * Fetches aws-auth, applies the change, and writes it with the fetched resourceVersion. On
 * a conflict (someone wrote in between) it fetches again and re-applies only this change,
 * up to `maxAttempts` times, so no foreign write is ever overwritten.
 */
export async function updateAwsAuth(kube: KubeApi, change: AwsAuthChange, maxAttempts = 5): Promise<AwsAuthWriteResult> {
  let prepared = false;
  for (let attempt = 1; attempt <= maxAttempts; attempt += 1) {
    const current = await kube.getConfigMap(AWS_AUTH_NAMESPACE, AWS_AUTH_NAME);
    const { data, changed } = change.apply(current?.data);
    if (!changed) return { before: current, after: current, changed: false, attempts: attempt };
    change.check?.(current?.data, data);
    if (!prepared) {
      await change.beforeWrite?.(current, data);
      prepared = true;
    }
    try {
      const after = current ? await kube.replaceConfigMap(AWS_AUTH_NAMESPACE, AWS_AUTH_NAME, withData(current, data)) : await kube.createConfigMap(AWS_AUTH_NAMESPACE, newAwsAuth(data));
      return { before: current, after, changed: true, attempts: attempt };
    } catch (error) {
      if (error instanceof KubeApiError && error.status === 409) continue;
      throw error;
    }
  }
  throw new StepError('AwsAuthConflict', `aws-auth kept changing while eks-recover tried to write it (${maxAttempts} attempts); nothing of this change was written.`, {
    hint: 'Another tool is writing aws-auth right now (a pipeline or controller); wait for it and run the same command again.',
  });
}

function withData(current: V1ConfigMap, data: AwsAuthData): V1ConfigMap {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    ...current,
    metadata: { ...current.metadata, managedFields: undefined },
    data,
  } as V1ConfigMap;
}

function newAwsAuth(data: AwsAuthData): V1ConfigMap {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: AWS_AUTH_NAME, namespace: AWS_AUTH_NAMESPACE }, data };
}
