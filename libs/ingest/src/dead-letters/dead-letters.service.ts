import { Inject, Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { EventHeaders, NotFoundError, parseJsonWithin, storableText, ValidationFailedError, type DeadLetterMessage } from '@questline/contracts';
import { MESSAGE_BUS, type MessageBus, type RawDelivered } from '@questline/messaging';
import { AUDIT_LOG, type AuditLog } from '@questline/persistence';
import { APP_CONFIG, LOGGER, METRICS, type AppConfig, type Logger, type Metrics, type Principal } from '@questline/platform';
import { applyPatch, type Operation } from 'fast-json-patch';
import { v5 as uuidv5 } from 'uuid';
import { DEAD_LETTER_REPOSITORY, type DeadLetter, type DeadLetterFilter, type DeadLetterRepository } from './dead-letter.repository';

const DLQ_ID_NAMESPACE = '5b0f2a9e-5d1c-4e55-9a36-1f7a3c2d9e10';
export const MAX_REPLAY = 1000;

export interface ReplayRequest {
  ids?: string[];
  filter?: Omit<DeadLetterFilter, 'tenantId' | 'status'>;
  dryRun?: boolean;
  /** JSON Patch (RFC 6902) applied to the message before replaying it; one id only. */
  patch?: Operation[];
}

/**
 * Dead letters for operators: indexed from every `<topic>.dlq` into Postgres (searchable,
 * auditable), replayed through the failing group's retry topic (the message keeps its
 * idempotency key, so a replay never double-credits), or discarded with a reason.
 */
@Injectable()
export class DeadLettersService {
  private warned = false;

  constructor(
    @Inject(DEAD_LETTER_REPOSITORY) private readonly letters: DeadLetterRepository,
    @Inject(MESSAGE_BUS) private readonly bus: MessageBus,
    @Inject(AUDIT_LOG) private readonly audit: AuditLog,
    @Inject(METRICS) private readonly metrics: Metrics,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Stores DLQ messages. Idempotent: the id is derived from the message's DLQ position and its
   * own content (origin position, group, time), so re-reading a DLQ message never duplicates it
   * and a recreated topic (offsets from 0 again) never collides with older rows.
   */
  async index(batch: RawDelivered[], tenantOfTopic: (topic: string) => string | null): Promise<void> {
    const rows = batch.flatMap((m) => (m.value === null ? [] : [storable(this.toRow({ ...m, value: m.value }, tenantOfTopic))]));
    await this.letters.insert(rows);
    await this.refreshGauge();
  }

  /**
   * One DLQ message as a row. The tenant is the owner of the topic the message came from when it
   * has one (a tenant's own topic); only on shared topics does the message's tenant header decide.
   * Anything on a DLQ topic that is not a Questline dead letter (written there by someone else) is
   * indexed as it is, class UNKNOWN, rather than stopping the indexer.
   */
  private toRow(m: RawDelivered & { value: string }, tenantOfTopic: (topic: string) => string | null): Parameters<DeadLetterRepository['insert']>[0][number] {
    let d: DeadLetterMessage | null = null;
    try {
      const parsed = parseJsonWithin(m.value, { maxBytes: 4 * 1024 * 1024, maxDepth: 128 }) as DeadLetterMessage;
      if (parsed && typeof parsed === 'object' && parsed.origin && typeof parsed.origin.topic === 'string' && parsed.error && typeof parsed.groupId === 'string') d = parsed;
    } catch {
      d = null;
    }
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
      id: uuidv5([m.topic, m.partition, m.offset, d.groupId, d.origin.partition, d.origin.offset, d.timestamp].join('\n'), DLQ_ID_NAMESPACE),
      dlqTopic: m.topic,
      originTopic: d.origin.topic,
      groupId: d.groupId,
      tenantId: tenantOfTopic(d.origin.topic) ?? headers[EventHeaders.Tenant] ?? null,
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

  async refreshGauge(): Promise<void> {
    const pending = await this.letters.pendingByTopic();
    this.metrics.deadLettersPending.reset();
    let total = 0;
    for (const p of pending) {
      this.metrics.deadLettersPending.set({ topic: p.topic }, p.count);
      total += p.count;
    }
    // Seed 001: alert when the DLQ holds more than 100 messages.
    if (total > this.config.DLQ_WARN_THRESHOLD && !this.warned) {
      this.logger.warn({ pending: total, threshold: this.config.DLQ_WARN_THRESHOLD, by_topic: pending }, `dead-letter queue above threshold: ${total} pending`);
    }
    this.warned = total > this.config.DLQ_WARN_THRESHOLD;
  }

  list(filter: DeadLetterFilter, limit: number, after?: { deadAt: string; id: string }): Promise<DeadLetter[]> {
    return this.letters.list(filter, limit, after);
  }

  async get(tenantId: string | null, id: string): Promise<DeadLetter> {
    const [found] = await this.letters.findByIds(tenantId, [id]);
    if (!found) throw new NotFoundError('dead_letter_not_found', `No dead letter ${id}${tenantId ? ` for tenant "${tenantId}"` : ''}.`);
    return found;
  }

  async replay(tenantId: string | null, who: Principal, req: ReplayRequest): Promise<{ dryRun: boolean; matched: number; replayed: number; items: Pick<DeadLetter, 'id' | 'originTopic' | 'groupId' | 'tenantId' | 'errorClass'>[] }> {
    const selected = await this.select(tenantId, req.ids, req.filter);
    if (req.patch && selected.length !== 1) {
      throw new ValidationFailedError('A patch can only be applied when replaying exactly one dead letter.', [{ pointer: '/patch', detail: 'requires exactly one id' }], 'patch_needs_one_id');
    }
    const tooLarge = selected.filter((d) => d.value === null && d.original);
    if (tooLarge.length > 0) {
      throw new ValidationFailedError(
        `Dead letter(s) ${tooLarge.map((d) => d.id).join(', ')} kept only a reference to the original (it was over the size limit), so there is nothing to replay; discard them.`,
        [{ pointer: '/ids', detail: 'original not kept' }],
        'original_not_kept',
      );
    }
    const replayable = selected.filter((d) => d.status !== 'discarded');
    const items = replayable.map(({ id, originTopic, groupId, tenantId: t, errorClass }) => ({ id, originTopic, groupId, tenantId: t, errorClass }));
    if (req.dryRun) return { dryRun: true, matched: selected.length, replayed: 0, items };

    const redeliveries = replayable.map((d) => ({ originTopic: d.originTopic, groupId: d.groupId, key: d.key, headers: d.headers, value: req.patch ? patched(d, req.patch) : d.value }));
    await this.bus.redeliver(redeliveries);
    await this.letters.markReplayed(replayable.map((d) => d.id), who.keyId);
    await this.audit.record(
      replayable.map((d) => ({ tenantId: d.tenantId, actor: who.keyId, action: 'dlq.replay', target: d.id, detail: { originTopic: d.originTopic, groupId: d.groupId, ...(req.patch ? { patch: req.patch } : {}) } })),
    );
    await this.refreshGauge();
    this.logger.info({ actor: who.keyId, count: replayable.length }, 'dead letters replayed');
    return { dryRun: false, matched: selected.length, replayed: replayable.length, items };
  }

  async discard(tenantId: string | null, who: Principal, ids: string[], reason: string): Promise<{ discarded: number }> {
    const selected = (await this.select(tenantId, ids)).filter((d) => d.status === 'pending');
    await this.letters.markDiscarded(selected.map((d) => d.id), reason, who.keyId);
    await this.audit.record(selected.map((d) => ({ tenantId: d.tenantId, actor: who.keyId, action: 'dlq.discard', target: d.id, detail: { reason } })));
    await this.refreshGauge();
    return { discarded: selected.length };
  }

  private async select(tenantId: string | null, ids?: string[], filter?: ReplayRequest['filter']): Promise<DeadLetter[]> {
    if (ids && ids.length > 0) {
      const found = await this.letters.findByIds(tenantId, ids);
      const missing = ids.filter((id) => !found.some((f) => f.id === id));
      if (missing.length > 0) throw new NotFoundError('dead_letter_not_found', `No dead letter(s) ${missing.join(', ')}${tenantId ? ` for tenant "${tenantId}"` : ''}.`);
      return found;
    }
    if (!filter) throw new ValidationFailedError('Name the dead letters: ids, or a filter.', [{ pointer: '', detail: 'ids or filter is required' }], 'replay_selection_required');
    return this.letters.list({ ...filter, tenantId, status: 'pending' }, MAX_REPLAY);
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

function patched(d: DeadLetter, patch: Operation[]): string {
  let doc: unknown;
  try {
    doc = JSON.parse(d.value ?? 'null');
  } catch {
    throw new ValidationFailedError('This dead letter is not JSON, so it cannot be patched.', [{ pointer: '/patch', detail: 'original value is not JSON' }], 'patch_not_applicable');
  }
  try {
    return JSON.stringify(applyPatch(doc, patch, true, false).newDocument);
  } catch (err) {
    throw new ValidationFailedError(`The patch does not apply: ${(err as Error).message.split('\n')[0]}`, [{ pointer: '/patch', detail: (err as Error).name }], 'invalid_patch');
  }
}
