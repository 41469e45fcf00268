import { Inject, Injectable } from '@nestjs/common';
import { ConflictError, ERASED_USER_PREFIX, Topics, userPartitionKey, type LeaderboardRankMessage } from '@questline/contracts';
import { MESSAGE_BUS, type MessageBus } from '@questline/messaging';
import { PACK_CATALOG, type LeaderboardDef, type PackCatalog } from '@questline/rules';
import { BOARD_LEDGER, type BoardLedgerReader } from '../../domain/board-ledger.reader';
import { BOARD_STATE_REPOSITORY, type BoardStateRepository, type PeriodState, type PeriodStatus, type Standing } from '../../domain/board-state.repository';
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

  /** A finished period's stored standings, every member, in order (the served view: what reconcile compares with the ledger). */
  async stored(state: PeriodState): Promise<Standing[]> {
    const out: Standing[] = [];
    for (let offset = 0; ; offset += CHUNK) {
      const page = await this.states.page(state.tenantId, state.boardId, state.scope, state.period, offset, CHUNK);
      out.push(...page);
      if (page.length < CHUNK) return out;
    }
  }

  /**
   * Recomputes a published or locked period from the ledger after its scores changed (a
   * re-scoring's corrections, a support adjustment on an event of that period): when the standings
   * differ from the stored ones, stores them as the next revision in the same status — users whose
   * rank moved hear `rank.reranked`, a locked period's webhooks hear `leaderboard.period.locked`
   * with the new revision — and drops any Redis set late awards wrote for it. Unchanged standings
   * store nothing.
   */
  async revise(ref: PeriodRef, state: PeriodState): Promise<{ changed: boolean; revision: number; members: number }> {
    const totals = await this.ledger.boardTotals(ref.tenantId, ref.def.currency, new Date(ref.from), new Date(ref.to), ref.scope);
    const fresh = standingsOf(totals, ref.def.ties ?? 'competition');
    const held = await this.stored(state);
    // Standings that would empty a period everyone was ranked on, with nothing left in its range,
    // are a calendar that moved (a changed timezone or weekStart reads the period's name as other
    // days), not a correction. Entries still in the range that now sum to 0 (a reversal, a
    // re-scoring) or belong to users taken off boards are a correction: the period empties.
    if (fresh.length === 0 && held.length > 0 && !(await this.ledger.hasEntries(ref.tenantId, ref.def.currency, new Date(ref.from), new Date(ref.to), ref.scope))) {
      throw new ConflictError(
        'period_range_changed',
        `Period ${ref.period} of "${ref.def.id}" would have no one on it when recomputed from the ledger under the active pack (its ${held.length} ranked users have nothing in its range): the board's calendar (timezone, weekStart or seasons) has probably changed since it was ${state.status}. Its standings were left as they are.`,
      );
    }
    const same = fresh.length === held.length && fresh.every((s, i) => s.userId === held[i]!.userId && s.rank === held[i]!.rank && s.score === held[i]!.score);
    let changed = false;
    if (!same) changed = await this.settle(ref, state.status, state, 'revised');
    await this.ranks.drop([boardRef(ref.tenantId, ref.def.id, ref.period, ref.scope)]);
    return { changed, revision: state.revision + (changed ? 1 : 0), members: changed ? fresh.length : held.length };
  }

  /** Computes a period's standings from the ledger, stores them with the new status, announces. False when there was nothing to store. */
  async settle(ref: PeriodRef, status: PeriodStatus, before: PeriodState | null, reason?: string): Promise<boolean> {
    const { tenantId, def, period } = ref;
    const totals = await this.ledger.boardTotals(tenantId, def.currency, new Date(ref.from), new Date(ref.to), ref.scope);
    const standings = standingsOf(totals, def.ties ?? 'competition');
    if (standings.length === 0 && !before) return false;
    const scope = scopeName(ref.scope);
    const saved = await this.states.save({ tenantId, boardId: def.id, scope, period, window: ref.window, status, members: standings.length }, standings, before?.revision ?? 0, async (revision, previous, previousScores) => {
      const at = new Date().toISOString();
      const base = { tenantId, board: def.id, window: ref.window, scope, period, revision, members: standings.length, at };
      const perUser: LeaderboardRankMessage[] = [];
      // Users heard of a published or locked period's standings: a new revision tells them what moved.
      const wasPublished = before?.status === 'published' || before?.status === 'locked';
      for (const s of standings) {
        const prior = previous.get(s.userId) ?? null;
        const priorScore = previousScores.get(s.userId);
        // After publishing, a user hears when their rank or their score moved (a re-scoring can
        // change a champion's score without changing who is first).
        const kind = status === 'computed' ? null : !wasPublished ? 'rank.published' : prior !== s.rank || priorScore !== s.score ? 'rank.reranked' : null;
        if (kind) perUser.push({ ...base, kind, userId: s.userId, rank: s.rank, score: s.score, previousRank: prior, ...(priorScore !== undefined && priorScore !== s.score ? { previousScore: priorScore } : {}), reason, dedupKey: `${kind}:${def.id}:${scope}:${period}:${s.userId}:r${revision}` });
      }
      if (wasPublished) {
        const kept = new Set(standings.map((s) => s.userId));
        for (const [userId, rank] of previous) {
          // An erased user's pseudonym hears nothing: there is no one to tell.
          if (!kept.has(userId) && !userId.startsWith(ERASED_USER_PREFIX)) perUser.push({ ...base, kind: 'rank.removed', userId, previousRank: rank, reason, dedupKey: `rank.removed:${def.id}:${scope}:${period}:${userId}:r${revision}` });
        }
      }
      for (let i = 0; i < perUser.length; i += CHUNK) {
        await this.bus.publish(Topics.LeaderboardRank, perUser.slice(i, i + CHUNK).map((m) => ({ key: userPartitionKey(tenantId, m.userId!), value: m })));
      }
      if (status !== 'published') {
        const kind = status === 'computed' ? 'rank.computed' : 'rank.locked';
        await this.bus.publish(Topics.LeaderboardRank, [{ key: `${tenantId}:${def.id}`, value: { ...base, kind, ...(reason ? { reason } : {}), dedupKey: `${kind}:${def.id}:${scope}:${period}:r${revision}` } }]);
      }
    });
    if (!saved) return false;
    // A locked period is served from its standings: its Redis board is no longer needed.
    if (status === 'locked') await this.ranks.drop([boardRef(tenantId, def.id, period, ref.scope)]);
    return true;
  }
}
