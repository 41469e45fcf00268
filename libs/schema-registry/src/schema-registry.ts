import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { ValidationFailedError } from '@questline/contracts';

export interface SchemaMetadata {
  namespace: string;
  type: string;
  version: number;
  status: 'active' | 'deprecated' | 'draft';
  description: string;
}

export interface SchemaDocument {
  metadata: SchemaMetadata;
  schema: Record<string, unknown>;
}

interface Entry {
  metadata: SchemaMetadata;
  validate: ValidateFunction;
}

export const SCHEMA_REGISTRY = Symbol('SCHEMA_REGISTRY');

const FILE = /^v(\d+)\.schema\.json$/;

/**
 * Versioned JSON-Schema registry: one file per event type and version, at
 * `event-schemas/<namespace>/<type>/v<N>.schema.json`. Validators are compiled once at load.
 */
export class SchemaRegistry {
  private readonly entries = new Map<string, Entry[]>();

  constructor(documents: SchemaDocument[]) {
    const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false });
    addFormats(ajv);
    ajv.addKeyword('x-questline');
    for (const doc of documents) {
      const key = `${doc.metadata.namespace}/${doc.metadata.type}`;
      const list = this.entries.get(key) ?? [];
      list.push({ metadata: doc.metadata, validate: ajv.compile(doc.schema) });
      list.sort((a, b) => a.metadata.version - b.metadata.version);
      this.entries.set(key, list);
    }
  }

  static loadDirectory(dir: string): SchemaRegistry {
    const docs: SchemaDocument[] = [];
    for (const namespace of readdirSync(dir)) {
      const nsDir = join(dir, namespace);
      if (!statSync(nsDir).isDirectory()) continue;
      for (const type of readdirSync(nsDir)) {
        const typeDir = join(nsDir, type);
        if (!statSync(typeDir).isDirectory()) continue;
        for (const file of readdirSync(typeDir)) {
          const m = FILE.exec(file);
          if (!m) continue;
          const schema = JSON.parse(readFileSync(join(typeDir, file), 'utf8')) as Record<string, unknown>;
          const meta = (schema['x-questline'] ?? {}) as Partial<SchemaMetadata>;
          docs.push({
            schema,
            metadata: {
              namespace,
              type,
              version: Number(m[1]),
              status: meta.status ?? 'active',
              description: meta.description ?? String(schema['description'] ?? ''),
            },
          });
        }
      }
    }
    return new SchemaRegistry(docs);
  }

  /** All registered (namespace, type, version) triples. */
  list(): SchemaMetadata[] {
    return [...this.entries.values()].flatMap((l) => l.map((e) => e.metadata));
  }

  /**
   * Validates `payload` against the given version (default: latest active). Returns the version used.
   * Throws ValidationFailedError whose errors carry JSON pointers under `/payload`.
   */
  validate(namespace: string, type: string, payload: unknown, version?: number): number {
    const list = this.entries.get(`${namespace}/${type}`);
    if (!list || list.length === 0) {
      throw new ValidationFailedError(`Unknown event type "${type}" for schema namespace "${namespace}".`, [{ pointer: '/type', detail: 'no schema registered for this type' }], 'unknown_event_type');
    }
    const entry = version === undefined ? latest(list) : list.find((e) => e.metadata.version === version);
    if (!entry) {
      throw new ValidationFailedError(`Unknown schema version ${version} of "${type}".`, [{ pointer: '/schemaVersion', detail: `known versions: ${list.map((e) => e.metadata.version).join(', ')}` }], 'unknown_schema_version');
    }
    if (!entry.validate(payload)) {
      const errors = (entry.validate.errors ?? []).map((e) => ({
        pointer: `/payload${e.instancePath}${e.keyword === 'required' ? `/${String((e.params as { missingProperty: string }).missingProperty)}` : ''}`,
        detail: e.message ?? 'invalid',
      }));
      throw new ValidationFailedError(`Payload does not match ${type} v${entry.metadata.version}.`, errors, 'schema_validation_failed');
    }
    return entry.metadata.version;
  }
}

function latest(list: Entry[]): Entry | undefined {
  const active = list.filter((e) => e.metadata.status !== 'draft');
  return active[active.length - 1];
}
