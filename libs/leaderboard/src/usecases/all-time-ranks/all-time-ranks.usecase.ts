import { Inject, Injectable } from '@nestjs/common';
import type { BoardRanks } from '@questline/contracts';
import { PACK_CATALOG, type PackCatalog } from '@questline/rules';
import { boardRef, RANK_STORE, type RankStore } from '../../domain/rank-store.port';
import { ALL_TIME } from '../../domain/windows';

/** A user's all-time rank on each of the tenant's boards (the profile's `ranks`; the BoardRanks port). */
@Injectable()
export class AllTimeRanksUseCase implements BoardRanks {
  constructor(
    @Inject(RANK_STORE) private readonly ranks: RankStore,
    @Inject(PACK_CATALOG) private readonly packs: PackCatalog,
  ) {}

  async allTime(tenantId: string, userId: string): Promise<{ board: string; rank: number; score: number }[]> {
    const rows = await Promise.all(
      (this.packs.get(tenantId)?.leaderboards ?? []).map(async (b) => {
        const r = await this.ranks.rankOf(boardRef(tenantId, b.id, ALL_TIME), userId, b.ties ?? 'competition');
        return r ? { board: b.id, rank: r.rank, score: r.score } : null;
      }),
    );
    return rows.filter((r): r is NonNullable<typeof r> => r !== null);
  }

  execute(command: { tenantId: string; userId: string }) {
    return this.allTime(command.tenantId, command.userId);
  }
}
