import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { copyFile, open, rename, rm, stat } from 'node:fs/promises';
import { parseConfigMapDocument, type ConfigMapDocument } from '../../aws-auth/index.js';
import { UsageError } from '../../errors.js';

/**
 * Largest input accepted, in bytes. The API server rejects a ConfigMap whose data exceeds
 * 1 MiB, so a saved aws-auth ConfigMap is smaller. The margin leaves room for the metadata
 * and the indentation that `kubectl get` adds.
 */
export const MAX_INPUT_BYTES = 3 * 1024 * 1024;

/** Reads and parses FILE, or standard input for `-`. Throws a UsageError when it cannot. */
export async function readConfigMapFile(file: string): Promise<ConfigMapDocument> {
  const source = file === '-' ? 'standard input' : file;
  const bytes = file === '-' ? await readStandardInput() : await readInputFile(file);
  const text = bytes.toString('utf8');
  // Decoding replaces invalid bytes with U+FFFD, and writing that back would corrupt the file.
  if (!Buffer.from(text, 'utf8').equals(bytes)) {
    throw new UsageError('FileNotUtf8', `Cannot read ${source} as a ConfigMap: it is not valid UTF-8 text.`, {
      hint: 'Convert it to UTF-8 (for example with iconv -t UTF-8), as kubectl writes it.',
    });
  }
  return parseConfigMapDocument(text, source);
}

/**
 * Checks the size with stat before reading, and reads through the same cap, because a pipe
 * or a device reports no size.
 */
async function readInputFile(file: string): Promise<Buffer> {
  try {
    const info = await stat(file);
    if (info.isDirectory()) throw notAFile(file);
    if (info.size > MAX_INPUT_BYTES) throw tooLarge(file, info.size);
    return await readCapped(createReadStream(file), file);
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw unreadable(file, error);
  }
}

async function readStandardInput(): Promise<Buffer> {
  try {
    return await readCapped(process.stdin, 'standard input');
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError('FileUnreadable', `Cannot read standard input: ${(error as Error).message}.`, {
      hint: 'Pipe the ConfigMap in, or pass the path of a saved ConfigMap.',
      cause: error,
    });
  }
}

async function readCapped(stream: NodeJS.ReadableStream, source: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
    size += buffer.length;
    if (size > MAX_INPUT_BYTES) {
      if ('destroy' in stream && typeof stream.destroy === 'function') stream.destroy();
      throw tooLarge(source, null);
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

function tooLarge(source: string, size: number | null): UsageError {
  const actual = size === null ? 'more than 3 MiB' : `${size} bytes, more than 3 MiB`;
  return new UsageError('FileTooLarge', `Cannot read ${source}: it is ${actual}, but an aws-auth ConfigMap is at most about 1 MiB (the Kubernetes object size limit), so it was not parsed.`, {
    hint: 'Pass the ConfigMap alone, saved with: kubectl get configmap aws-auth -n kube-system -o yaml > aws-auth.yaml',
  });
}

function notAFile(file: string): UsageError {
  return new UsageError('FileIsFolder', `${file} is a folder, not a file.`, { hint: 'Pass the path of the saved ConfigMap file inside it.' });
}

function unreadable(file: string, error: unknown): UsageError {
  const code = (error as NodeJS.ErrnoException).code;
  const hint = 'Pass the path of a saved ConfigMap, or - to read standard input.';
  switch (code) {
    case 'ENOENT':
      return new UsageError('FileNotFound', `File ${file} not found.`, { hint: `Check the path. ${hint}`, cause: error });
    case 'EISDIR':
      return notAFile(file);
    case 'EACCES':
    case 'EPERM':
      return new UsageError('FileUnreadable', `Cannot read ${file}: permission denied.`, {
        hint: `Make it readable for your user (for example chmod u+r ${file}), or pass - and pipe the ConfigMap in.`,
        cause: error,
      });
    default:
      return new UsageError('FileUnreadable', `Cannot read ${file}: ${(error as Error).message}.`, { hint, cause: error });
  }
}

/** Copies FILE to a timestamped backup beside it, then replaces it atomically. Returns the backup path. */
export async function writeInPlace(file: string, text: string, now = new Date()): Promise<string> {
  const backup = `${file}.${now.toISOString().replace(/[:.]/g, '-')}.bak`;
  try {
    await copyFile(file, backup);
    await replaceFile(file, text);
  } catch (error) {
    const problem = WRITE_PROBLEMS[(error as NodeJS.ErrnoException).code ?? ''];
    if (problem === undefined) throw error;
    await rm(backup, { force: true });
    throw new UsageError('FileNotWritable', `Cannot write ${file} or a backup beside it: ${problem.reason}. Nothing was changed.`, {
      hint: `${problem.fix}, or drop --in-place and redirect the output.`,
      cause: error,
    });
  }
  return backup;
}

/** The file system errors a user can fix, worded for a message. */
const WRITE_PROBLEMS: Record<string, { reason: string; fix: string }> = {
  EACCES: { reason: 'permission denied', fix: 'Make the file and its folder writable for your user' },
  EPERM: { reason: 'permission denied', fix: 'Make the file and its folder writable for your user' },
  EROFS: { reason: 'the file system is read-only', fix: 'Copy the file to a writable folder' },
  ENOSPC: { reason: 'no space left on the device', fix: 'Free some space on the device' },
  EDQUOT: { reason: 'the disk quota is exceeded', fix: 'Free some space within your quota' },
};

/**
 * Writes a temporary file beside FILE with FILE's mode, flushes it and renames it over FILE, so
 * a reader sees the old or the new text and never a partial one. The temporary file is removed
 * when any step fails.
 */
async function replaceFile(file: string, text: string): Promise<void> {
  const { mode } = await stat(file);
  const temporary = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  const handle = await open(temporary, 'wx', mode);
  try {
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
