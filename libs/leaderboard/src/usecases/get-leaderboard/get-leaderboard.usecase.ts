import { Inject, Injectable } from '@nestjs/common';
import { NotFoundError } from '@questline/contracts';
import { boardRef, RANK_STORE, type BoardPeriodRef, type BoardScope, type RankedMember, type RankStore } from '../../domain/rank-store.port';
import { currentPeriod, periodRange, type BoardWindow } from '../../domain/windows';
import { PACK_CATALOG, type LeaderboardDef, type Pack, type PackCatalog } from '@questline/rules';
import { BOARD_STATE_REPOSITORY, type BoardStateRepository, type PeriodState, type Standing } from '../../domain/board-state.repository';
import { calendarOf, lifecycleOf, parseScope, scopeName } from '../../domain/board-targets';
import { decodeCursor, encodeCursor } from '@questline/platform';

/** Where a period stands: still running, ended (awaiting its standings), or a finished state. */
export type BoardStatus = 'running' | 'ended' | PeriodState['status'];

export interface BoardRef {
  pack: Pack;
  def: LeaderboardDef;
  window: BoardWindow;
  period: string;
  scope?: BoardScope;
  /** `global` or `<dimension>:<value>`. */
  scopeName: string;
  /** The ranked set of this board's period and scope. */
  set: BoardPeriodRef;
  range: { from: number; to: number };
  status: BoardStatus;
  /** Published and locked periods are read from their Postgres standings; others from Redis. */
  state: PeriodState | null;
}

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

const fromStanding = (s: Standing): RankedMember => ({ member: s.userId, score: s.score, rank: s.rank });

/**
 * Leaderboard reads: a window's period (the current one by default) and scope, top N, one user and
 * its neighbours. A running period is read from Redis; a published or locked one from the standings
 * computed from the ledger (what was announced); a period that ended long ago without standings
 * never had anyone on it.
 */
@Injectable()
export class GetLeaderboardUseCase {
  constructor(
    @Inject(PACK_CATALOG) private readonly packs: PackCatalog,
    @Inject(RANK_STORE) private readonly ranks: RankStore,
    @Inject(BOARD_STATE_REPOSITORY) private readonly states: BoardStateRepository,
  ) {}

  /** Board, window, period and scope, without their state: 404 for an unknown board, window or scope, or a period that has not begun. */
  locate(tenantId: string, boardId: string, window: string = 'all-time', period?: string, scope?: string, now = Date.now()) {
    const pack = this.packs.get(tenantId);
    const def = pack?.leaderboards.find((b) => b.id === boardId);
    if (!pack || !def) throw new NotFoundError('unknown_leaderboard', `Leaderboard "${boardId}" is not declared in this tenant's pack.`);
    const windows = def.windows ?? ['all-time'];
    if (!windows.includes(window as BoardWindow)) throw new NotFoundError('unknown_window', `Leaderboard "${boardId}" keeps ${windows.join(', ')}, not "${window}".`);
    const s = parseScope(scope);
    if (s && !(def.scopes ?? []).includes(s.dimension)) {
      const kept = ['global', ...(def.scopes ?? []).map((d) => `${d}:<value>`)].join(', ');
      throw new NotFoundError('unknown_scope', `Leaderboard "${boardId}" is ranked within ${kept}; not "${scope}".`);
    }
    if (s && s.value.length === 0) throw new NotFoundError('unknown_scope', `Scope "${scope}" names no value: use ${s.dimension}:<value>.`);
    const w = window as BoardWindow;
    const cal = calendarOf(pack, def);
    const running = currentPeriod(w, now, cal);
    const p = period ?? running;
    const range = p ? periodRange(w, p, cal) : null;
    if (!p || !range || range.from > now) throw new NotFoundError('unknown_period', `"${p ?? period}" is not a ${w} period of leaderboard "${boardId}" that has begun${running ? ` (current: ${running})` : ''}.`);
    return { pack, def, window: w, period: p, scope: s, scopeName: scopeName(s), set: boardRef(tenantId, def.id, p, s), range };
  }

  /** `locate` plus the period's state; 404 for a period that ended long ago and has no standings. */
  async resolve(tenantId: string, boardId: string, window?: string, period?: string, scope?: string, now = Date.now()): Promise<BoardRef> {
    const at = this.locate(tenantId, boardId, window, period, scope, now);
    if (at.range.to > now) return { ...at, status: 'running', state: null };
    const state = await this.states.state(tenantId, at.def.id, at.scopeName, at.period);
    if (state) return { ...at, status: state.status, state };
    if (now >= at.range.to + lifecycleOf(at.def).lockAfterMs && (await this.ranks.size(at.set)) === 0) {
      throw new NotFoundError('unknown_period', `Period ${at.period} of leaderboard "${boardId}" (${at.scopeName}) ended with nobody on it: there are no standings to show.`);
    }
    return { ...at, status: 'ended', state: null };
  }

  private fromStandings(ref: BoardRef): boolean {
    return ref.status === 'published' || ref.status === 'locked';
  }

  async top(tenantId: string, boardId: string, q: { window?: string; period?: string; scope?: string; limit: number; cursor?: string }): Promise<{ ref: BoardRef; page: LeaderboardPage }> {
    const ref = await this.resolve(tenantId, boardId, q.window, q.period, q.scope);
    const offset = Number(decodeCursor('o', q.cursor) ?? 0n);
    const ties = ref.def.ties ?? 'competition';
    const [rows, total] = this.fromStandings(ref)
      ? [(await this.states.page(tenantId, ref.def.id, ref.scopeName, ref.period, offset, q.limit)).map(fromStanding), ref.state!.members]
      : await Promise.all([this.ranks.top(ref.set, offset, q.limit, ties), this.ranks.size(ref.set)]);
    return {
      ref,
      page: {
        board: ref.def.id,
        name: ref.def.name,
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

  async rankOf(tenantId: string, boardId: string, userId: string, q: { window?: string; period?: string; scope?: string; around: number }) {
    const ref = await this.resolve(tenantId, boardId, q.window, q.period, q.scope);
    const ties = ref.def.ties ?? 'competition';
    let neighbours: RankedMember[] = [];
    if (this.fromStandings(ref)) {
      const mine = await this.states.standingOf(tenantId, ref.def.id, ref.scopeName, ref.period, userId);
      if (mine) neighbours = (await this.states.around(tenantId, ref.def.id, ref.scopeName, ref.period, mine.position, q.around)).map(fromStanding);
    } else neighbours = await this.ranks.around(ref.set, userId, q.around, ties);
    const me = neighbours.find((r) => r.member === userId);
    if (!me) {
      const excluded = await this.states.exclusion(tenantId, userId);
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

  /** The user's rank on every board and window, current periods, global scope. */
  async ranksOf(tenantId: string, userId: string) {
    const pack = this.packs.get(tenantId);
    const now = Date.now();
    const refs = (pack?.leaderboards ?? []).flatMap((b) =>
      (b.windows ?? ['all-time']).flatMap((w) => {
        try {
          return [this.locate(tenantId, b.id, w, undefined, undefined, now)];
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
