import { Inject, Injectable } from '@nestjs/common';
import { trace } from '@opentelemetry/api';
import { v5 as uuidv5 } from 'uuid';
import { NotFoundError, Topics, userPartitionKey, type CanonicalEnvelope } from '@questline/contracts';
import { MESSAGE_BUS, type MessageBus } from '@questline/messaging';
import { PACK_CATALOG, type PackCatalog } from '@questline/rules';
import { SCHEMA_REGISTRY, type SchemaRegistry } from '@questline/schema-registry';
import { INGESTED_EVENT_REPOSITORY, type IngestedEventRepository, type EventStatus } from '../../domain/ingested-event.repository';
import type { AcceptEventCommand } from './accept-event.command';

/** Namespace for deterministic event ids: the same (tenant, idempotency key) always gets the same id. */
const EVENT_ID_NAMESPACE = '6f1c1a8e-3b5e-4d59-9a43-6c1f0e2b7a10';

export interface AcceptEventResult {
  id: string;
  status: EventStatus;
  duplicate: boolean;
}

@Injectable()
export class AcceptEventUseCase {
  constructor(
    @Inject(PACK_CATALOG) private readonly packs: PackCatalog,
    @Inject(SCHEMA_REGISTRY) private readonly schemas: SchemaRegistry,
    @Inject(INGESTED_EVENT_REPOSITORY) private readonly events: IngestedEventRepository,
    @Inject(MESSAGE_BUS) private readonly bus: MessageBus,
  ) {}

  async execute(command: AcceptEventCommand): Promise<AcceptEventResult> {
    const pack = this.packs.get(command.tenantId);
    if (!pack) throw new NotFoundError('unknown_tenant', `Tenant "${command.tenantId}" has no active pack.`);
    const schemaVersion = this.schemas.validate(pack.schemaNamespace, command.type, command.payload, command.schemaVersion);

    const envelope: CanonicalEnvelope = {
      // Deterministic: a retried submission can never become a second event, even across a crash.
      id: uuidv5(`${command.tenantId}\n${command.idempotencyKey}`, EVENT_ID_NAMESPACE),
      type: command.type,
      schemaVersion,
      tenantId: command.tenantId,
      userId: command.userId,
      occurredAt: new Date(command.occurredAt).toISOString(),
      receivedAt: new Date().toISOString(),
      source: command.source ?? 'http',
      idempotencyKey: command.idempotencyKey,
      ...(command.correlationId ? { correlationId: command.correlationId } : {}),
      ...(command.causationId ? { causationId: command.causationId } : {}),
      traceId: trace.getActiveSpan()?.spanContext().traceId,
      payload: command.payload,
      meta: command.meta ?? {},
    };

    const { stored, created } = await this.events.insertIfAbsent(command.tenantId, envelope);
    // A duplicate of an event not yet processed is published again: if the first attempt failed
    // between the insert and the publish, this is what delivers it. Downstream is idempotent.
    if (created || stored.status === 'queued') {
      await this.bus.publish(Topics.EventAccepted, [
        { key: userPartitionKey(stored.envelope.tenantId, stored.envelope.userId), value: stored.envelope },
      ]);
    }
    return { id: stored.envelope.id, status: stored.status, duplicate: !created };
  }
}
