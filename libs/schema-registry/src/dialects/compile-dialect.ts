import { compileTemplate, type Context } from './template';
import { createHash } from 'node:crypto';
import stableStringify from 'safe-stable-stringify';
import type Ajv from 'ajv/dist/2020';
import type { ErrorObject } from 'ajv';
import { ValidationFailedError, type FieldError } from '@questline/contracts';
import { splitVersionSuffix } from '../naming/naming-conventions';
import type { DialectSpec, FieldAlternative, FieldSource } from './dialect.types';

/** What a dialect mapper extracts from a raw event, before registry validation. */
export interface MappedEvent {
  dialect: string;
  /** The event's name exactly as the producer sent it (naming conventions are checked on this). */
  name: string;
  /** The canonical type: the name without a stripped prefix or version suffix. */
  type: string;
  version: number | undefined;
  externalId: string | undefined;
  userId: string | undefined;
  occurredAt: string;
  source: string | undefined;
  idempotencyKey: string | undefined;
  correlationId: string | undefined;
  causationId: string | undefined;
  traceId: string | undefined;
  payload: Record<string, unknown>;
  /** JSON pointer of the payload inside the raw event ('' when the payload is the rest of a flat event). */
  payloadPointer: string;
  meta: Record<string, unknown>;
}

export type DialectMapper = (raw: Record<string, unknown>) => MappedEvent;

export interface CompiledDialect {
  spec: DialectSpec;
  /** True when every `detect` field is present on the raw event. */
  matches(raw: Record<string, unknown>): boolean;
  map: DialectMapper;
  /** Writes an outcome in this dialect's envelope (dialects with `outbound.envelope`). */
  render?: (ctx: Context) => Record<string, unknown>;
}

type Getter = (raw: Record<string, unknown>) => string | undefined;

/** The JSON pointer of a dotted path of a raw event (`meta.schema.v` → `/meta/schema/v`), for errors. */
export const dottedPointer = (path: string): string => `/${path.split('.').join('/')}`;

/** Reads a dotted path of a raw event (undefined where any part is missing). */
export function pathGetter(path: string): (raw: Record<string, unknown>) => unknown {
  const parts = path.split('.');
  if (parts.length === 1) return (raw) => raw[path];
  return (raw) => {
    let cur: unknown = raw;
    for (const p of parts) {
      if (cur === null || typeof cur !== 'object') return undefined;
      cur = (cur as Record<string, unknown>)[p];
    }
    return cur;
  };
}

/** A non-empty string, or a finite number as text: what a field source may yield. */
export const asString = (v: unknown): string | undefined =>
  typeof v === 'string' ? (v.length > 0 ? v : undefined) : typeof v === 'number' && Number.isFinite(v) ? String(v) : undefined;

function compileSource(source: FieldSource | undefined): Getter {
  if (source === undefined) return () => undefined;
  const alternatives = (Array.isArray(source) ? source : [source]).map((s): FieldAlternative => (typeof s === 'string' ? { path: s } : s));
  const getters = alternatives.map((alt) => {
    const prefix = alt.prefix ?? '';
    if (alt.hash) {
      // `*`: the whole event as sent.
      const fields = alt.hash.map((f) => (f === '*' ? (raw: Record<string, unknown>) => raw : pathGetter(f)));
      return (raw: Record<string, unknown>) => prefix + createHash('sha256').update(stableStringify(fields.map((g) => g(raw) ?? null))!).digest('base64url');
    }
    const get = pathGetter(alt.path!);
    return (raw: Record<string, unknown>) => {
      const v = asString(get(raw));
      return v === undefined ? undefined : prefix + v;
    };
  });
  if (getters.length === 1) return getters[0]!;
  return (raw) => {
    for (const g of getters) {
      const v = g(raw);
      if (v !== undefined) return v;
    }
    return undefined;
  };
}

