// `npm run -s tenant -- <command>`: a tenant's bundle (its pack and its own event registry files)
// in and out of a running platform, through the admin API and the SDK's typed client.
//
//   push --pack <pack.yaml> [--registry <dir>] [--activate]
//        uploads the pack as a new version; with --registry, the registry files under <dir>
//        (dialects/<id>.yaml, <namespace>/namespace.yaml, <namespace>/<type>/v<N>.schema.json)
//        travel with it (without it, the active version's files are kept); --activate makes it
//        the active version at once (a version pushed before without it, unchanged, is activated).
//        The first push of a tenant creates it (root key).
//   activate <tenant> <version>
//        makes a stored version the active one.
//   export <tenant> [--version N] [--out <dir>]
//        writes <dir>/pack.yaml and <dir>/registry/… of a stored version (the active one by default).
//
// QUESTLINE_URL (default http://localhost:3000) and QUESTLINE_ROOT_KEY (or QUESTLINE_API_KEY, a
// tenant key with the admin scope) say where and as whom. Prints one JSON line per step.
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { parse } from 'yaml';
import { REGISTRY_FILE_PATH } from '@questline/schema-registry';
import { createQuestlineApi } from '@questline/sdk';


function readText(file: string, what: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    throw new Error(`cannot read ${what} at ${file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`);
  }
}

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

/** Every registry file under `dir`, keyed by its path relative to `dir`. */
export function readRegistryDir(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else {
        const rel = relative(dir, path).split('\\').join('/');
        if (REGISTRY_FILE_PATH.test(rel)) files[rel] = readFileSync(path, 'utf8');
      }
    }
  };
  walk(dir);
  return files;
}

function client(tenant: string) {
  const key = process.env['QUESTLINE_ROOT_KEY'] ?? process.env['QUESTLINE_API_KEY'];
  if (!key) throw new Error('set QUESTLINE_ROOT_KEY (or QUESTLINE_API_KEY, a key with the admin scope)');
  const api = createQuestlineApi({ baseUrl: process.env['QUESTLINE_URL'] ?? 'http://localhost:3000', apiKey: key, retry: { retries: 2 } });
  return { api, headers: { 'x-questline-tenant': tenant } };
}

/** A path as the caller typed it: relative to where `npm run` was started (npm runs scripts from the repo root). */
const here = (path: string) => resolve(process.env['INIT_CWD'] ?? process.cwd(), path);

function print(step: string, status: number, body: unknown): void {
  process.stdout.write(`${JSON.stringify({ step, http: status, ...(body && typeof body === 'object' ? body : { body }) })}\n`);
}

async function push(args: string[]): Promise<boolean> {
  const packArg = option(args, '--pack');
  if (!packArg) throw new Error('push needs --pack <pack.yaml>');
  const packFile = here(packArg);
  const source = readText(packFile, 'the pack');
  const tenant = (parse(source) as { tenant?: unknown } | null)?.tenant;
  if (typeof tenant !== 'string') throw new Error(`${packFile}: no tenant field`);
  const registryArg = option(args, '--registry');
  const registryDir = registryArg ? here(registryArg) : undefined;
  if (registryDir && !statSync(registryDir, { throwIfNoEntry: false })?.isDirectory()) throw new Error(`--registry ${registryDir}: no such folder`);
  const registry = registryDir ? readRegistryDir(registryDir) : undefined;
  if (registry && Object.keys(registry).length === 0) throw new Error(`--registry ${registryDir}: no registry files in it (dialects/<id>.yaml, <namespace>/namespace.yaml, <namespace>/<type>/v<N>.schema.json)`);
  const { api, headers } = client(tenant);
  const uploaded = await api.POST('/v1/admin/packs', { headers, body: { source, ...(registry ? { registry } : {}) } });
  let version = uploaded.data?.version;
  if (!uploaded.data && args.includes('--activate') && (uploaded.error as { code?: string } | undefined)?.code === 'pack_version_not_newer') {
    // Pushed before without --activate: the same version stored with the same files is activated
    // instead of refused (anything else stays refused: a changed pack needs a new version).
    const packVersion = (parse(source) as { version?: unknown }).version;
    const stored = typeof packVersion === 'number' ? await api.GET('/v1/admin/packs/{version}', { headers, params: { path: { version: packVersion } } }) : undefined;
    if (stored?.data && stored.data.source === source && (!registry || sameFiles(registry, stored.data.registry))) {
      print('upload', stored.response.status, { version: stored.data.version, status: stored.data.status, detail: `version ${stored.data.version} is already stored with this pack${registry ? ' and these registry files' : ''}: activating it` });
      version = stored.data.version;
    }
  }
  if (version === undefined) {
    print('upload', uploaded.response.status, uploaded.error);
    return false;
  }
  if (uploaded.data) print('upload', uploaded.response.status, uploaded.data);
  if (!args.includes('--activate')) return true;
  return activate(api, headers, version);
}

