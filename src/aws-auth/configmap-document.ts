import { isMap, isScalar, LineCounter, parseDocument, type Node, type Pair, type Scalar, type YAMLMap } from 'yaml';
import { UsageError } from '../errors.js';
import { renderLiteralBlock, renderYamlValue, fitsLiteralBlock } from './block-scalar.js';
import { flowInsertion } from './list-edit.js';
import { checkRendered } from './render-check.js';
import { applySplices, columnOf, contentEnd, lineEnd, type Splice } from './text-splice.js';
import type { AwsAuthData } from './types.js';

/** A ConfigMap file as `kubectl get configmap -o yaml` or `-o json` prints it, with source positions. */
export interface ConfigMapDocument {
  readonly text: string;
  readonly format: 'yaml' | 'json';
  readonly data: AwsAuthData;
  /** Line in the file, from 1, of the first line of each data key's text (the key's own line for quoted values). */
  readonly firstLines: Record<string, number>;
  /** True for keys whose text sits in a literal block, line for line. */
  readonly blockKeys: ReadonlySet<string>;
  readonly root: YAMLMap;
  readonly dataMap: YAMLMap | null;
}

/** Parses a ConfigMap file. Throws a UsageError naming `source` when it is not a ConfigMap. */
export function parseConfigMapDocument(text: string, source = 'the input'): ConfigMapDocument {
  const format = text.trimStart().startsWith('{') ? 'json' : 'yaml';
  if (format === 'json') checkJson(text, source);
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, uniqueKeys: false, prettyErrors: false });
  const error = document.errors[0];
  if (error) {
    const { line, col } = lineCounter.linePos(error.pos[0]);
    throw notConfigMap(source, `it is not valid ${format.toUpperCase()} (line ${line}, column ${col}: ${error.message.split('\n')[0]})`);
  }
  const root = document.contents;
  if (!isMap(root)) throw notConfigMap(source, 'it does not hold a YAML or JSON object');
  const kindNode: unknown = root.get('kind', true);
  const kind = isScalar(kindNode) ? kindNode.value : kindNode;
  if (kind !== 'ConfigMap') throw notConfigMap(source, `its kind is ${JSON.stringify(kind ?? null)}, not "ConfigMap"`);

  const dataNode = root.get('data', true) as Node | undefined;
  if (dataNode !== undefined && !(isScalar(dataNode) && dataNode.value === null) && !isMap(dataNode)) {
    throw notConfigMap(source, '"data" is not a mapping of keys to strings');
  }
  const dataMap = isMap(dataNode) ? dataNode : null;
  const reading = readDataMap(dataMap, source, lineCounter);
  return { text, format, root, dataMap, ...reading };
}

/**
 * Throws when JSON.parse rejects the text, with its reason and line, because the YAML parser
 * that reads the positions afterwards words JSON syntax errors in YAML terms.
 */
function checkJson(text: string, source: string): void {
  const body = text.replace(/^\uFEFF/, '');
  try {
    JSON.parse(body);
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
    // V8 ends the message with "in JSON at position N" (Node 20) and " (line L column C)" (Node 22).
    const match = /^(.*?)(?: in JSON)? at position (\d+)/s.exec(error.message);
    const reason = (match?.[1] ?? error.message).trim();
    const offset = Math.min(match ? Number(match[2]) : body.length, body.length);
    const before = body.slice(0, offset).split('\n');
    const line = before.length;
    const column = (before.at(-1)?.length ?? 0) + 1;
    throw notConfigMap(source, `it is not valid JSON (line ${line}, column ${column}: ${reason})`);
  }
}

function readDataMap(dataMap: YAMLMap | null, source: string, lineCounter: LineCounter): Pick<ConfigMapDocument, 'data' | 'firstLines' | 'blockKeys'> {
  const data: AwsAuthData = {};
  const firstLines: Record<string, number> = {};
  const blockKeys = new Set<string>();
  for (const pair of (dataMap?.items ?? []) as Pair<Node, Node>[]) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    const value = pair.value;
    if (!isScalar(value) || typeof value.value !== 'string') {
      throw notConfigMap(source, `data key "${key}" does not hold a string (ConfigMap data values are strings; quote the value)`);
    }
    data[key] = value.value;
    const block = value.type === 'BLOCK_LITERAL';
    if (block) blockKeys.add(key);
    const start = block ? (value.range?.[0] ?? 0) : (pair.key.range?.[0] ?? 0);
    firstLines[key] = lineCounter.linePos(start).line + (block ? 1 : 0);
  }
  return { data, firstLines, blockKeys };
}

