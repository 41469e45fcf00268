import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parse } from 'yaml';
import { NAMESPACE_DEFAULTS, type NamespaceConfig, type SchemaDocument, type SchemaMetadata } from './schema-metadata';
import { SchemaRegistry, type RegistrySource } from './schema-registry';
import type { DialectSpec } from '../dialects/dialect.types';

const VERSION_FILE = /^v([1-9][0-9]*)\.schema\.json$/;
const REPO_ROOT = resolve(__dirname, '../../../..');

/**
 * Reads the registry folder:
 *   <dir>/dialects/<id>.yaml                         envelope dialects
 *   <dir>/<namespace>/namespace.yaml                 a namespace's conventions
 *   <dir>/<namespace>/<type>/v<N>.schema.json        one schema per event type and version
 */
export function loadRegistrySource(dir: string, relativeTo = REPO_ROOT): RegistrySource {
  const source: RegistrySource = { namespaces: [], documents: [], dialects: [] };
  const rel = (p: string) => relative(relativeTo, p) || p;
  const dialectDir = join(dir, 'dialects');
  if (existsSync(dialectDir)) {
    for (const file of readdirSync(dialectDir).filter((f) => /\.ya?ml$/.test(f)).sort()) {
      source.dialects.push(parse(readFileSync(join(dialectDir, file), 'utf8')) as DialectSpec);
    }
  }
  for (const namespace of readdirSync(dir).sort()) {
    const nsDir = join(dir, namespace);
    if (namespace === 'dialects' || !statSync(nsDir).isDirectory()) continue;
    const nsFile = join(nsDir, 'namespace.yaml');
    if (existsSync(nsFile)) {
      const raw = parse(readFileSync(nsFile, 'utf8')) as Partial<NamespaceConfig>;
      source.namespaces.push({ ...NAMESPACE_DEFAULTS, aliases: { types: {}, values: [] }, ...raw, namespace } as NamespaceConfig);
    }
    for (const type of readdirSync(nsDir).sort()) {
      const typeDir = join(nsDir, type);
      if (!statSync(typeDir).isDirectory()) continue;
      for (const file of readdirSync(typeDir).sort()) {
        const m = VERSION_FILE.exec(file);
        if (!m) continue;
        const path = join(typeDir, file);
        source.documents.push(documentFromFile(rel(path), namespace, type, Number(m[1]), readFileSync(path, 'utf8')));
      }
    }
  }
  return source;
}

/** Builds a SchemaDocument from a schema file's text (also used by the CLI for git revisions). */
export function documentFromFile(file: string, namespace: string, type: string, version: number, text: string): SchemaDocument {
  const schema = JSON.parse(text) as Record<string, unknown>;
  const x = (schema['x-questline'] ?? {}) as Partial<SchemaMetadata> & Record<string, unknown>;
  const { type: _t, version: _v, ...rest } = x;
  const metadata = {
    ...rest,
    namespace,
    type,
    version,
    description: (x.description as string | undefined) ?? String(schema['description'] ?? ''),
  } as SchemaMetadata;
  return { metadata, schema, file };
}

/**
 * The registry of one folder, or of several (a product's own registry beside the shipped one:
 * `SCHEMAS_DIR=event-schemas:../acme/schemas`). A namespace or dialect may be defined only once.
 */
export function loadRegistry(dirs: string | readonly string[]): SchemaRegistry {
  const list = typeof dirs === 'string' ? [dirs] : dirs;
  const merged: RegistrySource = { namespaces: [], documents: [], dialects: [] };
  const seen = new Map<string, string>();
  const once = (what: string, dir: string) => {
    const first = seen.get(what);
    if (first !== undefined) throw new Error(`${what} is defined in both ${first} and ${dir}`);
    seen.set(what, dir);
  };
  for (const dir of list) {
    const source = loadRegistrySource(dir);
    for (const n of source.namespaces) once(`namespace "${n.namespace}"`, dir);
    for (const d of source.dialects) once(`dialect "${d.id}"`, dir);
    merged.namespaces.push(...source.namespaces);
    merged.documents.push(...source.documents);
    merged.dialects.push(...source.dialects);
  }
  return new SchemaRegistry(merged);
}
