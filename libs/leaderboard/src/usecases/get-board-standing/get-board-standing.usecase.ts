import { Inject, Injectable } from '@nestjs/common';
import { NotFoundError } from '@questline/contracts';
import { BOARD_STATE_REPOSITORY, type BoardStateRepository } from '../../domain/board-state.repository';
import { RANK_STORE, type RankedMember, type RankStore } from '../../domain/rank-store.port';
import { fromStanding } from '../get-board-page/get-board-page.usecase';
import { BoardLocator } from '../locate-board/board-locator';
import type { GetBoardStandingCommand } from './get-board-standing.command';

/** One user's rank and score on a board period, with its neighbours either side; 404 when not ranked (and why). */
@Injectable()
export class GetBoardStandingUseCase {
  constructor(
    private readonly locator: BoardLocator,
    @Inject(RANK_STORE) private readonly ranks: RankStore,
    @Inject(BOARD_STATE_REPOSITORY) private readonly states: BoardStateRepository,
  ) {}

  async execute(q: GetBoardStandingCommand) {
    const { tenantId, boardId, userId } = q;
    const ref = await this.locator.resolve(tenantId, boardId, q.window, q.period, q.scope);
    const ties = ref.def.ties ?? 'competition';
    let neighbours: RankedMember[] = [];
    if (BoardLocator.fromStandings(ref)) {
      const mine = await this.states.standingOf(tenantId, ref.def.id, ref.scopeName, ref.period, userId);
      if (mine) neighbours = (await this.states.around(tenantId, ref.def.id, ref.scopeName, ref.period, mine.position, q.around)).map(fromStanding);
    } else neighbours = await this.ranks.around(ref.set, userId, q.around, ties);
    const me = neighbours.find((r) => r.member === userId);
    if (!me) {
      const excluded = q.revealExclusion ? await this.states.exclusion(tenantId, userId) : null;
      const why = excluded ? `: the user is kept off leaderboards (${excluded.reason})` : '';
      throw new NotFoundError('not_ranked', `User "${userId}" is not on leaderboard "${boardId}" (${ref.window} ${ref.period}, ${ref.scopeName})${why}.`);
    }
    return {
      ref,
      body: {
        board: ref.def.id,
        window: ref.window,
        period: ref.period,
        scope: ref.scopeName,
        status: ref.status,
        userId,
        rank: me.rank,
        score: me.score,
        neighbours: neighbours.map((r) => ({ rank: r.rank, userId: r.member, score: r.score })),
      },
    };
  }
}
