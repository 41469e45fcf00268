import { Inject, Injectable } from '@nestjs/common';
import { periodsAt, RANK_STORE, type RankStore } from '@questline/leaderboard';
import { LEDGER_REPOSITORY, type LedgerRepository } from '../../domain/ledger.repository';
import { GetLeaderboardUseCase } from '../get-leaderboard/get-leaderboard.usecase';

export interface Drift {
  userId: string;
  ledger: number;
  board: number | null;
}

/**
 * Redis is a view; the ledger is the truth. Rebuild recomputes a board period from the ledger
 * (public earn/adjust/compensate entries of its currency, event time in the period) and swaps it
 * in atomically; reconcile lists every user whose board score differs from the ledger sum.
 * Awards recorded while a rebuild reads the ledger can be missing from the swapped-in board: run
 * reconcile after a rebuild under load (it reports them) and rebuild again if it finds any.
 */
@Injectable()
export class MaintainLeaderboardsUseCase {
  constructor(
    private readonly boards: GetLeaderboardUseCase,
    @Inject(LEDGER_REPOSITORY) private readonly ledger: LedgerRepository,
    @Inject(RANK_STORE) private readonly ranks: RankStore,
  ) {}

  private async expected(tenantId: string, boardId: string, window?: string, period?: string) {
    const ref = this.boards.resolve(tenantId, boardId, window, period);
    const totals = await this.ledger.boardTotals(tenantId, ref.def.currency, new Date(ref.range.from), new Date(ref.range.to));
    return { ref, totals };
  }

  async rebuild(tenantId: string, boardId: string, window?: string, period?: string) {
    const started = Date.now();
    const { ref, totals } = await this.expected(tenantId, boardId, window, period);
    const zone = ref.pack.timezone || 'UTC';
    await this.ranks.replace(
      ref.key,
      totals.map((t) => ({ member: t.userId, score: t.score, tick: periodsAt([ref.window], t.lastAt, zone, ref.pack.weekStart)[0]!.tick })),
    );
    return { board: ref.def.id, window: ref.window, period: ref.period, members: totals.length, ms: Date.now() - started };
  }

  async reconcile(tenantId: string, boardId: string, window?: string, period?: string) {
    const { ref, totals } = await this.expected(tenantId, boardId, window, period);
    const onBoard = await this.ranks.scores(ref.key);
    const drift: Drift[] = [];
    for (const t of totals) {
      const board = onBoard.get(t.userId);
      if (board !== t.score && !(board === undefined && t.score === 0)) drift.push({ userId: t.userId, ledger: t.score, board: board ?? null });
      onBoard.delete(t.userId);
    }
    for (const [userId, board] of onBoard) if (board !== 0) drift.push({ userId, ledger: 0, board });
    return { board: ref.def.id, window: ref.window, period: ref.period, checked: totals.length + onBoard.size, drift };
  }
}