/** Translates the line of a finding within a key's text to the line in the file. */
export function fileLine(doc: ConfigMapDocument, key: string | null, line: number | null): number | null {
  if (key === null || doc.firstLines[key] === undefined) return null;
  const first = doc.firstLines[key];
  if (!doc.blockKeys.has(key) || line === null) return first;
  return first + line - 1;
}

/**
 * Renders the file with new data. Unchanged keys keep every byte, and a changed key has only
 * its value replaced, in the file's own style. A new key is added after the others.
 * NOTE: a key missing from `data` stays in the file, because the engine never deletes data keys.
 * Throws a StepError when the result does not parse back to that data.
 */
export function renderConfigMapDocument(doc: ConfigMapDocument, data: AwsAuthData): string {
  const splices: Splice[] = [];
  const added: [string, string][] = [];
  for (const [key, value] of Object.entries(data)) {
    if (doc.data[key] === value) continue;
    if (doc.data[key] === undefined) added.push([key, value]);
    else splices.push(valueSplice(doc, key, value));
  }
  if (added.length > 0) splices.push(additionSplice(doc, added));
  const rendered = applySplices(doc.text, splices);
  checkRendered(doc.text, rendered, { ...doc.data, ...data }, (text) => parseConfigMapDocument(text));
  return rendered;
}

function valueSplice(doc: ConfigMapDocument, key: string, value: string): Splice {
  const pairs = (doc.dataMap?.items ?? []) as Pair<Node, Scalar>[];
  const pair = pairs.find((item) => isScalar(item.key) && String(item.key.value) === key) as Pair<Node, Scalar> & { value: Scalar };
  const range = pair.value.range ?? [0, 0, 0];
  const rendered = doc.format === 'json' || doc.dataMap?.flow
    ? JSON.stringify(value)
    : renderYamlValue(doc.text, pair.value, columnOf(doc.text, pair.key.range?.[0] ?? 0), value);
  return { start: range[0], end: range[1], text: rendered };
}

function additionSplice(doc: ConfigMapDocument, added: [string, string][]): Splice {
  const { text, dataMap } = doc;
  const flowPairs = added.map(([key, value]) => `${JSON.stringify(key)}: ${JSON.stringify(value)}`);
  if (dataMap && (dataMap.flow || doc.format === 'json')) return flowInsertion(text, dataMap, flowPairs);
  if (doc.format === 'json' || doc.root.flow) return flowInsertion(text, doc.root, [`"data": {${flowPairs.join(', ')}}`]);

  const firstKey = (dataMap?.items[0] as Pair<Node> | undefined)?.key;
  const column = firstKey?.range ? columnOf(text, firstKey.range[0]) : 2;
  const lines = added.map(([key, value]) => `${' '.repeat(column)}${key}: ${renderNewValue(value, column)}`);
  if (dataMap && dataMap.items.length > 0) {
    const at = lineEnd(text, contentEnd(text, dataMap));
    return { start: at, end: at, text: `\n${lines.join('\n').replace(/\n$/, '')}` };
  }
  return appendDataSection(doc, lines);
}

function renderNewValue(value: string, column: number): string {
  return fitsLiteralBlock(value) && value.includes('\n') ? renderLiteralBlock(value, column + 2, column).replace(/\n$/, '') : JSON.stringify(value);
}

/** Replaces an empty `data:` with the new keys, or adds a `data:` section at the end. */
function appendDataSection(doc: ConfigMapDocument, lines: string[]): Splice {
  const pair = (doc.root.items as Pair<Node, Node | null>[]).find((item) => isScalar(item.key) && item.key.value === 'data');
  const body = lines.join('\n');
  if (pair?.key.range) {
    const end = contentEnd(doc.text, pair.value?.range ? pair.value : pair.key);
    return { start: pair.key.range[0], end, text: `data:\n${body}` };
  }
  const newline = doc.text.endsWith('\n') || doc.text === '' ? '' : '\n';
  return { start: doc.text.length, end: doc.text.length, text: `${newline}data:\n${body}\n` };
}

function notConfigMap(source: string, reason: string): UsageError {
  return new UsageError('NotAConfigMap', `Cannot read ${source} as a ConfigMap: ${reason}.`, {
    hint: 'Save it with: kubectl get configmap aws-auth -n kube-system -o yaml > aws-auth.yaml',
  });
}
