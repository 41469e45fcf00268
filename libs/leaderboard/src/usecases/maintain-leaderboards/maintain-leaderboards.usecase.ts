import { Inject, Injectable } from '@nestjs/common';
import { RANK_STORE, type RankStore } from '../../domain/rank-store.port';
import { periodsAt } from '../../domain/windows';
import { BOARD_STATE_REPOSITORY, type BoardStateRepository } from '../../domain/board-state.repository';
import { calendarOf } from '../../domain/board-targets';
import { BOARD_LEDGER, type BoardLedgerReader } from '../../domain/board-ledger.reader';
import { GetLeaderboardUseCase } from '../get-leaderboard/get-leaderboard.usecase';

/** How far back a redelivery can reach (a consumer crash or rebalance replays minutes, not hours). */
const GUARD_RESTORE_WINDOW_MS = 3_600_000;

export interface Drift {
  userId: string;
  ledger: number;
  board: number | null;
}

/**
 * Redis is a view; the ledger is the truth. Rebuild recomputes a board period and scope from the
 * ledger (public earn/adjust/compensate entries of its currency, event time in the period, the
 * scope's dimension value, excluded users left out) and swaps it in atomically; it also restores the
 * tenant's exclusion set and the guards of the last hour's awards, so a flushed Redis gets them back
 * too. Reconcile lists every user whose board score differs from the ledger sum. Awards recorded
 * while a rebuild runs are caught by its repair passes once the board settles; under continuous
 * load, run reconcile afterwards (it reports any left) and rebuild again if it finds some.
 */
@Injectable()
export class MaintainLeaderboardsUseCase {
  constructor(
    private readonly boards: GetLeaderboardUseCase,
    @Inject(BOARD_LEDGER) private readonly ledger: BoardLedgerReader,
    @Inject(BOARD_STATE_REPOSITORY) private readonly states: BoardStateRepository,
    @Inject(RANK_STORE) private readonly ranks: RankStore,
  ) {}

  private async expected(tenantId: string, boardId: string, window?: string, period?: string, scope?: string) {
    const ref = this.boards.locate(tenantId, boardId, window, period, scope);
    const totals = await this.ledger.boardTotals(tenantId, ref.def.currency, new Date(ref.range.from), new Date(ref.range.to), ref.scope);
    return { ref, totals };
  }

  async rebuild(tenantId: string, boardId: string, window?: string, period?: string, scope?: string) {
    const started = Date.now();
    const excluded = (await this.states.exclusions(tenantId)).map((e) => e.userId);
    await this.ranks.setExcluded(tenantId, excluded, true);
    const first = await this.expected(tenantId, boardId, window, period, scope);
    // Guards first: after a lost Redis the award guards are gone too, and a redelivery (or a live
    // call still in flight) of an award the new board counts would count it again. Restoring them
    // before the totals are read means every award in those totals is already guarded.
    const recent = await this.ledger.recentBoardKeys(tenantId, first.ref.def.currency, new Date(Date.now() - GUARD_RESTORE_WINDOW_MS));
    await this.ranks.markApplied(tenantId, recent);
    const { ref, totals } = await this.expected(tenantId, boardId, window, period, scope);
    const cal = calendarOf(ref.pack, ref.def);
    const tickOf = (lastAt: number) => periodsAt([ref.window], lastAt, cal)[0]?.tick ?? 0;
    await this.ranks.replace(ref.set, totals.map((t) => ({ member: t.userId, score: t.score, tick: tickOf(t.lastAt) })));
    // Awards committed while the totals were read and the board swapped can be missing (or, applied
    // live just before the swap, counted twice): compare with the ledger again and set those members
    // from it, a few passes while the board settles.
    let repaired = 0;
    for (let pass = 0; pass < 3; pass++) {
      const { totals: now } = await this.expected(tenantId, boardId, window, period, scope);
      const onBoard = await this.ranks.scores(ref.set);
      const drifting = now.filter((t) => (onBoard.get(t.userId) ?? 0) !== t.score);
      if (drifting.length === 0) break;
      for (const t of drifting) await this.ranks.setMember(ref.set, t.userId, { score: t.score, tick: tickOf(t.lastAt) });
      repaired += drifting.length;
      await new Promise((r) => setTimeout(r, 200));
    }
    return { board: ref.def.id, window: ref.window, period: ref.period, scope: ref.scopeName, members: totals.length, guardsRestored: recent.length, repaired, ms: Date.now() - started };
  }

  async reconcile(tenantId: string, boardId: string, window?: string, period?: string, scope?: string) {
    const { ref, totals } = await this.expected(tenantId, boardId, window, period, scope);
    const onBoard = await this.ranks.scores(ref.set);
    const drift: Drift[] = [];
    for (const t of totals) {
      const board = onBoard.get(t.userId);
      if (board !== t.score && !(board === undefined && t.score === 0)) drift.push({ userId: t.userId, ledger: t.score, board: board ?? null });
      onBoard.delete(t.userId);
    }
    for (const [userId, board] of onBoard) if (board !== 0) drift.push({ userId, ledger: 0, board });
    return { board: ref.def.id, window: ref.window, period: ref.period, scope: ref.scopeName, checked: totals.length + onBoard.size, drift };
  }
}