const TRACEPARENT = /^[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}$/;
const SEMVER_MAJOR = /^v?(0|[1-9]\d*)(\.\d+){0,2}([-+].*)?$/;

export function ajvErrorsToFieldErrors(errors: ErrorObject[] | null | undefined, prefix = ''): FieldError[] {
  return (errors ?? [])
    .filter((e) => e.keyword !== 'if')
    .map((e) => {
      const missing = e.keyword === 'required' ? `/${String((e.params as { missingProperty: string }).missingProperty)}` : '';
      const extra = e.keyword === 'additionalProperties' ? `/${String((e.params as { additionalProperty: string }).additionalProperty)}` : '';
      return { pointer: `${prefix}${e.instancePath}${missing}${extra}`, detail: detailOf(e) };
    });
}

/** Ajv's message, except where it hides what would pass: an enum names its values (the first 20), a const its value. */
function detailOf(e: ErrorObject): string {
  const shown = (v: unknown) => {
    const text = JSON.stringify(v) ?? String(v);
    return text.length > 60 ? `${text.slice(0, 57)}...` : text;
  };
  if (e.keyword === 'enum') {
    const allowed = (e.params as { allowedValues?: unknown[] }).allowedValues ?? [];
    return `must be one of: ${allowed.slice(0, 20).map(shown).join(', ')}${allowed.length > 20 ? `, … (${allowed.length} in all)` : ''}`;
  }
  if (e.keyword === 'const') return `must be ${shown((e.params as { allowedValue?: unknown }).allowedValue)}`;
  return e.message ?? 'invalid';
}

