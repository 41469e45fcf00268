import { parse as uuidParse } from 'uuid';
import { EVENT_TIME_FLOOR_MS, findUnsafeJson, sha256, SYSTEM_USER_ID, userIdProblem, uuidV5, ValidationFailedError, type CanonicalEnvelope } from '@questline/contracts';
import { asString, dottedPointer, pathGetter, type CompiledDialect, type MappedEvent } from '../dialects/compile-dialect';
import { followsConvention, NAMING_EXAMPLES } from '../naming/naming-conventions';
import type { SchemaRegistry } from '../registry/schema-registry';
import type { NamespaceConfig } from '../registry/schema-metadata';
import { applyUpcast, valueAt } from '../upcast/upcast';

/** Namespace for deterministic event ids: the same (tenant, idempotency key) always gets the same id. */
export const EVENT_ID_NAMESPACE = '6f1c1a8e-3b5e-4d59-9a43-6c1f0e2b7a10';

const EVENT_ID_NAMESPACE_BYTES = uuidParse(EVENT_ID_NAMESPACE);

/**
 * The event's id: a UUID v5 of tenant and idempotency key (`uuidV5` of `@questline/contracts`, the
 * `uuid` package's v5 in one hash call; a test holds it to the package). Runs once per accepted
 * event. A key with a lone surrogate is refused (`URIError`), as `uuid` refuses it.
 */
export function canonicalEventId(tenantId: string, idempotencyKey: string): string {
  return uuidV5(`${tenantId}\n${idempotencyKey}`, EVENT_ID_NAMESPACE_BYTES);
}

/** How one tenant's events are read (from its pack's `ingest` section). */
export interface IngestProfile {
  tenantId: string;
  /** Schema namespace under event-schemas/. */
  namespace: string;
  /** Dialect ids in detection order. */
  dialects: string[];
  /** Prefixes removed from incoming type names (e.g. a CloudEvents reverse-DNS `com.tektree.`). */
  stripTypePrefixes?: string[];
  /** Events older than this (event time, ms before receipt) are refused; undefined or 0: only the 1970 floor. */
  maxEventAgeMs?: number;
}

export interface NormalizeContext {
  /** Selects a dialect directly when one declares it (application/cloudevents+json). */
  contentType?: string;
  /** Transport name recorded as the source when the envelope has none (`http`, `kafka:<topic>`). */
  transport?: string;
  receivedAt: Date;
}

/** Something the producer should change, but that did not stop the event (counted and logged). */
export interface DeprecationNotice {
  kind: 'type_alias' | 'value_alias' | 'deprecated_version';
  detail: string;
  alias?: string;
}

export interface NormalizedEvent {
  envelope: CanonicalEnvelope;
  /** Schema version the event was sent (and validated) at, before upcasting. */
  sentVersion: number;
  notices: DeprecationNotice[];
  /** Consents the user must have given for the event to be linked to them (its schema's `consents`). */
  consents: string[];
  /** Payload pointers holding personal data (its schema's `pii`): removed when the event is not linked. */
  pii: string[];
}

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;
const MAX_FUTURE_SKEW_MS = 5 * 60_000;

function fail(code: string, message: string, pointer: string, detail: string): never {
  throw new ValidationFailedError(message, [{ pointer, detail }], code);
}

/**
 * Turns a product event, in whatever dialect its tenant uses, into the canonical envelope — or
 * throws a ValidationFailedError whose every error has a JSON pointer into the event as sent.
 * Pure: no I/O, no clock except `ctx.receivedAt`.
 */
export class EventNormalizer {
  constructor(private readonly registry: SchemaRegistry) {}

  private pickDialect(raw: Record<string, unknown>, profile: IngestProfile, ctx: NormalizeContext): CompiledDialect {
    const dialects = profile.dialects.map((id) => {
      const d = this.registry.dialect(id);
      if (!d) throw new Error(`tenant ${profile.tenantId} names unknown dialect "${id}"`);
      return d;
    });
    const mime = ctx.contentType?.split(';')[0]?.trim().toLowerCase();
    if (mime) {
      const byType = dialects.find((d) => d.spec.contentTypes?.includes(mime));
      if (byType) return byType;
    }
    const match = dialects.find((d) => d.matches(raw));
    if (match) return match;
    const expected = dialects.map((d) => `${d.spec.id} (${d.spec.detect.join(', ')})`).join('; ');
    // The closest dialect, when the event has at least half of its detection fields, names what is
    // missing field by field: an Engagement event without context_scope is told `/context_scope`,
    // not the whole event.
    const closest = dialects
      .map((d) => ({ d, present: d.spec.detect.filter((f) => raw[f] !== undefined).length }))
      .filter((c) => c.present * 2 >= c.d.spec.detect.length)
      .sort((a, b) => b.present / b.d.spec.detect.length - a.present / a.d.spec.detect.length)[0];
    if (!closest) return fail('unknown_envelope', `The event matches none of this tenant's envelope dialects: ${expected}.`, '', `expected the fields of one of: ${expected}`);
    const missing = closest.d.spec.detect.filter((f) => raw[f] === undefined);
    throw new ValidationFailedError(
      `The event looks like the ${closest.d.spec.id} envelope but lacks ${missing.join(', ')}; this tenant's envelope dialects: ${expected}.`,
      missing.map((f) => ({ pointer: `/${f.replace(/~/g, '~0').replace(/\//g, '~1')}`, detail: `required by the ${closest.d.spec.id} envelope (it is recognised by ${closest.d.spec.detect.join(', ')})` })),
      'unknown_envelope',
    );
  }

