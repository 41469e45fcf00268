// `npm run sdk:build [-- --pack <dir>]`: builds @questline/sdk (libs/sdk) into libs/sdk/dist as a
// package anyone can install — JavaScript (CommonJS .cjs and ES modules .mjs, bundled by esbuild)
// and one type declaration file per entry point (bundled by dts-bundle-generator). The workspace
// libraries it uses (@questline/contracts, @questline/schema-registry) are bundled in; npm
// packages stay dependencies (libs/sdk/package.json). With --pack, runs `npm pack` into <dir> and
// prints the tarball's path.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { build, type Plugin } from 'esbuild';
import { generateDtsBundle } from 'dts-bundle-generator';

const ROOT = resolve(__dirname, '../..');
const SDK = join(ROOT, 'libs/sdk');
const DIST = join(SDK, 'dist');
// The Kafka entry (Node only) uses CommonJS packages (ajv, fast-json-patch): its ES module is a thin
// wrapper that loads the CommonJS build, so both module systems share one copy.
const ENTRIES = [
  { name: 'index', platform: 'neutral' as const, esmWrapper: false },
  { name: 'kafka', platform: 'node' as const, esmWrapper: true },
];

/**
 * Deep imports of packages without an `exports` map (ajv/dist/2020) need their file extension in
 * an ES module; Node's CommonJS resolver adds it, its ESM resolver does not.
 */
const explicitExtensions: Plugin = {
  name: 'explicit-extensions',
  setup(b) {
    b.onResolve({ filter: /^ajv\/dist\/[\w-]+$/ }, (args) => ({ path: `${args.path}.js`, external: true }));
  },
};

export async function buildSdk(): Promise<void> {
  rmSync(DIST, { recursive: true, force: true });
  mkdirSync(DIST, { recursive: true });
  const pkg = JSON.parse(readFileSync(join(SDK, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
  const external = Object.keys(pkg.dependencies);
  for (const { name, platform, esmWrapper } of ENTRIES) {
    for (const format of esmWrapper ? (['cjs'] as const) : (['cjs', 'esm'] as const)) {
      await build({
        entryPoints: [join(SDK, 'src', `${name}.ts`)],
        outfile: join(DIST, `${name}.${format === 'cjs' ? 'cjs' : 'mjs'}`),
        bundle: true,
        platform,
        format,
        target: 'es2022',
        mainFields: ['module', 'main'],
        tsconfig: join(ROOT, 'tsconfig.base.json'),
        // npm dependencies (and their subpaths, e.g. ajv/dist/2020) are installed beside the SDK.
        external: [...external, ...external.map((d) => `${d}/*`), 'node:*'],
        plugins: [explicitExtensions],
        sourcemap: true,
        logLevel: 'warning',
      });
    }
  }
  for (const { name } of ENTRIES.filter((e) => e.esmWrapper)) {
    const names = Object.keys(createRequire(__filename)(join(DIST, `${name}.cjs`)) as object).filter((n) => n !== 'default');
    writeFileSync(
      join(DIST, `${name}.mjs`),
      `import { createRequire } from 'node:module';\nconst cjs = createRequire(import.meta.url)('./${name}.cjs');\n${names.map((n) => `export const ${n} = cjs.${n};`).join('\n')}\n`,
    );
  }
  const declarations = generateDtsBundle(
    ENTRIES.map(({ name }) => ({ filePath: join(SDK, 'src', `${name}.ts`), output: { noBanner: true, exportReferencedTypes: false } })),
    { preferredConfigPath: join(ROOT, 'tsconfig.base.json') },
  );
  ENTRIES.forEach(({ name }, i) => writeFileSync(join(DIST, `${name}.d.ts`), declarations[i]!));
}

/** `npm pack` of the built SDK into `dir`; returns the tarball's absolute path. */
export function packSdk(dir: string): string {
  mkdirSync(dir, { recursive: true });
  const out = execFileSync('npm', ['pack', '--json', '--pack-destination', dir], { cwd: SDK, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const [{ filename }] = JSON.parse(out) as [{ filename: string }];
  return join(dir, filename);
}

if (require.main === module) {
  const i = process.argv.indexOf('--pack');
  buildSdk()
    .then(() => {
      process.stdout.write(`built ${DIST}\n`);
      if (i > 0) process.stdout.write(`${packSdk(resolve(process.argv[i + 1] ?? '.'))}\n`);
    })
    .catch((err: unknown) => {
      process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
      process.exit(1);
    });
}
