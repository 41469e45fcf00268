import { Inject, Injectable } from '@nestjs/common';
import { BOARD_UPDATES, eventHeaders, REVERSAL_RULE, Topics, userPartitionKey, type BoardUpdates, type EventScoredMessage, type EventStatusMessage } from '@questline/contracts';
import { MESSAGE_BUS, type MessageBus } from '@questline/messaging';
import { deletedUsers, PG_POOL, type SqlPool } from '@questline/persistence';
import { PACK_CATALOG, type PackCatalog } from '@questline/rules';
import { LEDGER_REPOSITORY, type BalanceView, type LedgerRepository, type NewLedgerEntry } from '../../domain/ledger.repository';
import { pointsMessage } from '../../domain/points-message';
import { AchievementGrants } from '../rewards/achievement-grants';

/**
 * Points' consumer use case, for one batch of scored events:
 *  1. one Postgres transaction appends every award (idempotent on its key) and moves balances;
 *  2. the awards that count on leaderboards are handed to the leaderboard context (BOARD_UPDATES),
 *     which moves each at most once (guarded by its key);
 *  3. outcomes are published for every award of the batch (downstream dedups on the ledger key);
 *  4. items given or taken back with achievements are granted or failed (idempotent on their grant keys).
 * The caller commits the Kafka offsets only after this resolves, so a crash anywhere replays the
 * batch and every step above is harmless to repeat.
 */
@Injectable()
export class RecordAwardsUseCase {
  constructor(
    @Inject(LEDGER_REPOSITORY) private readonly ledger: LedgerRepository,
    @Inject(BOARD_UPDATES) private readonly boards: BoardUpdates,
    @Inject(MESSAGE_BUS) private readonly bus: MessageBus,
    private readonly grants: AchievementGrants,
    @Inject(PG_POOL) private readonly pool: SqlPool,
    @Inject(PACK_CATALOG) private readonly packs: PackCatalog,
  ) {}

  /** The floor of each of the tenant's currencies that has one. */
  private floors(tenantId: string): Map<string, number> {
    const floors = new Map<string, number>();
    for (const c of this.packs.get(tenantId)?.currencies ?? []) if (c.floor !== undefined) floors.set(c.id, c.floor);
    return floors;
  }

