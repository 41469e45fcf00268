import { Inject, Injectable } from '@nestjs/common';
import { eventHeaders, Topics, userPartitionKey, type CanonicalEnvelope, type EventScoredMessage } from '@questline/contracts';
import { MESSAGE_BUS, type MessageBus, type OutgoingMessage } from '@questline/messaging';
import { LOGGER, type Logger } from '@questline/platform';
import { PACK_CATALOG, decide, type PackCatalog } from '@questline/rules';

/** Applies each tenant's active pack to accepted events and publishes the decisions. */
@Injectable()
export class ScoreEventsUseCase {
  constructor(
    @Inject(PACK_CATALOG) private readonly packs: PackCatalog,
    @Inject(MESSAGE_BUS) private readonly bus: MessageBus,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async execute(events: CanonicalEnvelope[]): Promise<void> {
    const out: OutgoingMessage<typeof Topics.EventScored>[] = [];
    for (const event of events) {
      const pack = this.packs.get(event.tenantId);
      if (!pack) {
        // Ingest refuses events of tenants without a pack; one can only get here if a pack was removed.
        this.logger.warn({ tenant: event.tenantId, event_id: event.id }, 'no active pack for tenant; event scored with no awards');
      }
      const decision = pack ? decide(pack, event) : { awards: [], skipped: [] };
      const value: EventScoredMessage = {
        event: { id: event.id, type: event.type, tenantId: event.tenantId, userId: event.userId, occurredAt: event.occurredAt },
        packVersion: pack?.version ?? 0,
        awards: decision.awards,
      };
      out.push({ key: userPartitionKey(event.tenantId, event.userId), value, headers: eventHeaders(event.tenantId, event.id) });
    }
    await this.bus.publish(Topics.EventScored, out);
  }
}