/** Compiles a dialect spec into a mapper. The envelope schema is compiled with the registry's ajv. */
export function compileDialect(spec: DialectSpec, ajv: Ajv): CompiledDialect {
  const validateEnvelope = ajv.compile(spec.envelope);
  const m = spec.map;
  // `type` is a field source, or `{ path, stripPrefix?, versionSuffix? }`.
  const typeSpec = (typeof m.type === 'object' && !Array.isArray(m.type) ? m.type : {}) as { stripPrefix?: string; versionSuffix?: boolean };
  const getName = compileSource(typeof m.type === 'object' && !Array.isArray(m.type) ? m.type.path : (m.type as FieldSource));
  const { stripPrefix, versionSuffix = false } = typeSpec;
  const getVersion = m.version ? pathGetter(m.version.path) : undefined;
  const versionPointer = m.version ? dottedPointer(m.version.path) : '';
  const versionFormat = m.version?.format;
  const get = {
    id: compileSource(m.id),
    userId: compileSource(m.userId),
    occurredAt: compileSource(m.occurredAt),
    source: compileSource(m.source),
    idempotencyKey: compileSource(m.idempotencyKey),
    correlationId: compileSource(m.correlationId),
    causationId: compileSource(m.causationId),
    traceId: compileSource(m.traceId),
  };
  const metaFields = m.meta ?? [];
  const rest = typeof m.payload === 'object';
  const payloadPath = typeof m.payload === 'string' ? m.payload : undefined;
  const getPayload = payloadPath ? pathGetter(payloadPath) : undefined;
  const payloadPointer = payloadPath ? dottedPointer(payloadPath) : '';
  // Top-level fields the mapping consumes; with `payload: { rest: true }` everything else is payload.
  const consumed = new Set<string>(metaFields.map((f) => (f.endsWith('.*') ? f.slice(0, -2) : f)));
  const collect = (s: unknown) => {
    if (typeof s === 'string') consumed.add(s.split('.')[0]!);
    else if (Array.isArray(s)) s.forEach(collect);
    else if (s && typeof s === 'object' && 'path' in s) consumed.add(String((s as { path: string }).path).split('.')[0]!);
  };
  [m.id, m.type, m.version, m.userId, m.occurredAt, m.source, m.idempotencyKey, m.correlationId, m.causationId, m.traceId].forEach(collect);

  const map: DialectMapper = (raw) => {
    if (!validateEnvelope(raw)) {
      throw new ValidationFailedError(
        `The event does not match the ${spec.id} envelope.`,
        ajvErrorsToFieldErrors(validateEnvelope.errors),
        'invalid_envelope',
      );
    }
    const name = getName(raw);
    if (name === undefined) throw new ValidationFailedError('The event has no type.', [{ pointer: '/type', detail: 'missing event type' }], 'invalid_envelope');
    let type = name;
    if (stripPrefix && type.startsWith(stripPrefix)) type = type.slice(stripPrefix.length);
    let version: number | undefined;
    if (versionSuffix) ({ base: type, version } = splitVersionSuffix(type));
    if (getVersion) {
      const v = getVersion(raw);
      if (v !== undefined && v !== null) version = parseVersion(v, versionFormat!, spec.id, versionPointer);
    }
    let payload: Record<string, unknown>;
    if (rest) {
      payload = {};
      for (const k of Object.keys(raw)) if (!consumed.has(k)) payload[k] = raw[k];
    } else {
      const p = getPayload!(raw);
      payload = p && typeof p === 'object' && !Array.isArray(p) ? (p as Record<string, unknown>) : {};
    }
    const meta: Record<string, unknown> = { dialect: spec.id };
    for (const f of metaFields) {
      if (f.endsWith('.*')) {
        // `meta: ["meta.*"]` spreads an object's keys into meta (the canonical dialect's own meta).
        const obj = raw[f.slice(0, -2)];
        if (obj && typeof obj === 'object' && !Array.isArray(obj)) Object.assign(meta, obj);
      } else if (raw[f] !== undefined) meta[f] = raw[f];
    }
    const traceRaw = get.traceId(raw);
    return {
      dialect: spec.id,
      name,
      type,
      version,
      externalId: get.id(raw),
      userId: get.userId(raw),
      occurredAt: get.occurredAt(raw) ?? '',
      source: get.source(raw),
      idempotencyKey: get.idempotencyKey(raw),
      correlationId: get.correlationId(raw),
      causationId: get.causationId(raw),
      traceId: traceRaw ? (TRACEPARENT.exec(traceRaw)?.[1] ?? traceRaw) : undefined,
      payload,
      payloadPointer,
      meta,
    };
  };

  const render = spec.outbound ? compileTemplate(spec.outbound.envelope) : undefined;
  return {
    spec,
    matches: (raw) => spec.detect.every((f) => raw[f] !== undefined),
    map,
    ...(render ? { render: (ctx: Context) => render(ctx) as Record<string, unknown> } : {}),
  };
}

/**
 * Reads an envelope's schema version. Runs for every event a dialect maps (ingest) and every
 * outbound message read back: the failure's JSON pointer is worked out by the caller once per
 * dialect, and nothing is built unless the version is bad.
 */
function parseVersion(v: unknown, format: 'integer' | 'semver-major' | 'url-suffix', dialect: string, pointer: string): number {
  if (format === 'integer') {
    const n = typeof v === 'number' ? v : Number(v);
    return Number.isInteger(n) && n >= 1 ? n : badVersion(dialect, pointer, 'must be an integer >= 1');
  }
  if (format === 'url-suffix') {
    const m = URL_SUFFIX_VERSION.exec(String(v));
    return m ? Number(m[1]) : badVersion(dialect, pointer, 'must end in /v<N>');
  }
  const m = SEMVER_MAJOR.exec(String(v));
  if (!m) return badVersion(dialect, pointer, 'must be a semantic version, e.g. 1.0.0');
  const major = Number(m[1]);
  return major >= 1 ? major : 1;
}

const URL_SUFFIX_VERSION = /\/v(\d+)(\.schema\.json|\.json)?$/;

function badVersion(dialect: string, pointer: string, detail: string): never {
  throw new ValidationFailedError(`Invalid schema version in the ${dialect} envelope.`, [{ pointer, detail }], 'invalid_envelope');
}
