import { Inject, Injectable } from '@nestjs/common';
import { NotFoundError, ValidationFailedError } from '@questline/contracts';
import { PACK_CATALOG, type LeaderboardDef, type PackCatalog } from '@questline/rules';
import { BOARD_LEDGER, type BoardLedgerReader } from '../../domain/board-ledger.reader';
import { parseScope, scopeName } from '../../domain/board-targets';
import { RANK_STORE, type BoardScope, type RankStore } from '../../domain/rank-store.port';
import { BoardLocator } from '../locate-board/board-locator';

export interface UserRanksQuery {
  tenantId: string;
  userId: string;
  /** `tag:python`: that scope of every board ranked within its dimension. */
  scope?: string;
  /** `tag`: each of the user's top values of the dimension (by all-time points), on every board ranked within it. */
  dimension?: string;
  /** With `dimension`: how many values (default 10). */
  limit?: number;
}

@Injectable()
export class GetUserRanksUseCase {
  constructor(
    private readonly locator: BoardLocator,
    @Inject(RANK_STORE) private readonly ranks: RankStore,
    @Inject(PACK_CATALOG) private readonly packs: PackCatalog,
    @Inject(BOARD_LEDGER) private readonly ledger: BoardLedgerReader,
  ) {}

  /**
   * The user's rank on every board and window, current periods: on the global boards; with
   * `scope` (`tag:python`) on that scope of every board ranked within its dimension; with
   * `dimension` (`tag`) on each value of it the user has points under, their top values first
   * (a Q&A profile's top tags). A dimension no board is ranked within is a 404.
   */
  async execute({ tenantId, userId, scope, dimension, limit }: UserRanksQuery) {
    if (scope !== undefined && dimension !== undefined) {
      throw new ValidationFailedError('Give scope or dimension, not both.', [{ pointer: '/dimension', detail: 'not with scope' }], 'invalid_request');
    }
    // `limit` counts a dimension's values: without one it would be silently ignored (Askly trial #9).
    if (limit !== undefined && dimension === undefined) {
      throw new ValidationFailedError('limit counts the values of a dimension: give dimension too.', [{ pointer: '/limit', detail: 'only with dimension' }], 'invalid_request');
    }
    const pack = this.packs.get(tenantId);
    const now = Date.now();
    const s = parseScope(scope);
    const within = dimension ?? s?.dimension;
    const boards = (pack?.leaderboards ?? []).filter((b) => !within || (b.scopes ?? []).includes(within));
    if (within && boards.length === 0) {
      const ranked = [...new Set((pack?.leaderboards ?? []).flatMap((b) => b.scopes ?? []))];
      throw new NotFoundError('unknown_scope', `No leaderboard is ranked within "${within}"${ranked.length > 0 ? ` (ranked within: ${ranked.join(', ')})` : ''}.`);
    }
    const scopes: (BoardScope | undefined)[] = dimension
      ? (await this.ledger.userScopeValues(tenantId, userId, [...new Set(boards.map((b) => b.currency))], dimension, limit ?? 10)).map((v) => ({ dimension, value: v.value }))
      : [s];
    const refs = scopes.flatMap((sc) => boards.flatMap((b) => this.periods(tenantId, b, sc, now)));
    const rows = await Promise.all(refs.map(async (ref) => ({ ref, r: await this.ranks.rankOf(ref.set, userId, ref.def.ties ?? 'competition') })));
    return {
      userId,
      ranks: rows.filter((x) => x.r).map(({ ref, r }) => ({ board: ref.def.id, window: ref.window, period: ref.period, scope: ref.scopeName, rank: r!.rank, score: r!.score })),
    };
  }

  /** The running period of each of the board's windows in this scope. */
  private periods(tenantId: string, b: LeaderboardDef, scope: BoardScope | undefined, now: number) {
    return (b.windows ?? ['all-time']).flatMap((w) => {
      try {
        return [this.locator.locate(tenantId, b.id, w, undefined, scope ? scopeName(scope) : undefined, now)];
      } catch {
        return []; // a season window with no season begun yet
      }
    });
  }
}
