import { Inject, Injectable } from '@nestjs/common';
import { eventHeaders, Topics, userPartitionKey, type CanonicalEnvelope, type EventScoredMessage } from '@questline/contracts';
import { MESSAGE_BUS, type MessageBus, type OutgoingMessage } from '@questline/messaging';
import { LOGGER, type Logger } from '@questline/platform';
import { deletedUsers, PG_POOL, type SqlPool } from '@questline/persistence';
import { LIMIT_HORIZON_MS, PACK_CATALOG, decideBatch, dimensionValues, limitedRecipients, progressKeys, type PackCatalog } from '@questline/rules';
import { DECISION_STORE, type DecisionStore, type StoredDecision } from '../../domain/decision.store';
import { progressMessages } from '../../progress/progress-messages';

/**
 * Applies each tenant's active pack to accepted events and publishes the decisions. Each event is
 * decided once (stored), in the order of the log it was read from (see decideBatch): the same
 * stream gives the same decisions however it is cut into batches or redelivered. Windows, caps
 * and cooldowns use event time.
 */
@Injectable()
export class ScoreEventsUseCase {
  constructor(
    @Inject(PACK_CATALOG) private readonly packs: PackCatalog,
    @Inject(DECISION_STORE) private readonly decisions: DecisionStore,
    @Inject(MESSAGE_BUS) private readonly bus: MessageBus,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(PG_POOL) private readonly pool: SqlPool,
  ) {}

  async execute(events: CanonicalEnvelope[]): Promise<void> {
    // Events of users deleted on request since they were accepted (tombstones): decided with no
    // awards, so a redelivery or a replay links nothing to them again.
    const deleted = await deletedUsers(this.pool, events.map((e) => ({ tenantId: e.tenantId, userId: e.userId })));
    const byTenant = new Map<string, CanonicalEnvelope[]>();
    const decided = new Map<string, StoredDecision>();
    for (const e of events) {
      if (deleted.has(`${e.tenantId}\n${e.userId}`)) decided.set(e.id, { packVersion: 0, awards: [], skipped: [], outcomes: [] });
      else byTenant.set(e.tenantId, [...(byTenant.get(e.tenantId) ?? []), e]);
    }
    for (const [tenantId, list] of byTenant) {
      const pack = this.packs.get(tenantId);
      if (!pack) {
        // Ingest refuses events of tenants without a pack; one can only get here if a pack was removed.
        this.logger.warn({ tenant: tenantId, events: list.length }, 'no active pack for tenant; events scored with no awards');
        for (const e of list) decided.set(e.id, { packVersion: 0, awards: [], skipped: [], outcomes: [] });
        continue;
      }
      const times = list.map((e) => Date.parse(e.occurredAt));
      const result = await this.decisions.decideOnce({
        tenantId,
        events: list,
        limited: list.flatMap((e) => limitedRecipients(pack, e)),
        progress: list.flatMap((e) => progressKeys(pack, e)),
        fromMs: Math.min(...times) - LIMIT_HORIZON_MS,
        toMs: Math.max(...times) + LIMIT_HORIZON_MS,
        decide: (fresh, history, store) => decideBatch(pack, fresh, history, store),
      });
      for (const [id, d] of result) decided.set(id, d);
    }
    const out: OutgoingMessage<typeof Topics.EventScored>[] = events.map((event) => {
      const d = decided.get(event.id)!;
      const value: EventScoredMessage = {
        event: { id: event.id, type: event.type, tenantId: event.tenantId, userId: event.userId, occurredAt: event.occurredAt },
        packVersion: d.packVersion,
        awards: d.awards,
      };
      // Why a matching rule paid nothing or less (a cap, a once-per key): shown on GET /v1/events/{id}.
      if (d.skipped.length > 0) value.skipped = d.skipped;
      const pack = this.packs.get(event.tenantId);
      const scopes = pack && d.awards.length > 0 ? dimensionValues(pack, event) : undefined;
      if (scopes) value.scopes = scopes;
      return { key: userPartitionKey(event.tenantId, event.userId), value, headers: eventHeaders(event.tenantId, event.id) };
    });
    await this.bus.publish(Topics.EventScored, out);
    // Progress outcomes after the awards: a redelivered event republishes both (consumers dedup).
    await this.bus.publish(
      Topics.ProgressUpdated,
      events.flatMap((event) => {
        const d = decided.get(event.id)!;
        const pack = d.outcomes.length > 0 ? this.packs.get(event.tenantId) : undefined;
        return progressMessages(event.tenantId, d.packVersion, d.outcomes, event.id, undefined, event.occurredAt, pack ? dimensionValues(pack, event) : undefined);
      }),
    );
  }
}
