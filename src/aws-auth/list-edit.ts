import { isScalar, type Node, type YAMLSeq } from 'yaml';
import type { ParsedKey } from './parse-key.js';
import { detectBlockStyle, renderBlockEntry, type Field } from './render-entry.js';
import { applySplices, contentEnd, dashOffset, lineEnd, lineStart, type Splice } from './text-splice.js';

/** Appends one item (fields of an entry, or a scalar) to a key's list, keeping all other bytes. */
export function appendItem(parsed: ParsedKey, item: readonly Field[] | string): string {
  const { text, list } = parsed;
  if (list?.flow) return applySplices(text, [flowInsertion(text, list, [flowText(item)])]);

  const block = typeof item === 'string' ? `- ${item}` : renderBlockEntry(item, detectBlockStyle(text, list));
  if (parsed.skippable && text.trim() !== '') return `${block}\n`;
  const nullScalar = parsed.document?.contents;
  if (list === null && isScalar(nullScalar) && nullScalar.range) {
    return applySplices(text, [{ start: nullScalar.range[0], end: nullScalar.range[1], text: block }]);
  }
  if (text === '') return `${block}\n`;
  const trailingNewline = text.endsWith('\n');
  return trailingNewline ? `${text}${block}\n` : `${text}\n${block}`;
}

function flowText(item: readonly Field[] | string): string {
  return typeof item === 'string' ? item : JSON.stringify(Object.fromEntries(item));
}

/**
 * Returns the splice that adds items at the end of a flow collection: after the last item
 * with the separator the collection already uses, or just inside an empty one.
 */
export function flowInsertion(text: string, collection: FlowCollection, itemTexts: readonly string[]): Splice {
  const nodes = collection.items.map(itemNode);
  const separator = flowSeparator(text, nodes, collection);
  const last = nodes.at(-1);
  if (last?.range) {
    const end = last.range[1] ?? 0;
    return { start: end, end, text: `${separator}${itemTexts.join(separator)}` };
  }
  const open = collection.range?.[0] ?? 0;
  return { start: open + 1, end: open + 1, text: itemTexts.join(separator) };
}

interface FlowCollection {
  readonly items: unknown[];
  readonly range?: readonly number[] | null;
}

function itemNode(item: unknown): Node {
  const pair = item as { key?: Node; value?: Node | null };
  if (pair && typeof pair === 'object' && 'key' in pair) {
    return { range: [pair.key?.range?.[0] ?? 0, (pair.value ?? pair.key)?.range?.[1] ?? 0, 0] } as unknown as Node;
  }
  return item as Node;
}

function flowSeparator(text: string, nodes: Node[], collection: FlowCollection): string {
  const [first, second] = nodes;
  if (first?.range && second?.range) {
    const between = text.slice(first.range[1], second.range[0]);
    if (between.includes(',') && !between.includes('#')) return between;
  }
  const open = collection.range?.[0] ?? 0;
  const lead = first?.range ? text.slice(open + 1, first.range[0]) : '';
  if (lead.includes('\n')) return `,${lead}`;
  return /\[\s*\{\s*"/.test(text) || /^\s*\[\s*"/.test(text) ? ',' : ', ';
}

/**
 * Returns the splices that delete list items with the line breaks and separators that belong
 * to them, so that deleting an item `appendItem` added gives back the earlier text.
 */
export function removalSplices(text: string, list: YAMLSeq, indices: readonly number[]): Splice[] {
  const nodes = list.items as Node[];
  if (!list.flow) return indices.map((index) => blockRemoval(text, nodes[index] as Node));
  return consecutiveRuns(indices).map(([first, last]) => flowRemoval(nodes, first, last));
}

function blockRemoval(text: string, node: Node): Splice {
  const stop = lineEnd(text, contentEnd(text, node));
  const start = lineStart(text, dashOffset(text, node));
  if (stop < text.length) return { start, end: stop + 1, text: '' };
  return { start: Math.max(0, start - 1), end: stop, text: '' };
}

/** Deletes items `first` to `last` of a flow list with one separator: the one before them, or the one after when they lead the list. */
function flowRemoval(nodes: Node[], first: number, last: number): Splice {
  const range = (index: number): readonly number[] => nodes[index]?.range ?? [0, 0, 0];
  const end = range(last)[1] ?? 0;
  if (first > 0) return { start: range(first - 1)[1] ?? 0, end, text: '' };
  if (last < nodes.length - 1) return { start: range(0)[0] ?? 0, end: range(last + 1)[0] ?? 0, text: '' };
  return { start: range(0)[0] ?? 0, end, text: '' };
}

function consecutiveRuns(indices: readonly number[]): [number, number][] {
  const runs: [number, number][] = [];
  for (const index of [...indices].sort((a, b) => a - b)) {
    const run = runs.at(-1);
    if (run && run[1] === index - 1) run[1] = index;
    else runs.push([index, index]);
  }
  return runs;
}
