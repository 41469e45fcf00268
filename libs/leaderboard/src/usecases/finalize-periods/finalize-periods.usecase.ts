import { Inject, Injectable } from '@nestjs/common';
import { Topics, userPartitionKey, type LeaderboardRankMessage } from '@questline/contracts';
import { boardRef, RANK_STORE, type RankStore } from '../../domain/rank-store.port';
import { endedPeriods, periodRange, type BoardWindow } from '../../domain/windows';
import { MESSAGE_BUS, type MessageBus } from '@questline/messaging';
import { APP_CONFIG, LOGGER, Scheduled, type AppConfig, type Logger } from '@questline/platform';
import { PACK_CATALOG, type LeaderboardDef, type PackCatalog } from '@questline/rules';
import { BOARD_STATE_REPOSITORY, type BoardStateRepository, type PeriodState, type PeriodStatus } from '../../domain/board-state.repository';
import { calendarOf, lifecycleOf, parseScope, scopeName } from '../../domain/board-targets';
import { BOARD_LEDGER, type BoardLedgerReader } from '../../domain/board-ledger.reader';
import type { BoardScope } from '../../domain/rank-store.port';
import { standingsOf } from '../../domain/standings';

const DAY = 86_400_000;
const LOOKBACK: Record<BoardWindow, number> = { 'all-time': 0, daily: 14, weekly: 6, monthly: 3, season: 3 };
const CHUNK = 5_000;

interface PeriodRef {
  tenantId: string;
  def: LeaderboardDef;
  window: string;
  period: string;
  from: number;
  to: number;
  scope?: BoardScope;
}

/**
 * Seed 000's leaderboard lifecycle, for every period that has ended (the all-time window never ends):
 *  - computed at once: the standings are computed from the ledger (public entries only, excluded
 *    users left out) and stored in Postgres; `rank.computed`;
 *  - published `publishAfterMinutes` after the end: recomputed (late events and re-scoring
 *    corrections count) and announced to every ranked user (`rank.published`). Only events that
 *    passed the pack's leaderboard gate are in the ledger's public entries, so publishing respects
 *    gate 1 by construction;
 *  - locked `lockAfterHours` after the end: recomputed a last time (ranks that moved since
 *    publication are announced as `rank.reranked`), frozen, served from Postgres; `rank.locked`, and
 *    the period's Redis board is dropped.
 * Each step announces inside the transaction that writes its state and standings, before the
 * commit: a failure saves nothing and the next pass repeats the step with the same revision
 * (consumers dedup on the messages' keys). A moderation re-ranks published periods at once.
 */
@Injectable()
export class FinalizePeriodsUseCase extends Scheduled {
  constructor(
    @Inject(PACK_CATALOG) private readonly packs: PackCatalog,
    @Inject(BOARD_LEDGER) private readonly ledger: BoardLedgerReader,
    @Inject(BOARD_STATE_REPOSITORY) private readonly states: BoardStateRepository,
    @Inject(RANK_STORE) private readonly ranks: RankStore,
    @Inject(MESSAGE_BUS) private readonly bus: MessageBus,
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(LOGGER) logger: Logger,
  ) {
    super();
    this.schedule('leaderboard periods', config.LEADERBOARD_PERIOD_INTERVAL_MS, () => this.execute(), logger);
  }

  /** One pass at `now` (every tenant, or `only` one): how many periods moved to each state. */
  async execute(now = Date.now(), only?: string): Promise<Record<PeriodStatus, number>> {
    const moved: Record<PeriodStatus, number> = { computed: 0, published: 0, locked: 0 };
    for (const tenantId of only ? [only] : this.packs.tenants()) {
      const pack = this.packs.get(tenantId);
      if (!pack) continue;
      for (const def of pack.leaderboards) {
        const { publishAfterMs, lockAfterMs } = lifecycleOf(def);
        for (const window of def.windows ?? ['all-time']) {
          const periods = endedPeriods(window, now, calendarOf(pack, def), LOOKBACK[window]).filter((p) => p.to > now - lockAfterMs - 7 * DAY);
          if (periods.length === 0) continue;
          const known = await this.states.states(tenantId, def.id, periods.map((p) => p.period));
          for (const p of periods) {
            const stateOf = (scope: string) => known.find((s) => s.period === p.period && s.scope === scope);
            const target: PeriodStatus = now >= p.to + lockAfterMs ? 'locked' : now >= p.to + publishAfterMs ? 'published' : 'computed';
            // The global board is stepped last: once it is at the target, every scope of the period is too.
            const global = stateOf(scopeName());
            if (global?.status === 'locked' || global?.status === target) continue;
            const scopes = new Set(known.filter((s) => s.period === p.period).map((s) => s.scope));
            for (const s of await this.ledger.scopeValues(tenantId, def.currency, new Date(p.from), new Date(p.to), def.scopes ?? [])) scopes.add(scopeName(s));
            scopes.delete(scopeName());
            for (const scope of [...scopes, scopeName()]) {
              const state = stateOf(scope);
              if (state?.status === 'locked' || state?.status === target) continue;
              if (await this.settle({ tenantId, def, window, ...p, scope: parseScope(scope) }, target, state ?? null)) moved[target]++;
            }
          }
        }
      }
    }
    return moved;
  }

