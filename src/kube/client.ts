import { STATUS_CODES } from 'node:http';
import type { CoreV1Api, KubeConfig, V1ConfigMap } from '@kubernetes/client-node';
import { StepError } from '../errors.js';
import { DEFAULT_RETRY_POLICY, type RetryPolicy, withKubeRetry } from './retry.js';
import type { DebugLog } from '../ui/debug-log.js';

export interface KubeTarget {
  /** API server URL, as DescribeCluster returns it. */
  readonly server: string;
  /** Base64 PEM of the cluster CA, as DescribeCluster returns it. */
  readonly caData: string;
  /** Returns a bearer token; called again when the last one is about to expire. */
  readonly token: () => Promise<{ token: string; expiresAt: Date }>;
  /** Retries after 429, 5xx and dropped connections; 5 attempts with jittered backoff by default. */
  readonly retry?: RetryPolicy;
  /** Receives a line per call and per retry with `--verbose`. */
  readonly log?: DebugLog;
}

/** A failed Kubernetes API call, with the HTTP status and the Status reason. */
export class KubeApiError extends StepError {
  constructor(
    readonly status: number,
    readonly reason: string,
    message: string,
    hint?: string,
  ) {
    super(`Kube${reason || status}`, message, hint ? { hint } : {});
  }
}

/** Advice for the statuses that have one usual cause. */
const STATUS_HINTS: Record<number, string> = {
  401: 'The cluster does not map this identity (aws-auth or an access entry): run eks-recover diagnose, or eks-recover to recover access.',
  403: 'The cluster knows this identity, but RBAC does not allow the call: map it to system:masters or bind a role to its groups.',
};

export interface Identity {
  readonly username: string;
  readonly groups: string[];
}

const FIELD_MANAGER = 'eks-recover';
const TOKEN_REFRESH_MARGIN_MS = 60_000;

/** The Kubernetes calls eks-recover makes, over @kubernetes/client-node with a bearer token. */
export class KubeApi {
  private current: { token: string; expiresAt: Date; core: CoreV1Api; kc: KubeConfig } | undefined;

  constructor(private readonly target: KubeTarget) {}

  async getConfigMap(namespace: string, name: string): Promise<V1ConfigMap | undefined> {
    const { core } = await this.session();
    try {
      return await this.retrying(() => core.readNamespacedConfigMap({ name, namespace }));
    } catch (error) {
      if (statusOf(error) === 404) return undefined;
      throw toKubeError(error, `read ConfigMap ${namespace}/${name}`);
    }
  }

  async createConfigMap(namespace: string, body: V1ConfigMap): Promise<V1ConfigMap> {
    const { core } = await this.session();
    try {
      return await this.retrying(() => core.createNamespacedConfigMap({ namespace, body, fieldManager: FIELD_MANAGER }));
    } catch (error) {
      throw toKubeError(error, `create ConfigMap ${namespace}/${body.metadata?.name}`);
    }
  }

  /** Writes the ConfigMap; `body.metadata.resourceVersion` makes it fail with 409 when someone wrote in between. */
  async replaceConfigMap(namespace: string, name: string, body: V1ConfigMap): Promise<V1ConfigMap> {
    const { core } = await this.session();
    try {
      return await this.retrying(() => core.replaceNamespacedConfigMap({ name, namespace, body, fieldManager: FIELD_MANAGER }));
    } catch (error) {
      throw toKubeError(error, `write ConfigMap ${namespace}/${name}`);
    }
  }

  async listNamespaces(): Promise<string[]> {
    const { core } = await this.session();
    try {
      const list = await this.retrying(() => core.listNamespace());
      return list.items.map((item) => item.metadata?.name ?? '');
    } catch (error) {
      throw toKubeError(error, 'list namespaces');
    }
  }

  async listNodes(): Promise<Array<{ name: string; ready: boolean }>> {
    const { core } = await this.session();
    try {
      const list = await this.retrying(() => core.listNode());
      return list.items.map((item) => ({
        name: item.metadata?.name ?? '',
        ready: (item.status?.conditions ?? []).some((condition) => condition.type === 'Ready' && condition.status === 'True'),
      }));
    } catch (error) {
      throw toKubeError(error, 'list nodes');
    }
  }

