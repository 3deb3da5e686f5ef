import { randomUUID } from 'node:crypto';
import { type Json, applyJsonPatch, applyMergePatch } from './json-patch.js';
import {
  KubeError,
  alreadyExists,
  badRequest,
  conflict,
  invalid,
  notFound,
  success,
  unsupportedMediaType,
} from './kube-status.js';

export interface ObjectMeta {
  name: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  creationTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  [key: string]: unknown;
}

export interface ConfigMap {
  apiVersion: 'v1';
  kind: 'ConfigMap';
  metadata: ObjectMeta;
  data?: Record<string, string>;
  binaryData?: Record<string, string>;
  immutable?: boolean;
}

const KEY_PATTERN = /^[-._a-zA-Z0-9]+$/;
const NAME_PATTERN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/**
 * ConfigMaps and namespaces of one emulated cluster, with the API server's optimistic
 * concurrency: every write bumps one cluster-wide `resourceVersion`, and a write that
 * carries an older one is rejected with 409 Conflict.
 */
export class ConfigMapStore {
  private revision = 1000;
  private readonly configMaps = new Map<string, ConfigMap>();
  readonly namespaces = new Map<string, { uid: string; resourceVersion: string; creationTimestamp: string }>();

  constructor(namespaces: readonly string[] = ['default', 'kube-system', 'kube-public', 'kube-node-lease']) {
    for (const name of namespaces) this.addNamespace(name);
  }

  get resourceVersion(): string {
    return String(this.revision);
  }

  addNamespace(name: string): void {
    this.namespaces.set(name, { uid: randomUUID(), resourceVersion: this.nextRevision(), creationTimestamp: now() });
  }

  get(namespace: string, name: string): ConfigMap {
    const found = this.configMaps.get(key(namespace, name));
    if (!found) throw notFound('configmaps', name);
    return structuredClone(found);
  }

  find(namespace: string, name: string): ConfigMap | undefined {
    const found = this.configMaps.get(key(namespace, name));
    return found ? structuredClone(found) : undefined;
  }

  list(namespace?: string): ConfigMap[] {
    return [...this.configMaps.values()]
      .filter((item) => namespace === undefined || item.metadata.namespace === namespace)
      .map((item) => structuredClone(item));
  }

  create(namespace: string, body: unknown): ConfigMap {
    this.requireNamespace(namespace);
    const object = validate(body, namespace, undefined);
    const name = object.metadata.name;
    if (this.configMaps.has(key(namespace, name))) throw alreadyExists('configmaps', name);
    delete object.metadata.resourceVersion;
    return this.store({ ...object, metadata: { ...object.metadata, uid: randomUUID(), creationTimestamp: now() } });
  }

  update(namespace: string, name: string, body: unknown): ConfigMap {
    const current = this.get(namespace, name);
    const object = validate(body, namespace, name);
    const sent = object.metadata.resourceVersion;
    if (sent !== undefined && sent !== '' && sent !== current.metadata.resourceVersion) throw conflict('configmaps', name);
    if (current.immutable) throw invalid('ConfigMap', name, 'data: Forbidden: field is immutable when `immutable` is set');
    const metadata = { ...object.metadata, uid: current.metadata.uid, creationTimestamp: current.metadata.creationTimestamp };
    return this.store({ ...object, metadata });
  }

  patch(namespace: string, name: string, contentType: string, patch: unknown): ConfigMap {
    const current = this.get(namespace, name);
    const type = contentType.split(';')[0]?.trim();
    let patched: Json;
    if (type === 'application/merge-patch+json' || type === 'application/strategic-merge-patch+json') {
      if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) throw badRequest('merge patch must be a JSON object');
      patched = applyMergePatch(current as unknown as Json, patch as Json);
    } else if (type === 'application/json-patch+json') {
      patched = applyJsonPatch(current as unknown as Json, patch);
    } else {
      throw unsupportedMediaType(contentType);
    }
    return this.update(namespace, name, patched);
  }

  delete(namespace: string, name: string): ReturnType<typeof success> {
    this.get(namespace, name);
    this.configMaps.delete(key(namespace, name));
    this.nextRevision();
    return success('configmaps', name);
  }

  /** Creates or replaces the data of a ConfigMap directly, as another client would. */
  set(namespace: string, name: string, data: Record<string, string>): ConfigMap {
    if (!this.namespaces.has(namespace)) this.addNamespace(namespace);
    const current = this.find(namespace, name);
    if (!current) return this.create(namespace, { metadata: { name, namespace }, data });
    return this.update(namespace, name, { ...current, data, metadata: { ...current.metadata, resourceVersion: undefined } });
  }

  /** Deletes a ConfigMap directly; returns false when there was none. */
  remove(namespace: string, name: string): boolean {
    if (!this.configMaps.has(key(namespace, name))) return false;
    this.delete(namespace, name);
    return true;
  }

  private requireNamespace(namespace: string): void {
    if (!this.namespaces.has(namespace)) throw notFound('namespaces', namespace);
  }

  private store(object: ConfigMap): ConfigMap {
    object.metadata.resourceVersion = this.nextRevision();
    const namespace = object.metadata.namespace ?? 'default';
    this.configMaps.set(key(namespace, object.metadata.name), structuredClone(object));
    return structuredClone(object);
  }

  private nextRevision(): string {
    this.revision += 1;
    return String(this.revision);
  }
}

function key(namespace: string, name: string): string {
  return `${namespace}/${name}`;
}

function now(): string {
  return new Date().toISOString().replace(/\.\d+Z$/, 'Z');
}

function validate(body: unknown, namespace: string, name: string | undefined): ConfigMap {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw badRequest('the request body must be a ConfigMap object');
  const object = structuredClone(body) as Partial<ConfigMap>;
  const metadata = (object.metadata ?? {}) as ObjectMeta;
  if (object.kind !== undefined && object.kind !== 'ConfigMap') throw badRequest(`kind "${String(object.kind)}" does not match ConfigMap`);
  if (!metadata.name) throw invalid('ConfigMap', '', 'metadata.name: Required value: name or generateName is required');
  if (name !== undefined && metadata.name !== name) {
    throw badRequest(`the name of the object (${metadata.name}) does not match the name on the URL (${name})`);
  }
  if (metadata.namespace !== undefined && metadata.namespace !== namespace) {
    throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
  }
  if (!NAME_PATTERN.test(metadata.name)) {
    throw invalid('ConfigMap', metadata.name, `metadata.name: Invalid value: "${metadata.name}": a lowercase RFC 1123 subdomain is required`);
  }
  checkData(metadata.name, object.data);
  return { apiVersion: 'v1', kind: 'ConfigMap', ...object, metadata: { ...metadata, namespace } } as ConfigMap;
}

function checkData(name: string, data: unknown): void {
  if (data === undefined || data === null) return;
  if (typeof data !== 'object' || Array.isArray(data)) throw badRequest('data must be a map of strings');
  for (const [dataKey, value] of Object.entries(data)) {
    if (!KEY_PATTERN.test(dataKey)) {
      throw invalid('ConfigMap', name, `data[${dataKey}]: Invalid value: "${dataKey}": a valid config key must consist of alphanumeric characters, '-', '_' or '.'`);
    }
    if (typeof value !== 'string') throw badRequest(`data[${dataKey}] must be a string, got ${typeof value}`);
  }
}

export { KubeError };
