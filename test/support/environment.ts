import { fileURLToPath } from 'node:url';

export const GUARD_MODULE = fileURLToPath(new URL('./loopback-only.mjs', import.meta.url));
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** The package's launcher beside that build, as `npx eks-recover` runs it. */
export const BIN_ENTRY = process.env.EKS_RECOVER_TEST_BIN ?? fileURLToPath(new URL('../../bin/eks-recover', import.meta.url));
/** The CLI the tests run: the copy vitest's global setup built, or dist/cli.js. */
export const CLI_ENTRY = process.env.EKS_RECOVER_TEST_CLI ?? fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

/** Environment that preloads the loopback guard into a child Node.js process. */
export function guardPreloadEnv(): Record<string, string> {
  const existing = process.env.NODE_OPTIONS ?? '';
  const preload = `--import=${GUARD_MODULE}`;
  return { NODE_OPTIONS: existing.includes(preload) ? existing : `${existing} ${preload}`.trim() };
}

/**
 * Baseline environment for a spawned CLI: the guard, no instance metadata, sandbox-only
 * credentials, and nothing inherited that could point at a real account.
 */
export function isolatedEnv(extra: Record<string, string> = {}): Record<string, string> {
  const base: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.EKS_RECOVER_TEST_HOME ?? '/nonexistent-home',
    LANG: 'C.UTF-8',
    AWS_EC2_METADATA_DISABLED: 'true',
    NO_COLOR: '1',
    ...guardPreloadEnv(),
  };
  return { ...base, ...extra };
}