  /**
   * Recomputes the standings of every published (not yet locked) period of the tenant, after a
   * moderation: users whose rank moved hear `rank.reranked`, a user taken off hears `rank.removed`.
   */
  async rerank(tenantId: string, reason: string): Promise<number> {
    const pack = this.packs.get(tenantId);
    let n = 0;
    for (const state of await this.states.published(tenantId)) {
      const def = pack?.leaderboards.find((b) => b.id === state.boardId);
      const window = state.window as BoardWindow;
      const range = def ? periodRange(window, state.period, calendarOf(pack!, def)) : null;
      if (!def || !range) continue;
      await this.settle({ tenantId, def, window, period: state.period, from: range.from, to: range.to, scope: parseScope(state.scope) }, 'published', state, reason);
      n++;
    }
    return n;
  }

  /** Computes a period's standings from the ledger, stores them with the new status, announces. False when there was nothing to store. */
  private async settle(ref: PeriodRef, status: PeriodStatus, before: PeriodState | null, reason?: string): Promise<boolean> {
    const { tenantId, def, period } = ref;
    const totals = await this.ledger.boardTotals(tenantId, def.currency, new Date(ref.from), new Date(ref.to), ref.scope);
    const standings = standingsOf(totals, def.ties ?? 'competition');
    if (standings.length === 0 && !before) return false;
    const scope = scopeName(ref.scope);
    const saved = await this.states.save({ tenantId, boardId: def.id, scope, period, window: ref.window, status, members: standings.length }, standings, before?.revision ?? 0, async (revision, previous) => {
      const at = new Date().toISOString();
      const base = { tenantId, board: def.id, window: ref.window, scope, period, revision, members: standings.length, at };
      const perUser: LeaderboardRankMessage[] = [];
      const wasPublished = before?.status === 'published';
      for (const s of standings) {
        const prior = previous.get(s.userId) ?? null;
        const kind = status === 'computed' ? null : !wasPublished ? 'rank.published' : prior !== s.rank ? 'rank.reranked' : null;
        if (kind) perUser.push({ ...base, kind, userId: s.userId, rank: s.rank, score: s.score, previousRank: prior, reason, dedupKey: `${kind}:${def.id}:${scope}:${period}:${s.userId}:r${revision}` });
      }
      if (wasPublished) {
        const kept = new Set(standings.map((s) => s.userId));
        for (const [userId, rank] of previous) {
          if (!kept.has(userId)) perUser.push({ ...base, kind: 'rank.removed', userId, previousRank: rank, reason, dedupKey: `rank.removed:${def.id}:${scope}:${period}:${userId}:r${revision}` });
        }
      }
      for (let i = 0; i < perUser.length; i += CHUNK) {
        await this.bus.publish(Topics.LeaderboardRank, perUser.slice(i, i + CHUNK).map((m) => ({ key: userPartitionKey(tenantId, m.userId!), value: m })));
      }
      if (status !== 'published') {
        const kind = status === 'computed' ? 'rank.computed' : 'rank.locked';
        await this.bus.publish(Topics.LeaderboardRank, [{ key: `${tenantId}:${def.id}`, value: { ...base, kind, dedupKey: `${kind}:${def.id}:${scope}:${period}:r${revision}` } }]);
      }
    });
    if (!saved) return false;
    // A locked period is served from its standings: its Redis board is no longer needed.
    if (status === 'locked') await this.ranks.drop([boardRef(tenantId, def.id, period, ref.scope)]);
    return true;
  }
}
