import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ConfigMap } from './configmap-store.js';
import type { FailEffect, FailHook, HeldRequest, Hooks, RequestMatch } from './hooks.js';
import { type RequestRecord, parseJson, sendJson } from './http-util.js';
import { KubeError } from './kube-status.js';

/** The parts of the emulator that the `/_emulator/` HTTP controls drive. */
export interface Controllable {
  readonly hooks: Hooks;
  readonly requests: readonly RequestRecord[];
  clearRequests(): void;
  setConfigMap(namespace: string, name: string, data: Record<string, string>, clusterName?: string): ConfigMap;
  getConfigMap(namespace: string, name: string, clusterName?: string): ConfigMap | undefined;
  deleteConfigMap(namespace: string, name: string, clusterName?: string): boolean;
  denyEksActions(principalArn: string, actions: readonly string[]): void;
}

interface ConfigMapChange {
  cluster?: string;
  namespace: string;
  name: string;
  /** New data, or null to delete the ConfigMap. */
  data: Record<string, string> | null;
}

/**
 * HTTP controls for tests in other processes and for `npm run sandbox` users:
 *
 * - `GET|DELETE /_emulator/requests`: the request log, or clear it
 * - `POST /_emulator/holds` `{match}` → `{id}`; `POST /_emulator/holds/ID/wait`; `POST /_emulator/holds/ID/release`
 * - `POST /_emulator/failures` `{match, effect}` → `{id}`; `DELETE /_emulator/failures/ID`
 * - `POST /_emulator/before-next` `{match, configMap: {cluster?, namespace, name, data | null}}`
 * - `GET|PUT|DELETE /_emulator/configmaps/NAMESPACE/NAME[?cluster=NAME]` (PUT body `{data}`)
 * - `POST /_emulator/deny` `{principalArn, actions}`; `DELETE /_emulator/hooks` removes every hook
 */
export function createControlApi(emulator: Controllable) {
  const holds = new Map<string, HeldRequest>();
  const failures = new Map<string, FailHook>();
  let nextId = 1;

  const applyChange = (change: ConfigMapChange) => {
    if (change.data === null) emulator.deleteConfigMap(change.namespace, change.name, change.cluster);
    else emulator.setConfigMap(change.namespace, change.name, change.data, change.cluster);
  };

  async function route(method: string, url: URL, body: Record<string, unknown>): Promise<[number, unknown]> {
    const parts = url.pathname.split('/').filter(Boolean).slice(1).map(decodeURIComponent);
    const [resource, id, verb] = parts;
    const clusterName = url.searchParams.get('cluster') ?? undefined;

    if (resource === 'requests') {
      if (method === 'DELETE') emulator.clearRequests();
      return [200, emulator.requests];
    }

    if (resource === 'holds' && method === 'POST' && !id) {
      const key = String(nextId++);
      holds.set(key, emulator.hooks.hold(body.match as RequestMatch));
      return [200, { id: key }];
    }
    if (resource === 'holds' && id && holds.has(id)) {
      const hold = holds.get(id)!;
      if (verb === 'wait') await hold.waitUntilHeld();
      if (verb === 'release') hold.release();
      return [200, { id }];
    }

    if (resource === 'failures' && method === 'POST') {
      const key = String(nextId++);
      failures.set(key, emulator.hooks.fail(body.match as RequestMatch, body.effect as FailEffect));
      return [200, { id: key }];
    }
    if (resource === 'failures' && method === 'DELETE' && id) {
      failures.get(id)?.remove();
      return [200, { id, count: failures.get(id)?.count ?? 0 }];
    }

    if (resource === 'before-next' && method === 'POST') {
      emulator.hooks.beforeNext(body.match as RequestMatch, () => applyChange(body.configMap as ConfigMapChange));
      return [200, {}];
    }

    if (resource === 'configmaps' && id && verb) {
      if (method === 'PUT') return [200, emulator.setConfigMap(id, verb, body.data as Record<string, string>, clusterName)];
      if (method === 'DELETE') return [200, { deleted: emulator.deleteConfigMap(id, verb, clusterName) }];
      const found = emulator.getConfigMap(id, verb, clusterName);
      return found ? [200, found] : [404, { message: `configmap ${id}/${verb} not found` }];
    }

    if (resource === 'deny' && method === 'POST') {
      emulator.denyEksActions(String(body.principalArn), body.actions as string[]);
      return [200, {}];
    }
    if (resource === 'hooks' && method === 'DELETE') {
      emulator.hooks.clear();
      return [200, {}];
    }
    return [404, { message: `unknown emulator control ${method} ${url.pathname}` }];
  }

  return async (request: IncomingMessage, response: ServerResponse, body: Buffer): Promise<void> => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    try {
      const [status, payload] = await route(request.method ?? 'GET', url, parseJson(body) as Record<string, unknown>);
      sendJson(response, status, payload);
    } catch (error) {
      const message = error instanceof KubeError ? error.status.message : (error as Error).message;
      sendJson(response, 400, { message });
    }
  };
}
