import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** A cached token is reused only while it stays valid for at least this long. */
const REUSE_MARGIN_MS = 60 * 1000;

export interface CachedToken {
  readonly token: string;
  readonly expiresAt: Date;
}

/** Everything that decides which identity and cluster a token is for. */
export interface TokenCacheKey {
  readonly clusterName: string;
  readonly region: string;
  readonly profile: string | undefined;
  readonly roleArn: string | undefined;
  /** Access key id from the environment, so new environment keys never reuse an old token. */
  readonly envAccessKeyId: string | undefined;
}

/** Path of the cache file for one key, in `tokens/` under the state folder; the key is hashed. */
export function tokenCachePath(stateDir: string, key: TokenCacheKey): string {
  const digest = createHash('sha256').update(JSON.stringify(key)).digest('hex').slice(0, 32);
  return join(stateDir, 'tokens', `${digest}.json`);
}

/** Returns the cached token when it exists, parses, and stays valid past the margin; otherwise undefined. */
export async function readCachedToken(path: string, now: Date = new Date()): Promise<CachedToken | undefined> {
  let parsed: { token?: unknown; expiresAt?: unknown };
  try {
    parsed = JSON.parse(await readFile(path, 'utf8')) as typeof parsed;
  } catch {
    return undefined;
  }
  if (typeof parsed.token !== 'string' || typeof parsed.expiresAt !== 'string') return undefined;

  const expiresAt = new Date(parsed.expiresAt);
  if (Number.isNaN(expiresAt.getTime()) || expiresAt.getTime() - now.getTime() < REUSE_MARGIN_MS) return undefined;
  return { token: parsed.token, expiresAt };
}

/** Stores a token with mode 0600 in a 0700 folder, replacing the file atomically. */
export async function writeCachedToken(path: string, token: CachedToken): Promise<void> {
  const folder = join(path, '..');
  await mkdir(folder, { recursive: true, mode: 0o700 });
  const temporary = `${path}.${process.pid}.tmp`;
  const body = JSON.stringify({ token: token.token, expiresAt: token.expiresAt.toISOString() });
  await writeFile(temporary, body, { mode: 0o600 });
  await rename(temporary, path);
}
