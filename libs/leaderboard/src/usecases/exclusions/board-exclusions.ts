import { Inject, Injectable } from '@nestjs/common';
import { ConflictError } from '@questline/contracts';
import { RANK_STORE, type RankedSetRef, type RankStore } from '../../domain/rank-store.port';
import { periodRange } from '../../domain/windows';
import { LOGGER, type Logger } from '@questline/platform';
import { PACK_CATALOG, type PackCatalog } from '@questline/rules';
import { BOARD_STATE_REPOSITORY, type BoardStateRepository, type Exclusion, type ExclusionReason } from '../../domain/board-state.repository';
import { boardTargets, calendarOf, lifecycleOf } from '../../domain/board-targets';
import { BOARD_LEDGER, type BoardLedgerReader } from '../../domain/board-ledger.reader';
import { PeriodStandings } from '../finalize-periods/period-standings';

/**
 * Who is kept off the leaderboards of a tenant: users who opted out, users an admin hides (staff,
 * test accounts) and users removed by moderation. Postgres holds the list; Redis mirrors it as a set
 * the board script checks, so no award can put an excluded user back. Excluding takes the user off
 * every live board at once (ranks below move up) and re-ranks published periods (seed 000: re-rank
 * due to moderation); locked periods stay as they were locked. Including puts the user back with
 * the scores the ledger holds for them. The ledger itself is never touched: points still count.
 * The mechanics shared by the exclusion use cases (exclude, include, list, a user's visibility).
 */
/** The reason stored for the pseudonym of a user erased on request (written by the erasure, never by this API). */
const ERASED: string = 'deleted';

@Injectable()
export class BoardExclusions {
  constructor(
    @Inject(PACK_CATALOG) private readonly packs: PackCatalog,
    @Inject(BOARD_STATE_REPOSITORY) private readonly states: BoardStateRepository,
    @Inject(BOARD_LEDGER) private readonly ledger: BoardLedgerReader,
    @Inject(RANK_STORE) private readonly ranks: RankStore,
    private readonly periods: PeriodStandings,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** Admins' and users' exclusions; the pseudonyms of users erased on request (ERASED) are not listed. */
  async list(tenantId: string): Promise<Exclusion[]> {
    return (await this.states.exclusions(tenantId)).filter((e) => e.reason !== ERASED);
  }

  async exclude(tenantId: string, userId: string, reason: ExclusionReason, note: string | null, actor: string | null) {
    const prior = await this.states.exclusion(tenantId, userId);
    // A user's own opt-out never lifts (or softens) what an admin decided.
    if (reason === 'opt_out' && prior && prior.reason !== 'opt_out') return { exclusion: prior, boards: 0, reranked: 0 };
    if (prior?.reason === ERASED) throw new ConflictError('user_erased', `"${userId}" stands for a user deleted on request; it is off every board already.`);
    const exclusion = await this.states.exclude(tenantId, { userId, reason, note, actor });
    await this.ranks.setExcluded(tenantId, [userId], true);
    let boards = 0;
    for (const def of this.packs.get(tenantId)?.leaderboards ?? []) {
      for (const set of await this.ranks.periods(tenantId, def.id)) {
        if ((await this.ranks.rankOf(set, userId)) === null) continue;
        await this.ranks.setMember(set, userId, null);
        boards++;
      }
    }
    const reranked = await this.periods.rerank(tenantId, reason);
    this.logger.info({ tenant: tenantId, user: userId, reason, boards, reranked, actor }, 'user excluded from leaderboards');
    return { exclusion, boards, reranked };
  }

  /** Puts the user back: `byUser` (an opt-in) cannot lift an admin's exclusion (409). */
  async include(tenantId: string, userId: string, byUser: boolean) {
    const prior = await this.states.exclusion(tenantId, userId);
    if (!prior) return { included: false, boards: 0, reranked: 0 };
    if (prior.reason === ERASED) throw new ConflictError('user_erased', `"${userId}" stands for a user deleted on request; it stays off every board.`);
    if (byUser && prior.reason !== 'opt_out') {
      throw new ConflictError('excluded_by_admin', `User "${userId}" was kept off leaderboards by an admin (${prior.reason}); only an admin can put them back.`);
    }
    await this.states.include(tenantId, userId);
    await this.ranks.setExcluded(tenantId, [userId], false);
    const boards = await this.restore(tenantId, userId);
    const reranked = await this.periods.rerank(tenantId, 'included');
    this.logger.info({ tenant: tenantId, user: userId, boards, reranked }, 'user back on leaderboards');
    return { included: true, boards, reranked };
  }

  /** The user's score on every live board, from the ledger (the same targets awards move). */
  private async restore(tenantId: string, userId: string): Promise<number> {
    const pack = this.packs.get(tenantId);
    if (!pack || pack.leaderboards.length === 0) return 0;
    const now = Date.now();
    const totals = new Map<string, { set: RankedSetRef; score: number; tick: number }>();
    for (const e of await this.ledger.boardEntries(tenantId, userId, [...new Set(pack.leaderboards.map((b) => b.currency))])) {
      for (const u of boardTargets(pack, tenantId, e)) {
        // Boards of locked periods were dropped: their standings are final.
        if (periodRange(u.window, u.period, calendarOf(pack, u.def))!.to + lifecycleOf(u.def).lockAfterMs <= now) continue;
        const id = `${u.def.id}\n${u.period}\n${u.set.kind === 'board' && u.set.scope ? `${u.set.scope.dimension}=${u.set.scope.value}` : ''}`;
        const t = totals.get(id) ?? { set: u.set, score: 0, tick: -1 };
        totals.set(id, { set: u.set, score: t.score + u.delta, tick: Math.max(t.tick, u.tick) });
      }
    }
    // A total of 0 is no place on a board (as live updates and rebuilds keep it).
    for (const t of totals.values()) await this.ranks.setMember(t.set, userId, t.score === 0 ? null : { score: t.score, tick: t.tick });
    return [...totals.values()].filter((t) => t.score !== 0).length;
  }
}
