// Bundles the CLI into dist/ with code splitting, so that `--help`, `--version` and `token`
// load only the chunks they need. Node 20 has no module compile cache, and parsing the whole
// AWS SDK on every start costs far more than the bundle step.
//
// `token` runs before every kubectl request, so it gets a bundle of its own (dist/token-fast.js).
// In the main build, esbuild assigns a whole shared module to every entry that imports any part
// of it, so the token path would load about 200 kB of SDK serialisers that it never runs.
import { rm } from 'node:fs/promises';
import { createRequire, isBuiltin } from 'node:module';
import { build } from 'esbuild';

// EKS_RECOVER_OUTDIR lets the test suite build a private copy that other builds cannot delete mid-run.
const outdir = process.env.EKS_RECOVER_OUTDIR ?? new URL('../dist/', import.meta.url).pathname;

const shared = {
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  // ES builds first, because the AWS SDK's CommonJS builds require whole @smithy/core submodules
  // and so drag the protocol codecs into the `token` path. Their ES builds let esbuild drop them.
  mainFields: ['module', 'main'],
  target: 'node20.17',
  sourcemap: 'linked',
  // The Kubernetes client pulls optional native and CommonJS-only modules that do not bundle cleanly.
  external: ['@kubernetes/client-node'],
  banner: {
    // CommonJS modules in the bundle expect require and __filename (write-file-atomic names its temporary files after it).
    js: "import { createRequire as __createRequire } from 'node:module'; import { fileURLToPath as __fileURLToPath } from 'node:url'; const require = __createRequire(import.meta.url); const __filename = __fileURLToPath(import.meta.url);",
  },
  logLevel: 'warning',
};

/** Resolves an import whose specifier ends with `suffix`, from an importer ending with `importer`, to a file in dist/. */
function redirect(importer, suffix, target) {
  return {
    name: `redirect-${target}`,
    setup(builder) {
      builder.onResolve({ filter: /\.js$/ }, (args) =>
        args.path.endsWith(suffix) && args.importer.endsWith(importer) ? { path: target, external: true } : undefined,
      );
    },
  };
}

/**
 * Loads Node built-ins with require() instead of an ES import. An ES import of a built-in builds
 * a facade that evaluates every export (node:fs loads its stream classes, node:process creates
 * stdin), which on Node 20 costs more than the rest of the token command. Built-ins in `lazy`
 * load on first call: the SDK's serde module binds crypto.getRandomValues at start-up, and
 * loading node:crypto costs about 4 ms that the token command never needs.
 */
function requireBuiltins(lazy = ['crypto']) {
  return {
    name: 'require-builtins',
    setup(builder) {
      builder.onResolve({ filter: /^(node:)?[a-z_/]+$/ }, (args) => {
        const name = args.path.replace(/^node:/, '');
        if (args.namespace === 'builtin' || !isBuiltin(name)) return undefined;
        return { path: name, namespace: 'builtin' };
      });
      builder.onResolve({ filter: /.*/, namespace: 'builtin' }, (args) => ({ path: args.path, external: true }));
      builder.onLoad({ filter: /.*/, namespace: 'builtin' }, (args) => ({
        contents: lazy.includes(args.path) ? lazyBuiltinSource(args.path) : `module.exports = require("node:${args.path}");`,
        loader: 'js',
      }));
    },
  };
}

/** CommonJS source that forwards each function export of a built-in to the built-in, loaded on first call. */
function lazyBuiltinSource(name) {
  const require = createRequire(import.meta.url);
  const functions = Object.entries(require(`node:${name}`))
    .filter(([key, value]) => typeof value === 'function' && /^[a-z]/.test(key))
    .map(([key]) => key);
  return `let loaded;
const load = () => (loaded ??= require("node:${name}"));
for (const key of ${JSON.stringify(functions)}) exports[key] = (...args) => load()[key](...args);`;
}

await rm(outdir, { recursive: true, force: true });

await build({
  ...shared,
  // errors.js is an entry so that the token bundle shares its classes: cli.ts maps errors to exit codes with instanceof.
  entryPoints: { cli: 'src/cli.ts', errors: 'src/errors.ts', 'token-sdk': 'src/aws/token-credentials-sdk.ts' },
  chunkNames: 'chunks/[name]-[hash]',
  // The start-up fast path in cli.ts loads the separate token bundle; commander's action keeps its own copy.
  plugins: [redirect('src/cli.ts', '/token-fast.js', './token-fast.js')],
});

await build({
  ...shared,
  entryPoints: { 'token-fast': 'src/commands/token-fast.ts' },
  // One file: the token cache module, imported on demand, is small enough to carry along.
  splitting: false,
  // Only `require`: an ES import of node:url would build its facade on every kubectl request.
  banner: {
    js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
  },
  // Fewer bytes to parse on every kubectl request; keepNames keeps error class names for messages.
  minify: true,
  keepNames: true,
  // The SDK's uuid helper tests the global `crypto` at start-up, which loads WebCrypto (about
  // 3 ms). Nothing on the token path makes a uuid, and the helper falls back to node:crypto.
  define: { crypto: 'undefined' },
  plugins: [
    // Credentials that need the SDK (SSO, assume-role, containers) come from the main build's entry.
    redirect('src/aws/token-credentials.ts', '/token-credentials-sdk.js', './token-sdk.js'),
    redirect('.ts', '/errors.js', './errors.js'),
    requireBuiltins(),
  ],
});

// The same token path as a CommonJS file for bin/eks-recover: loading it skips the ES module
// loader's start-up, which is a fifth of what kubectl waits for on every request. Its errors are
// not reported here: the launcher runs the ES module CLI again, which prints them.
await build({
  ...shared,
  entryPoints: { 'token-fast': 'src/commands/token-fast.ts' },
  outExtension: { '.js': '.cjs' },
  format: 'cjs',
  splitting: false,
  banner: {},
  minify: true,
  keepNames: true,
  define: { crypto: 'undefined' },
  plugins: [redirect('src/aws/token-credentials.ts', '/token-credentials-sdk.js', './token-sdk.js'), requireBuiltins()],
});