  normalize(raw: unknown, profile: IngestProfile, ctx: NormalizeContext): NormalizedEvent {
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
      fail('invalid_event', 'An event must be a JSON object.', '', `got ${raw === null ? 'null' : Array.isArray(raw) ? 'an array' : typeof raw}`);
    }
    // What Postgres would refuse (NUL, lone surrogates) or a walker would choke on is refused here,
    // for this event alone: it never reaches a shared INSERT.
    const unsafe = findUnsafeJson(raw);
    if (unsafe) fail(unsafe.code, `The event cannot be stored as sent: ${unsafe.detail}.`, unsafe.pointer, unsafe.detail);
    const event = raw as Record<string, unknown>;
    const ns = this.registry.namespace(profile.namespace);
    if (!ns) throw new Error(`tenant ${profile.tenantId} names unknown schema namespace "${profile.namespace}"`);
    const dialect = this.pickDialect(event, profile, ctx);
    const mapped = dialect.map(event);
    const notices: DeprecationNotice[] = [];
    const typePointer = pointerOf(dialect, 'type');

    // Type: strip a configured prefix, check the namespace's naming convention, resolve deprecated aliases.
    let type = mapped.type;
    for (const prefix of profile.stripTypePrefixes ?? []) if (type.startsWith(prefix)) type = type.slice(prefix.length);
    const named = ns.naming === 'vas_versioned' ? `${type}.v${mapped.version ?? 1}` : type;
    if (!followsConvention(named, ns.naming)) {
      fail('naming_convention_violated', `Event type "${named}" breaks the ${ns.naming} naming convention of ${ns.title}.`, typePointer, `expected a name like ${NAMING_EXAMPLES[ns.naming]}`);
    }
    const aliasOf = ns.aliases.types[type];
    if (aliasOf) {
      notices.push({ kind: 'type_alias', alias: type, detail: `event type "${type}" is a deprecated alias of "${aliasOf}"` });
      type = aliasOf;
    }

    const payloadPointer = mapped.payloadPointer;
    const size = Buffer.byteLength(JSON.stringify(mapped.payload));
    if (size > ns.maxPayloadBytes) {
      fail('payload_too_large', `The payload is ${size} bytes; ${ns.title} allows ${ns.maxPayloadBytes}.`, payloadPointer, `at most ${ns.maxPayloadBytes} bytes`);
    }
    const payload = applyValueAliases(mapped.payload, ns, notices);

    // No version named: the current one, or (seed 002) the oldest, read as the older format it is and upcast.
    const version = mapped.version ?? (ns.unversioned === 'oldest' ? this.registry.versions(profile.namespace, type).find((v) => v.status !== 'draft')?.version : undefined);
    const validated = this.registry.validate(profile.namespace, type, payload, version, {
      payload: payloadPointer,
      type: typePointer,
      version: pointerOf(dialect, 'version'),
    });
    if (validated.status === 'deprecated') {
      notices.push({
        kind: 'deprecated_version',
        alias: `${type}@v${validated.version}`,
        detail: `${type} v${validated.version} is deprecated${validated.deprecated ? ` (sunset ${validated.deprecated.sunset}${validated.deprecated.replacedBy ? `, use ${validated.deprecated.replacedBy}` : ''})` : ''}`,
      });
    }
    const upcast = this.registry.upcast(profile.namespace, type, validated.version, payload);
    // The version the payload is stored at: its privacy rules (counts only, content) apply.
    const current = this.registry.document(profile.namespace, type, upcast.version) ?? { metadata: validated, schema: {} };
    for (const guard of ns.typeGuards ?? []) {
      const family = validated.family?.split(/\s/)[0];
      const expected = family ? guard.byFamily[family] : undefined;
      const actual = mapped.meta[guard.field];
      const known = Object.values(guard.byFamily);
      if (expected !== undefined && typeof actual === 'string' && known.includes(actual) && actual !== expected) {
        fail('type_guard_failed', `${type} is a ${family} event: ${guard.field} must be "${expected}", not "${actual}".`, `/${guard.field}`, `must be "${expected}" for a ${family} event`);
      }
    }

