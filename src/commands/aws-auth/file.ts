import { randomBytes } from 'node:crypto';
import { copyFile, open, readFile, rename, rm, stat } from 'node:fs/promises';
import { parseConfigMapDocument, type ConfigMapDocument } from '../../aws-auth/index.js';
import { UsageError } from '../../errors.js';

/** Reads and parses FILE, or standard input for `-`. Throws a UsageError when it cannot. */
export async function readConfigMapFile(file: string): Promise<ConfigMapDocument> {
  const source = file === '-' ? 'standard input' : file;
  let bytes: Buffer;
  try {
    bytes = file === '-' ? await readStream(process.stdin) : await readFile(file);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new UsageError('FileUnreadable', `Cannot read ${source}: ${reason}.`, {
      hint: 'Pass the path of a saved ConfigMap, or - to read standard input.',
      cause: error,
    });
  }
  const text = bytes.toString('utf8');
  // Decoding replaces invalid bytes with U+FFFD, and writing that back would corrupt the file.
  if (!Buffer.from(text, 'utf8').equals(bytes)) {
    throw new UsageError('FileNotUtf8', `Cannot read ${source} as a ConfigMap: it is not valid UTF-8 text.`, {
      hint: 'Convert it to UTF-8 (for example with iconv -t UTF-8), as kubectl writes it.',
    });
  }
  return parseConfigMapDocument(text, source);
}

async function readStream(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  return Buffer.concat(chunks);
}

/** Copies FILE to a timestamped backup beside it, then replaces it atomically. Returns the backup path. */
export async function writeInPlace(file: string, text: string, now = new Date()): Promise<string> {
  const backup = `${file}.${now.toISOString().replace(/[:.]/g, '-')}.bak`;
  try {
    await copyFile(file, backup);
    await replaceFile(file, text);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EACCES' && code !== 'EPERM' && code !== 'EROFS') throw error;
    await rm(backup, { force: true });
    throw new UsageError('FileNotWritable', `Cannot write ${file} or a backup beside it: permission denied (${code}). Nothing was changed.`, {
      hint: 'Make the file and its folder writable for your user, or drop --in-place and redirect the output.',
      cause: error,
    });
  }
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
