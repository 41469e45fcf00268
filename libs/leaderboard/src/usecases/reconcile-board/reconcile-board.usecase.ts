import { Inject, Injectable } from '@nestjs/common';
import { RANK_STORE, type RankStore } from '../../domain/rank-store.port';
import { BoardLocator, type BoardPeriodCommand } from '../locate-board/board-locator';

export interface Drift {
  userId: string;
  ledger: number;
  board: number | null;
}

/** Every user whose score on a board period differs from the ledger sum (should be none). */
@Injectable()
export class ReconcileBoardUseCase {
  constructor(
    private readonly locator: BoardLocator,
    @Inject(RANK_STORE) private readonly ranks: RankStore,
  ) {}

  async execute(command: BoardPeriodCommand) {
    const { ref, totals } = await this.locator.expected(command);
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
