import { Inject, Injectable } from '@nestjs/common';
import { trace } from '@opentelemetry/api';
import { DomainError, eventHeaders, NotFoundError, Topics, userPartitionKey, type CanonicalEnvelope } from '@questline/contracts';
import { MESSAGE_BUS, type MessageBus } from '@questline/messaging';
import { LOGGER, METRICS, type Logger, type Metrics } from '@questline/platform';
import { PACK_CATALOG, type PackCatalog } from '@questline/rules';
import { EventNormalizer, SCHEMA_REGISTRY, type SchemaRegistry } from '@questline/schema-registry';
import { INGESTED_EVENT_REPOSITORY, type IngestedEventRepository, type EventStatus, type StoredEvent } from '../../domain/ingested-event.repository';
import { GroupCommit } from './group-commit';

/** A product event as received, in any dialect its tenant accepts, before normalisation. */
export interface IncomingEvent {
  /** The parsed JSON body (HTTP) or message value (Kafka), as sent. */
  event: unknown;
  /** Media type it came with: application/cloudevents+json selects the CloudEvents dialect. */
  contentType?: string;
}

export interface AcceptEventResult {
  id: string;
  status: EventStatus;
  duplicate: boolean;
}

export type AcceptOutcome = ({ ok: true } & AcceptEventResult) | { ok: false; error: DomainError };

/**
 * Normalises product events (their tenant's dialect → canonical envelope, registry validation,
 * upcasting), stores each once per (tenant, idempotency key) and publishes it keyed by
 * tenant:user. Concurrent requests share one INSERT and one Kafka request (group commit); the
 * answer is sent only after both, so an acknowledged event is durable and on its way.
 */
@Injectable()
export class AcceptEventUseCase {
  private readonly normalizer: EventNormalizer;
  private readonly commit: GroupCommit<CanonicalEnvelope, { stored: StoredEvent; created: boolean }>;

  constructor(
    @Inject(PACK_CATALOG) private readonly packs: PackCatalog,
    @Inject(SCHEMA_REGISTRY) registry: SchemaRegistry,
    @Inject(INGESTED_EVENT_REPOSITORY) private readonly events: IngestedEventRepository,
    @Inject(MESSAGE_BUS) private readonly bus: MessageBus,
    @Inject(METRICS) private readonly metrics: Metrics,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.normalizer = new EventNormalizer(registry);
    this.commit = new GroupCommit((envelopes) => this.persistAndPublish(envelopes), {
      maxItems: 1000,
      maxInFlight: 1,
      // A value the database refuses fails only the event that carries it (the normaliser refuses
      // what it knows Postgres would; this catches the rest).
      isolate: (err) => err instanceof DomainError && err.kind === 'validation',
    });
  }

  /** One event; throws its validation error. */
  async acceptOne(tenantId: string, incoming: IncomingEvent, transport: string): Promise<AcceptEventResult> {
    const [outcome] = await this.acceptMany(tenantId, [incoming], transport);
    if (!outcome!.ok) throw outcome!.error;
    return { id: outcome!.id, status: outcome!.status, duplicate: outcome!.duplicate };
  }

  /** Many events: one outcome per input, in order. Invalid items do not affect the others. */
  async acceptMany(tenantId: string, incoming: IncomingEvent[], transport: string): Promise<AcceptOutcome[]> {
    const pack = this.packs.get(tenantId);
    if (!pack) throw new NotFoundError('unknown_tenant', `Tenant "${tenantId}" has no active pack.`);
    const profile = {
      tenantId: pack.tenant,
      namespace: pack.schemaNamespace,
      dialects: pack.ingest.dialects,
      stripTypePrefixes: pack.ingest.stripTypePrefixes,
      maxEventAgeMs: pack.ingest.maxEventAgeDays * 86_400_000,
    };
    const receivedAt = new Date();
    const traceId = trace.getActiveSpan()?.spanContext().traceId;

    const normalized: (CanonicalEnvelope | DomainError)[] = incoming.map((item) => {
      try {
        const { envelope, notices } = this.normalizer.normalize(item.event, profile, { contentType: item.contentType, transport, receivedAt });
        for (const n of notices) {
          this.metrics.deprecatedUsage.inc({ tenant: this.metrics.tenant(tenantId), kind: n.kind, alias: n.alias ?? '' });
          this.logger.warn({ tenant: tenantId, event_id: envelope.id, type: envelope.type, deprecation: n.kind }, `deprecated: ${n.detail}`);
        }
        if (!envelope.traceId && traceId) envelope.traceId = traceId;
        return envelope;
      } catch (err) {
        if (!(err instanceof DomainError)) throw err;
        this.metrics.eventsRejected.inc({ tenant: this.metrics.tenant(tenantId), code: err.code });
        return err;
      }
    });

    const valid = normalized.filter((n): n is CanonicalEnvelope => !(n instanceof DomainError));
    const written = await this.commit.submitMany(valid);
    let w = 0;
    return normalized.map((n) => {
      if (n instanceof DomainError) return { ok: false as const, error: n };
      const { stored, created } = written[w++]!;
      this.metrics.eventsAccepted.inc({ tenant: this.metrics.tenant(tenantId), dialect: String(n.meta['dialect'] ?? ''), duplicate: String(!created) });
      return { ok: true as const, id: stored.envelope.id, status: stored.status, duplicate: !created };
    });
  }

  private async persistAndPublish(envelopes: CanonicalEnvelope[]): Promise<{ stored: StoredEvent; created: boolean }[]> {
    const results = await this.events.insertMany(envelopes);
    // New events, and duplicates of events whose first publish never happened (the request that
    // stored them failed before publishing): publishing again is what delivers those.
    const toPublish = new Map<string, CanonicalEnvelope>();
    for (const { stored, created } of results) if (created || !stored.published) toPublish.set(stored.envelope.id, stored.envelope);
    if (toPublish.size > 0) {
      await this.bus.publish(
        Topics.EventAccepted,
        [...toPublish.values()].map((e) => ({ key: userPartitionKey(e.tenantId, e.userId), value: e, headers: eventHeaders(e.tenantId, e.id) })),
      );
      // Off the response path: if it is lost, a later duplicate publishes again (downstream dedups).
      void this.events.markPublished([...toPublish.keys()]).catch((err: unknown) => this.logger.warn({ err }, 'could not mark events published'));
    }
    return results;
  }
}