  /** Returns the user name and groups that the API server authenticates this token as (SelfSubjectReview). */
  async whoAmI(): Promise<Identity> {
    const { kc } = await this.session();
    const { AuthenticationV1Api } = await import('@kubernetes/client-node');
    try {
      const api = kc.makeApiClient(AuthenticationV1Api);
      const review = await this.retrying(() =>
        api.createSelfSubjectReview({ body: { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' } }),
      );
      return { username: review.status?.userInfo?.username ?? '', groups: review.status?.userInfo?.groups ?? [] };
    } catch (error) {
      throw toKubeError(error, 'review who this token is');
    }
  }

  /** SelfSubjectAccessReview for one verb on one resource (`*` for all). */
  async canI(verb: string, resource: string, namespace?: string): Promise<boolean> {
    const { kc } = await this.session();
    const { AuthorizationV1Api } = await import('@kubernetes/client-node');
    try {
      const api = kc.makeApiClient(AuthorizationV1Api);
      const review = await this.retrying(() =>
        api.createSelfSubjectAccessReview({
          body: {
            apiVersion: 'authorization.k8s.io/v1',
            kind: 'SelfSubjectAccessReview',
            spec: { resourceAttributes: { verb, resource, group: '*', ...(namespace ? { namespace } : {}) } },
          },
        }),
      );
      return review.status?.allowed === true;
    } catch (error) {
      throw toKubeError(error, `check access to ${verb} ${resource}`);
    }
  }

  private retrying<T>(call: () => Promise<T>): Promise<T> {
    const log = this.target.log;
    const onRetry = log
      ? (error: unknown, attempt: number, delayMs: number) => log(`Kubernetes call failed (${(error as Error).message}); attempt ${attempt + 1} in ${delayMs} ms`)
      : undefined;
    return withKubeRetry(call, this.target.retry ?? DEFAULT_RETRY_POLICY, onRetry);
  }

  private async session() {
    if (this.current && this.current.expiresAt.getTime() - Date.now() > TOKEN_REFRESH_MARGIN_MS) return this.current;
    const { KubeConfig, CoreV1Api } = await import('@kubernetes/client-node');
    const { token, expiresAt } = await this.target.token();
    const kc = new KubeConfig();
    kc.loadFromOptions({
      clusters: [{ name: 'target', server: this.target.server, caData: this.target.caData, skipTLSVerify: false }],
      users: [{ name: 'eks-recover', token }],
      contexts: [{ name: 'target', cluster: 'target', user: 'eks-recover' }],
      currentContext: 'target',
    });
    this.current = { token, expiresAt, kc, core: kc.makeApiClient(CoreV1Api) };
    return this.current;
  }
}

export function statusOf(error: unknown): number | undefined {
  const code = (error as { code?: unknown })?.code;
  return typeof code === 'number' ? code : undefined;
}

function toKubeError(error: unknown, action: string): Error {
  const status = statusOf(error);
  if (status === undefined) {
    const message = (error as Error)?.message ?? String(error);
    return new StepError('KubeUnreachable', `Could not ${action}: ${message}`, {
      hint: 'Check that the cluster endpoint is reachable from here (private-only endpoints need a VPN or bastion).',
      cause: error,
    });
  }
  const body = parseStatusBody((error as { body?: unknown }).body);
  // Without a Status body, client-node's own message is a dump of code, body and headers.
  const reason = body.reason ?? STATUS_CODES[status] ?? '';
  const detail = body.message ? `: ${body.message}` : '';
  return new KubeApiError(status, reason, `Could not ${action}: HTTP ${status}${reason ? ` ${reason}` : ''}${detail}`, STATUS_HINTS[status]);
}

function parseStatusBody(body: unknown): { reason?: string; message?: string } {
  if (typeof body === 'string') {
    try {
      return JSON.parse(body) as { reason?: string; message?: string };
    } catch {
      return { message: body.slice(0, 200) };
    }
  }
  return (body ?? {}) as { reason?: string; message?: string };
}
