import { setTimeout as sleep } from 'node:timers/promises';

/** How often and how patiently a Kubernetes call is repeated after a transient failure. */
export interface RetryPolicy {
  /** Attempts in total, the first one included. */
  readonly maxAttempts: number;
  /** Upper bound of the first delay. Each later bound doubles, up to `maxDelayMs`. */
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 5, baseDelayMs: 250, maxDelayMs: 5_000 };

/** Statuses the API server (or a proxy in front of it) sends for overload and passing faults. */
const RETRYABLE_STATUSES = new Set([429, 500, 502, 503, 504]);
/** Network errors after which the same request may be sent again. */
const RETRYABLE_CODES = new Set(['ECONNRESET', 'EPIPE', 'ETIMEDOUT']);

/** Reports whether a failed call is worth repeating: throttling, a server error or a dropped connection. */
export function isTransientKubeError(error: unknown): boolean {
  const code = (error as { code?: unknown } | undefined)?.code;
  if (typeof code === 'number') return RETRYABLE_STATUSES.has(code);
  if (typeof code === 'string') return RETRYABLE_CODES.has(code);
  return /socket hang up/i.test((error as Error | undefined)?.message ?? '');
}

/**
 * Returns the wait in milliseconds before attempt `attempt + 1`: the server's Retry-After when it
 * sent one (capped at `maxDelayMs`), otherwise a random share of an exponentially growing bound ("full jitter"),
 * so that many clients throttled together do not come back together.
 */
export function retryDelayMs(error: unknown, attempt: number, policy: RetryPolicy, random = Math.random): number {
  const retryAfter = retryAfterSeconds(error);
  if (retryAfter !== undefined) return Math.min(retryAfter * 1000, policy.maxDelayMs);
  const bound = Math.min(policy.baseDelayMs * 2 ** (attempt - 1), policy.maxDelayMs);
  return Math.round(random() * bound);
}

/**
 * Runs `call` until it succeeds, fails with an error that is not transient, or has used
 * `policy.maxAttempts` attempts; the last error is thrown. Writes are safe to repeat: a
 * replace carries the fetched resourceVersion and a create names the object, so a write that
 * landed before the connection dropped fails the second time with 409 instead of applying twice.
 */
export async function withKubeRetry<T>(
  call: () => Promise<T>,
  policy: RetryPolicy = DEFAULT_RETRY_POLICY,
  onRetry?: (error: unknown, attempt: number, delayMs: number) => void,
): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await call();
    } catch (error) {
      if (attempt >= policy.maxAttempts || !isTransientKubeError(error)) throw error;
      const delay = retryDelayMs(error, attempt, policy);
      onRetry?.(error, attempt, delay);
      await sleep(delay);
    }
  }
}

function retryAfterSeconds(error: unknown): number | undefined {
  const headers = (error as { headers?: Record<string, string | string[] | undefined> } | undefined)?.headers;
  const value = headers?.['retry-after'] ?? headers?.['Retry-After'];
  const seconds = Number(Array.isArray(value) ? value[0] : value);
  return value !== undefined && Number.isFinite(seconds) && seconds >= 0 ? seconds : undefined;
}
