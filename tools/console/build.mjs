// Builds the operator console (libs/console/web) into libs/console/dist: one ES module bundle and one
// stylesheet, and the embeddable widgets (widget.js) (esbuild; Preact and uPlot bundled in, nothing loaded from elsewhere at run time).
// Run by `npm install` (postinstall) and `npm run console:build`; `--watch` rebuilds on change.
import { copyFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const web = join(root, 'libs/console/web');
const out = join(root, 'libs/console/dist');

let esbuild;
try {
  esbuild = await import('esbuild');
} catch {
  // A production install without dev dependencies: the console is built in the image build instead.
  process.stderr.write('[console] esbuild is not installed: the console is not built (npm run console:build after npm install)\n');
  process.exit(0);
}

mkdirSync(out, { recursive: true });
const options = {
  entryPoints: { app: join(web, 'main.tsx'), widget: join(web, 'widget.ts') },
  outdir: out,
  bundle: true,
  format: 'esm',
  target: ['chrome100', 'firefox100', 'safari15'],
  minify: true,
  sourcemap: 'linked',
  jsx: 'automatic',
  jsxImportSource: 'preact',
  tsconfig: join(web, 'tsconfig.json'),
  legalComments: 'linked',
  logLevel: 'warning',
};
if (process.argv.includes('--watch')) {
  const ctx = await esbuild.context(options);
  await ctx.watch();
} else {
  const t0 = Date.now();
  await esbuild.build(options);
  copyFileSync(join(web, 'index.html'), join(out, 'index.html'));
  process.stderr.write(`[console] built libs/console/dist in ${Date.now() - t0} ms\n`);
}
