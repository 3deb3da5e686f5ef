import { Document, isMap, isSeq, parseDocument, type YAMLMap, type YAMLSeq } from 'yaml';
import { UsageError } from '../errors.js';

/** Name of the kubeconfig extension that marks a cluster, user or context as written by eks-recover. */
export const OWNER_EXTENSION = 'eks-recover';

/** kubectl's own layout (unindented lists, no padding in flow lists), so its files come back unchanged. */
const RENDER_OPTIONS = { indentSeq: false, flowCollectionPadding: false } as const;

/** The three kubeconfig lists an entry adds to, with the key of each item's body. */
const SECTIONS = [
  { list: 'clusters', body: 'cluster' },
  { list: 'users', body: 'user' },
  { list: 'contexts', body: 'context' },
] as const;

export type KubeconfigSection = (typeof SECTIONS)[number]['body'];

export interface ExecSpec {
  readonly apiVersion: string;
  readonly command: string;
  readonly args: readonly string[];
  readonly env?: ReadonlyArray<{ readonly name: string; readonly value: string }>;
}

/** One cluster, user and context, all under the same name. */
export interface KubeconfigEntry {
  readonly name: string;
  readonly server: string;
  /** Base64 PEM of the cluster CA, as EKS returns it. */
  readonly certificateAuthorityData: string;
  readonly exec: ExecSpec;
  readonly namespace?: string;
  /** A creator context the wizard writes for one run; cleanup removes it. */
  readonly temporary?: boolean;
}

export interface MergeOptions {
  /** Replace entries of the same name that eks-recover did not write. */
  readonly force?: boolean;
  readonly setCurrentContext?: boolean;
}

export interface KubeconfigChange {
  readonly section: KubeconfigSection | 'current-context';
  readonly name: string;
  readonly action: 'added' | 'updated' | 'unchanged' | 'removed' | 'kept';
}

export interface KubeconfigEditResult {
  readonly text: string;
  readonly changes: KubeconfigChange[];
}

/**
 * Adds or updates the entry's cluster, user and context in a kubeconfig, touching no other
 * entry and keeping comments. Throws a UsageError, and changes nothing, when the text is not a
 * kubeconfig or when a name is taken by an entry eks-recover did not write (unless `force`).
 */
export function mergeKubeconfig(text: string | undefined, entry: KubeconfigEntry, options: MergeOptions = {}): KubeconfigEditResult {
  const doc = parseKubeconfig(text);
  const clashes = SECTIONS.filter(({ list }) => {
    const existing = findNamed(listOf(doc, list), entry.name);
    return existing !== undefined && !isOwned(existing.item) && !options.force;
  });
  if (clashes.length > 0) {
    const kinds = clashes.map(({ body }) => body).join(', ');
    throw new UsageError('KubeconfigNameTaken', `The kubeconfig already has a ${kinds} named "${entry.name}" that eks-recover did not write.`, {
      hint: 'Pass --context-name with another name, or --force to replace it.',
    });
  }

  const changes = SECTIONS.map(({ list, body }) => upsert(doc, list, body, entry));
  if (options.setCurrentContext) {
    const unchanged = doc.get('current-context') === entry.name;
    doc.set('current-context', entry.name);
    changes.push({ section: 'current-context', name: entry.name, action: unchanged ? 'unchanged' : 'updated' });
  }
  return { text: doc.toString(RENDER_OPTIONS), changes };
}

/**
 * Removes the cluster, user and context of that name that eks-recover wrote, and clears
 * `current-context` when it names the removed context. Entries it did not write are kept.
 */
export function removeKubeconfigEntry(text: string, name: string): KubeconfigEditResult {
  const doc = parseKubeconfig(text);
  const changes: KubeconfigChange[] = [];
  for (const { list, body } of SECTIONS) {
    const seq = listOf(doc, list);
    const found = findNamed(seq, name);
    if (!seq || !found) continue;
    if (!isOwned(found.item)) {
      changes.push({ section: body, name, action: 'kept' });
      continue;
    }
    seq.items.splice(found.index, 1);
    changes.push({ section: body, name, action: 'removed' });
  }
  const contextRemoved = changes.some((change) => change.section === 'context' && change.action === 'removed');
  if (contextRemoved && doc.get('current-context') === name) {
    doc.set('current-context', '');
    changes.push({ section: 'current-context', name, action: 'removed' });
  }
  return { text: doc.toString(RENDER_OPTIONS), changes };
}

/** Names of contexts marked as written by eks-recover, with their temporary flag, for cleanup. */
export function listOwnedContexts(text: string): Array<{ name: string; temporary: boolean }> {
  const seq = listOf(parseKubeconfig(text), 'contexts');
  return (seq?.items ?? []).filter(isMap).flatMap((item) => {
    const extension = ownerExtension(item);
    if (!extension) return [];
    return [{ name: String(item.get('name')), temporary: extension.get('temporary') === true }];
  });
}

