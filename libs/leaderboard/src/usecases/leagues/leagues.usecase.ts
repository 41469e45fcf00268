import { Inject, Injectable } from '@nestjs/common';
import { NotFoundError, Topics, ValidationFailedError, userPartitionKey, type LeaderboardRankMessage } from '@questline/contracts';
import { RANK_STORE, type BoardUpdate, type CohortRef, type RankStore } from '../../domain/rank-store.port';
import { endedPeriods, periodRange, periodsAt } from '../../domain/windows';
import { MESSAGE_BUS, type MessageBus } from '@questline/messaging';
import { APP_CONFIG, LOGGER, Scheduled, type AppConfig, type Logger } from '@questline/platform';
import { PACK_CATALOG, type LeagueDef, type Pack, type PackCatalog } from '@questline/rules';
import { calendarOf } from '../../domain/board-targets';
import { LEAGUE_REPOSITORY, nextTier, type LeagueRepository } from '../../domain/league.repository';
import { standingsOf } from '../../domain/standings';

const graceOf = (league: LeagueDef) => league.settleAfterHours * 3_600_000;
const cohortRef = (tenantId: string, leagueId: string, week: string, tier: string, cohort: number): CohortRef => ({ kind: 'cohort', tenantId, leagueId, week, tier, cohort });

/** A board-counting ledger entry, as RecordAwards sees it. */
export interface LeagueEntry {
  tenantId: string;
  userId: string;
  currency: string;
  amount: number;
  occurredAt: number;
  idempotencyKey: string;
}

type Outcome = 'promoted' | 'demoted' | 'stayed';

/**
 * Duolingo-style leagues. A user's first public earning of the league's currency in a week (event
 * time, tenant's week) gives them a seat in that week: in the tier their last week sent them to,
 * in the first cohort of `cohortSize` with room. The cohort is a Redis board moved under the same
 * guard as the award's other boards. An hour after the week ends a job settles each cohort from the
 * ledger: the top `promote` go up a tier, the bottom `demote` down (never past the first or last
 * tier), the rest stay; each member hears `league.promoted|demoted|stayed` (published before the
 * results are written, so a crash repeats the announcement, never loses it).
 */
@Injectable()
export class LeaguesUseCase extends Scheduled {
  constructor(
    @Inject(PACK_CATALOG) private readonly packs: PackCatalog,
    @Inject(LEAGUE_REPOSITORY) private readonly leagues: LeagueRepository,
    @Inject(RANK_STORE) private readonly ranks: RankStore,
    @Inject(MESSAGE_BUS) private readonly bus: MessageBus,
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(LOGGER) logger: Logger,
  ) {
    super();
    this.schedule('league weeks', config.LEADERBOARD_PERIOD_INTERVAL_MS, () => this.settle(), logger);
  }

  /** Seats the batch's earners and returns, per award key, the cohort boards it moves. */
  async cohortUpdates(entries: LeagueEntry[], now = Date.now()): Promise<Map<string, BoardUpdate[]>> {
    const out = new Map<string, BoardUpdate[]>();
    const groups = new Map<string, { pack: Pack; league: LeagueDef; week: string; list: (LeagueEntry & { tick: number })[] }>();
    for (const e of entries) {
      const pack = this.packs.get(e.tenantId);
      for (const league of pack?.leagues ?? []) {
        if (league.currency !== e.currency) continue;
        const week = periodsAt(['weekly'], e.occurredAt, calendarOf(pack!))[0]!;
        const k = `${e.tenantId}\n${league.id}\n${week.period}`;
        const g = groups.get(k) ?? { pack: pack!, league, week: week.period, list: [] };
        g.list.push({ ...e, tick: week.tick });
        groups.set(k, g);
      }
    }
    for (const { pack, league, week, list } of groups.values()) {
      if (periodRange('weekly', week, calendarOf(pack))!.to + graceOf(league) <= now) continue; // settled: too late
      // Earning joins the week; a penalty alone does not (but moves the cohort board of someone seated).
      const joiners = new Set(list.filter((e) => e.amount > 0).map((e) => e.userId));
      const seats = await this.leagues.seat(pack.tenant, league.id, week, list.map((e) => e.userId), joiners, league.tiers, league.cohortSize);
      for (const e of list) {
        const seat = seats.get(e.userId);
        if (!seat) continue; // excluded from leaderboards
        const set = cohortRef(e.tenantId, league.id, week, seat.tier, seat.cohort);
        out.set(e.idempotencyKey, [...(out.get(e.idempotencyKey) ?? []), { set, delta: e.amount, tick: e.tick }]);
      }
    }
    return out;
  }

  /**
   * One settlement pass at `now` (every tenant, or `only` one): the weeks whose grace has passed.
   * `force` settles one ended week of one league now, grace or not (an operator closing it early).
   * Returns how many members got their week's result.
   */
  async settle(now = Date.now(), only?: string, force?: { league: string; week: string }): Promise<number> {
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

  exists(tenantId: string, leagueId: string): boolean {
    return Boolean(this.packs.get(tenantId)?.leagues.some((l) => l.id === leagueId));
  }

  /** The user's league this week (or `week`): tier, cohort and its standings, promotion and demotion zones. */
  async view(tenantId: string, leagueId: string, userId: string, week?: string, now = Date.now()) {
    const pack = this.packs.get(tenantId);
    const league = pack?.leagues.find((l) => l.id === leagueId);
    if (!pack || !league) throw new NotFoundError('unknown_league', `League "${leagueId}" is not declared in this tenant's pack.`);
    const cal = calendarOf(pack);
    const current = periodsAt(['weekly'], now, cal)[0]!.period;
    const w = week ?? current;
    const range = periodRange('weekly', w, cal);
    if (!range || range.from > now) throw new NotFoundError('unknown_period', `"${w}" is not a week of league "${leagueId}" that has begun (current: ${current}).`);
    const me = await this.leagues.member(tenantId, leagueId, w, userId);
    const base = { league: league.id, name: league.name, week: w, userId, tiers: league.tiers, promote: league.promote, demote: league.demote };
    if (!me) return { ...base, status: 'not_joined' as const, tier: await this.leagues.tierFor(tenantId, leagueId, w, userId, league.tiers), cohort: null, rank: null, score: null, outcome: null, standings: [] };
    const members = await this.leagues.cohort(tenantId, leagueId, w, me.tier, me.cohort);
    if (me.outcome) {
      return { ...base, status: 'settled' as const, tier: me.tier, cohort: me.cohort, rank: me.rank, score: me.score, outcome: me.outcome, nextTier: nextTier(league.tiers, me.tier, me.outcome), standings: members.map((m) => ({ userId: m.userId, rank: m.rank, score: m.score, outcome: m.outcome })) };
    }
    const board = await this.ranks.top(cohortRef(tenantId, leagueId, w, me.tier, me.cohort), 0, league.cohortSize);
    const onBoard = new Set(board.map((b) => b.member));
    const zeroRank = board.filter((b) => b.score > 0).length + 1;
    const standings = [...board.map((b) => ({ userId: b.member, rank: b.rank, score: b.score })), ...members.filter((m) => !onBoard.has(m.userId)).map((m) => ({ userId: m.userId, rank: zeroRank, score: 0 }))];
    const mine = standings.find((s) => s.userId === userId);
    return { ...base, status: range.to > now ? ('running' as const) : ('settling' as const), tier: me.tier, cohort: me.cohort, rank: mine?.rank ?? null, score: mine?.score ?? 0, outcome: null, standings };
  }
}