function sameFiles(a: Record<string, string>, b: Record<string, string>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => a[k] === b[k]);
}

async function activate(api: ReturnType<typeof client>['api'], headers: ReturnType<typeof client>['headers'], version: number): Promise<boolean> {
  const activated = await api.POST('/v1/admin/packs/{version}/activate', { headers, params: { path: { version } } });
  print('activate', activated.response.status, activated.data ?? activated.error);
  return activated.data !== undefined;
}

async function activateStored(args: string[]): Promise<boolean> {
  const [tenant, raw] = args;
  const version = Number(raw);
  if (!tenant || tenant.startsWith('--') || !Number.isInteger(version) || version < 1) throw new Error('activate needs a tenant and a stored version: activate <tenant> <version>');
  const { api, headers } = client(tenant);
  return activate(api, headers, version);
}

async function exportBundle(args: string[]): Promise<boolean> {
  const tenant = args[0];
  if (!tenant || tenant.startsWith('--')) throw new Error('export needs a tenant: export <tenant> [--version N] [--out <dir>]');
  const { api, headers } = client(tenant);
  let version = Number(option(args, '--version') ?? NaN);
  if (!Number.isInteger(version)) {
    const list = await api.GET('/v1/admin/packs', { headers });
    const active = list.data?.items.find((v) => v.status === 'active');
    if (!active) {
      print('export', list.response.status, list.error ?? { detail: `tenant "${tenant}" has no active pack` });
      return false;
    }
    version = active.version;
  }
  const found = await api.GET('/v1/admin/packs/{version}', { headers, params: { path: { version } } });
  if (!found.data) {
    print('export', found.response.status, found.error);
    return false;
  }
  const out = here(option(args, '--out') ?? `${tenant}-v${version}`);
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'pack.yaml'), found.data.source);
  for (const [path, text] of Object.entries(found.data.registry)) {
    mkdirSync(dirname(join(out, 'registry', path)), { recursive: true });
    writeFileSync(join(out, 'registry', path), text);
  }
  print('export', found.response.status, { tenant, version, out, registryFiles: Object.keys(found.data.registry).length });
  return true;
}

if (require.main === module) {
  const [command, ...args] = process.argv.slice(2);
  const run = command === 'push' ? push : command === 'export' ? exportBundle : command === 'activate' ? activateStored : undefined;
  if (!run) {
    process.stderr.write(
      [
        'usage: npm run -s tenant -- push --pack <pack.yaml> [--registry <dir>] [--activate]',
        '       npm run -s tenant -- activate <tenant> <version>',
        '       npm run -s tenant -- export <tenant> [--version N] [--out <dir>]',
        'environment: QUESTLINE_URL (default http://localhost:3000), QUESTLINE_ROOT_KEY or QUESTLINE_API_KEY (a key with the admin scope)',
        '',
      ].join('\n'),
    );
    process.exit(2);
  }
  run(args).then(
    (ok) => process.exit(ok ? 0 : 1),
    (err: unknown) => {
      process.stderr.write(`${(err as Error).message}\n`);
      process.exit(1);
    },
  );
}
