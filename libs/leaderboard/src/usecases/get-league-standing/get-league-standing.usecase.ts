import { Inject, Injectable } from '@nestjs/common';
import { NotFoundError } from '@questline/contracts';
import { PACK_CATALOG, type PackCatalog } from '@questline/rules';
import { calendarOf } from '../../domain/board-targets';
import { LEAGUE_REPOSITORY, nextTier, type LeagueRepository } from '../../domain/league.repository';
import { RANK_STORE, type RankStore } from '../../domain/rank-store.port';
import { periodRange, periodsAt } from '../../domain/windows';
import { cohortRef } from '../leagues/league-calendar';
import type { GetLeagueStandingCommand } from './get-league-standing.command';

@Injectable()
export class GetLeagueStandingUseCase {
  constructor(
    @Inject(PACK_CATALOG) private readonly packs: PackCatalog,
    @Inject(LEAGUE_REPOSITORY) private readonly leagues: LeagueRepository,
    @Inject(RANK_STORE) private readonly ranks: RankStore,
  ) {}

  /** The user's league this week (or `week`): tier, cohort and its standings, promotion and demotion zones. */
  async execute({ tenantId, leagueId, userId, week, now = Date.now() }: GetLeagueStandingCommand) {
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
