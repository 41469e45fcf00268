import { Inject, Injectable } from '@nestjs/common';
import { PACK_CATALOG, type LeagueDef, type Pack, type PackCatalog } from '@questline/rules';
import { calendarOf } from '../../domain/board-targets';
import { LEAGUE_REPOSITORY, type LeagueRepository } from '../../domain/league.repository';
import type { BoardUpdate } from '../../domain/rank-store.port';
import { periodRange, periodsAt } from '../../domain/windows';
import { cohortRef, graceOf } from './league-calendar';

/** A board-counting ledger entry, as the leaderboard context receives it. */
export interface LeagueEntry {
  tenantId: string;
  userId: string;
  currency: string;
  amount: number;
  occurredAt: number;
  idempotencyKey: string;
}

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
export class LeagueSeating {
  constructor(
    @Inject(PACK_CATALOG) private readonly packs: PackCatalog,
    @Inject(LEAGUE_REPOSITORY) private readonly leagues: LeagueRepository,
  ) {}

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
}
