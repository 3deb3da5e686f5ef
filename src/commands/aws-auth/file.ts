import { randomBytes } from 'node:crypto';
import { copyFile, open, readFile, rename, rm, stat } from 'node:fs/promises';
import { parseConfigMapDocument, type ConfigMapDocument } from '../../aws-auth/index.js';
import { UsageError } from '../../errors.js';

/** Reads and parses FILE, or standard input for `-`. Throws a UsageError when it cannot. */
export async function readConfigMapFile(file: string): Promise<ConfigMapDocument> {
  const source = file === '-' ? 'standard input' : file;
  let text: string;
  try {
    text = file === '-' ? await readStream(process.stdin) : await readFile(file, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new UsageError('FileUnreadable', `Cannot read ${source}: ${reason}.`, {
      hint: 'Pass the path of a saved ConfigMap, or - to read standard input.',
      cause: error,
    });
  }
  return parseConfigMapDocument(text, source);
}

async function readStream(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  return Buffer.concat(chunks).toString('utf8');
}

/** Copies FILE to a timestamped backup beside it, then replaces it atomically. Returns the backup path. */
export async function writeInPlace(file: string, text: string, now = new Date()): Promise<string> {
  const backup = `${file}.${now.toISOString().replace(/[:.]/g, '-')}.bak`;
  await copyFile(file, backup);
  await replaceFile(file, text);
  return backup;
}

/**
 * Writes a temporary file beside FILE with FILE's mode, flushes it and renames it over FILE, so
 * a reader sees the old or the new text and never a partial one.
 */
async function replaceFile(file: string, text: string): Promise<void> {
  const { mode } = await stat(file);
  const temporary = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  const handle = await open(temporary, 'wx', mode);
  try {
    await handle.writeFile(text, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
