import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { ValidationFailedError } from '@questline/contracts';
import { compileDialect, ajvErrorsToFieldErrors, type CompiledDialect } from '../dialects/compile-dialect';
import type { DialectSpec } from '../dialects/dialect.types';
import { applyUpcast } from '../upcast/upcast';
import { followsConvention } from '../naming/naming-conventions';
import { METADATA_SCHEMA, NAMESPACE_SCHEMA, DIALECT_SCHEMA } from './registry.schemas';
import { retentionDays, type NamespaceConfig, type SchemaDocument, type SchemaMetadata } from './schema-metadata';
import { tenantRegExp } from './pattern-flags';

export const SCHEMA_REGISTRY = Symbol('SCHEMA_REGISTRY');

/** Everything the registry is built from; produced by loadRegistrySource (files) or by tests. */
export interface RegistrySource {
  namespaces: NamespaceConfig[];
  documents: SchemaDocument[];
  dialects: DialectSpec[];
  /** Where each namespace and dialect was read from (`namespace:<id>`, `dialect:<id>` → file), for errors. */
  origins?: Record<string, string>;
}

interface Entry {
  doc: SchemaDocument;
  validate: ValidateFunction;
}

/** A problem found while building the registry, named by file and JSON pointer. */
export class RegistryLoadError extends Error {
  constructor(readonly problems: string[]) {
    super(`event registry is invalid:\n  ${problems.join('\n  ')}`);
  }
}

