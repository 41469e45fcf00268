import { Inject, Injectable } from '@nestjs/common';
import { PACK_CATALOG, type PackCatalog } from '@questline/rules';
import { parseScope, scopeName } from '../../domain/board-targets';
import { RANK_STORE, type RankStore } from '../../domain/rank-store.port';
import { BoardLocator } from '../locate-board/board-locator';

@Injectable()
export class GetUserRanksUseCase {
  constructor(
    private readonly locator: BoardLocator,
    @Inject(RANK_STORE) private readonly ranks: RankStore,
    @Inject(PACK_CATALOG) private readonly packs: PackCatalog,
  ) {}

  /**
   * The user's rank on every board and window, current periods: on the global boards, or with
   * `scope` (`tag:python`) on that scope of every board ranked within its dimension (boards that are
   * not are left out).
   */
  async execute({ tenantId, userId, scope }: { tenantId: string; userId: string; scope?: string }) {
    const pack = this.packs.get(tenantId);
    const now = Date.now();
    const s = parseScope(scope);
    const boards = (pack?.leaderboards ?? []).filter((b) => !s || (b.scopes ?? []).includes(s.dimension));
    const refs = boards.flatMap((b) =>
      (b.windows ?? ['all-time']).flatMap((w) => {
        try {
          return [this.locator.locate(tenantId, b.id, w, undefined, s ? scopeName(s) : undefined, now)];
        } catch {
          return []; // a season window with no season begun yet
        }
      }),
    );
    const rows = await Promise.all(refs.map(async (ref) => ({ ref, r: await this.ranks.rankOf(ref.set, userId, ref.def.ties ?? 'competition') })));
    return {
      userId,
      ranks: rows.filter((x) => x.r).map(({ ref, r }) => ({ board: ref.def.id, window: ref.window, period: ref.period, scope: ref.scopeName, rank: r!.rank, score: r!.score })),
    };
  }
}
