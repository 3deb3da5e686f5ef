/** Discovery documents for the resources the emulated API server serves, enough for kubectl. */

const CORE_RESOURCES = [
  { name: 'configmaps', singularName: 'configmap', namespaced: true, kind: 'ConfigMap', shortNames: ['cm'], verbs: ['create', 'delete', 'get', 'list', 'patch', 'update'] },
  { name: 'namespaces', singularName: 'namespace', namespaced: false, kind: 'Namespace', shortNames: ['ns'], verbs: ['get', 'list'] },
  { name: 'nodes', singularName: 'node', namespaced: false, kind: 'Node', shortNames: ['no'], verbs: ['get', 'list'] },
];

const GROUPS: Record<string, Array<{ name: string; kind: string }>> = {
  'authorization.k8s.io': [{ name: 'selfsubjectaccessreviews', kind: 'SelfSubjectAccessReview' }],
  'authentication.k8s.io': [{ name: 'selfsubjectreviews', kind: 'SelfSubjectReview' }],
};

export const KUBERNETES_VERSION = {
  major: '1',
  minor: '31',
  gitVersion: 'v1.31.4-eks-2d5f260',
  gitCommit: '2d5f2601f1d4b0e1c8e05c8c0c7b6d8b7e8c9a0f',
  gitTreeState: 'clean',
  buildDate: '2025-01-01T00:00:00Z',
  goVersion: 'go1.22.9',
  compiler: 'gc',
  platform: 'linux/amd64',
};

/** Returns the discovery document for `path`, or undefined when the path is not a discovery path. */
export function discoveryDocument(path: string, serverAddress: string): unknown {
  if (path === '/api') {
    return {
      kind: 'APIVersions',
      versions: ['v1'],
      serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
    };
  }
  if (path === '/api/v1') return { kind: 'APIResourceList', groupVersion: 'v1', resources: CORE_RESOURCES };
  if (path === '/apis') {
    return {
      kind: 'APIGroupList',
      apiVersion: 'v1',
      groups: Object.keys(GROUPS).map((name) => ({
        name,
        versions: [{ groupVersion: `${name}/v1`, version: 'v1' }],
        preferredVersion: { groupVersion: `${name}/v1`, version: 'v1' },
      })),
    };
  }
  const match = /^\/apis\/([^/]+)\/v1$/.exec(path);
  const resources = match ? GROUPS[match[1]!] : undefined;
  if (!resources) return undefined;
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: `${match![1]}/v1`,
    resources: resources.map(({ name, kind }) => ({ name, singularName: '', namespaced: false, kind, verbs: ['create'] })),
  };
}
