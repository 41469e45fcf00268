import { Inject, Injectable } from '@nestjs/common';
import { AUDIT_LOG, type AuditLog } from '@questline/persistence';
import { BOARD_LEDGER, type BoardLedgerReader } from '../../domain/board-ledger.reader';
import { BOARD_STATE_REPOSITORY, type BoardStateRepository, type PeriodStatus } from '../../domain/board-state.repository';
import { calendarOf } from '../../domain/board-targets';
import { RANK_STORE, type RankStore } from '../../domain/rank-store.port';
import { periodsAt, type BoardWindow } from '../../domain/windows';
import { PeriodStandings } from '../finalize-periods/period-standings';
import { BoardLocator, type BoardPeriodCommand } from '../locate-board/board-locator';

export interface RebuildResult {
  board: string;
  window: BoardWindow;
  period: string;
  scope: string;
  members: number;
  /** Award guards of the last hour restored in Redis (a live period). */
  guardsRestored: number;
  /** Members set again from the ledger after the swap (awards that raced it). */
  repaired: number;
  ms: number;
  /** A published or locked period: its stored standings, revised from the ledger when they changed. */
  standings?: { status: PeriodStatus; revision: number; changed: boolean };
}

/** How far back a redelivery can reach (a consumer crash or rebalance replays minutes, not hours). */
const GUARD_RESTORE_WINDOW_MS = 3_600_000;

/**
 * The rank store is a view; the ledger is the truth. Rebuild recomputes a board period and scope
 * from the ledger (public earn/adjust/compensate entries of its currency, event time in the period,
 * the scope's dimension value, excluded users left out) and swaps it in atomically; it also
 * restores the tenant's exclusion set and the guards of the last hour's awards, so a flushed Redis
 * gets them back too. Awards recorded while a rebuild runs are caught by its repair passes once the
 * board settles; under continuous load, reconcile afterwards and rebuild again if it finds some.
 *
 * A published or locked period is served from its stored standings, not Redis: rebuilding one
 * recomputes those standings from the ledger (after a re-scoring or an adjustment that reached it)
 * and, if they changed, stores them as its next revision and announces what moved.
 */
@Injectable()
export class RebuildBoardUseCase {
  constructor(
    private readonly locator: BoardLocator,
    @Inject(BOARD_LEDGER) private readonly ledger: BoardLedgerReader,
    @Inject(BOARD_STATE_REPOSITORY) private readonly states: BoardStateRepository,
    @Inject(RANK_STORE) private readonly ranks: RankStore,
    private readonly standings: PeriodStandings,
    @Inject(AUDIT_LOG) private readonly audit: AuditLog,
  ) {}

  /** `actor`: who asked (a revision of published or locked standings is audited). */
  async execute(command: BoardPeriodCommand & { actor?: string }): Promise<RebuildResult> {
    const { tenantId } = command;
    const started = Date.now();
    const { at, state } = await this.locator.finished(command);
    if (state) {
      const revised = await this.standings.revise({ tenantId, def: at.def, window: at.window, period: at.period, from: at.range.from, to: at.range.to, scope: at.scope }, state);
      if (revised.changed) {
        await this.audit.record([
          { tenantId, actor: command.actor ?? 'system', action: 'leaderboard.period.revised', target: `${at.def.id}/${at.window}/${at.period}/${at.scopeName}`, detail: { status: state.status, revision: revised.revision, members: revised.members } },
        ]);
      }
      return {
        board: at.def.id,
        window: at.window,
        period: at.period,
        scope: at.scopeName,
        members: revised.members,
        guardsRestored: 0,
        repaired: 0,
        ms: Date.now() - started,
        standings: { status: state.status, revision: revised.revision, changed: revised.changed },
      };
    }
    const excluded = (await this.states.exclusions(tenantId)).map((e) => e.userId);
    await this.ranks.setExcluded(tenantId, excluded, true);
    const first = await this.locator.expected(command);
    // Guards first: after a lost Redis the award guards are gone too, and a redelivery (or a live
    // call still in flight) of an award the new board counts would count it again. Restoring them
    // before the totals are read means every award in those totals is already guarded.
    const recent = await this.ledger.recentBoardKeys(tenantId, first.ref.def.currency, new Date(Date.now() - GUARD_RESTORE_WINDOW_MS));
    await this.ranks.markApplied(tenantId, recent);
    const { ref, totals } = await this.locator.expected(command);
    const cal = calendarOf(ref.pack, ref.def);
    const tickOf = (lastAt: number) => periodsAt([ref.window], lastAt, cal)[0]?.tick ?? 0;
    // A total of 0 is no one's place on the board (live updates take such members off).
    const held = totals.filter((t) => t.score !== 0);
    await this.ranks.replace(ref.set, held.map((t) => ({ member: t.userId, score: t.score, tick: tickOf(t.lastAt) })));
    // Awards committed while the totals were read and the board swapped can be missing (or, applied
    // live just before the swap, counted twice): compare with the ledger again and set those members
    // from it, a few passes while the board settles.
    let repaired = 0;
    for (let pass = 0; pass < 3; pass++) {
      const { totals: now } = await this.locator.expected(command);
      const onBoard = await this.ranks.scores(ref.set);
      const drifting = now.filter((t) => (onBoard.get(t.userId) ?? 0) !== t.score);
      if (drifting.length === 0) break;
      for (const t of drifting) await this.ranks.setMember(ref.set, t.userId, t.score === 0 ? null : { score: t.score, tick: tickOf(t.lastAt) });
      repaired += drifting.length;
      await new Promise((r) => setTimeout(r, 200));
    }
    return { board: ref.def.id, window: ref.window, period: ref.period, scope: ref.scopeName, members: held.length, guardsRestored: recent.length, repaired, ms: Date.now() - started };
  }
}
