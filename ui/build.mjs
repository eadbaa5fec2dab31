// Builds flowgate's browser bundles with esbuild. Usage: node build.mjs [outdir]
// (default ../web): outdir/graphiql (GraphiQL) and outdir/dashboard (the
// dashboard, TypeScript; run `npx graphql-codegen` first, as `make ui` does).
// The output is committed and embedded in the binary; `make check-ui`
// rebuilds it into a scratch directory and compares.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';

const outdir = process.argv[2] || '../web';

const common = {
  bundle: true,
  minify: true,
  target: ['es2020'],
  define: { 'process.env.NODE_ENV': '"production"' },
  legalComments: 'eof',
  charset: 'utf8',
  logLevel: 'warning',
};

await build({
  ...common,
  entryPoints: { graphiql: 'src/graphiql.jsx' },
  outdir: outdir + '/graphiql',
  format: 'iife',
  jsx: 'automatic',
});

// The dashboard is an ES module split into chunks: mermaid (the diagram)
// is a chunk of its own, imported only by a flow's screen.
rmSync(outdir + '/dashboard', { recursive: true, force: true });
await build({
  ...common,
  entryPoints: { dashboard: 'src/dashboard/main.ts' },
  outdir: outdir + '/dashboard',
  format: 'esm',
  splitting: true,
  chunkNames: 'chunk-[hash]',
  target: ['es2022'],
});