export function createAjv(): Ajv2020 {
  // Tenant patterns compiled so V8's linear-time fallback can run them (safe-pattern.ts).
  const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false, strictTypes: false, allowUnionTypes: true, code: { regExp: tenantRegExp } });
  addFormats(ajv);
  // ajv-formats' `url` is a regular expression that takes quadratic time on hostile values (60 KB:
  // 3.5 s); the WHATWG parser is linear. Same meaning: an absolute http(s) or ftp URL.
  ajv.addFormat('url', { type: 'string', validate: (s: string) => /^(?:https?|ftp):\/\//i.test(s) && URL.canParse(s) });
  ajv.addKeyword('x-questline');
  return ajv;
}

/**
 * The versioned JSON-Schema registry: namespaces (one per product platform), event types with
 * one schema per version, and envelope dialects. Every validator is compiled up front so a bad
 * schema fails when it is loaded (at start-up, or at upload for a tenant's bundle), not on the
 * first event. Tenants' bundles activated at run time replace its contents whole (`replaceWith`).
 */
export class SchemaRegistry {
  private readonly entries = new Map<string, Entry[]>();
  private readonly namespaceConfigs = new Map<string, NamespaceConfig>();
  private readonly dialectMap = new Map<string, CompiledDialect>();
  private built: RegistrySource;

  /** What this registry was built from (after `replaceWith`, what the replacement was built from). */
  get source(): RegistrySource {
    return this.built;
  }

  /**
   * Takes over another registry's contents in one synchronous step, so every holder of this
   * instance (ingest's normaliser, the packs service) sees the new registry at once and never a
   * mix. The other registry was fully built and checked first: a bad bundle never replaces a good one.
   */
  replaceWith(other: SchemaRegistry): void {
    for (const [mine, theirs] of [
      [this.entries, other.entries],
      [this.namespaceConfigs, other.namespaceConfigs],
      [this.dialectMap, other.dialectMap],
    ] as [Map<string, unknown>, Map<string, unknown>][]) {
      mine.clear();
      for (const [k, v] of theirs) mine.set(k, v);
    }
    this.built = other.built;
  }

  constructor(source: RegistrySource) {
    this.built = source;
    const ajv = createAjv();
    const problems: string[] = [];
    const checkShape = (validate: ValidateFunction, value: unknown, where: string, prefix = ''): boolean => {
      if (validate(value)) return true;
      for (const e of ajvErrorsToFieldErrors(validate.errors)) problems.push(`${where}: ${prefix}${e.pointer || (prefix ? '' : '/')} ${e.detail}`);
      return false;
    };
    const origin = (kind: 'namespace' | 'dialect', id: string) => source.origins?.[`${kind}:${id}`] ?? `${kind} ${id}`;
    const invalidNamespaces = new Set<string>();
    const metaOk = ajv.compile(METADATA_SCHEMA);
    const nsOk = ajv.compile(NAMESPACE_SCHEMA);
    const dialectOk = ajv.compile(DIALECT_SCHEMA);

    for (const ns of source.namespaces) {
      if (checkShape(nsOk, ns, origin('namespace', ns.namespace))) this.namespaceConfigs.set(ns.namespace, ns);
      else invalidNamespaces.add(ns.namespace);
    }
    for (const spec of source.dialects) {
      if (!checkShape(dialectOk, spec, origin('dialect', spec.id))) continue;
      try {
        this.dialectMap.set(spec.id, compileDialect(spec, ajv));
      } catch (err) {
        problems.push(`${origin('dialect', spec.id)}: ${(err as Error).message}`);
      }
    }
    for (const doc of source.documents) {
      const { metadata: m, file } = doc;
      // The metadata is the file's x-questline block (namespace, type and version come from its path).
      if (doc.schema['x-questline'] === undefined) {
        problems.push(`${file}: /x-questline is missing: every schema carries its governance metadata (status, description, producer, consumers, classification, retention, pii)`);
        continue;
      }
      if (!checkShape(metaOk, m, file, '/x-questline')) continue;
      const ns = this.namespaceConfigs.get(m.namespace);
      if (!ns && invalidNamespaces.has(m.namespace)) continue; // its namespace.yaml is reported already
      if (!ns) {
        problems.push(`${file}: namespace "${m.namespace}" has no namespace.yaml`);
        continue;
      }
      const declared = (doc.schema['x-questline'] ?? {}) as { type?: string; version?: number };
      if (declared.type !== undefined && declared.type !== m.type) problems.push(`${file}: x-questline.type "${declared.type}" does not match its folder "${m.type}"`);
      if (declared.version !== undefined && declared.version !== m.version) problems.push(`${file}: x-questline.version ${declared.version} does not match its file name v${m.version}`);
      const named = ns.naming === 'vas_versioned' ? `${m.type}.v${m.version}` : m.type;
      if (!followsConvention(named, ns.naming)) problems.push(`${file}: type "${named}" breaks the ${ns.naming} naming convention of namespace ${m.namespace}`);
      try {
        const key = `${m.namespace}/${m.type}`;
        const list = this.entries.get(key) ?? [];
        if (list.some((e) => e.doc.metadata.version === m.version)) problems.push(`${file}: version ${m.version} of ${m.type} is registered twice`);
        list.push({ doc, validate: ajv.compile(doc.schema) });
        list.sort((a, b) => a.doc.metadata.version - b.doc.metadata.version);
        this.entries.set(key, list);
      } catch (err) {
        problems.push(`${file}: ${(err as Error).message}`);
      }
    }
    for (const list of this.entries.values()) {
      list.forEach((e, i) => {
        if (e.doc.metadata.version !== i + 1) problems.push(`${e.doc.file}: versions of ${e.doc.metadata.type} must be 1..N without gaps`);
      });
    }
    if (problems.length > 0) throw new RegistryLoadError(problems);
  }

  namespace(namespace: string): NamespaceConfig | undefined {
    return this.namespaceConfigs.get(namespace);
  }

  namespaces(): NamespaceConfig[] {
    return [...this.namespaceConfigs.values()];
  }

  dialect(id: string): CompiledDialect | undefined {
    return this.dialectMap.get(id);
  }

  dialects(): CompiledDialect[] {
    return [...this.dialectMap.values()];
  }

  /** Every registered (namespace, type, version). */
  list(): SchemaMetadata[] {
    return [...this.entries.values()].flatMap((l) => l.map((e) => e.doc.metadata));
  }

  documents(): SchemaDocument[] {
    return [...this.entries.values()].flatMap((l) => l.map((e) => e.doc));
  }

  versions(namespace: string, type: string): SchemaMetadata[] {
    return (this.entries.get(`${namespace}/${type}`) ?? []).map((e) => e.doc.metadata);
  }

  /** One version's document (metadata and JSON Schema). */
  document(namespace: string, type: string, version: number): SchemaDocument | undefined {
    return this.entries.get(`${namespace}/${type}`)?.find((e) => e.doc.metadata.version === version)?.doc;
  }

  /** The event types registered in a namespace. */
  types(namespace: string): string[] {
    return [...new Set(this.list().filter((m) => m.namespace === namespace).map((m) => m.type))];
  }

  /** How many days a type's events are kept in the event store (its namespace's `retention`); undefined: for ever. */
  retentionDays(namespace: string, type: string): number | undefined {
    const ns = this.namespace(namespace);
    const meta = this.current(namespace, type) ?? this.versions(namespace, type).at(-1);
    return ns && meta ? retentionDays(ns, type, meta.retention) : undefined;
  }

  /** The newest version that is not a draft: what events are upcast to. */
  current(namespace: string, type: string): SchemaMetadata | undefined {
    const list = this.entries.get(`${namespace}/${type}`) ?? [];
    for (let i = list.length - 1; i >= 0; i--) if (list[i]!.doc.metadata.status !== 'draft') return list[i]!.doc.metadata;
    return undefined;
  }

  private entry(namespace: string, type: string, version: number | undefined, typePointer: string, versionPointer: string): Entry {
    const list = this.entries.get(`${namespace}/${type}`);
    if (!list || list.length === 0) {
      throw new ValidationFailedError(
        `Unknown event type "${type}" in schema namespace "${namespace}".`,
        [{ pointer: typePointer, detail: 'no schema registered for this type' }],
        'unknown_event_type',
      );
    }
    const wanted = version ?? this.current(namespace, type)?.version;
    const entry = list.find((e) => e.doc.metadata.version === wanted);
    if (!entry) {
      throw new ValidationFailedError(
        `Unknown schema version ${String(version)} of "${type}".`,
        [{ pointer: versionPointer, detail: `registered versions: ${list.map((e) => e.doc.metadata.version).join(', ')}` }],
        'unknown_schema_version',
      );
    }
    return entry;
  }

  /**
   * Validates a payload against (namespace, type, version) — the current version when none is
   * given — and returns that version's metadata. Errors carry JSON pointers prefixed with
   * `payloadPointer` (where the payload sits in the event as sent).
   */
  validate(
    namespace: string,
    type: string,
    payload: unknown,
    version?: number,
    pointers: { payload?: string; type?: string; version?: string } = {},
  ): SchemaMetadata {
    const entry = this.entry(namespace, type, version, pointers.type ?? '/type', pointers.version ?? '/schemaVersion');
    if (!entry.validate(payload)) {
      throw new ValidationFailedError(
        `Payload does not match ${type} v${entry.doc.metadata.version}.`,
        ajvErrorsToFieldErrors(entry.validate.errors, pointers.payload ?? '/payload'),
        'schema_validation_failed',
      );
    }
    return entry.doc.metadata;
  }

  /** Upcasts a valid payload of `fromVersion` to the current version, one version at a time. */
  upcast(namespace: string, type: string, fromVersion: number, payload: Record<string, unknown>): { version: number; payload: Record<string, unknown> } {
    const target = this.current(namespace, type)?.version ?? fromVersion;
    let current = payload;
    for (let v = fromVersion + 1; v <= target; v++) {
      const meta = this.versions(namespace, type)[v - 1]!;
      current = applyUpcast(current, meta.upcast ?? []);
    }
    return { version: Math.max(target, fromVersion), payload: current };
  }
}