  async execute(input: EventScoredMessage[]): Promise<void> {
    // Awards to users deleted on request (tombstones) are dropped: whatever was in flight when they
    // were deleted, or is redelivered or re-scored later, credits no one.
    const deleted = await deletedUsers(this.pool, input.flatMap((s) => [s.event, ...s.awards].map((a) => ({ tenantId: s.event.tenantId, userId: a.userId }))));
    const gone = (tenantId: string, userId: string) => deleted.has(`${tenantId}\n${userId}`);
    const scored =
      deleted.size === 0
        ? input
        : input.filter((s) => !(s.reward && gone(s.event.tenantId, s.event.userId))).map((s) => ({ ...s, awards: s.awards.filter((a) => !gone(s.event.tenantId, a.userId)) }));
    const floors = new Map<string, Map<string, number>>();
    /** `{ floor }` for a currency that has one (read once per tenant and batch), else nothing. */
    const floorOf = (tenantId: string, currency: string): { floor?: number } => {
      if (!floors.has(tenantId)) floors.set(tenantId, this.floors(tenantId));
      const floor = floors.get(tenantId)!.get(currency);
      return floor === undefined ? {} : { floor };
    };
    const asked: (NewLedgerEntry & { eventType: string; public: boolean; rescore?: EventScoredMessage['rescore'] })[] = scored.flatMap((s) =>
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
        // A correction's share of its run's net gain; never more than a credit's own amount.
        ...(a.lifetime !== undefined ? { lifetimeCredit: Math.min(a.lifetime, Math.max(a.amount, 0)) } : {}),
        // Which run wrote a correction (and a reversal's reason): its notification says so and groups by it.
        ...(s.rescore ? { rescore: s.rescore } : {}),
        // A correction's change in the rules' ask, where the floor held an earlier debit of its event back.
        ...(a.requested !== undefined ? { requested: a.requested } : {}),
        // A currency with a floor: its debits (penalties, corrections, clawbacks) go down to it and no
        // further; its credits go the same way through the ledger (see LedgerRepository.append). A
        // reversal is exact: its event counts as never having happened, whatever order a run's
        // reversals arrive in.
        ...floorOf(s.event.tenantId, a.currency),
        ...(a.ruleId === REVERSAL_RULE ? { exact: true } : {}),
      })),
    );
    const { balances, inserted, amounts } = asked.length > 0 ? await this.ledger.append(asked) : { balances: [], inserted: 0, amounts: [] };
    // From here on each entry is what the ledger booked (a floor may have held a debit back).
    const held = amounts.some((x, i) => x !== asked[i]!.amount);
    const entries = held ? asked.map((e, i) => (amounts[i] === e.amount ? e : { ...e, amount: amounts[i]! })) : asked;
    const booked = held ? new Map(entries.map((e) => [`${e.tenantId}\u0000${e.idempotencyKey}`, e.amount])) : undefined;
    const bookedAmount = (tenantId: string, a: { idempotencyKey: string; amount: number }) => booked?.get(`${tenantId}\u0000${a.idempotencyKey}`) ?? a.amount;
    const after = balancesAfterEach(entries, balances, inserted);

    // Seed 000 gate 1: only public entries count on leaderboards.
    await this.boards.apply(entries.filter((e) => e.public).map(({ tenantId, userId, currency, amount, idempotencyKey, occurredAt, scopes }) => ({ tenantId, userId, currency, amount, idempotencyKey, occurredAt, ...(scopes ? { scopes } : {}) })));

    await this.bus.publish(
      Topics.PointsAwarded,
      entries.map((e, i) => {
        const value = pointsMessage(e, e.eventType, after[i], e.rescore);
        return { key: userPartitionKey(e.tenantId, e.userId), value, headers: eventHeaders(e.tenantId, e.sourceEventId) };
      }),
    );

    // Items given (or taken back) with achievements: after the ledger, idempotent on their grant keys.
    await this.grants.apply(
      scored.flatMap((s) =>
        s.reward?.item && s.reward.grantKey ? [{ tenantId: s.event.tenantId, userId: s.event.userId, item: s.reward.item, grantKey: s.reward.grantKey, clawback: s.reward.clawback === true }] : [],
      ),
    );

    // The ledger has committed: every event of the batch is processed (with or without awards).
    const at = new Date().toISOString();
    await this.bus.publish(Topics.EventStatus, [
      // Achievement rewards are for events already reported processed; a re-scoring's corrections
      // are added to the event's outcomes (stage `rescore`), beside what live scoring paid.
      ...scored
        .filter((s) => s.rescore && s.awards.length > 0)
        .map((s) => {
          const value: EventStatusMessage = {
            tenantId: s.event.tenantId,
            eventId: s.event.id,
            status: 'processed',
            stage: 'rescore',
            at,
            corrections: s.awards.map((a) => ({
              key: a.idempotencyKey,
              userId: a.userId,
              currency: a.currency,
              amount: bookedAmount(s.event.tenantId, a),
              ruleId: a.ruleId,
              packVersion: s.packVersion,
              runId: s.rescore!.runId,
              ...(s.rescore!.reason ? { reason: s.rescore!.reason } : {}),
              at,
            })),
          };
          return { key: userPartitionKey(s.event.tenantId, s.event.userId), value };
        }),
      ...scored.filter((s) => !s.rescore && !s.reward).map((s) => {
        const value: EventStatusMessage = {
          tenantId: s.event.tenantId,
          eventId: s.event.id,
          status: 'processed',
          stage: 'points',
          at,
          awards: s.awards.map((a) => ({ userId: a.userId, currency: a.currency, amount: bookedAmount(s.event.tenantId, a), ruleId: a.ruleId, ruleVersion: a.ruleVersion })),
        };
        if (s.skipped && s.skipped.length > 0) value.skipped = s.skipped;
        return { key: userPartitionKey(s.event.tenantId, s.event.userId), value };
      }),
    ]);
  }
}

/**
 * The balance each entry left, in batch order: the statement returns the balances after the whole
 * batch, so the ones before are the final balance minus what later entries of the same (user,
 * currency) added — as the statement sums them (lifetime counts credits; net counts earn, adjust
 * and compensate). Each outcome then carries its own balance, and a badge or level is credited to
 * the event that crossed its threshold, not to the batch's first. When some entries were already
 * in the ledger (a redelivery), which ones is not known: every entry carries the final balance,
 * as before.
 */
export function balancesAfterEach(entries: NewLedgerEntry[], finals: BalanceView[], inserted: number): (BalanceView | undefined)[] {
  const key = (x: { tenantId: string; userId: string; currency: string }) => `${x.tenantId}|${x.userId}|${x.currency}`;
  // Copies as literals, not spreads: a spread per entry was most of this function's time in the
  // points service's profile.
  const copy = (b: BalanceView): BalanceView => ({ tenantId: b.tenantId, userId: b.userId, currency: b.currency, lifetime: b.lifetime, spendable: b.spendable, net: b.net });
  const running = new Map(finals.map((b) => [key(b), copy(b)]));
  if (inserted !== entries.length) return entries.map((e) => running.get(key(e)));
  const out: (BalanceView | undefined)[] = new Array(entries.length);
  for (let i = entries.length - 1; i >= 0; i--) {
    const e = entries[i]!;
    const b = running.get(key(e));
    if (!b) continue;
    out[i] = copy(b);
    b.lifetime -= e.lifetimeCredit ?? Math.max(e.amount, 0);
    b.spendable -= e.amount;
    if (e.kind === 'earn' || e.kind === 'adjust' || e.kind === 'compensate') b.net -= e.amount;
  }
  return out;
}
