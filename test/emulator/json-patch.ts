import { badRequest } from './kube-status.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

interface Operation {
  op: string;
  path: string;
  value?: Json;
  from?: string;
}

/** Applies an RFC 7386 JSON merge patch; the Kubernetes strategic merge is the same for ConfigMaps. */
export function applyMergePatch(target: Json, patch: Json): Json {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) return patch;
  const result: { [key: string]: Json } =
    target !== null && typeof target === 'object' && !Array.isArray(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (key.startsWith('$')) continue;
    if (value === null) delete result[key];
    else result[key] = applyMergePatch(result[key] ?? null, value);
  }
  return result;
}

function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw badRequest(`json patch path "${pointer}" must start with "/"`);
  return pointer
    .slice(1)
    .split('/')
    .map((token) => token.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function locate(document: Json, tokens: string[], pointer: string): { parent: Json; key: string } {
  let parent: Json = document;
  for (const token of tokens.slice(0, -1)) {
    const next: Json | undefined = Array.isArray(parent)
      ? parent[Number(token)]
      : parent !== null && typeof parent === 'object'
        ? parent[token]
        : undefined;
    if (next === undefined) throw badRequest(`json patch path "${pointer}" does not exist`);
    parent = next;
  }
  return { parent, key: tokens[tokens.length - 1] ?? '' };
}

function readAt(document: Json, pointer: string): Json {
  const tokens = parsePointer(pointer);
  if (tokens.length === 0) return document;
  const { parent, key } = locate(document, tokens, pointer);
  const value = Array.isArray(parent) ? parent[Number(key)] : parent !== null && typeof parent === 'object' ? parent[key] : undefined;
  if (value === undefined) throw badRequest(`json patch path "${pointer}" does not exist`);
  return value;
}

function removeAt(document: Json, pointer: string): void {
  const { parent, key } = locate(document, parsePointer(pointer), pointer);
  readAt(document, pointer);
  if (Array.isArray(parent)) parent.splice(Number(key), 1);
  else if (parent !== null && typeof parent === 'object') delete parent[key];
}

function addAt(document: Json, pointer: string, value: Json): void {
  const { parent, key } = locate(document, parsePointer(pointer), pointer);
  if (Array.isArray(parent)) parent.splice(key === '-' ? parent.length : Number(key), 0, value);
  else if (parent !== null && typeof parent === 'object') parent[key] = value;
  else throw badRequest(`json patch path "${pointer}" does not exist`);
}

/** Applies an RFC 6902 JSON patch to a copy of `target`. */
export function applyJsonPatch(target: Json, operations: unknown): Json {
  if (!Array.isArray(operations)) throw badRequest('json patch must be an array of operations');
  const document = structuredClone(target);
  for (const operation of operations as Operation[]) {
    const { op, path } = operation;
    if (op === 'add') addAt(document, path, operation.value ?? null);
    else if (op === 'remove') removeAt(document, path);
    else if (op === 'replace') {
      removeAt(document, path);
      addAt(document, path, operation.value ?? null);
    } else if (op === 'move' || op === 'copy') {
      const value = structuredClone(readAt(document, operation.from ?? ''));
      if (op === 'move') removeAt(document, operation.from ?? '');
      addAt(document, path, value);
    } else if (op === 'test') {
      if (JSON.stringify(readAt(document, path)) !== JSON.stringify(operation.value)) {
        throw badRequest(`json patch test operation failed at "${path}"`);
      }
    } else throw badRequest(`json patch operation "${String(op)}" is not supported`);
  }
  return document;
}

export type { Json };
