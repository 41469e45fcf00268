export const LEAGUE_REPOSITORY = Symbol('LEAGUE_REPOSITORY');

export interface LeagueSeat {
  userId: string;
  tier: string;
  cohort: number;
}

export interface LeagueMemberView extends LeagueSeat {
  week: string;
  rank: number | null;
  score: number | null;
  outcome: 'promoted' | 'demoted' | 'stayed' | null;
}

export interface LeagueRepository {
  /**
   * The seat of each user in the league's week, giving one to the `joiners` who have none: in the tier
   * their last settled week sends them to (the first tier for newcomers), in the first cohort of
   * that tier with room, cohorts filling in join order. Users excluded from leaderboards get none.
   * Idempotent and safe under concurrent batches.
   */
  seat(tenantId: string, leagueId: string, week: string, userIds: string[], joiners: Set<string>, tiers: string[], cohortSize: number): Promise<Map<string, LeagueSeat>>;
  member(tenantId: string, leagueId: string, week: string, userId: string): Promise<LeagueMemberView | null>;
  /** The tier a user is in for `week` when not seated yet: from their last settled week. */
  tierFor(tenantId: string, leagueId: string, week: string, userId: string, tiers: string[]): Promise<string>;
  /** Cohorts of a week with members not settled yet. */
  unsettled(tenantId: string, leagueId: string, week: string): Promise<{ tier: string; cohort: number }[]>;
  /**
   * A cohort's members with their public earnings of `currency` in [from, to) from the ledger, when
   * they last earned, and whether they are now excluded from leaderboards.
   */
  cohortTotals(tenantId: string, leagueId: string, week: string, tier: string, cohort: number, currency: string, from: Date, to: Date): Promise<{ userId: string; score: number; lastAt: number; excluded: boolean }[]>;
  /** A cohort's members; with their results once settled (ordered by rank). */
  cohort(tenantId: string, leagueId: string, week: string, tier: string, cohort: number): Promise<LeagueMemberView[]>;
  /** Records the results of a cohort's week (only rows not settled yet); an excluded member has no rank. */
  settle(tenantId: string, leagueId: string, week: string, results: { userId: string; rank: number | null; score: number; outcome: 'promoted' | 'demoted' | 'stayed' }[]): Promise<number>;
}

/** Where the week's result sends a user. */
export function nextTier(tiers: string[], tier: string, outcome: string | null): string {
  const i = Math.max(0, tiers.indexOf(tier));
  if (outcome === 'promoted') return tiers[Math.min(tiers.length - 1, i + 1)]!;
  if (outcome === 'demoted') return tiers[Math.max(0, i - 1)]!;
  return tiers[i]!;
}
