import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './environment.js';

/**
 * The end-to-end tests run the built CLI, so build it once from the current sources, into a
 * folder of this test run's own: a `npm run build` elsewhere replaces dist/ while tests run.
 * The folder sits inside the repository so that the bundle still finds node_modules.
 */
export default function setup(): () => void {
  const root = join(REPO_ROOT, '.test-build', String(process.pid));
  const outdir = join(root, 'dist');
  execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: REPO_ROOT, stdio: 'inherit', env: { ...process.env, EKS_RECOVER_OUTDIR: outdir } });
  mkdirSync(join(root, 'bin'));
  copyFileSync(join(REPO_ROOT, 'bin', 'eks-recover'), join(root, 'bin', 'eks-recover'));
  copyFileSync(join(REPO_ROOT, 'bin', 'package.json'), join(root, 'bin', 'package.json'));
  process.env.EKS_RECOVER_TEST_CLI = join(outdir, 'cli.js');
  process.env.EKS_RECOVER_TEST_BIN = join(root, 'bin', 'eks-recover');
  return () => rmSync(root, { recursive: true, force: true });
}
