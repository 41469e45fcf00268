import type { LeagueDef } from '@questline/rules';
import type { CohortRef } from '../../domain/rank-store.port';

export const graceOf = (league: LeagueDef) => league.settleAfterHours * 3_600_000;
export const cohortRef = (tenantId: string, leagueId: string, week: string, tier: string, cohort: number): CohortRef => ({ kind: 'cohort', tenantId, leagueId, week, tier, cohort });
