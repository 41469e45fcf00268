import { Inject, Injectable } from '@nestjs/common';
import { NotFoundError, Topics, ValidationFailedError, userPartitionKey, type LeaderboardRankMessage } from '@questline/contracts';
import { MESSAGE_BUS, type MessageBus } from '@questline/messaging';
import { APP_CONFIG, LOGGER, Scheduled, type AppConfig, type Logger } from '@questline/platform';
import { PACK_CATALOG, type PackCatalog } from '@questline/rules';
import { calendarOf } from '../../domain/board-targets';
import { LEAGUE_REPOSITORY, nextTier, type LeagueRepository } from '../../domain/league.repository';
import { RANK_STORE, type RankStore } from '../../domain/rank-store.port';
import { standingsOf } from '../../domain/standings';
import { endedPeriods, periodRange } from '../../domain/windows';
import { cohortRef, graceOf } from '../leagues/league-calendar';
import type { SettleLeagueWeeksCommand } from './settle-league-weeks.command';

type Outcome = 'promoted' | 'demoted' | 'stayed';

/**
 * Settles league weeks, every LEADERBOARD_PERIOD_INTERVAL_MS and on an operator's request: each
 * cohort ranked from the ledger, the top `promote` up a tier, the bottom `demote` down (never past
 * the first or last tier), the rest stay; each member hears `league.promoted|demoted|stayed`
 * (published before the results are written, so a crash repeats the announcement, never loses it).
 */
@Injectable()
export class SettleLeagueWeeksUseCase extends Scheduled {
  constructor(
    @Inject(PACK_CATALOG) private readonly packs: PackCatalog,
    @Inject(LEAGUE_REPOSITORY) private readonly leagues: LeagueRepository,
    @Inject(RANK_STORE) private readonly ranks: RankStore,
    @Inject(MESSAGE_BUS) private readonly bus: MessageBus,
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(LOGGER) logger: Logger,
  ) {
    super();
    this.schedule('league weeks', config.LEADERBOARD_PERIOD_INTERVAL_MS, () => this.execute({}), logger);
  }

  /**
   * One settlement pass at `now` (every tenant, or one): the weeks whose grace has passed. `force`
   * settles one ended week of one league now, grace or not (an operator closing it early; 404 for
   * a league the pack does not declare). Returns how many members got their week's result.
   */
  async execute({ now = Date.now(), tenantId: only, force }: SettleLeagueWeeksCommand): Promise<number> {
    if (force && only && !this.packs.get(only)?.leagues.some((l) => l.id === force.league)) {
      throw new NotFoundError('unknown_league', `League "${force.league}" is not declared in this tenant's pack.`);
    }
    let settled = 0;
    for (const tenantId of only ? [only] : this.packs.tenants()) {
      const pack = this.packs.get(tenantId);
      if (!pack) continue;
      const cal = calendarOf(pack);
      for (const league of pack.leagues) {
        const due = endedPeriods('weekly', now, cal, 2).filter((w) => now >= w.to + graceOf(league));
        if (force) {
          if (force.league !== league.id) continue;
          const range = periodRange('weekly', force.week, cal);
          if (!range || range.to > now) throw new ValidationFailedError(`"${force.week}" is not a week of league "${league.id}" that has ended.`, [{ pointer: '/week', detail: 'must be a week that has ended' }], 'week_not_ended');
          due.splice(0, due.length, { period: force.week, ...range });
        }
        for (const week of due) {
          for (const c of await this.leagues.unsettled(tenantId, league.id, week.period)) {
            const totals = await this.leagues.cohortTotals(tenantId, league.id, week.period, c.tier, c.cohort, league.currency, new Date(week.from), new Date(week.to));
            // Members excluded since they joined (opt-out, moderation) are not ranked: they stay, unannounced.
            const standings = standingsOf(totals.filter((t) => !t.excluded), 'competition', true);
            const tierIndex = league.tiers.indexOf(c.tier);
            const results = standings.map((s) => {
              const outcome: Outcome =
                s.position <= league.promote && tierIndex < league.tiers.length - 1 ? 'promoted' : s.position > standings.length - league.demote && tierIndex > 0 ? 'demoted' : 'stayed';
              return { userId: s.userId, rank: s.rank, score: s.score, outcome };
            });
            const at = new Date().toISOString();
            await this.bus.publish(
              Topics.LeaderboardRank,
              results.map((r) => {
                const value: LeaderboardRankMessage = {
                  tenantId,
                  kind: `league.${r.outcome}`,
                  board: league.id,
                  window: 'weekly',
                  scope: `${c.tier}#${c.cohort}`,
                  period: week.period,
                  revision: 1,
                  members: results.length,
                  userId: r.userId,
                  rank: r.rank,
                  score: r.score,
                  tier: nextTier(league.tiers, c.tier, r.outcome),
                  dedupKey: `league:${league.id}:${week.period}:${r.userId}`,
                  at,
                };
                return { key: userPartitionKey(tenantId, r.userId), value };
              }),
            );
            const unranked = totals.filter((t) => t.excluded).map((t) => ({ userId: t.userId, rank: null, score: t.score, outcome: 'stayed' as const }));
            settled += await this.leagues.settle(tenantId, league.id, week.period, [...results, ...unranked]);
            await this.ranks.drop([cohortRef(tenantId, league.id, week.period, c.tier, c.cohort)]);
          }
        }
      }
    }
    return settled;
  }
}
