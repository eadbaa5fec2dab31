// Builds flowgate's GraphiQL bundle with esbuild. Usage: node build.mjs [outdir]
// (default ../web/graphiql). The output is committed and embedded in the
// binary; `make check-ui` rebuilds it into a scratch directory and compares.
import { build } from 'esbuild';

const outdir = process.argv[2] || '../web/graphiql';

await build({
  entryPoints: { graphiql: 'src/graphiql.jsx' },
  outdir,
  bundle: true,
  minify: true,
  format: 'iife',
  target: ['es2020'],
  jsx: 'automatic',
  define: { 'process.env.NODE_ENV': '"production"' },
  legalComments: 'eof',
  charset: 'utf8',
  logLevel: 'warning',
});
