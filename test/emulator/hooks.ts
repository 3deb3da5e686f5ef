/** What the hooks see of a request before it is served. */
export interface RequestInfo {
  /** `eks`, `k8s`, `cloudtrail`, or the SigV4 service of a request forwarded to moto (`iam`, `sts`, ...). */
  readonly service: string;
  /** AWS operation (`CreateAccessEntry`, `AssumeRole`) or Kubernetes verb and resource (`PUT configmaps/aws-auth`). */
  readonly action: string;
  readonly method: string;
  readonly path: string;
}

export interface RequestMatch {
  readonly service?: string;
  readonly action?: string;
  readonly method?: string;
  readonly pathIncludes?: string;
  /** Only the nth matching request (1-based), counted from when the hook was added. */
  readonly nth?: number;
}

export type FailEffect =
  | { readonly status: number; readonly body?: string | object }
  | { readonly reset: true }
  | { readonly delayMs: number }
  | { readonly expiredToken: true };

export interface HeldRequest {
  /** Resolves once a matching request has arrived and is being held. */
  waitUntilHeld(): Promise<void>;
  /** Lets the held request (or the next one, if none arrived yet) through. */
  release(): void;
}

export interface FailHook {
  /** Number of requests this hook has failed or delayed so far. */
  readonly count: number;
  remove(): void;
}

interface Rule {
  readonly match: RequestMatch;
  seen: number;
  apply(info: RequestInfo): Promise<FailEffect | undefined> | FailEffect | undefined;
  once: boolean;
}

export function matches(match: RequestMatch, info: RequestInfo): boolean {
  if (match.service !== undefined && match.service !== info.service) return false;
  if (match.action !== undefined && match.action !== info.action) return false;
  if (match.method !== undefined && match.method.toUpperCase() !== info.method) return false;
  if (match.pathIncludes !== undefined && !info.path.includes(match.pathIncludes)) return false;
  return true;
}

/** Test hooks that hold, fail or precede chosen requests; every server of the emulator consults them. */
export class Hooks {
  private rules: Rule[] = [];

  hold(match: RequestMatch): HeldRequest {
    let markHeld!: () => void;
    let release!: () => void;
    const held = new Promise<void>((resolve) => (markHeld = resolve));
    const released = new Promise<void>((resolve) => (release = resolve));
    this.add(match, true, async () => {
      markHeld();
      await released;
      return undefined;
    });
    return { waitUntilHeld: () => held, release };
  }

  fail(match: RequestMatch, effect: FailEffect): FailHook {
    let count = 0;
    const rule = this.add(match, match.nth !== undefined, () => {
      count += 1;
      return effect;
    });
    return {
      get count() {
        return count;
      },
      remove: () => {
        this.rules = this.rules.filter((candidate) => candidate !== rule);
      },
    };
  }

  /** Runs `action` once, just before the next matching request is served. */
  beforeNext(match: RequestMatch, action: () => void | Promise<void>): void {
    this.add(match, true, async () => {
      await action();
      return undefined;
    });
  }

  clear(): void {
    this.rules = [];
  }

  /**
   * Runs every hook that matches, in the order they were added. Returns the failure to send
   * instead of the real response, or undefined to serve the request (after any delay).
   */
  async intercept(info: RequestInfo): Promise<FailEffect | undefined> {
    for (const rule of [...this.rules]) {
      if (!matches(rule.match, info)) continue;
      rule.seen += 1;
      if (rule.match.nth !== undefined && rule.seen !== rule.match.nth) continue;
      if (rule.once) this.rules = this.rules.filter((candidate) => candidate !== rule);
      const effect = await rule.apply(info);
      if (effect && 'delayMs' in effect) {
        await new Promise((resolve) => setTimeout(resolve, effect.delayMs));
      } else if (effect) {
        return effect;
      }
    }
    return undefined;
  }

  private add(match: RequestMatch, once: boolean, apply: Rule['apply']): Rule {
    const rule: Rule = { match, seen: 0, once, apply };
    this.rules.push(rule);
    return rule;
  }
}
