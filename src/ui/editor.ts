import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UsageError } from '../errors.js';
import type { Output } from './output.js';
import type { Prompter } from './prompter.js';

/** Lines with this prefix explain the problems in the file and are removed after editing. */
export const NOTE_PREFIX = '# eks-recover: ';

export interface EditTextOptions {
  /** Text to start from. */
  readonly text: string;
  /** File name of the temporary file; its extension lets the editor pick a syntax mode. */
  readonly fileName: string;
  /** Returns the problems of an edited text; an empty list accepts it. */
  readonly check: (text: string) => string[];
  /** The environment that names the editor (`VISUAL`, then `EDITOR`). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The flag that supplies the text without an editor, named when there is no terminal. */
  readonly flag: string;
  readonly prompter: Prompter;
  readonly output: Output;
}

/**
 * Opens the text in `$VISUAL` or `$EDITOR` (default `vi`) in a private temporary file (mode
 * 0600) and checks the result, reopening it until it passes or the user gives up. Returns the
 * accepted text, or null when the user gave up. Throws a UsageError naming `flag` without a terminal.
 */
export async function editUntilValid(options: EditTextOptions): Promise<string | null> {
  const { prompter, output } = options;
  if (!prompter.interactive) {
    throw new UsageError('EditorNeedsTerminal', `Cannot open an editor for ${options.fileName}: no terminal is attached to standard input.`, {
      hint: `Pass ${options.flag}.`,
    });
  }
  const editor = options.env.VISUAL || options.env.EDITOR || 'vi';
  const dir = await mkdtemp(join(tmpdir(), 'eks-recover-edit-'));
  const file = join(dir, options.fileName);
  try {
    let text = options.text;
    let problems = options.check(text);
    for (;;) {
      await writeFile(file, withNotes(text, problems), { mode: 0o600 });
      const status = await runEditor(editor, file);
      if (status !== 0) output.warn(`The editor (${editor}) exited with status ${status}.`);
      text = withoutNotes(await readFile(file, 'utf8'));
      problems = options.check(text);
      if (problems.length === 0 && status === 0) return text;
      for (const problem of problems) output.error(problem);
      if (!(await prompter.confirm({ message: `Edit ${options.fileName} again? (No gives up, and nothing is written.)`, default: true }))) {
        return null;
      }
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Runs the editor through the shell, so a value such as `code --wait` works as in git. */
function runEditor(editor: string, file: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn('/bin/sh', ['-c', `${editor} "$1"`, 'editor', file], { stdio: 'inherit' });
    child.on('error', reject);
    child.on('close', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}

function withNotes(text: string, problems: readonly string[]): string {
  if (problems.length === 0) return text;
  const notes = [...problems, 'Fix the text below and save; these lines are removed afterwards.'];
  return `${notes.map((note) => `${NOTE_PREFIX}${note.replace(/\n/g, ' ')}`).join('\n')}\n${text}`;
}

function withoutNotes(text: string): string {
  return text
    .split('\n')
    .filter((line) => !line.startsWith(NOTE_PREFIX))
    .join('\n');
}
