#!/usr/bin/env node
// Bundles the container CLI (src-main/cli/container-main.ts: validate, compile, export, import, schema, drift)
// into one folder that runs with a bare `node`, for the runtime image (scripts/build-images.sh copies it to
// /opt/pipewright/cli). Layout of OUTDIR:
//   pipewright.mjs        the CLI, every dependency inlined except DuckDB (a native module)
//   worker.js             the drift worker thread (task-runner.ts spawns ./worker.js beside the bundle)
//   package.json          {"type":"module"}, so worker.js loads as ESM
//   node_modules/         @duckdb/node-api, node-bindings, this platform's bindings, and detect-libc
//   resources/components  the component library YAML (and resources/schema), found by library.ts's walk up
// Usage: node scripts/bundle-cli.mjs OUTDIR    (OUTDIR is emptied first; ≈1 s)
import { cpSync, existsSync, mkdirSync, rmSync, statSync, readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

// Packages the container commands must never load: the run store, the Docker and Kubernetes clients, the
// desktop shell and the UI server. main.ts imports the full command list for its default, so these are
// reachable in the module graph; marked side-effect free, esbuild drops their imports when nothing live uses
// them, and the check after the build fails if anything still does.
const DENIED = ['better-sqlite3', 'dockerode', '@kubernetes/client-node', 'electron', 'ws', 'tar-fs', 'tsx'];
const isDenied = (p) => DENIED.some((d) => p === d || p.startsWith(`${d}/`));

const denyPlugin = {
  name: 'deny-server-packages',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (a) => (isDenied(a.path) ? { path: a.path, external: true, sideEffects: false } : undefined));
  },
};

/** Size of a file or folder in bytes. */
function sizeOf(p) {
  const s = statSync(p);
  if (!s.isDirectory()) return s.size;
  return readdirSync(p).reduce((n, e) => n + sizeOf(join(p, e)), 0);
}

/** The folder of an installed package, found from `from` as Node would. */
function packageDir(name, from = root) {
  return dirname(createRequire(join(from, 'package.json')).resolve(`${name}/package.json`));
}

export async function bundleCli(outdir) {
  const out = resolve(outdir);
  // Emptied first, so a stale file never ships; refused when it holds something that is not a bundle.
  if (existsSync(out) && readdirSync(out).length && !existsSync(join(out, 'pipewright.mjs'))) {
    throw new Error(`${out} is not empty and holds no earlier bundle; give an empty or new folder`);
  }
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const common = {
    bundle: true, platform: 'node', target: 'node20', format: 'esm', external: ['@duckdb/*'],
    plugins: [denyPlugin], metafile: true, logLevel: 'warning',
    // CommonJS dependencies that require() Node built-ins need a real require inside an ES module.
    banner: { js: "import { createRequire as __pwCreateRequire } from 'node:module'; const require = __pwCreateRequire(import.meta.url);" },
  };
  const results = await Promise.all([
    build({ ...common, entryPoints: [join(root, 'src-main/cli/container-main.ts')], outfile: join(out, 'pipewright.mjs') }),
    build({ ...common, entryPoints: [join(root, 'src-main/drift/worker.ts')], outfile: join(out, 'worker.js') }),
  ]);
  const leaked = results.flatMap((r) => Object.entries(r.metafile.outputs)
    .flatMap(([file, o]) => o.imports.filter((i) => i.external && isDenied(i.path)).map((i) => `${relative(root, file)} imports ${i.path}`)));
  if (leaked.length) throw new Error(`the container CLI must not load these packages:\n  ${leaked.join('\n  ')}`);
  writeFileSync(join(out, 'package.json'), `${JSON.stringify({ private: true, type: 'module' })}\n`);

  // DuckDB stays a package: its binding is a .node file beside libduckdb.so. Only this platform's bindings
  // are installed (npm picks the optional dependency), and that is the one the image needs: linux-x64 glibc.
  const api = packageDir('@duckdb/node-api');
  const bindings = packageDir('@duckdb/node-bindings', api);
  const platform = `@duckdb/node-bindings-${process.platform}-${process.arch}`;
  const packages = [['@duckdb/node-api', api], ['@duckdb/node-bindings', bindings], [platform, packageDir(platform, bindings)]];
  try {
    packages.push(['detect-libc', packageDir('detect-libc', bindings)]);
  } catch {
    // Optional: node-bindings falls back to glibc without it.
  }
  for (const [name, dir] of packages) cpSync(dir, join(out, 'node_modules', name), { recursive: true, dereference: true });

  // library.ts finds resources/ by walking up from the module: OUTDIR/resources is the first place it looks.
  for (const sub of ['components', 'schema']) {
    cpSync(join(root, 'resources', sub), join(out, 'resources', sub), { recursive: true });
  }
  return { outdir: out, bytes: sizeOf(out), bundleBytes: sizeOf(join(out, 'pipewright.mjs')) + sizeOf(join(out, 'worker.js')) };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const outdir = process.argv[2];
  if (!outdir || outdir.startsWith('-')) {
    console.error('Usage: node scripts/bundle-cli.mjs OUTDIR');
    process.exit(2);
  }
  const start = performance.now();
  const { outdir: out, bytes, bundleBytes } = await bundleCli(outdir);
  const mb = (n) => `${(n / 1e6).toFixed(1)} MB`;
  console.log(`bundle-cli: ${out} in ${((performance.now() - start) / 1000).toFixed(1)} s `
    + `(${mb(bundleBytes)} of JavaScript, ${mb(bytes)} with DuckDB)`);
}
