import type { Scalar } from 'yaml';

/**
 * Renders a data value to replace a YAML scalar. A block or plain original becomes a literal
 * block (`|`, `|-` or `|+`, after the value's trailing newlines) when the value fits one.
 * Anything else becomes a double-quoted string. `keyColumn` is the column of the data key.
 */
export function renderYamlValue(text: string, node: Scalar, keyColumn: number, value: string): string {
  const original = text.slice(node.range?.[0] ?? 0, node.range?.[1] ?? 0);
  const literalStyle = node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED' || node.type === 'PLAIN';
  if (!literalStyle || !fitsLiteralBlock(value) || (node.type === 'PLAIN' && !value.includes('\n'))) {
    // A block scalar's range ends after its last line break, so the quoted value keeps one to end its line.
    return original.endsWith('\n') ? `${JSON.stringify(value)}\n` : JSON.stringify(value);
  }
  const indent = node.type === 'BLOCK_LITERAL' ? literalIndent(original, keyColumn) : keyColumn + 2;
  const keepIndicator = node.type === 'BLOCK_LITERAL' && /^[|>][+-]?\d/.test(original);
  const block = renderLiteralBlock(value, indent, keyColumn, keepIndicator);
  return original.endsWith('\n') || node.type !== 'BLOCK_LITERAL' ? block : block.slice(0, -1);
}

/**
 * Renders a value as a literal block whose header follows a key, ending with a newline. The
 * header states the indentation when the first line starts with a space or when asked to.
 */
export function renderLiteralBlock(value: string, indent: number, keyColumn: number, withIndicator = false): string {
  const trailing = /\n*$/.exec(value)?.[0].length ?? 0;
  let chomping = '';
  if (trailing === 0) chomping = '-';
  if (trailing > 1) chomping = '+';
  const body = trailing > 0 ? value.slice(0, -1) : value;
  const lines = body.split('\n');
  const firstContent = lines.find((line) => line !== '') ?? '';
  const indicator = withIndicator || firstContent.startsWith(' ') ? String(indent - keyColumn) : '';
  const pad = ' '.repeat(indent);
  const rendered = lines.map((line) => (line === '' ? '' : `${pad}${line}`));
  return `|${indicator}${chomping}\n${rendered.join('\n')}\n`;
}

/** Returns true when a literal block gives back exactly this value. */
export function fitsLiteralBlock(value: string): boolean {
  if (value === '' || value.trim() === '') return false;
  // Tabs and spaces on an otherwise empty line, carriage returns and other control characters do not survive a literal block.
  if ([...value].some(isUnprintable)) return false;
  const lines = value.split('\n');
  if (lines.some((line) => line !== '' && line.trim() === '')) return false;
  return !(lines[0] ?? '').startsWith('\t');
}

function literalIndent(original: string, keyColumn: number): number {
  const header = original.split('\n')[0] ?? '';
  const indicator = /\d/.exec(header)?.[0];
  if (indicator) return keyColumn + Number(indicator);
  const firstContent = original.split('\n').slice(1).find((line) => line.trim() !== '');
  return firstContent ? firstContent.length - firstContent.trimStart().length : keyColumn + 2;
}

function isUnprintable(char: string): boolean {
  const code = char.charCodeAt(0);
  return (code < 0x20 && char !== '\n' && char !== '\t') || code === 0x7f || code === 0xfeff;
}
