import { Inject, Injectable } from '@nestjs/common';
import { RANK_STORE, type RankStore } from '../../domain/rank-store.port';
import { PeriodStandings } from '../finalize-periods/period-standings';
import { BoardLocator, type BoardPeriodCommand } from '../locate-board/board-locator';

export interface Drift {
  userId: string;
  ledger: number;
  /** What the board serves: the Redis score of a live period, the stored standing of a published or locked one. */
  board: number | null;
}

/**
 * Every user whose score on a board period differs from the ledger sum. A live period is compared
 * in Redis (should be none); a published or locked one in its stored standings, which is what it
 * serves — a re-scoring or adjustment after it was published shows here until it is rebuilt.
 */
@Injectable()
export class ReconcileBoardUseCase {
  constructor(
    private readonly locator: BoardLocator,
    private readonly standings: PeriodStandings,
    @Inject(RANK_STORE) private readonly ranks: RankStore,
  ) {}

  async execute(command: BoardPeriodCommand) {
    const { state: finished } = await this.locator.finished(command);
    const { ref, totals } = await this.locator.expected(command);
    const onBoard = finished ? new Map((await this.standings.stored(finished)).map((s) => [s.userId, s.score])) : await this.ranks.scores(ref.set);
    const drift: Drift[] = [];
    for (const t of totals) {
      const board = onBoard.get(t.userId);
      if (board !== t.score && !(board === undefined && t.score === 0)) drift.push({ userId: t.userId, ledger: t.score, board: board ?? null });
      onBoard.delete(t.userId);
    }
    for (const [userId, board] of onBoard) if (board !== 0) drift.push({ userId, ledger: 0, board });
    return {
      board: ref.def.id,
      window: ref.window,
      period: ref.period,
      scope: ref.scopeName,
      /** `redis` for a running or ended period, `standings` for a published or locked one. */
      compared: finished ? ('standings' as const) : ('redis' as const),
      checked: totals.length + onBoard.size,
      drift,
    };
  }
}