/** Sets `current-context` and leaves everything else as it is. */
export function setCurrentContext(text: string | undefined, name: string): string {
  const doc = parseKubeconfig(text);
  doc.set('current-context', name);
  return doc.toString(RENDER_OPTIONS);
}

/** Returns the context named as current, or undefined when none is set. */
export function currentContext(text: string | undefined): string | undefined {
  const value = parseKubeconfig(text).get('current-context');
  return typeof value === 'string' && value ? value : undefined;
}

/** Returns true when the kubeconfig defines a cluster, user or context of that name. */
export function hasEntryNamed(text: string | undefined, name: string): boolean {
  const doc = parseKubeconfig(text);
  return SECTIONS.some(({ list }) => findNamed(listOf(doc, list), name) !== undefined);
}

function parseKubeconfig(text: string | undefined): Document {
  if (!text?.trim()) {
    return new Document({ apiVersion: 'v1', kind: 'Config', preferences: {}, clusters: [], users: [], contexts: [], 'current-context': '' });
  }
  const doc = parseDocument(text);
  const error = doc.errors[0];
  if (error) {
    const line = error.linePos?.[0].line;
    throw new UsageError('InvalidKubeconfig', `The kubeconfig is not valid YAML${line ? ` (line ${line})` : ''}: ${error.message.split('\n')[0]}`, {
      hint: 'Fix the file, or write to another one with --kubeconfig PATH.',
    });
  }
  if (!isMap(doc.contents)) throw invalidStructure('its top level is not a mapping');
  for (const { list } of SECTIONS) {
    const value = doc.get(list);
    if (value !== undefined && value !== null && !isSeq(value)) throw invalidStructure(`"${list}" is not a list`);
    const items = isSeq(value) ? value.items : [];
    if (items.some((item) => !isMap(item))) throw invalidStructure(`"${list}" has an item that is not a mapping`);
  }
  return doc;
}

function invalidStructure(reason: string): UsageError {
  return new UsageError('InvalidKubeconfig', `The kubeconfig is not valid: ${reason}.`, {
    hint: 'Fix the file, or write to another one with --kubeconfig PATH.',
  });
}

function listOf(doc: Document, list: string): YAMLSeq | undefined {
  const value = doc.get(list);
  return isSeq(value) ? value : undefined;
}

function findNamed(seq: YAMLSeq | undefined, name: string): { item: YAMLMap; index: number } | undefined {
  const index = seq?.items.findIndex((item) => isMap(item) && item.get('name') === name) ?? -1;
  return index >= 0 ? { item: seq?.items[index] as YAMLMap, index } : undefined;
}

function ownerExtension(item: YAMLMap): YAMLMap | undefined {
  const body = item.items.find((pair) => ['cluster', 'user', 'context'].includes(String((pair.key as { value?: unknown })?.value)))?.value;
  const extensions = isMap(body) ? body.get('extensions') : undefined;
  if (!isSeq(extensions)) return undefined;
  const owner = extensions.items.find((extension) => isMap(extension) && extension.get('name') === OWNER_EXTENSION);
  const value = isMap(owner) ? owner.get('extension') : undefined;
  return isMap(value) ? value : undefined;
}

function isOwned(item: YAMLMap): boolean {
  return ownerExtension(item) !== undefined;
}

function upsert(doc: Document, list: string, body: KubeconfigSection, entry: KubeconfigEntry): KubeconfigChange {
  let seq = listOf(doc, list);
  if (!seq) {
    doc.set(list, doc.createNode([]));
    seq = listOf(doc, list) as YAMLSeq;
  }
  seq.flow = false;

  const node = doc.createNode({ name: entry.name, [body]: sectionBody(body, entry) });
  const existing = findNamed(seq, entry.name);
  if (!existing) {
    seq.items.push(node);
    return { section: body, name: entry.name, action: 'added' };
  }
  const same = JSON.stringify(existing.item.toJSON()) === JSON.stringify(node.toJSON());
  if (!same) seq.items[existing.index] = node;
  return { section: body, name: entry.name, action: same ? 'unchanged' : 'updated' };
}

function sectionBody(body: KubeconfigSection, entry: KubeconfigEntry): Record<string, unknown> {
  const extensions = [
    { name: OWNER_EXTENSION, extension: { 'managed-by': 'eks-recover', temporary: entry.temporary === true } },
  ];
  if (body === 'cluster') {
    return { server: entry.server, 'certificate-authority-data': entry.certificateAuthorityData, extensions };
  }
  if (body === 'user') {
    const { apiVersion, command, args, env } = entry.exec;
    return { exec: { apiVersion, command, args: [...args], ...(env?.length ? { env } : {}) }, extensions };
  }
  return { cluster: entry.name, user: entry.name, ...(entry.namespace ? { namespace: entry.namespace } : {}), extensions };
}
