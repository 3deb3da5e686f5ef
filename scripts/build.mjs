// Bundles the CLI into dist/ with code splitting, so that `--help`, `--version` and `token`
// load only the chunks they need. Node 20 has no module compile cache, and parsing the whole
// AWS SDK on every start costs far more than the bundle step.
import { rm } from 'node:fs/promises';
import { build } from 'esbuild';

const outdir = new URL('../dist/', import.meta.url).pathname;

await rm(outdir, { recursive: true, force: true });
await build({
  entryPoints: { cli: 'src/cli.ts' },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20.17',
  sourcemap: 'linked',
  chunkNames: 'chunks/[name]-[hash]',
  // The Kubernetes client pulls optional native and CommonJS-only modules that do not bundle cleanly.
  external: ['@kubernetes/client-node'],
  banner: {
    js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
  },
  logLevel: 'warning',
});
