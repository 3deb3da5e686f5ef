/** One line of a config file: its text without the line ending, the ending itself, and where it starts. */
export interface TextLine {
  readonly text: string;
  readonly eol: '' | '\n' | '\r\n';
  /** Offset of the first character of the line in the whole text, byte-order mark included. */
  readonly start: number;
}

/**
 * Splits text into lines the way the AWS SDKs and the AWS CLI do: at `\n`, with a `\r` before it
 * counted as part of the line ending. The last line has an empty ending when the text lacks a
 * final newline, and an empty text has no lines.
 */
export function splitLines(text: string): TextLine[] {
  const lines: TextLine[] = [];
  let start = 0;
  while (start < text.length) {
    const newline = text.indexOf('\n', start);
    if (newline === -1) {
      lines.push({ text: text.slice(start), eol: '', start });
      break;
    }
    const crlf = newline > start && text[newline - 1] === '\r';
    lines.push({ text: text.slice(start, crlf ? newline - 1 : newline), eol: crlf ? '\r\n' : '\n', start });
    start = newline + 1;
  }
  return lines;
}

/** Returns the line ending of the file's first line break, or `\n` for a file without one. */
export function detectLineEnding(text: string): '\n' | '\r\n' {
  const newline = text.indexOf('\n');
  return newline > 0 && text[newline - 1] === '\r' ? '\r\n' : '\n';
}

export const BYTE_ORDER_MARK = '\uFEFF';

/** Returns the line's text without a leading byte-order mark, which only the first line can carry. */
export function lineContent(line: TextLine): string {
  return line.start === 0 && line.text.startsWith(BYTE_ORDER_MARK) ? line.text.slice(1) : line.text;
}
