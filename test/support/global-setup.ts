import { execFileSync } from 'node:child_process';
import { REPO_ROOT } from './environment.js';

/** The end-to-end tests run the built CLI, so build it once from the current sources. */
export default function setup(): void {
  execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: REPO_ROOT, stdio: 'inherit' });
}
