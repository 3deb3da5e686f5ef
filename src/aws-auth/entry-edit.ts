import { isScalar, isSeq, type Node, type Pair, type YAMLMap } from 'yaml';
import { flowInsertion } from './list-edit.js';
import { detectBlockStyle, formatScalar, renderBlockField, type Field } from './render-entry.js';
import type { ParsedKey } from './parse-key.js';
import { columnOf, contentEnd, dashOffset, lineEnd, type Splice } from './text-splice.js';

export interface EntryChange {
  /** Groups to append to the entry's `groups` list. */
  readonly addGroups: readonly string[];
  /** A new username, or undefined to keep the entry's own. */
  readonly username?: string;
}

/**
 * Returns the splices that add groups to one existing entry and set its username, touching
 * only the field values that change. The field edited is the last one whose name matches
 * case-insensitively, because that is the one the authenticator reads.
 */
export function entrySplices(parsed: ParsedKey, map: YAMLMap, change: EntryChange): Splice[] {
  const splices: Splice[] = [];
  const groupsPair = findField(map, 'groups');
  if (change.addGroups.length > 0) splices.push(groupsSplice(parsed, map, groupsPair, change.addGroups));
  if (change.username !== undefined) splices.push(usernameSplice(parsed, map, findField(map, 'username'), change.username));
  return splices;
}

function findField(map: YAMLMap, name: string): Pair<Node, Node | null> | undefined {
  const pairs = map.items as Pair<Node, Node | null>[];
  return pairs.filter((pair) => isScalar(pair.key) && String(pair.key.value).toLowerCase() === name).at(-1);
}

function groupsSplice(parsed: ParsedKey, map: YAMLMap, pair: Pair<Node, Node | null> | undefined, groups: readonly string[]): Splice {
  const { text } = parsed;
  const value = pair?.value;
  if (isSeq(value) && value.flow) {
    const items = groups.map((group) => (map.flow ? JSON.stringify(group) : formatScalar(group)));
    return flowInsertion(text, value, items);
  }
  if (isSeq(value) && value.items.length > 0) {
    const lastItem = value.items.at(-1) as Node;
    const insertAt = lineEnd(text, contentEnd(text, lastItem));
    const pad = ' '.repeat(columnOf(text, dashOffset(text, value.items[0] as Node)));
    return { start: insertAt, end: insertAt, text: groups.map((group) => `\n${pad}- ${formatScalar(group)}`).join('') };
  }
  return fieldSplice(parsed, map, pair, ['groups', groups]);
}

function usernameSplice(parsed: ParsedKey, map: YAMLMap, pair: Pair<Node, Node | null> | undefined, username: string): Splice {
  const value = pair?.value;
  if (isScalar(value) && value.range) {
    const rendered = map.flow ? JSON.stringify(username) : formatScalar(username);
    return { start: value.range[0], end: value.range[1], text: rendered };
  }
  return fieldSplice(parsed, map, pair, ['username', username]);
}

/** Writes a whole field: in place of a pair whose value is empty or of the wrong type, or as a new last field. */
function fieldSplice(parsed: ParsedKey, map: YAMLMap, pair: Pair<Node, Node | null> | undefined, field: Field): Splice {
  const { text } = parsed;
  if (map.flow) {
    const rendered = `${JSON.stringify(field[0])}: ${JSON.stringify(field[1])}`;
    if (pair?.key?.range) return { start: pair.key.range[0], end: pairEnd(text, pair), text: rendered };
    return flowInsertion(text, map, [rendered]);
  }

  const firstKey = (map.items[0] as Pair<Node> | undefined)?.key;
  const column = firstKey?.range ? columnOf(text, firstKey.range[0]) : 2;
  const rendered = renderBlockField(field, column, detectBlockStyle(text, parsed.list));
  if (pair?.key?.range) return { start: pair.key.range[0], end: pairEnd(text, pair), text: rendered.trimStart() };
  const insertAt = lineEnd(text, contentEnd(text, map));
  return { start: insertAt, end: insertAt, text: `\n${rendered}` };
}

function pairEnd(text: string, pair: Pair<Node, Node | null>): number {
  const node = pair.value?.range ? pair.value : pair.key;
  return contentEnd(text, node);
}
