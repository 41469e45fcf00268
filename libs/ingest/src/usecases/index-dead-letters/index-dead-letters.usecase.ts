import { Inject, Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { EventHeaders, parseJsonWithin, reservedTopic, SHARED_INBOUND_TOPIC, storableText, type DeadLetterMessage } from '@questline/contracts';
import type { RawDelivered } from '@questline/messaging';
import { enqueueWebhookDeliveries, PG_POOL, type SqlPool } from '@questline/persistence';
import { v5 as uuidv5 } from 'uuid';
import type { DeadLetterRepository } from '../../domain/dead-letter.repository';
import { DeadLetters } from '../dead-letters/dead-letters';

const DLQ_ID_NAMESPACE = '5b0f2a9e-5d1c-4e55-9a36-1f7a3c2d9e10';

/** Header marking a tenant's copy of a dead letter (never indexed as one). */
export const DLQ_COPY_HEADER = 'questline-dlq-copy';

/** A dead letter's id: from its DLQ position and its own content (stable across re-reads). */
export const deadLetterId = (m: RawDelivered, d: DeadLetterMessage): string =>
  uuidv5([m.topic, m.partition, m.offset, d.groupId, d.origin.partition, d.origin.offset, d.timestamp].join('\n'), DLQ_ID_NAMESPACE);

/** The Questline dead letter in a DLQ message, or null for anything else written there. */
export function parseDeadLetter(value: string): DeadLetterMessage | null {
  try {
    const parsed = parseJsonWithin(value, { maxBytes: 4 * 1024 * 1024, maxDepth: 128 }) as DeadLetterMessage;
    return parsed && typeof parsed === 'object' && parsed.origin && typeof parsed.origin.topic === 'string' && parsed.error && typeof parsed.groupId === 'string' ? parsed : null;
  } catch {
    return null;
  }
}

/**
 * Indexes DLQ messages into Postgres (searchable, auditable). Idempotent: the id is derived from
 * the message's DLQ position and content, so re-reading a DLQ message never duplicates it.
 */
@Injectable()
export class IndexDeadLettersUseCase {
  constructor(
    private readonly deadLetters: DeadLetters,
    @Inject(PG_POOL) private readonly pool: SqlPool,
  ) {}

  /**
   * Stores DLQ messages. Idempotent: the id is derived from the message's DLQ position and its
   * own content (origin position, group, time), so re-reading a DLQ message never duplicates it
   * and a recreated topic (offsets from 0 again) never collides with older rows.
   */
  async execute({ batch, tenantOfTopic }: { batch: RawDelivered[]; tenantOfTopic: (topic: string) => string | null }): Promise<void> {
    // A tenant's copy of its dead letters (pack ingest.deadLetterTopic) may share a name with a DLQ
    // indexed here (seed 002's health.events.dlq): copies are not dead letters of their own.
    const rows = batch.flatMap((m) => (m.value === null || m.headers[DLQ_COPY_HEADER] ? [] : [storable(this.toRow({ ...m, value: m.value }, tenantOfTopic))]));
    await this.deadLetters.letters.insert(rows);
    // The tenant's webhooks that listen for `dead_letter.created` hear of each (once per dead letter: its id is the message id).
    await enqueueWebhookDeliveries(
      this.pool,
      rows
        .filter((r) => r.tenantId)
        .map((r) => ({
          tenantId: r.tenantId!,
          messageId: `msg_dlq_${r.id}`,
          kind: 'dead_letter.created',
          payload: { type: 'dead_letter.created', timestamp: r.deadAt, data: { id: r.id, originTopic: r.originTopic, groupId: r.groupId, eventId: r.eventId, errorClass: r.errorClass, errorMessage: r.errorMessage, attempts: r.attempts } },
        })),
    );
    await this.deadLetters.refreshGauge();
  }

  /**
   * One DLQ message as a row. The tenant is the owner of the topic the message came from when it
   * has one (a tenant's own topic); only on shared topics does the message's tenant header decide.
   * Anything on a DLQ topic that is not a Questline dead letter (written there by someone else) is
   * indexed as it is, class UNKNOWN, rather than stopping the indexer.
   */
  private toRow(m: RawDelivered & { value: string }, tenantOfTopic: (topic: string) => string | null): Parameters<DeadLetterRepository['insert']>[0][number] {
    const d = parseDeadLetter(m.value);
    if (!d) {
      const originTopic = m.topic.replace(/\.dlq$/, '');
      return {
        id: uuidv5([m.topic, m.partition, m.offset, 'foreign'].join('\n'), DLQ_ID_NAMESPACE),
        dlqTopic: m.topic,
        originTopic,
        groupId: 'unknown',
        tenantId: tenantOfTopic(originTopic),
        eventId: null,
        key: m.key.slice(0, 1024),
        value: Buffer.byteLength(m.value) <= 256 * 1024 ? m.value : null,
        original: Buffer.byteLength(m.value) <= 256 * 1024 ? null : { bytes: Buffer.byteLength(m.value), sha256: createHash('sha256').update(m.value).digest('hex') },
        headers: {},
        errorClass: 'UNKNOWN',
        errorMessage: 'not a Questline dead letter: written to the DLQ topic by another producer',
        attempts: 0,
        firstFailedAt: new Date(m.timestamp || Date.now()).toISOString(),
        deadAt: new Date(m.timestamp || Date.now()).toISOString(),
      };
    }
    const headers = d.origin.headers ?? {};
    return {
      id: deadLetterId(m, d),
      dlqTopic: m.topic,
      originTopic: d.origin.topic,
      groupId: d.groupId,
      tenantId: tenantOfTopic(d.origin.topic) ?? headers[EventHeaders.Tenant] ?? internalTenant(d) ?? null,
      eventId: headers[EventHeaders.EventId] ?? null,
      key: d.origin.key,
      value: d.originalValue,
      original: d.originalRef ? { bytes: d.originalRef.bytes, sha256: d.originalRef.sha256 } : null,
      headers,
      errorClass: d.error.class,
      errorMessage: d.error.message,
      attempts: d.attempts,
      firstFailedAt: d.firstFailedAt,
      deadAt: d.timestamp,
    };
  }
}

/**
 * A dead letter is whatever failed — undecodable bytes, NUL characters in it or in the error
 * message quoting it — and Postgres text refuses NUL and unpaired surrogates: a row it refuses
 * would stop the indexer for good. Those characters become U+FFFD; `original` then keeps the
 * size and SHA-256 of the message as it was.
 */
function storable(row: Parameters<DeadLetterRepository['insert']>[0][number]): Parameters<DeadLetterRepository['insert']>[0][number] {
  const value = row.value === null ? null : storableText(row.value);
  const altered = row.value !== null && value !== row.value;
  return {
    ...row,
    key: storableText(row.key),
    value,
    original: row.original ?? (altered ? { bytes: Buffer.byteLength(row.value!), sha256: createHash('sha256').update(row.value!).digest('hex') } : null),
    headers: Object.fromEntries(Object.entries(row.headers).map(([k, v]) => [storableText(k), storableText(v)])),
    errorMessage: storableText(row.errorMessage),
    originTopic: storableText(row.originTopic),
    groupId: storableText(row.groupId),
    eventId: row.eventId && /^[0-9a-f-]{36}$/i.test(row.eventId) ? row.eventId : null,
  };
}

/**
 * The tenant an internal message names in its value (every internal message carries `tenantId`;
 * a scored event, `event.tenantId`): for the announcements published without a tenant header (an
 * adjustment's, a redemption's, a board's), so their dead letters are the tenant's to see. Only on
 * Questline's internal topics, which only the platform writes — never the shared inbound topic,
 * where a producer writes the value.
 */
function internalTenant(d: DeadLetterMessage): string | undefined {
  if (reservedTopic(d.origin.topic) !== 'questline' || d.origin.topic === SHARED_INBOUND_TOPIC) return undefined;
  const v = d.originalEvent as { tenantId?: unknown; event?: { tenantId?: unknown } } | null;
  const t = v && typeof v === 'object' ? (typeof v.tenantId === 'string' ? v.tenantId : v.event?.tenantId) : undefined;
  return typeof t === 'string' && /^[a-z0-9][a-z0-9_.-]{0,63}$/.test(t) ? t : undefined;
}
