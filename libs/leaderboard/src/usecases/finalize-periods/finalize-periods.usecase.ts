import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, LOGGER, Scheduled, type AppConfig, type Logger } from '@questline/platform';
import { PACK_CATALOG, type PackCatalog } from '@questline/rules';
import { BOARD_LEDGER, type BoardLedgerReader } from '../../domain/board-ledger.reader';
import { BOARD_STATE_REPOSITORY, type BoardStateRepository, type PeriodStatus } from '../../domain/board-state.repository';
import { calendarOf, lifecycleOf, parseScope, scopeName } from '../../domain/board-targets';
import { endedPeriods, type BoardWindow } from '../../domain/windows';
import { PeriodStandings } from './period-standings';

const DAY = 86_400_000;
const LOOKBACK: Record<BoardWindow, number> = { 'all-time': 0, daily: 14, weekly: 6, monthly: 3, season: 3 };
/** The shortest a period of each window lasts (seasons: a day), to count how many reach back to `since`. */
const PERIOD_MS: Record<BoardWindow, number> = { 'all-time': Infinity, daily: 86_400_000, weekly: 7 * 86_400_000, monthly: 28 * 86_400_000, season: 86_400_000 };
/** The most periods of one window a `since` pass walks (400 days of a daily board). */
export const MAX_SINCE_PERIODS = 400;

/**
 * Seed 000's leaderboard lifecycle, for every period that has ended (the all-time window never ends):
 *  - computed at once: the standings are computed from the ledger (public entries only, excluded
 *    users left out) and stored in Postgres; `rank.computed`;
 *  - published `publishAfterMinutes` after the end: recomputed (late events and re-scoring
 *    corrections count) and announced to every ranked user (`rank.published`). Only events that
 *    passed the pack's leaderboard gate are in the ledger's public entries, so publishing respects
 *    gate 1 by construction;
 *  - locked `lockAfterHours` after the end: recomputed a last time (ranks that moved since
 *    publication are announced as `rank.reranked`), frozen, served from Postgres; `rank.locked`, and
 *    the period's Redis board is dropped.
 * Each step announces inside the transaction that writes its state and standings, before the
 * commit: a failure saves nothing and the next pass repeats the step with the same revision
 * (consumers dedup on the messages' keys). A moderation re-ranks published periods at once.
 */
@Injectable()
export class FinalizePeriodsUseCase extends Scheduled {
  constructor(
    @Inject(PACK_CATALOG) private readonly packs: PackCatalog,
    @Inject(BOARD_LEDGER) private readonly ledger: BoardLedgerReader,
    @Inject(BOARD_STATE_REPOSITORY) private readonly states: BoardStateRepository,
    private readonly standings: PeriodStandings,
    @Inject(APP_CONFIG) private readonly config: Pick<AppConfig, 'LEADERBOARD_PERIOD_INTERVAL_MS' | 'LEADERBOARD_QUIET_MS' | 'LEADERBOARD_QUIET_MAX_HOLD_MS'>,
    @Inject(LOGGER) logger: Logger,
  ) {
    super();
    this.schedule('leaderboard periods', config.LEADERBOARD_PERIOD_INTERVAL_MS, () => this.execute({ waitForQuiet: true }), logger);
  }

  /** Periods the scheduled pass is holding while their entries arrive, since when. */
  private readonly heldSince = new Map<string, number>();

  /** One pass at `now` (every tenant, or one): how many periods moved to each state. */
  /**
   * `since`: also the periods that ended after it (an import of back-dated history); by default the
   * pass looks back as far as a period can still be due (`lockAfterHours` and a week).
   */
  async execute({ now = Date.now(), tenantId: only, since, waitForQuiet = false }: { now?: number; tenantId?: string; since?: number; waitForQuiet?: boolean }): Promise<Record<PeriodStatus, number>> {
    const moved: Record<PeriodStatus, number> = { computed: 0, published: 0, locked: 0 };
    for (const tenantId of only ? [only] : this.packs.tenants()) {
      const pack = this.packs.get(tenantId);
      if (!pack) continue;
      // When each currency's board entries begin and end (one lookup per currency and pass): a
      // period with no stored state and no entry in it has nothing to compute, so it costs no
      // query (a pass over many boards, or `since` years back, walked every empty period).
      const spans = new Map<string, Promise<{ first: number; last: number } | null>>();
      const spanOf = (currency: string, from: number) => {
        const key = `${currency}\u0000${from}`;
        if (!spans.has(key)) spans.set(key, this.ledger.activeSpan(tenantId, currency, new Date(from)));
        return spans.get(key)!;
      };
      for (const def of pack.leaderboards) {
        const { publishAfterMs, lockAfterMs } = lifecycleOf(def);
        for (const window of def.windows ?? ['all-time']) {
          const horizon = Math.min(now - lockAfterMs - 7 * DAY, since ?? Infinity);
          const count = since === undefined ? LOOKBACK[window] : Math.min(MAX_SINCE_PERIODS, Math.max(LOOKBACK[window], Math.ceil((now - since) / PERIOD_MS[window]) + 1));
          const periods = endedPeriods(window, now, calendarOf(pack, def), count).filter((p) => p.to > horizon);
          if (periods.length === 0) continue;
          const known = await this.states.states(tenantId, def.id, periods.map((p) => p.period));
          const span = await spanOf(def.currency, Math.min(...periods.map((p) => p.from)));
          for (const p of periods) {
            if (!known.some((s) => s.period === p.period) && (!span || p.to <= span.first || p.from > span.last)) continue;
            const stateOf = (scope: string) => known.find((s) => s.period === p.period && s.scope === scope);
            const target: PeriodStatus = now >= p.to + lockAfterMs ? 'locked' : now >= p.to + publishAfterMs ? 'published' : 'computed';
            // The global board is stepped last: once it is at the target, every scope of the period is too.
            const global = stateOf(scopeName());
            if (global?.status === 'locked' || global?.status === target) continue;
            // The scheduled pass does not announce standings of a period whose entries are still
            // arriving (a back-dated import): partial standings would be published and locked.
            // It waits for a quiet spell, holding a period at most LEADERBOARD_QUIET_MAX_HOLD_MS
            // (counted by this instance from the first pass it held it).
            if (waitForQuiet && target !== 'computed' && this.config.LEADERBOARD_QUIET_MS > 0) {
              const key = `${tenantId}\u0000${def.id}\u0000${p.period}`;
              if (await this.ledger.recentlyWritten(tenantId, def.currency, new Date(p.from), new Date(p.to), now - this.config.LEADERBOARD_QUIET_MS)) {
                const since = this.heldSince.get(key) ?? now;
                this.heldSince.set(key, since);
                if (now - since < this.config.LEADERBOARD_QUIET_MAX_HOLD_MS) continue;
              }
              this.heldSince.delete(key);
            }
            const scopes = new Set(known.filter((s) => s.period === p.period).map((s) => s.scope));
            for (const s of await this.ledger.scopeValues(tenantId, def.currency, new Date(p.from), new Date(p.to), def.scopes ?? [])) scopes.add(scopeName(s));
            scopes.delete(scopeName());
            for (const scope of [...scopes, scopeName()]) {
              const state = stateOf(scope);
              if (state?.status === 'locked' || state?.status === target) continue;
              if (await this.standings.settle({ tenantId, def, window, ...p, scope: parseScope(scope) }, target, state ?? null)) moved[target]++;
            }
          }
        }
      }
    }
    return moved;
  }

}
