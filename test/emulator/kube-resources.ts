import type { Cluster } from './cluster.js';
import { KUBERNETES_VERSION } from './kube-discovery.js';
import type { KubeRoute } from './kube-routes.js';
import { badRequest, methodNotAllowed, notFound } from './kube-status.js';
import type { KubeUser } from './identity-mapper.js';
import { isAllowed } from './rbac.js';

export interface KubeRequest {
  readonly method: string;
  readonly route: KubeRoute;
  readonly body: unknown;
  readonly contentType: string;
  readonly user: KubeUser;
}

export interface KubeResponse {
  readonly status: number;
  readonly body: unknown;
}

function namespaceObject(cluster: Cluster, name: string): unknown {
  const namespace = cluster.configMaps.namespaces.get(name);
  if (!namespace) throw notFound('namespaces', name);
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name, ...namespace, labels: { 'kubernetes.io/metadata.name': name } },
    spec: { finalizers: ['kubernetes'] },
    status: { phase: 'Active' },
  };
}

function nodeObject(cluster: Cluster, name: string): unknown {
  const node = cluster.nodes.find((candidate) => candidate.name === name);
  if (!node) throw notFound('nodes', name);
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/hostname': name, 'topology.kubernetes.io/region': cluster.region } },
    spec: { providerID: `aws:///${cluster.region}a/${node.instanceId}` },
    status: {
      conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady' }],
      nodeInfo: { kubeletVersion: KUBERNETES_VERSION.gitVersion, operatingSystem: 'linux', architecture: 'amd64' },
    },
  };
}

function list(kind: string, resourceVersion: string, items: unknown[]): unknown {
  return { apiVersion: 'v1', kind: `${kind}List`, metadata: { resourceVersion }, items };
}

function handleConfigMaps(cluster: Cluster, request: KubeRequest): KubeResponse {
  const { route, method } = request;
  const store = cluster.configMaps;
  const namespace = route.namespace;
  if (route.name === undefined) {
    if (method === 'GET') return { status: 200, body: list('ConfigMap', store.resourceVersion, store.list(namespace)) };
    if (method === 'POST' && namespace) return { status: 201, body: store.create(namespace, request.body) };
    throw methodNotAllowed();
  }
  if (!namespace) throw notFound('configmaps', route.name);
  switch (method) {
    case 'GET':
      return { status: 200, body: store.get(namespace, route.name) };
    case 'PUT':
      return { status: 200, body: store.update(namespace, route.name, request.body) };
    case 'PATCH':
      return { status: 200, body: store.patch(namespace, route.name, request.contentType, request.body) };
    case 'DELETE':
      return { status: 200, body: store.delete(namespace, route.name) };
    default:
      throw methodNotAllowed();
  }
}

function handleReadOnly(cluster: Cluster, request: KubeRequest): KubeResponse {
  const { route } = request;
  if (request.method !== 'GET') throw methodNotAllowed();
  const names =
    route.resource === 'namespaces' ? [...cluster.configMaps.namespaces.keys()] : cluster.nodes.map((node) => node.name);
  const toObject = route.resource === 'namespaces' ? namespaceObject : nodeObject;
  if (route.name !== undefined) return { status: 200, body: toObject(cluster, route.name) };
  const kind = route.resource === 'namespaces' ? 'Namespace' : 'Node';
  return { status: 200, body: list(kind, cluster.configMaps.resourceVersion, names.map((name) => toObject(cluster, name))) };
}

function selfSubjectAccessReview(request: KubeRequest): KubeResponse {
  const spec = (request.body as { spec?: { resourceAttributes?: Record<string, string>; nonResourceAttributes?: unknown } }).spec;
  if (!spec) throw badRequest('spec is required');
  const attributes = spec.resourceAttributes;
  const allowed = attributes
    ? isAllowed(request.user, {
        verb: attributes.verb ?? '',
        resource: attributes.resource ?? '',
        ...(attributes.group !== undefined ? { group: attributes.group } : {}),
        ...(attributes.namespace ? { namespace: attributes.namespace } : {}),
        ...(attributes.name ? { name: attributes.name } : {}),
      })
    : true;
  const status = allowed ? { allowed, reason: 'allowed by the emulated EKS authorizer' } : { allowed };
  return {
    status: 201,
    body: { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', metadata: {}, spec, status },
  };
}

function selfSubjectReview(request: KubeRequest): KubeResponse {
  const { user } = request;
  const userInfo = {
    username: user.username,
    groups: user.groups,
    extra: { arn: [user.arn], canonicalArn: [user.canonicalArn] },
  };
  return {
    status: 201,
    body: { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview', metadata: {}, status: { userInfo } },
  };
}

/** Serves one authorised request against the cluster's objects. */
export function serveKubeRequest(cluster: Cluster, request: KubeRequest): KubeResponse {
  switch (request.route.resource) {
    case 'configmaps':
      return handleConfigMaps(cluster, request);
    case 'namespaces':
    case 'nodes':
      return handleReadOnly(cluster, request);
    case 'selfsubjectaccessreviews':
      if (request.method !== 'POST') throw methodNotAllowed();
      return selfSubjectAccessReview(request);
    case 'selfsubjectreviews':
      if (request.method !== 'POST') throw methodNotAllowed();
      return selfSubjectReview(request);
    default:
      throw notFound(request.route.resource, request.route.name ?? '');
  }
}
