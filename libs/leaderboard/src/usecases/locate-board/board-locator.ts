import { Inject, Injectable } from '@nestjs/common';
import { NotFoundError } from '@questline/contracts';
import { calendarPeriodRange, PACK_CATALOG, type LeaderboardDef, type Pack, type PackCatalog } from '@questline/rules';
import { BOARD_LEDGER, type BoardLedgerReader } from '../../domain/board-ledger.reader';
import { BOARD_STATE_REPOSITORY, type BoardStateRepository, type PeriodState } from '../../domain/board-state.repository';
import { calendarOf, parseScope, scopeName } from '../../domain/board-targets';
import { boardRef, type BoardPeriodRef, type BoardScope } from '../../domain/rank-store.port';
import { currentPeriod, periodRange, type BoardWindow } from '../../domain/windows';

/** Where a period stands: still running, ended (awaiting its standings), or a finished state. */
export type BoardStatus = 'running' | 'ended' | PeriodState['status'];

export interface LocatedBoard {
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

/** What names one board period: the tenant, the board, and optionally its window, period and scope. */
export interface BoardPeriodCommand {
  tenantId: string;
  boardId: string;
  /** Default all-time. */
  window?: string;
  /** Default: the current period. */
  period?: string;
  /** `global` (default) or `<dimension>:<value>`. */
  scope?: string;
}

/**
 * Finds a board period for the use cases that read or maintain one: 404 for an unknown board,
 * window or scope or a period that has not begun; with `resolve`, its lifecycle state too. A
 * helper of the leaderboard use cases, not a use case of its own.
 */
@Injectable()
export class BoardLocator {
  constructor(
    @Inject(PACK_CATALOG) private readonly packs: PackCatalog,
    @Inject(BOARD_STATE_REPOSITORY) private readonly states: BoardStateRepository,
    @Inject(BOARD_LEDGER) private readonly ledger: BoardLedgerReader,
  ) {}

  /** A board period and what the ledger says it should hold (rebuild, reconcile). */
  async expected(c: BoardPeriodCommand) {
    const ref = this.locate(c.tenantId, c.boardId, c.window, c.period, c.scope);
    const totals = await this.ledger.boardTotals(c.tenantId, ref.def.currency, new Date(ref.range.from), new Date(ref.range.to), ref.scope);
    return { ref, totals };
  }

  /** Board, window, period and scope, without their state: 404 for an unknown board, window or scope, or a period that has not begun. */
  locate(tenantId: string, boardId: string, asked: string | undefined, period?: string, scope?: string, now = Date.now()) {
    const pack = this.packs.get(tenantId);
    const def = pack?.leaderboards.find((b) => b.id === boardId);
    if (!pack || !def) throw new NotFoundError('unknown_leaderboard', `Leaderboard "${boardId}" is not declared in this tenant's pack.`);
    const windows = def.windows ?? ['all-time'];
    // No window asked: all-time where the board keeps it, else the first it declares (a weekly-only board answers its week).
    const window = asked ?? (windows.includes('all-time') ? 'all-time' : windows[0]!);
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
    if (!p || !range || range.from > now) {
      // A week named by a day that does not start one says which day does (as re-scoring does).
      const why = p && !range && w === 'weekly' && /^w\d{4}-\d{2}-\d{2}$/.test(p) ? calendarPeriodRange(p, cal.zone, cal.weekStart) : null;
      const hint = typeof why === 'string' ? `: ${why}` : '';
      throw new NotFoundError('unknown_period', `"${p ?? period}" is not a ${w} period of leaderboard "${boardId}" that has begun${running ? ` (current: ${running})` : ''}${hint}.`);
    }
    return { pack, def, window: w, period: p, scope: s, scopeName: scopeName(s), set: boardRef(tenantId, def.id, p, s), range };
  }

  /**
   * `locate`, and the period's state when it is published or locked (served from its stored
   * standings); null for a running or ended one. Never 404s for an ended period with an empty
   * Redis (a rebuild after a flush must reach it).
   */
  async finished(c: BoardPeriodCommand, now = Date.now()): Promise<{ at: ReturnType<BoardLocator['locate']>; state: PeriodState | null }> {
    const at = this.locate(c.tenantId, c.boardId, c.window, c.period, c.scope, now);
    if (at.range.to > now) return { at, state: null };
    const state = await this.states.state(c.tenantId, at.def.id, at.scopeName, at.period);
    return { at, state: state && (state.status === 'published' || state.status === 'locked') ? state : null };
  }

  /**
   * `locate` plus the period's state. A period that ended without standings is `ended`: awaiting
   * them, or (nobody was on it) never to have any. It reads alike before and after its lock time
   * (Threadly trial #5: an empty finished board was 200 until then and 404 after).
   */
  async resolve(tenantId: string, boardId: string, window?: string, period?: string, scope?: string, now = Date.now()): Promise<LocatedBoard> {
    const at = this.locate(tenantId, boardId, window, period, scope, now);
    if (at.range.to > now) return { ...at, status: 'running', state: null };
    const state = await this.states.state(tenantId, at.def.id, at.scopeName, at.period);
    return state ? { ...at, status: state.status, state } : { ...at, status: 'ended', state: null };
  }

  /** Published and locked periods are read from their standings (what was announced). */
  static fromStandings(ref: LocatedBoard): boolean {
    return ref.status === 'published' || ref.status === 'locked';
  }
}
