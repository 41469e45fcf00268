import { Inject, Injectable } from '@nestjs/common';
import { PACK_CATALOG, type PackCatalog } from '@questline/rules';
import { RANK_STORE, type RankStore } from '../../domain/rank-store.port';
import { BoardLocator } from '../locate-board/board-locator';

@Injectable()
export class GetUserRanksUseCase {
  constructor(
    private readonly locator: BoardLocator,
    @Inject(RANK_STORE) private readonly ranks: RankStore,
    @Inject(PACK_CATALOG) private readonly packs: PackCatalog,
  ) {}

  /** The user's rank on every board and window, current periods, global scope. */
  async execute({ tenantId, userId }: { tenantId: string; userId: string }) {
    const pack = this.packs.get(tenantId);
    const now = Date.now();
    const refs = (pack?.leaderboards ?? []).flatMap((b) =>
      (b.windows ?? ['all-time']).flatMap((w) => {
        try {
          return [this.locator.locate(tenantId, b.id, w, undefined, undefined, now)];
        } catch {
          return []; // a season window with no season begun yet
        }
      }),
    );
    const rows = await Promise.all(refs.map(async (ref) => ({ ref, r: await this.ranks.rankOf(ref.set, userId, ref.def.ties ?? 'competition') })));
    return {
      userId,
      ranks: rows.filter((x) => x.r).map(({ ref, r }) => ({ board: ref.def.id, window: ref.window, period: ref.period, rank: r!.rank, score: r!.score })),
    };
  }
}
