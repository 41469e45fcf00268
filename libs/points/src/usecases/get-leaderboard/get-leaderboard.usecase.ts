import { Inject, Injectable } from '@nestjs/common';
import { NotFoundError } from '@questline/contracts';
import { LeaderboardKeys, periodRange, periodsAt, RANK_STORE, type BoardWindow, type RankStore } from '@questline/leaderboard';
import { PACK_CATALOG, type LeaderboardDef, type Pack, type PackCatalog } from '@questline/rules';
import { decodeCursor, encodeCursor } from '../../domain/cursor';

export interface BoardRef {
  pack: Pack;
  def: LeaderboardDef;
  window: BoardWindow;
  period: string;
  /** Redis key of this board's period. */
  key: string;
  /** Whether the period is still running (cacheable for seconds, not hours). */
  current: boolean;
  range: { from: number; to: number };
}

export interface LeaderboardPage {
  board: string;
  name: string;
  currency: string;
  window: BoardWindow;
  period: string;
  ties: 'competition' | 'dense';
  total: number;
  entries: { rank: number; userId: string; score: number }[];
  nextCursor: string | null;
}

/** Leaderboard reads: a window's period (the current one by default), top N, one user and its neighbours. */
@Injectable()
export class GetLeaderboardUseCase {
  constructor(
    @Inject(PACK_CATALOG) private readonly packs: PackCatalog,
    @Inject(RANK_STORE) private readonly ranks: RankStore,
  ) {}

  /** Resolves board, window and period; 404 for an unknown board or window, or a period that does not exist (yet). */
  resolve(tenantId: string, boardId: string, window: string = 'all-time', period?: string, now = Date.now()): BoardRef {
    const pack = this.packs.get(tenantId);
    const def = pack?.leaderboards.find((b) => b.id === boardId);
    if (!pack || !def) throw new NotFoundError('unknown_leaderboard', `Leaderboard "${boardId}" is not declared in this tenant's pack.`);
    const windows = def.windows ?? ['all-time'];
    if (!windows.includes(window as BoardWindow)) throw new NotFoundError('unknown_window', `Leaderboard "${boardId}" keeps ${windows.join(', ')}, not "${window}".`);
    const w = window as BoardWindow;
    const zone = pack.timezone || 'UTC';
    const currentPeriod = periodsAt([w], now, zone, pack.weekStart)[0]!.period;
    const p = period ?? currentPeriod;
    const range = periodRange(w, p, zone, pack.weekStart);
    if (!range || range.from > now) throw new NotFoundError('unknown_period', `"${p}" is not a ${w} period of leaderboard "${boardId}" that has begun (current: ${currentPeriod}).`);
    return { pack, def, window: w, period: p, key: LeaderboardKeys.board(tenantId, def.id, p), current: p === currentPeriod, range };
  }

  async top(tenantId: string, boardId: string, q: { window?: string; period?: string; limit: number; cursor?: string }): Promise<{ ref: BoardRef; page: LeaderboardPage }> {
    const ref = this.resolve(tenantId, boardId, q.window, q.period);
    const offset = Number(decodeCursor('o', q.cursor) ?? 0n);
    const ties = ref.def.ties ?? 'competition';
    const [rows, total] = await Promise.all([this.ranks.top(ref.key, offset, q.limit, ties), this.ranks.size(ref.key)]);
    return {
      ref,
      page: {
        board: ref.def.id,
        name: ref.def.name,
        currency: ref.def.currency,
        window: ref.window,
        period: ref.period,
        ties,
        total,
        entries: rows.map((r) => ({ rank: r.rank, userId: r.member, score: r.score })),
        nextCursor: offset + rows.length < total ? encodeCursor('o', offset + rows.length) : null,
      },
    };
  }

  async rankOf(tenantId: string, boardId: string, userId: string, q: { window?: string; period?: string; around: number }) {
    const ref = this.resolve(tenantId, boardId, q.window, q.period);
    const ties = ref.def.ties ?? 'competition';
    const neighbours = await this.ranks.around(ref.key, userId, q.around, ties);
    const me = neighbours.find((r) => r.member === userId);
    if (!me) throw new NotFoundError('not_ranked', `User "${userId}" is not on leaderboard "${boardId}" (${ref.window} ${ref.period}).`);
    return {
      ref,
      body: {
        board: ref.def.id,
        window: ref.window,
        period: ref.period,
        userId,
        rank: me.rank,
        score: me.score,
        neighbours: neighbours.map((r) => ({ rank: r.rank, userId: r.member, score: r.score })),
      },
    };
  }

  /** The user's rank on every board and window, current periods. */
  async ranksOf(tenantId: string, userId: string) {
    const pack = this.packs.get(tenantId);
    const refs = (pack?.leaderboards ?? []).flatMap((b) => (b.windows ?? ['all-time']).map((w) => this.resolve(tenantId, b.id, w)));
    const rows = await Promise.all(refs.map(async (ref) => ({ ref, r: await this.ranks.rankOf(ref.key, userId, ref.def.ties ?? 'competition') })));
    return {
      userId,
      ranks: rows.filter((x) => x.r).map(({ ref, r }) => ({ board: ref.def.id, window: ref.window, period: ref.period, rank: r!.rank, score: r!.score })),
    };
  }
}