    const userId = mapped.userId ?? subjectFromPayload(payload, validated.subject);
    if (userId === undefined) {
      return fail('missing_subject', `The event names no user: the ${dialect.spec.id} envelope has none and ${type} declares no subject field.`, pointerOf(dialect, 'userId'), 'required: the user the event is about');
    }
    // The one definition of a user id (contracts): what ingest accepts here is what erasure erases.
    // Placeholders (`_unlinked`, `_anonymised`, `deleted:…`) are the platform's own, never a
    // producer's; only the system subject of a `subject: none` type is written here by the platform.
    const systemSubject = mapped.userId === undefined && validated.subject === 'none';
    const problem = systemSubject ? null : userIdProblem(userId);
    if (problem) {
      const at = mapped.userId !== undefined ? userIdPointer(dialect, event) : `${payloadPointer}${validated.subject ?? ''}`;
      fail('invalid_user_id', `The user id is not valid: ${problem}.`, at, problem);
    }

    // Gate 4 (seed 000): nothing is awarded without a valid idempotency key.
    // A namespace's logical key (seed 003's dual-publish): the v1 and v2 copies of one logical event,
    // each with its own event id, share it, so the second is a duplicate of the first, not a second award.
    const logical = ns.logicalKey ? logicalKeyOf(event, ns.logicalKey, type) : undefined;
    const idempotencyKey = logical ?? mapped.idempotencyKey ?? mapped.externalId;
    if (idempotencyKey === undefined || !IDEMPOTENCY_KEY.test(idempotencyKey)) {
      return fail('invalid_idempotency_key', 'The event needs a valid idempotency key.', pointerOf(dialect, 'idempotencyKey'), '1 to 200 printable ASCII characters without spaces');
    }

    const occurred = Date.parse(mapped.occurredAt);
    if (Number.isNaN(occurred)) fail('invalid_envelope', 'The event time is not a date-time.', pointerOf(dialect, 'occurredAt'), 'must be an RFC 3339 date-time');
    if (occurred - ctx.receivedAt.getTime() > MAX_FUTURE_SKEW_MS) {
      fail('occurred_at_in_future', 'The event time is in the future.', pointerOf(dialect, 'occurredAt'), `more than ${MAX_FUTURE_SKEW_MS / 1000} s after the time it was received`);
    }
    if (occurred < EVENT_TIME_FLOOR_MS) {
      fail('occurred_at_too_old', 'The event time is before 1970-01-01T00:00:00Z, the earliest Questline accepts.', pointerOf(dialect, 'occurredAt'), 'must be 1970-01-01T00:00:00Z or later');
    }
    if (profile.maxEventAgeMs && ctx.receivedAt.getTime() - occurred > profile.maxEventAgeMs) {
      const days = Math.round(profile.maxEventAgeMs / 86_400_000);
      fail('occurred_at_too_old', `The event time is more than ${days} days ago; this tenant accepts events up to ${days} days old (pack ingest.maxEventAgeDays).`, pointerOf(dialect, 'occurredAt'), `at most ${days} days before it is received`);
    }

    const envelope: CanonicalEnvelope = {
      id: canonicalEventId(profile.tenantId, idempotencyKey),
      type,
      schemaVersion: upcast.version,
      tenantId: profile.tenantId,
      userId,
      occurredAt: new Date(occurred).toISOString(),
      receivedAt: ctx.receivedAt.toISOString(),
      source: mapped.source ?? ctx.transport ?? 'unknown',
      idempotencyKey,
      payload: keepStorable(upcast.payload, current),
      meta: validated.version === upcast.version ? mapped.meta : { ...mapped.meta, upcastFrom: validated.version },
      // Optional fields last: a property after a spread costs about a microsecond on Node 20 (see the README's Benchmarks).
      ...(mapped.externalId !== undefined ? { externalId: mapped.externalId } : {}),
      ...(mapped.correlationId !== undefined ? { correlationId: mapped.correlationId } : {}),
      ...(mapped.causationId !== undefined ? { causationId: mapped.causationId } : {}),
      ...(mapped.traceId !== undefined ? { traceId: mapped.traceId } : {}),
    };
    return { envelope, sentVersion: validated.version, notices, consents: current.metadata.consents ?? [], pii: current.metadata.pii ?? [] };
  }
}

const pointers = new WeakMap<CompiledDialect, Map<string, string>>();

