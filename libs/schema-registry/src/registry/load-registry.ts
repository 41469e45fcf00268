import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parse } from 'yaml';
import { NAMESPACE_DEFAULTS, type NamespaceConfig, type SchemaDocument, type SchemaMetadata } from './schema-metadata';
import { RegistryLoadError, SchemaRegistry, type RegistrySource } from './schema-registry';
import type { DialectSpec } from '../dialects/dialect.types';

const VERSION_FILE = /^v([1-9][0-9]*)\.schema\.json$/;

/** A path in the registry folder layout: `dialects/<id>.yaml`, `<namespace>/namespace.yaml` or `<namespace>/<type>/v<N>.schema.json`. */
export const REGISTRY_FILE_PATH = /^(dialects\/[a-z][a-z0-9_-]*\.ya?ml|[a-z][a-z0-9_-]*\/namespace\.yaml|[a-z][a-z0-9_-]*\/[A-Za-z][A-Za-z0-9_.-]{0,199}\/v[1-9][0-9]*\.schema\.json)$/;
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
      const spec = parse(readFileSync(join(dialectDir, file), 'utf8')) as DialectSpec;
      source.dialects.push(spec);
      (source.origins ??= {})[`dialect:${spec?.id}`] = rel(join(dialectDir, file));
    }
  }
  for (const namespace of readdirSync(dir).sort()) {
    const nsDir = join(dir, namespace);
    if (namespace === 'dialects' || !statSync(nsDir).isDirectory()) continue;
    const nsFile = join(nsDir, 'namespace.yaml');
    if (existsSync(nsFile)) {
      const raw = parse(readFileSync(nsFile, 'utf8')) as Partial<NamespaceConfig>;
      source.namespaces.push({ ...NAMESPACE_DEFAULTS, aliases: { types: {}, values: [] }, ...raw, namespace } as NamespaceConfig);
      (source.origins ??= {})[`namespace:${namespace}`] = rel(nsFile);
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
    // Absent: the schema's own description; neither: left out, so the error says it is missing.
    ...(x.description !== undefined || schema['description'] !== undefined ? { description: (x.description as string | undefined) ?? String(schema['description']) } : {}),
  } as SchemaMetadata;
  return { metadata, schema, file };
}

/**
 * A registry's files held in memory — `{ 'dialects/acme.yaml': '…', 'acme/namespace.yaml': '…',
 * 'acme/lesson.completed/v1.schema.json': '…' }`, the same layout as a registry folder — as a
 * source (a tenant's registry bundle uploaded through the admin API). Every problem is reported
 * with its path; nothing is thrown for the first one alone.
 */
export function registrySourceFromFiles(files: Readonly<Record<string, string>>, label = 'bundle'): RegistrySource {
  const source: RegistrySource = { namespaces: [], documents: [], dialects: [] };
  const problems: string[] = [];
  for (const path of Object.keys(files).sort()) {
    const text = files[path]!;
    const parts = path.split('/');
    try {
      if (parts.length === 2 && parts[0] === 'dialects' && /^[a-z][a-z0-9_-]*\.ya?ml$/.test(parts[1]!)) {
        const spec = parse(text) as DialectSpec;
        const id = parts[1]!.replace(/\.ya?ml$/, '');
        if (spec?.id !== id) problems.push(`${label}/${path}: id "${String(spec?.id)}" must match the file name "${id}"`);
        else {
          source.dialects.push(spec);
          (source.origins ??= {})[`dialect:${id}`] = `${label}/${path}`;
        }
      } else if (parts.length === 2 && parts[1] === 'namespace.yaml' && /^[a-z][a-z0-9_-]*$/.test(parts[0]!)) {
        const raw = (parse(text) ?? {}) as Partial<NamespaceConfig>;
        source.namespaces.push({ ...NAMESPACE_DEFAULTS, aliases: { types: {}, values: [] }, ...raw, namespace: parts[0]! } as NamespaceConfig);
        (source.origins ??= {})[`namespace:${parts[0]!}`] = `${label}/${path}`;
      } else if (parts.length === 3 && VERSION_FILE.test(parts[2]!) && /^[a-z][a-z0-9_-]*$/.test(parts[0]!) && /^[A-Za-z][A-Za-z0-9_.-]{0,199}$/.test(parts[1]!)) {
        source.documents.push(documentFromFile(`${label}/${path}`, parts[0]!, parts[1]!, Number(VERSION_FILE.exec(parts[2]!)![1]), text));
      } else {
        problems.push(`${label}/${path}: not a registry file (dialects/<id>.yaml, <namespace>/namespace.yaml or <namespace>/<type>/v<N>.schema.json)`);
      }
    } catch (err) {
      problems.push(`${label}/${path}: ${(err as Error).message}`);
    }
  }
  if (problems.length > 0) throw new RegistryLoadError(problems);
  return source;
}

/**
 * Several sources as one; a namespace or dialect may come from one of them only (each source is
 * named for the error: a folder, a tenant's bundle).
 */
export function mergeRegistrySources(sources: readonly { name: string; source: RegistrySource }[]): RegistrySource {
  const merged: RegistrySource = { namespaces: [], documents: [], dialects: [] };
  const owner = new Map<string, string>();
  const problems: string[] = [];
  const once = (what: string, name: string) => {
    const first = owner.get(what);
    if (first !== undefined && first !== name) problems.push(`${what} is defined in both ${first} and ${name}`);
    owner.set(what, first ?? name);
  };
  for (const { name, source } of sources) {
    for (const n of source.namespaces) once(`namespace "${n.namespace}"`, name);
    for (const d of source.dialects) once(`dialect "${d.id}"`, name);
    merged.namespaces.push(...source.namespaces);
    merged.documents.push(...source.documents);
    merged.dialects.push(...source.dialects);
    Object.assign((merged.origins ??= {}), source.origins);
  }
  if (problems.length > 0) throw new RegistryLoadError(problems);
  return merged;
}

/**
 * The registry of one folder, or of several (a product's own registry beside the shipped one:
 * `SCHEMAS_DIR=event-schemas:../acme/schemas`). A namespace or dialect may be defined only once.
 */
export function loadRegistry(dirs: string | readonly string[]): SchemaRegistry {
  const list = typeof dirs === 'string' ? [dirs] : dirs;
  return new SchemaRegistry(mergeRegistrySources(list.map((dir) => ({ name: dir, source: loadRegistrySource(dir) }))));
}
