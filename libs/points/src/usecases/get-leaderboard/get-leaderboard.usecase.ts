import { Inject, Injectable } from '@nestjs/common';
import { NotFoundError } from '@questline/contracts';
import { ALL_TIME, LeaderboardKeys, RANK_STORE, type RankStore } from '@questline/leaderboard';
import { PACK_CATALOG, type LeaderboardDef, type PackCatalog } from '@questline/rules';

export interface LeaderboardPage {
  board: string;
  name: string;
  currency: string;
  window: 'all-time';
  total: number;
  entries: { rank: number; userId: string; score: number }[];
}

@Injectable()
export class GetLeaderboardUseCase {
  constructor(
    @Inject(PACK_CATALOG) private readonly packs: PackCatalog,
    @Inject(RANK_STORE) private readonly ranks: RankStore,
  ) {}

  board(tenantId: string, boardId: string): LeaderboardDef {
    const def = this.packs.get(tenantId)?.leaderboards.find((b) => b.id === boardId);
    if (!def) throw new NotFoundError('unknown_leaderboard', `Leaderboard "${boardId}" is not declared in this tenant's pack.`);
    return def;
  }

  async top(tenantId: string, boardId: string, offset: number, limit: number): Promise<LeaderboardPage> {
    const def = this.board(tenantId, boardId);
    const key = LeaderboardKeys.board(tenantId, def.id, ALL_TIME);
    const [rows, total] = await Promise.all([this.ranks.top(key, offset, limit), this.ranks.size(key)]);
    return {
      board: def.id,
      name: def.name,
      currency: def.currency,
      window: 'all-time',
      total,
      entries: rows.map((r) => ({ rank: r.rank, userId: r.member, score: r.score })),
    };
  }

  async rankOf(tenantId: string, boardId: string, userId: string) {
    const def = this.board(tenantId, boardId);
    const row = await this.ranks.rankOf(LeaderboardKeys.board(tenantId, def.id, ALL_TIME), userId);
    if (!row) throw new NotFoundError('not_ranked', `User "${userId}" is not on leaderboard "${boardId}".`);
    return { board: def.id, userId, rank: row.rank, score: row.score };
  }
}
