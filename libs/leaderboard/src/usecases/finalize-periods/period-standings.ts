import { Inject, Injectable } from '@nestjs/common';
import { Topics, userPartitionKey, type LeaderboardRankMessage } from '@questline/contracts';
import { MESSAGE_BUS, type MessageBus } from '@questline/messaging';
import { PACK_CATALOG, type LeaderboardDef, type PackCatalog } from '@questline/rules';
import { BOARD_LEDGER, type BoardLedgerReader } from '../../domain/board-ledger.reader';
import { BOARD_STATE_REPOSITORY, type BoardStateRepository, type PeriodState, type PeriodStatus } from '../../domain/board-state.repository';
import { calendarOf, parseScope, scopeName } from '../../domain/board-targets';
import { boardRef, RANK_STORE, type BoardScope, type RankStore } from '../../domain/rank-store.port';
import { standingsOf } from '../../domain/standings';
import { periodRange, type BoardWindow } from '../../domain/windows';

const CHUNK = 5_000;

export interface PeriodRef {
  tenantId: string;
  def: LeaderboardDef;
  window: string;
  period: string;
  from: number;
  to: number;
  scope?: BoardScope;
}

/**
 * A finished period's standings: computed from the ledger, stored with their lifecycle status and
 * announced (`questline.leaderboard.rank.v1`) in the transaction that stores them. Shared by the
 * period job and by exclusions (a moderation re-ranks published periods at once): a helper of
 * those use cases, not a use case of its own.
 */
@Injectable()
export class PeriodStandings {
  constructor(
    @Inject(PACK_CATALOG) private readonly packs: PackCatalog,
    @Inject(BOARD_LEDGER) private readonly ledger: BoardLedgerReader,
    @Inject(BOARD_STATE_REPOSITORY) private readonly states: BoardStateRepository,
    @Inject(RANK_STORE) private readonly ranks: RankStore,
    @Inject(MESSAGE_BUS) private readonly bus: MessageBus,
  ) {}

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
  async settle(ref: PeriodRef, status: PeriodStatus, before: PeriodState | null, reason?: string): Promise<boolean> {
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
