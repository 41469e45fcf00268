import { Inject, Injectable } from '@nestjs/common';
import { ConsumerGroups, DEFAULT_JSON_LIMITS, EventHeaders, parseJsonWithin, reservedTopic, SHARED_INBOUND_TOPIC, UnauthorizedError, ValidationFailedError } from '@questline/contracts';
import { BusConsumer, MESSAGE_BUS, type MessageBus, type MessageFailure, type RawDelivered, type Subscription } from '@questline/messaging';
import { LOGGER, type Logger } from '@questline/platform';
import { PACK_CATALOG, type PackCatalog } from '@questline/rules';
import { fromKafkaBinary, isKafkaBinaryCloudEvent, CLOUDEVENTS_STRUCTURED } from '../cloudevents/cloudevents-binary';
import { AcceptEventUseCase, type IncomingEvent } from '../usecases/accept-event/accept-event.usecase';

/** Reserved topics a pack claimed that were already said, as `<tenant> <topic>`: said once per process, not on every re-subscription. */
const refusedClaims = new Set<string>();

/**
 * Every Kafka topic ingest reads product events from: the shared one and each tenant's own. A
 * reserved topic (`reservedTopic`: the shared inbound topic, an internal topic, a DLQ or retry
 * topic, Kafka's own) is never a tenant's, whatever its pack says: pack checks refuse such a pack,
 * but one stored before they did (or one that reaches the catalog another way) must not take the
 * shared topic's owner away (every tenant's events would be dead letters owned by it) nor have
 * ingest read Questline's own topics as its inbound.
 */
export function inboundTopics(packs: PackCatalog, log?: Pick<Logger, 'warn'>): Map<string, string | null> {
  const topics = new Map<string, string | null>([[SHARED_INBOUND_TOPIC, null]]);
  for (const tenant of packs.tenants())
    for (const t of packs.get(tenant)!.ingest.kafkaTopics) {
      const reserved = reservedTopic(t);
      if (!reserved) {
        topics.set(t, tenant);
        continue;
      }
      if (log && !refusedClaims.has(`${tenant} ${t}`)) {
        refusedClaims.add(`${tenant} ${t}`);
        log.warn({ tenant, topic: t, reserved }, `tenant "${tenant}" claims the reserved topic "${t}" in its pack's ingest.kafkaTopics: not consumed as its own (upload a pack version without it)`);
      }
    }
  return topics;
}

/** The inbound topics and their owners as one string: it changes when a pack adds, moves or drops a topic. */
export function inboundTopicsKey(packs: PackCatalog): string {
  return [...inboundTopics(packs)].map(([t, owner]) => `${t}=${owner ?? ''}`).sort().join(',');
}

/**
 * Product events over Kafka: the same normalisation, validation, dedup and status as HTTP. A
 * message that cannot be accepted (not JSON, fails its schema, unknown tenant) is reported as a
 * failure and lands in `<topic>.dlq` with its error class; the partition moves on.
 */
@Injectable()
export class InboundEventsConsumer extends BusConsumer {
  constructor(
    @Inject(MESSAGE_BUS) private readonly bus: MessageBus,
    @Inject(PACK_CATALOG) private readonly packs: PackCatalog,
    private readonly acceptEvent: AcceptEventUseCase,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    super();
  }

  /** Tenants' own topics follow their active packs: a pack activated at run time is consumed at once. */
  protected override topicsKey(): string {
    return inboundTopicsKey(this.packs);
  }

  protected async subscribe(): Promise<Subscription> {
    const owners = inboundTopics(this.packs, this.logger);
    // Each tenant's topics are made on their own: one Kafka refuses (a name colliding with an
    // existing topic on '.' versus '_', say) is left out, logged, and the shared topic and every
    // other tenant's go on being consumed.
    const byTenant = new Map<string, string[]>();
    for (const [topic, tenant] of owners) if (tenant) byTenant.set(tenant, [...(byTenant.get(tenant) ?? []), topic]);
    for (const [tenant, topics] of byTenant) {
      try {
        await this.bus.ensureTopics(topics);
      } catch (err) {
        this.logger.error({ err, tenant, topics }, `tenant "${tenant}"'s inbound topics cannot be created: not consumed until its pack changes`);
        for (const t of topics) owners.delete(t);
      }
    }
    return this.bus.subscribeRaw({
      groupId: ConsumerGroups.IngestInbound,
      topics: [...owners.keys()],
      handler: (batch) => this.handle(batch, owners),
    });
  }

  protected override onFollowError(err: unknown): void {
    this.logger.error({ err }, 'inbound topics changed, and subscribing to them failed: retried every second');
  }

  private async handle(batch: RawDelivered[], owners: Map<string, string | null>): Promise<MessageFailure<RawDelivered>[]> {
    const failures: MessageFailure<RawDelivered>[] = [];
    const byTenant = new Map<string, { message: RawDelivered; incoming: IncomingEvent }[]>();
    for (const message of batch) {
      try {
        const tenant = this.tenantOf(message, owners.get(message.topic) ?? null);
        const incoming = decodeEvent(message);
        const list = byTenant.get(tenant) ?? [];
        list.push({ message, incoming });
        byTenant.set(tenant, list);
      } catch (error) {
        failures.push({ message, error });
      }
    }
    for (const [tenant, list] of byTenant) {
      const outcomes = await this.acceptEvent.acceptMany(tenant, list.map((l) => l.incoming), `kafka:${list[0]!.message.topic}`);
      outcomes.forEach((o, i) => {
        if (!o.ok) failures.push({ message: list[i]!.message, error: o.error });
      });
    }
    return failures;
  }

  private tenantOf(message: RawDelivered, owner: string | null): string {
    const named = message.headers[EventHeaders.Tenant];
    if (owner) {
      if (named && named !== owner) throw new UnauthorizedError('tenant_mismatch', `Topic ${message.topic} belongs to tenant "${owner}", but the message names "${named}".`);
      return owner;
    }
    if (!named) throw new UnauthorizedError('tenant_required', `Messages on ${message.topic} must name their tenant in the ${EventHeaders.Tenant} header.`);
    if (!this.packs.get(named)) throw new UnauthorizedError('unknown_tenant', `Tenant "${named}" has no active pack.`);
    return named;
  }
}

function decodeEvent(message: RawDelivered): IncomingEvent {
  if (isKafkaBinaryCloudEvent(message.headers)) return { event: fromKafkaBinary(message.headers, message.value), contentType: CLOUDEVENTS_STRUCTURED };
  if (message.value === null) throw new ValidationFailedError('Empty message (tombstone): there is no event to accept.', [], 'empty_message');
  // The same size and depth limits as an HTTP body, checked before parsing.
  return { event: parseJsonWithin(message.value, DEFAULT_JSON_LIMITS), contentType: message.headers['content-type'] };
}
