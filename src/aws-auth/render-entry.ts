import { isMap, isSeq, type Node, type Pair, type YAMLSeq } from 'yaml';
import { columnOf, dashOffset } from './text-splice.js';

/** A field of a new entry, in the order it is written. */
export type Field = readonly [name: string, value: string | readonly string[]];

/** Indentation of a block list of entries, read from its first entry. */
export interface BlockStyle {
  /** Column of each item's `-`. */
  readonly itemColumn: number;
  /** Columns from the `-` to the entry's field names (2 for `- rolearn:`). */
  readonly fieldOffset: number;
  /** Columns from a field name to the `-` of its nested list items (2 for `groups:\n  - x`). */
  readonly nestedOffset: number;
}

export const DEFAULT_BLOCK_STYLE: BlockStyle = { itemColumn: 0, fieldOffset: 2, nestedOffset: 2 };

const PLAIN_SAFE = /^[A-Za-z0-9_./@=+-][A-Za-z0-9_./@=+:,-]*$/;
/** Words YAML 1.1 readers turn into booleans or null, which must stay strings. */
const YAML_1_1_WORDS = /^(y|yes|n|no|true|false|on|off|null|~)$/i;
const NUMBER_LIKE = /^[-+]?(\.?\d|0[xob])/i;

/**
 * Formats a string as a YAML scalar: plain when every reader keeps it a string, double-quoted
 * otherwise. Usernames with authenticator templates such as `{{SessionName}}` are always quoted.
 */
export function formatScalar(value: string): string {
  const plain = PLAIN_SAFE.test(value) && !YAML_1_1_WORDS.test(value) && !NUMBER_LIKE.test(value) && !value.endsWith(':');
  return plain ? value : JSON.stringify(value);
}

/** Reads the indentation of an existing block list, or returns the common default. */
export function detectBlockStyle(text: string, list: YAMLSeq | null): BlockStyle {
  const first = list?.items[0] as Node | undefined;
  if (!first || !isMap(first) || list?.flow) return DEFAULT_BLOCK_STYLE;

  const dash = dashOffset(text, first);
  const itemColumn = columnOf(text, dash);
  const firstKey = (first.items[0] as Pair<Node> | undefined)?.key;
  const fieldOffset = firstKey?.range ? Math.max(1, columnOf(text, firstKey.range[0]) - itemColumn) : 2;
  return { itemColumn, fieldOffset, nestedOffset: detectNestedOffset(text, list) };
}

function detectNestedOffset(text: string, list: YAMLSeq | null): number {
  for (const item of (list?.items ?? []) as Node[]) {
    if (!isMap(item)) continue;
    for (const pair of item.items as Pair<Node, Node>[]) {
      const value = pair.value;
      if (!isSeq(value) || value.flow || value.items.length === 0 || !pair.key?.range) continue;
      const itemDash = dashOffset(text, value.items[0] as Node);
      return columnOf(text, itemDash) - columnOf(text, pair.key.range[0]);
    }
  }
  return DEFAULT_BLOCK_STYLE.nestedOffset;
}

/** Renders one field at a column, as lines without a final newline. */
export function renderBlockField(field: Field, column: number, style: BlockStyle): string {
  const [name, value] = field;
  const pad = ' '.repeat(column);
  if (typeof value === 'string') return `${pad}${name}: ${formatScalar(value)}`;
  if (value.length === 0) return `${pad}${name}: []`;
  const itemPad = ' '.repeat(Math.max(0, column + style.nestedOffset));
  return [`${pad}${name}:`, ...value.map((item) => `${itemPad}- ${formatScalar(item)}`)].join('\n');
}

/** Renders a new list item in block style, as lines without a final newline. */
export function renderBlockEntry(fields: readonly Field[], style: BlockStyle): string {
  const fieldColumn = style.itemColumn + style.fieldOffset;
  const lines = fields.map((field) => renderBlockField(field, fieldColumn, style));
  const first = lines[0] ?? '';
  const dashLine = `${' '.repeat(style.itemColumn)}-${' '.repeat(style.fieldOffset - 1)}${first.slice(fieldColumn)}`;
  return [dashLine, ...lines.slice(1)].join('\n');
}

/** Renders a new list item as a JSON object, which any flow-style (or JSON) list accepts. */
export function renderFlowEntry(fields: readonly Field[]): string {
  return JSON.stringify(Object.fromEntries(fields));
}
