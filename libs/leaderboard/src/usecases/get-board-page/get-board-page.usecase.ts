import { Inject, Injectable } from '@nestjs/common';
import { decodeCursor, encodeCursor } from '@questline/platform';
import { BOARD_STATE_REPOSITORY, type BoardStateRepository, type Standing } from '../../domain/board-state.repository';
import { RANK_STORE, type RankedMember, type RankStore } from '../../domain/rank-store.port';
import type { BoardWindow } from '../../domain/windows';
import { BoardLocator, type BoardStatus, type LocatedBoard } from '../locate-board/board-locator';
import type { GetBoardPageCommand } from './get-board-page.command';

export interface LeaderboardPage {
  board: string;
  name: string;
  currency: string;
  window: BoardWindow;
  period: string;
  scope: string;
  status: BoardStatus;
  revision: number | null;
  ties: 'competition' | 'dense';
  total: number;
  entries: { rank: number; userId: string; score: number }[];
  nextCursor: string | null;
}

export const fromStanding = (s: Standing): RankedMember => ({ member: s.userId, score: s.score, rank: s.rank });

/**
 * Top N of a board period, a page at a time. A running period is read from the rank store; a
 * published or locked one from the standings computed from the ledger (what was announced).
 */
@Injectable()
export class GetBoardPageUseCase {
  constructor(
    private readonly locator: BoardLocator,
    @Inject(RANK_STORE) private readonly ranks: RankStore,
    @Inject(BOARD_STATE_REPOSITORY) private readonly states: BoardStateRepository,
  ) {}

  async execute(q: GetBoardPageCommand): Promise<{ ref: LocatedBoard; page: LeaderboardPage }> {
    const { tenantId } = q;
    const ref = await this.locator.resolve(tenantId, q.boardId, q.window, q.period, q.scope);
    const offset = Number(decodeCursor('o', q.cursor) ?? 0n);
    const ties = ref.def.ties ?? 'competition';
    const [rows, total] = BoardLocator.fromStandings(ref)
      ? [(await this.states.page(tenantId, ref.def.id, ref.scopeName, ref.period, offset, q.limit)).map(fromStanding), ref.state!.members]
      : await Promise.all([this.ranks.top(ref.set, offset, q.limit, ties), this.ranks.size(ref.set)]);
    return {
      ref,
      page: {
        board: ref.def.id,
        name: ref.def.name ?? ref.def.id,
        currency: ref.def.currency,
        window: ref.window,
        period: ref.period,
        scope: ref.scopeName,
        status: ref.status,
        revision: ref.state?.revision ?? null,
        ties,
        total,
        entries: rows.map((r) => ({ rank: r.rank, userId: r.member, score: r.score })),
        nextCursor: offset + rows.length < total ? encodeCursor('o', offset + rows.length) : null,
      },
    };
  }
}
