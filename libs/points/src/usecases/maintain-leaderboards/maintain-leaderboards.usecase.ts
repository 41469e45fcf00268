import { Inject, Injectable } from '@nestjs/common';
import { LeaderboardKeys, periodsAt, RANK_STORE, type RankStore } from '@questline/leaderboard';
import { BOARD_STATE_REPOSITORY, type BoardStateRepository } from '../../domain/board-state.repository';
import { calendarOf } from '../../domain/board-targets';
import { LEDGER_REPOSITORY, type LedgerRepository } from '../../domain/ledger.repository';
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
 * too. Reconcile lists every user whose
 * board score differs from the ledger sum. Awards recorded while a rebuild reads the ledger can be
 * missing from the swapped-in board: run reconcile after a rebuild under load (it reports them)
 * and rebuild again if it finds any.
 */
@Injectable()
export class MaintainLeaderboardsUseCase {
  constructor(
    private readonly boards: GetLeaderboardUseCase,
    @Inject(LEDGER_REPOSITORY) private readonly ledger: LedgerRepository,
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
    await this.ranks.setExcluded(LeaderboardKeys.excluded(tenantId), excluded, true);
    const { ref, totals } = await this.expected(tenantId, boardId, window, period, scope);
    const cal = calendarOf(ref.pack, ref.def);
    await this.ranks.replace(
      ref.key,
      totals.map((t) => ({ member: t.userId, score: t.score, tick: periodsAt([ref.window], t.lastAt, cal)[0]?.tick ?? 0 })),
    );
    // After a lost Redis the award guards are gone too: a redelivery of an award the rebuild just
    // counted would count it again. Guards of the entries written in the redelivery window are restored.
    const recent = await this.ledger.recentBoardKeys(tenantId, ref.def.currency, new Date(Date.now() - GUARD_RESTORE_WINDOW_MS));
    await this.ranks.markApplied(recent.map((k) => LeaderboardKeys.guard(tenantId, k)));
    return { board: ref.def.id, window: ref.window, period: ref.period, scope: ref.scopeName, members: totals.length, guardsRestored: recent.length, ms: Date.now() - started };
  }

  async reconcile(tenantId: string, boardId: string, window?: string, period?: string, scope?: string) {
    const { ref, totals } = await this.expected(tenantId, boardId, window, period, scope);
    const onBoard = await this.ranks.scores(ref.key);
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
