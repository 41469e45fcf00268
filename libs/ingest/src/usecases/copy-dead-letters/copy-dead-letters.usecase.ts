import { Inject, Injectable } from '@nestjs/common';
import { EventHeaders, reservedTopic, type CanonicalEnvelope, type DeadLetterMessage } from '@questline/contracts';
import { MESSAGE_BUS, type MessageBus, type RawDelivered, type RawOutgoing } from '@questline/messaging';
import { PG_POOL, readEventEnvelopes, type SqlPool } from '@questline/persistence';
import { LOGGER, type Logger } from '@questline/platform';
import { PACK_CATALOG, type PackCatalog } from '@questline/rules';
import { DLQ_COPY_HEADER, deadLetterId, parseDeadLetter } from '../index-dead-letters/index-dead-letters.usecase';

/** Seed 002 §8.2's dead-letter record, as its consumers read it (plus where it failed, for replay). */
export interface TenantDeadLetter {
  originalEvent: unknown;
  error: { message: string; stack?: string; name: string; class: string };
  timestamp: string;
  retryCount: number;
  deadLetterId: string;
  originTopic: string;
  groupId: string;
}

const MISSING = 'unknown';
/** What Kafka accepts as a topic name (not `.` or `..`). */
const KAFKA_TOPIC_NAME = /^(?!\.{1,2}$)[A-Za-z0-9._-]{1,249}$/;

/**
 * Copies each dead letter of a tenant whose pack names `ingest.deadLetterTopic` to that topic, in
 * seed 002 §8.2's shape, with the event the producer sent (as accepted: read from the event store
 * by the dead letter's event id) rather than the internal message that failed. The topic name may
 * read the event (`{journey}.events.dlq`, `unknown` when the event has no journey). At least once:
 * a copy carries its dead letter's stable id, which consumers deduplicate on. The platform's own
 * DLQ, index and replay are unchanged: the copy is for the tenant's own tools.
 */
@Injectable()
export class CopyDeadLettersUseCase {
  private readonly ensured = new Set<string>();

  constructor(
    @Inject(MESSAGE_BUS) private readonly bus: MessageBus,
    @Inject(PACK_CATALOG) private readonly packs: PackCatalog,
    @Inject(PG_POOL) private readonly pool: SqlPool,
    @Inject(LOGGER) private readonly log: Logger,
  ) {}

  async execute({ batch, tenantOfTopic }: { batch: RawDelivered[]; tenantOfTopic: (topic: string) => string | null }): Promise<number> {
    const wanted: { m: RawDelivered; d: DeadLetterMessage; tenantId: string; template: string; eventId: string | null }[] = [];
    for (const m of batch) {
      if (m.value === null || m.headers[DLQ_COPY_HEADER]) continue;
      const d = parseDeadLetter(m.value);
      if (!d) continue;
      const headers = d.origin.headers ?? {};
      const tenantId = tenantOfTopic(d.origin.topic) ?? headers[EventHeaders.Tenant] ?? null;
      const template = tenantId ? this.packs.get(tenantId)?.ingest.deadLetterTopic : undefined;
      if (!tenantId || !template) continue;
      const eventId = headers[EventHeaders.EventId] ?? null;
      wanted.push({ m, d, tenantId, template, eventId: eventId && /^[0-9a-f-]{36}$/i.test(eventId) ? eventId : null });
    }
    if (wanted.length === 0) return 0;
    const events = await readEventEnvelopes<CanonicalEnvelope>(
      this.pool,
      wanted.flatMap((w) => (w.eventId ? [{ tenantId: w.tenantId, id: w.eventId }] : [])),
    );
    const byTopic = new Map<string, RawOutgoing[]>();
    for (const { m, d, tenantId, template, eventId } of wanted) {
      const accepted = eventId ? events.get(`${tenantId}|${eventId}`) : undefined;
      const original = accepted ?? d.originalEvent;
      const topic = template.replace(/\{([A-Za-z0-9_]+)\}/g, (_all, field: string) => fieldOf(original, field));
      // Already there: the platform's own dead letter of a tenant topic named like the copy (health.events → health.events.dlq).
      if (topic === m.topic) continue;
      // The name is filled in from event data: never one of Questline's or Kafka's topics, a retry
      // topic, or a topic another tenant reads its events from (a `.dlq` name is what copies are for).
      // Nor a name Kafka refuses (over 249 characters: `{a}{a}{a}{a}{a}`), which would fail the indexer's batch every time.
      const reserved = reservedTopic(topic);
      if ((reserved && reserved !== 'dead-letter') || (tenantOfTopic(topic) ?? tenantId) !== tenantId || !KAFKA_TOPIC_NAME.test(topic)) {
        this.log.warn({ tenantId, topic: topic.slice(0, 300), template }, 'dead-letter copy not written: its topic, filled in from the event, is reserved, another tenant\'s, or not a valid Kafka topic name');
        continue;
      }
      const id = deadLetterId(m, d);
      const value: TenantDeadLetter = {
        originalEvent: original,
        error: { message: d.error.message, ...(d.error.stack ? { stack: d.error.stack } : {}), name: d.error.name, class: d.error.class },
        timestamp: d.timestamp,
        retryCount: d.retryCount,
        deadLetterId: id,
        originTopic: d.origin.topic,
        groupId: d.groupId,
      };
      const list = byTopic.get(topic) ?? [];
      list.push({ key: d.origin.key, value: JSON.stringify(value), headers: { [DLQ_COPY_HEADER]: id, [EventHeaders.Tenant]: tenantId } });
      byTopic.set(topic, list);
    }
    const fresh = [...byTopic.keys()].filter((t) => !this.ensured.has(t));
    if (fresh.length > 0) {
      await this.bus.ensureTopics(fresh);
      for (const t of fresh) this.ensured.add(t);
    }
    for (const [topic, list] of byTopic) await this.bus.publishRaw(topic, list);
    return wanted.length;
  }
}

/** A topic-name part from the event: its meta, then its payload, then its top level; safe characters only. */
function fieldOf(event: unknown, field: string): string {
  const e = (event ?? {}) as { meta?: Record<string, unknown>; payload?: Record<string, unknown> } & Record<string, unknown>;
  const v = e.meta?.[field] ?? e.payload?.[field] ?? e[field];
  const s =
    typeof v === 'string' || typeof v === 'number'
      ? String(v)
          .replace(/[^A-Za-z0-9_-]/g, '_')
          .slice(0, 64)
      : '';
  return s.length > 0 ? s : MISSING;
}
