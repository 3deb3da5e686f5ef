import type { ResourceAttributes } from './rbac.js';

/** A Kubernetes API request, parsed from its method and path. */
export interface KubeRoute extends ResourceAttributes {
  /** `GET configmaps/aws-auth`, `GET namespaces`, `POST selfsubjectaccessreviews`: what hooks match on. */
  readonly action: string;
}

const VERBS: Record<string, string> = { POST: 'create', PUT: 'update', PATCH: 'patch', DELETE: 'delete' };

function verbFor(method: string, name: string | undefined, watch: boolean): string {
  if (method === 'GET') return name === undefined ? (watch ? 'watch' : 'list') : 'get';
  return VERBS[method] ?? method.toLowerCase();
}

function route(method: string, group: string, resource: string, namespace?: string, name?: string, watch = false): KubeRoute {
  return {
    verb: verbFor(method, name, watch),
    resource,
    group,
    ...(namespace !== undefined ? { namespace } : {}),
    ...(name !== undefined ? { name } : {}),
    action: name === undefined ? `${method} ${resource}` : `${method} ${resource}/${name}`,
  };
}

/** Parses a resource path; undefined for paths that name no resource (discovery, /version, unknown). */
export function parseKubeRoute(method: string, url: URL): KubeRoute | undefined {
  const segments = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
  const watch = url.searchParams.get('watch') === 'true' || url.searchParams.get('watch') === '1';
  if (segments[0] === 'api' && segments[1] === 'v1') {
    const rest = segments.slice(2);
    if (rest[0] === 'namespaces' && rest.length >= 3) {
      return route(method, '', rest[2]!, rest[1], rest[3], watch);
    }
    if (rest.length === 1 || rest.length === 2) return route(method, '', rest[0]!, undefined, rest[1], watch);
    return undefined;
  }
  if (segments[0] === 'apis' && segments.length === 4) {
    return route(method, segments[1]!, segments[3]!, undefined, undefined, watch);
  }
  return undefined;
}
