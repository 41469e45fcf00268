import { Inject, Injectable } from '@nestjs/common';
import { trace } from '@opentelemetry/api';
import { DomainError, NotFoundError, Topics, userPartitionKey } from '@questline/contracts';
import { MESSAGE_BUS, type MessageBus } from '@questline/messaging';
import { LOGGER, METRICS, type Logger, type Metrics } from '@questline/platform';
import { PACK_CATALOG, type PackCatalog } from '@questline/rules';
import { EventNormalizer, SCHEMA_REGISTRY, type SchemaRegistry } from '@questline/schema-registry';
import { INGESTED_EVENT_REPOSITORY, type IngestedEventRepository, type EventStatus } from '../../domain/ingested-event.repository';
import type { AcceptEventCommand } from './accept-event.command';

export interface AcceptEventResult {
  id: string;
  status: EventStatus;
  duplicate: boolean;
}

/**
 * Normalises a product event (its tenant's dialect → canonical envelope, registry validation,
 * upcasting), stores it once per (tenant, idempotency key) and publishes it keyed by tenant:user.
 */
@Injectable()
export class AcceptEventUseCase {
  private readonly normalizer: EventNormalizer;

  constructor(
    @Inject(PACK_CATALOG) private readonly packs: PackCatalog,
    @Inject(SCHEMA_REGISTRY) registry: SchemaRegistry,
    @Inject(INGESTED_EVENT_REPOSITORY) private readonly events: IngestedEventRepository,
    @Inject(MESSAGE_BUS) private readonly bus: MessageBus,
    @Inject(METRICS) private readonly metrics: Metrics,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.normalizer = new EventNormalizer(registry);
  }

  async execute(command: AcceptEventCommand): Promise<AcceptEventResult> {
    const pack = this.packs.get(command.tenantId);
    if (!pack) throw new NotFoundError('unknown_tenant', `Tenant "${command.tenantId}" has no active pack.`);
    let normalized;
    try {
      normalized = this.normalizer.normalize(
        command.event,
        { tenantId: pack.tenant, namespace: pack.schemaNamespace, dialects: pack.ingest.dialects, stripTypePrefixes: pack.ingest.stripTypePrefixes },
        { contentType: command.contentType, transport: command.transport, receivedAt: new Date() },
      );
    } catch (err) {
      if (err instanceof DomainError) this.metrics.eventsRejected.inc({ tenant: command.tenantId, code: err.code });
      throw err;
    }
    const { envelope, notices } = normalized;
    for (const n of notices) {
      this.metrics.deprecatedUsage.inc({ tenant: envelope.tenantId, kind: n.kind, alias: n.alias ?? '' });
      this.logger.warn({ tenant: envelope.tenantId, event_id: envelope.id, type: envelope.type, deprecation: n.kind }, `deprecated: ${n.detail}`);
    }
    const traceId = trace.getActiveSpan()?.spanContext().traceId;
    if (!envelope.traceId && traceId) envelope.traceId = traceId;

    const { stored, created } = await this.events.insertIfAbsent(command.tenantId, envelope);
    // A duplicate of an event not yet processed is published again: if the first attempt failed
    // between the insert and the publish, this is what delivers it. Downstream is idempotent.
    if (created || stored.status === 'queued') {
      await this.bus.publish(Topics.EventAccepted, [
        { key: userPartitionKey(stored.envelope.tenantId, stored.envelope.userId), value: stored.envelope },
      ]);
    }
    this.metrics.eventsAccepted.inc({ tenant: envelope.tenantId, dialect: String(envelope.meta['dialect'] ?? ''), duplicate: String(!created) });
    return { id: stored.envelope.id, status: stored.status, duplicate: !created };
  }
}
