import { isDeepStrictEqual } from 'node:util';
import { RESERVED_TOPICS_RULE, reservedTopic, sha256, uuidFromHex, ValidationFailedError, type CanonicalEnvelope, type OutboundKind } from '@questline/contracts';
import { dimensionValues, type Pack } from '@questline/rules';
import { compileTemplate, templateReads, type CompiledDialect, type Context, type SchemaRegistry } from '@questline/schema-registry';
import type { Outcome } from './outcomes';

type OutboundDef = NonNullable<Pack['outbound']>;
type EventDef = OutboundDef['events'][number];

interface CompiledEvent {
  on: Set<OutboundKind>;
  when: [string, unknown][];
  type: string;
  topic: string;
  payload: (ctx: Context) => unknown;
}

/** The tenant's outbound contract, compiled once per pack version. */
export interface CompiledOutbound {
  dialect: CompiledDialect;
  namespace: string;
  events: CompiledEvent[];
  /**
   * Whether a payload or the envelope reads the source event (`$event…`): when none does, and the
   * pack has no dimensions to read scopes from, the source events are not loaded at all.
   */
  readsEvent: boolean;
}

/** One message for a tenant's topic. */
export interface OutboundRecord {
  tenantId: string;
  topic: string;
  /** Per-user order (the user's id), or per board for rankings. */
  key: string;
  id: string;
  type: string;
  value: Record<string, unknown>;
}

const compiled = new WeakMap<Pack, CompiledOutbound | Error>();

/**
 * Compiles the pack's `outbound` section against the registry: the dialect must exist and know how
 * to write (`outbound.envelope`), every event name must be registered in the tenant's namespace.
 * Returns the problems as an Error (the pack checks report them before activation).
 */
export function compileOutbound(pack: Pack, registry: SchemaRegistry): CompiledOutbound | Error | undefined {
  const def = pack.outbound;
  if (!def) return undefined;
  const hit = compiled.get(pack);
  if (hit) return hit;
  let result: CompiledOutbound | Error;
  try {
    const problems: string[] = [];
    const dialect = registry.dialect(def.dialect);
    if (!dialect) problems.push(`/outbound/dialect: unknown dialect "${def.dialect}"`);
    else if (!dialect.render) problems.push(`/outbound/dialect: dialect "${def.dialect}" has no outbound.envelope: it cannot be written`);
    def.events.forEach((e, i) => {
      // Pack checks refuse these; a pack stored before they did must not write into Questline's own topics either.
      const topic = e.topic ?? def.topic;
      if (reservedTopic(topic)) problems.push(`/outbound/events/${i}/topic: "${topic}" is reserved for Questline or Kafka; ${RESERVED_TOPICS_RULE}`);
      if (!registry.current(pack.schemaNamespace, e.type))
        problems.push(`/outbound/events/${i}/type: "${e.type}" is not registered in namespace "${pack.schemaNamespace}" (every outbound event has a schema)`);
    });
    const events = def.events.map((e: EventDef, i) => {
      try {
        return {
          on: new Set(Array.isArray(e.on) ? e.on : [e.on]),
          when: Object.entries(e.when ?? {}),
          type: e.type,
          topic: e.topic ?? def.topic,
          payload: compileTemplate(e.payload),
        };
      } catch (err) {
        problems.push(`/outbound/events/${i}/payload${(err as Error).message}`);
        return null;
      }
    });
    result =
      problems.length > 0
        ? new Error(problems.join('; '))
        : {
            dialect: dialect!,
            namespace: pack.schemaNamespace,
            events: events as CompiledEvent[],
            readsEvent: templateReads([dialect!.spec.outbound?.envelope, ...def.events.map((e) => e.payload)]).has('event'),
          };
  } catch (err) {
    result = err as Error;
  }
  compiled.set(pack, result);
  return result;
}

/** Which of the tenant's outbound events an outcome becomes (none, one, or several). */
export function matchingEvents(out: CompiledOutbound, o: Outcome): CompiledEvent[] {
  return out.events.filter((e) => e.on.has(o.kind) && e.when.every(([k, v]) => (Array.isArray(v) ? v.includes(o.fields[k]) : o.fields[k] === v)));
}

/**
 * A stable id for one outbound message: the same outcome written as the same event name always
 * gets the same id (redeliveries, replays, two instances), so consumers deduplicate on it. A UUID
 * in version-4 form (some seeds' envelopes require v4) whose bits come from SHA-256.
 */
export function outboundId(tenantId: string, type: string, dedupKey: string): string {
  return uuidFromHex(sha256(`${tenantId}\u0000${type}\u0000${dedupKey}`), 4);
}

/**
 * Writes one outcome as one of the tenant's events: the payload from the pack's template, checked
 * against the tenant's registered schema; the envelope from the dialect's template, checked by
 * reading it back through the same dialect (what the tenant's own producers are held to), which
 * must give back the same name, id and payload. Throws ValidationFailedError otherwise.
 */
export function renderOutbound(out: CompiledOutbound, e: CompiledEvent, o: Outcome, pack: Pack, source: CanonicalEnvelope | undefined, registry: SchemaRegistry): OutboundRecord {
  const scopes = o.scopes ?? (source ? dimensionValues(pack, source) : undefined) ?? {};
  // Built with Object.assign, not `{ ...o.fields, kind, … }`: on Node 20 (V8 11.3) every property
  // added after a spread in a literal costs about a microsecond (a runtime call), and this runs
  // for every outbound message (see the README's Benchmarks).
  const ctx: Context = Object.assign({}, o.fields);
  ctx['kind'] = o.kind;
  ctx['tenantId'] = o.tenantId;
  ctx['packVersion'] = pack.version;
  if (o.userId !== undefined) ctx['userId'] = o.userId;
  if (o.eventId !== undefined) ctx['eventId'] = o.eventId;
  ctx['at'] = o.at;
  if (o.occurredAt !== undefined) ctx['occurredAt'] = o.occurredAt;
  ctx['scopes'] = scopes;
  if (source) ctx['event'] = { id: source.id, type: source.type, payload: source.payload, meta: source.meta ?? {}, source: source.source };
  const id = outboundId(o.tenantId, e.type, o.dedupKey);
  const payload = e.payload(ctx) as Record<string, unknown>;
  const { version } = registry.validate(out.namespace, e.type, payload, undefined, { payload: '/payload', type: '/type' });
  // `origin`: seed 004's source column — `api` for what an event caused, `job` for what a job decided.
  // The envelope's context is the payload's plus five fields, set on the same object (the payload is
  // rendered already and holds no reference to it): a second copy of some twenty properties per
  // message cost more than the rest of this line.
  ctx['id'] = id;
  ctx['type'] = e.type;
  ctx['version'] = version;
  ctx['origin'] = o.eventId ? 'api' : 'job';
  ctx['payload'] = payload;
  const value = out.dialect.render!(ctx);
  const back = out.dialect.map(value);
  if (back.name !== e.type || back.externalId !== id || !isDeepStrictEqual(back.payload, payload)) {
    throw new ValidationFailedError(`The ${out.dialect.spec.id} envelope written for ${e.type} does not read back as the same event.`, [
      {
        pointer: '/outbound/envelope',
        detail: `read back as type ${String(back.name)}, id ${String(back.externalId)}`,
      },
    ]);
  }
  const key = o.userId ?? `${o.tenantId}|${String(o.fields['board'] ?? o.kind)}|${String(o.fields['scope'] ?? '')}`;
  return { tenantId: o.tenantId, topic: e.topic, key, id, type: e.type, value };
}
