import { Inject, Injectable } from '@nestjs/common';
import { eventHeaders, Topics, userPartitionKey, type EventScoredMessage, type EventStatusMessage } from '@questline/contracts';
import { LeaderboardKeys, RANK_STORE, type GuardedAward, type RankStore } from '@questline/leaderboard';
import { MESSAGE_BUS, type MessageBus } from '@questline/messaging';
import { PACK_CATALOG, type PackCatalog } from '@questline/rules';
import { LEDGER_REPOSITORY, type LedgerRepository, type NewLedgerEntry } from '../../domain/ledger.repository';
import { boardTargets } from '../../domain/board-targets';
import { pointsMessage } from '../../domain/points-message';
import { LeaguesUseCase } from '../leagues/leagues.usecase';

/**
 * Points' consumer use case, for one batch of scored events:
 *  1. one Postgres transaction appends every award (idempotent on its key) and moves balances;
 *  2. leaderboards are updated in Redis, each award at most once (guarded by its key), in one
 *     script call per tenant;
 *  3. outcomes are published for every award of the batch (downstream dedups on the ledger key).
 * The caller commits the Kafka offsets only after this resolves, so a crash anywhere replays the
 * batch and every step above is harmless to repeat.
 */
@Injectable()
export class RecordAwardsUseCase {
  constructor(
    @Inject(LEDGER_REPOSITORY) private readonly ledger: LedgerRepository,
    @Inject(RANK_STORE) private readonly ranks: RankStore,
    @Inject(MESSAGE_BUS) private readonly bus: MessageBus,
    @Inject(PACK_CATALOG) private readonly packs: PackCatalog,
    private readonly leagues: LeaguesUseCase,
  ) {}

  async execute(scored: EventScoredMessage[]): Promise<void> {
    const entries: (NewLedgerEntry & { eventType: string; public: boolean })[] = scored.flatMap((s) =>
      s.awards.map((a) => ({
        tenantId: s.event.tenantId,
        userId: a.userId,
        currency: a.currency,
        amount: a.amount,
        kind: a.kind === 'compensate' ? ('compensate' as const) : a.amount >= 0 ? ('earn' as const) : ('adjust' as const),
        sourceEventId: s.event.id,
        ruleId: a.ruleId,
        ruleVersion: a.ruleVersion,
        idempotencyKey: a.idempotencyKey,
        occurredAt: s.event.occurredAt,
        eventType: s.event.type,
        // Seed 000 gate 1: an event that failed the pack's leaderboard gate counts in the ledger only.
        public: a.public !== false,
        scopes: s.scopes,
      })),
    );
    const { balances } = entries.length > 0 ? await this.ledger.append(entries) : { balances: [] };
    const balanceOf = new Map(balances.map((b) => [`${b.tenantId}|${b.userId}|${b.currency}`, b]));

    // League cohorts first (seating is a Postgres write), then one guarded Lua call per tenant for the
    // whole batch (every key of a call shares the tenant's hash tag).
    const board = entries.filter((e) => e.public).map((e) => ({ ...e, at: Date.parse(e.occurredAt) }));
    const cohorts = await this.leagues.cohortUpdates(board.map((e) => ({ ...e, occurredAt: e.at })));
    const byTenant = new Map<string, GuardedAward[]>();
    for (const e of board) {
      const pack = this.packs.get(e.tenantId);
      if (!pack) continue;
      const updates = [...boardTargets(pack, e.tenantId, { ...e, occurredAt: e.at }), ...(cohorts.get(e.idempotencyKey) ?? [])];
      if (updates.length === 0) continue;
      const list = byTenant.get(e.tenantId) ?? [];
      list.push({ guard: LeaderboardKeys.guard(e.tenantId, e.idempotencyKey), member: e.userId, updates });
      byTenant.set(e.tenantId, list);
    }
    await Promise.all([...byTenant].map(([tenantId, awards]) => this.ranks.applyOnce(awards, LeaderboardKeys.excluded(tenantId))));

    await this.bus.publish(
      Topics.PointsAwarded,
      entries.map((e) => {
        const value = pointsMessage(e, e.eventType, balanceOf.get(`${e.tenantId}|${e.userId}|${e.currency}`));
        return { key: userPartitionKey(e.tenantId, e.userId), value, headers: eventHeaders(e.tenantId, e.sourceEventId) };
      }),
    );

    // The ledger has committed: every event of the batch is processed (with or without awards).
    const at = new Date().toISOString();
    await this.bus.publish(
      Topics.EventStatus,
      scored.filter((s) => !s.rescore).map((s) => {
        const value: EventStatusMessage = {
          tenantId: s.event.tenantId,
          eventId: s.event.id,
          status: 'processed',
          stage: 'points',
          at,
          awards: s.awards.map(({ userId, currency, amount, ruleId, ruleVersion }) => ({ userId, currency, amount, ruleId, ruleVersion })),
        };
        return { key: userPartitionKey(s.event.tenantId, s.event.userId), value };
      }),
    );
  }
}