/** Where the dialect reads a field, as a JSON pointer into the event as sent; worked out once per dialect and field (two per event). */
function pointerOf(dialect: CompiledDialect, field: keyof MappedEvent | 'version'): string {
  let known = pointers.get(dialect);
  if (!known) pointers.set(dialect, (known = new Map()));
  let pointer = known.get(field);
  if (pointer === undefined) known.set(field, (pointer = readPointer(dialect, field)));
  return pointer;
}

function readPointer(dialect: CompiledDialect, field: keyof MappedEvent | 'version'): string {
  const m = dialect.spec.map as unknown as Record<string, unknown>;
  let src = m[field];
  if (Array.isArray(src)) src = src[0];
  if (src && typeof src === 'object' && 'path' in src) src = (src as { path: string }).path;
  return typeof src === 'string' ? dottedPointer(src) : '';
}

/**
 * Where the event as sent holds its user id: the first of the dialect's `userId` sources present
 * (CloudEvents' `subject` when it has no `userid`, seed 003's `actor_id` without `user_id`), so a
 * refusal points at the field the producer actually filled.
 */
function userIdPointer(dialect: CompiledDialect, raw: Record<string, unknown>): string {
  const source = dialect.spec.map.userId;
  for (const alt of Array.isArray(source) ? source : source === undefined ? [] : [source]) {
    const path = typeof alt === 'string' ? alt : alt.path;
    if (path && asString(pathGetter(path)(raw)) !== undefined) return `/${path.split('.').map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1')).join('/')}`;
  }
  return pointerOf(dialect, 'userId');
}

/** The subject of events that are about no user (schema `subject: none`). */
export const SYSTEM_SUBJECT = SYSTEM_USER_ID;

function subjectFromPayload(payload: Record<string, unknown>, subject: string | undefined): string | undefined {
  if (!subject) return undefined;
  if (subject === 'none') return SYSTEM_SUBJECT;
  const v = valueAt(payload, subject);
  return typeof v === 'string' && v.length > 0 ? v : typeof v === 'number' ? String(v) : undefined;
}

/** Replaces deprecated values (seed 000: vocab_points → vocab_care_points); Questline never emits the old ones. */
function applyValueAliases(payload: Record<string, unknown>, ns: NamespaceConfig, notices: DeprecationNotice[]): Record<string, unknown> {
  let out = payload;
  for (const a of ns.aliases.values) {
    if (valueAt(out, a.pointer) !== a.from) continue;
    out = applyUpcast(out, [{ op: 'set', path: a.pointer, value: a.to }]);
    notices.push({ kind: 'value_alias', alias: a.from, detail: `${a.pointer} value "${a.from}" is a deprecated alias of "${a.to}"` });
  }
  return out;
}

/** `logical:<SHA-256>` of the event type (without version) and the logical key's values; undefined when any is missing. */
function logicalKeyOf(event: Record<string, unknown>, paths: string[], type: string): string | undefined {
  const values: unknown[] = [];
  for (const path of paths) {
    let v: unknown = event;
    for (const part of path.split('.')) v = v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[part] : undefined;
    if (v === undefined || v === null || v === '') return undefined;
    values.push(v);
  }
  return `logical:${sha256(JSON.stringify([type, ...values]), 'base64url')}`;
}

/**
 * Seed 004's counts-only events: a schema with `countsOnly` keeps only the payload properties it
 * declares (whatever else the producer sent, message text included, is never stored), and any
 * schema's `content` pointers are dropped.
 */
function keepStorable(payload: Record<string, unknown>, doc: { metadata: { countsOnly?: boolean; content?: string[] }; schema: Record<string, unknown> }): Record<string, unknown> {
  const { countsOnly, content } = doc.metadata;
  if (!countsOnly && !content?.length) return payload;
  let out: Record<string, unknown> = payload;
  if (countsOnly) {
    const declared = new Set(Object.keys((doc.schema['properties'] ?? {}) as Record<string, unknown>));
    out = Object.fromEntries(Object.entries(payload).filter(([k]) => declared.has(k)));
  }
  return content?.length ? withoutPointers(out, content) : out;
}

/** A JSON pointer (RFC 6901) as its unescaped reference tokens: `/a~1b/c~0d` → `['a/b', 'c~d']`. */
export function pointerTokens(pointer: string): string[] {
  return pointer.split('/').slice(1).map((x) => x.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** A copy of `payload` without the fields at these JSON pointers. */
export function withoutPointers(payload: Record<string, unknown>, pointers: readonly string[]): Record<string, unknown> {
  const out = structuredClone(payload);
  for (const p of pointers) {
    const parts = pointerTokens(p);
    if (parts.length === 0) continue;
    let node: unknown = out;
    for (const part of parts.slice(0, -1)) node = node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined;
    if (node !== null && typeof node === 'object') delete (node as Record<string, unknown>)[parts.at(-1)!];
  }
  return out;
}
