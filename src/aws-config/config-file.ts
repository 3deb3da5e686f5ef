import type { Stats } from 'node:fs';
import { constants } from 'node:fs';
import { access, chmod, lstat, mkdir, readFile, readlink, realpath, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { StepError, UsageError } from '../errors.js';

export interface ConfigFileContent {
  /** The file's text, or '' when it does not exist. */
  readonly text: string;
  readonly exists: boolean;
  /** The stat of the file the path leads to, after symbolic links. */
  readonly stat?: Stats;
}

/** Reads an AWS config or credentials file. A missing file reads as empty. */
export async function readConfigFile(path: string): Promise<ConfigFileContent> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return { text: '', exists: false };
    throw accessError(path, 'read', error);
  }
  const text = bytes.toString('utf8');
  if (!Buffer.from(text, 'utf8').equals(bytes)) {
    throw new UsageError('ConfigFileNotUtf8', `${path} is not valid UTF-8, so eks-recover cannot edit it safely.`, {
      hint: `Convert it to UTF-8 (for example with iconv), or point AWS_CONFIG_FILE at another file.`,
    });
  }
  return { text, exists: true, stat: await stat(path) };
}

/**
 * Replaces the file atomically: a temporary file in the same folder, then a rename. The mode,
 * owner and symbolic link of an existing file are kept; a new file gets mode 0600 and a new
 * folder 0700. Throws a StepError without writing when the file no longer contains `expectedText`
 * (undefined: the file must not exist).
 */
export async function writeConfigFile(
  path: string,
  text: string,
  options: { expectedText: string | undefined },
): Promise<void> {
  const target = await resolveSymlink(path);
  const current = await readConfigFile(target);
  const unchanged = options.expectedText === undefined ? !current.exists : current.text === options.expectedText;
  if (!unchanged) {
    throw new StepError('ConfigFileChanged', `${path} changed since eks-recover read it, so nothing was written.`, {
      hint: 'Run the command again; it reads the file anew and keeps your changes.',
    });
  }

  if (current.exists) await assertWritable(target);
  try {
    await mkdir(dirname(target), { recursive: true, mode: 0o700 });
    const keep = current.stat;
    await writeFileAtomic(target, text, {
      mode: keep ? keep.mode & 0o7777 : 0o600,
      ...(keep ? { chown: { uid: keep.uid, gid: keep.gid } } : {}),
    });
  } catch (error) {
    throw accessError(path, 'write', error);
  }
}

/**
 * Throws the same error a write would, without writing: the file (or, when it does not exist
 * yet, the nearest existing folder above it) must be writable by this process. A replacing
 * rename needs only a writable folder, so the file's own permission bits are checked too: a
 * file the user may not write is not replaced behind their back.
 */
export async function assertWritable(path: string): Promise<void> {
  const target = await resolveSymlink(path);
  let probe = target;
  for (;;) {
    try {
      await access(probe, constants.W_OK);
      return;
    } catch (error) {
      if (errorCode(error) !== 'ENOENT' || dirname(probe) === probe) throw accessError(path, 'write', error);
      probe = dirname(probe);
    }
  }
}

/** Resolves the path a symbolic link finally leads to, even when that file does not exist yet. */
async function resolveSymlink(path: string): Promise<string> {
  try {
    return await realpath(path);
  } catch {
    let current = resolve(path);
    for (let hops = 0; hops < 40; hops += 1) {
      const info = await lstat(current).catch(() => undefined);
      if (!info?.isSymbolicLink()) return current;
      current = resolve(dirname(current), await readlink(current));
    }
    return current;
  }
}

/**
 * Copies the file into `backupDir` (created with mode 0700) as a new file with mode 0600,
 * because it may contain credentials. Returns the backup's path, or undefined when there is
 * no file to back up.
 */
export async function backupConfigFile(path: string, backupDir: string): Promise<string | undefined> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return undefined;
    throw accessError(path, 'read', error);
  }

  await mkdir(backupDir, { recursive: true, mode: 0o700 });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const backup = join(backupDir, `${basename(path)}.${stamp}.bak`);
  try {
    await writeFile(backup, bytes, { mode: 0o600, flag: 'wx' });
    await chmod(backup, 0o600);
  } catch (error) {
    throw accessError(backup, 'write', error);
  }
  return backup;
}

function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : undefined;
}

function accessError(path: string, action: 'read' | 'write', error: unknown): Error {
  const code = errorCode(error);
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
    return new UsageError('ConfigFileAccess', `Cannot ${action} ${path}: permission denied (${code}). Nothing was written.`, {
      hint:
        action === 'read'
          ? `Make the file readable for your user (chmod u+r ${path}), or point AWS_CONFIG_FILE at a file you own.`
          : `Make the file and its folder writable for your user, or point AWS_CONFIG_FILE at a file you own.`,
      cause: error,
    });
  }
  return error instanceof Error ? error : new Error(String(error));
}
