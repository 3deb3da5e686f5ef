import type { Node } from 'yaml';

/** A replacement of `text.slice(start, end)`, in offsets of the original text. */
export interface Splice {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/**
 * Applies splices that do not overlap to the original text. Insertions at the same offset
 * appear in the order they are given.
 */
export function applySplices(text: string, splices: readonly Splice[]): string {
  const ordered = splices
    .map((splice, position) => ({ splice, position }))
    .sort((a, b) => b.splice.start - a.splice.start || b.position - a.position);
  let result = text;
  for (const { splice } of ordered) result = result.slice(0, splice.start) + splice.text + result.slice(splice.end);
  return result;
}

/** Returns the column (from 0) of an offset. */
export function columnOf(text: string, offset: number): number {
  return offset - (text.lastIndexOf('\n', offset - 1) + 1);
}

/** Returns the offset where the line holding `offset` starts. */
export function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/**
 * Returns the offset just after the last character of a node that is not whitespace, so a
 * block node's trailing newlines are left out. A comment after the value stays outside too.
 */
export function contentEnd(text: string, node: Node): number {
  let end = node.range?.[1] ?? 0;
  while (end > 0 && /\s/.test(text.charAt(end - 1))) end -= 1;
  return end;
}

/** Returns the offset of the newline that ends the line holding `offset`, or the text's length. */
export function lineEnd(text: string, offset: number): number {
  const newline = text.indexOf('\n', offset);
  return newline === -1 ? text.length : newline;
}

/** Returns the offset of the `-` that introduces a block sequence item, scanning back from its node. */
export function dashOffset(text: string, node: Node): number {
  let offset = (node.range?.[0] ?? 0) - 1;
  while (offset >= 0 && /\s/.test(text.charAt(offset))) offset -= 1;
  return text.charAt(offset) === '-' ? offset : (node.range?.[0] ?? 0);
}
