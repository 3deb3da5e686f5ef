/** A Kubernetes `Status` body, as the API server sends it with every error. */
export interface KubeStatus {
  readonly kind: 'Status';
  readonly apiVersion: 'v1';
  readonly metadata: Record<string, never>;
  readonly status: 'Success' | 'Failure';
  readonly message?: string;
  readonly reason?: string;
  readonly details?: { readonly name?: string; readonly group?: string; readonly kind?: string };
  readonly code: number;
}

/** An error that the Kubernetes API server answers with its `Status` body. */
export class KubeError extends Error {
  constructor(readonly status: KubeStatus) {
    super(status.message);
  }
}

function failure(code: number, reason: string, message: string, details?: KubeStatus['details']): KubeError {
  return new KubeError({
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason,
    ...(details ? { details } : {}),
    code,
  });
}

export function success(kind: string, name: string): KubeStatus {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', details: { name, kind }, code: 200 };
}

export function notFound(resource: string, name: string): KubeError {
  return failure(404, 'NotFound', `${resource} "${name}" not found`, { name, kind: resource });
}

export function pathNotFound(): KubeError {
  return failure(404, 'NotFound', 'the server could not find the requested resource');
}

export function alreadyExists(resource: string, name: string): KubeError {
  return failure(409, 'AlreadyExists', `${resource} "${name}" already exists`, { name, kind: resource });
}

export function conflict(resource: string, name: string): KubeError {
  return failure(
    409,
    'Conflict',
    `Operation cannot be fulfilled on ${resource} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
    { name, kind: resource },
  );
}

export function badRequest(message: string): KubeError {
  return failure(400, 'BadRequest', message);
}

export function invalid(kind: string, name: string, cause: string): KubeError {
  return failure(422, 'Invalid', `${kind} "${name}" is invalid: ${cause}`, { name, kind });
}

export function unauthorized(): KubeError {
  return failure(401, 'Unauthorized', 'Unauthorized');
}

export interface ForbiddenRequest {
  readonly user: string;
  readonly verb: string;
  readonly resource: string;
  readonly group?: string;
  readonly name?: string;
  readonly namespace?: string;
}

export function forbidden(request: ForbiddenRequest): KubeError {
  const group = request.group ?? '';
  const target = request.name ? `${request.resource} "${request.name}"` : request.resource;
  const scope = request.namespace ? ` in the namespace "${request.namespace}"` : ' at the cluster scope';
  const message = `${target} is forbidden: User "${request.user}" cannot ${request.verb} resource "${request.resource}" in API group "${group}"${scope}`;
  return failure(403, 'Forbidden', message, { ...(request.name ? { name: request.name } : {}), group, kind: request.resource });
}

export function unsupportedMediaType(contentType: string): KubeError {
  return failure(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json (got ${contentType})`);
}

export function methodNotAllowed(): KubeError {
  return failure(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource');
}
