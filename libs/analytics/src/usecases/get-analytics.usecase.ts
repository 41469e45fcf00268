import { Inject, Injectable } from '@nestjs/common';
import { NotFoundError, ValidationFailedError } from '@questline/contracts';
import { PACK_CATALOG, type PackCatalog } from '@questline/rules';
import { ANALYTICS_REPOSITORY, type AnalyticsRepository, type DailyMetric, type DailyRow, type Distribution, type LiveFigures, type RetentionCohort } from '../domain/analytics.repository';
import { addDays, dayDiff, isDay, localDay } from '../domain/days';

/** The longest period one request may ask for. */
export const MAX_DAYS = 400;

export interface Period {
  from: string;
  to: string;
}

/** One day of the Gamification and Community Health dashboards (seed 004). */
export interface SummaryDay {
  day: string;
  dau: number;
  events: number;
  /** Points earned per currency: gross awards as scored live (`points_earned`; re-scoring corrections are in `points_net`). */
  points: Record<string, number>;
  unlocks: number;
  missionsCompleted: number;
  questsCompleted: number;
  redemptions: number;
}

export interface MissionDay {
  day: string;
  mission: string;
  completed: number;
  users: number;
  /** Mean seconds from the first progress to completion (null when no completion has both times). */
  avgSeconds: number | null;
  /** Points the mission's rewards paid that day, per currency, net of re-scoring corrections. */
  points: Record<string, number>;
}

export interface DistributionView extends Distribution {
  /** Users per level, when `currency` is the pack's level currency. */
  levels: { level: number; users: number }[] | null;
}

/**
 * Reads of the analytics aggregates, per tenant, in the tenant's local days. Periods default to
 * the 30 days ending today; `from` after `to`, or more than MAX_DAYS days, is refused.
 */
@Injectable()
export class GetAnalyticsUseCase {
  constructor(
    @Inject(ANALYTICS_REPOSITORY) private readonly repo: AnalyticsRepository,
    @Inject(PACK_CATALOG) private readonly packs: PackCatalog,
  ) {}

  private pack(tenantId: string) {
    const pack = this.packs.get(tenantId);
    if (!pack) throw new NotFoundError('unknown_tenant', `Tenant "${tenantId}" has no active pack.`);
    return pack;
  }

  /** The tenant's today, and a checked period. */
  period(tenantId: string, from?: string, to?: string): Period & { today: string } {
    for (const [name, d] of [['from', from], ['to', to]] as const) {
      if (d !== undefined && !isDay(d)) throw new ValidationFailedError(`\`${name}\` is not a calendar day.`, [{ pointer: `/${name}`, detail: `${d} is not a day (YYYY-MM-DD)` }], 'invalid_period');
    }
    const today = localDay(new Date(), this.pack(tenantId).timezone ?? 'UTC');
    const end = to ?? today;
    const start = from ?? addDays(end, -29);
    if (start > end) throw new ValidationFailedError('`from` is after `to`.', [{ pointer: '/from', detail: `${start} is after ${end}` }], 'invalid_period');
    if (dayDiff(start, end) + 1 > MAX_DAYS) throw new ValidationFailedError(`At most ${MAX_DAYS} days per request.`, [{ pointer: '/from', detail: `${dayDiff(start, end) + 1} days asked` }], 'invalid_period');
    return { from: start, to: end, today };
  }

  async daily(tenantId: string, metric: DailyMetric, q: { from?: string; to?: string; dimension?: string }): Promise<Period & { metric: DailyMetric; rows: DailyRow[] }> {
    const { from, to } = this.period(tenantId, q.from, q.to);
    return { metric, from, to, rows: await this.repo.daily(tenantId, metric, from, to, q.dimension) };
  }

  async summary(tenantId: string, q: { from?: string; to?: string }): Promise<Period & { days: SummaryDay[] }> {
    const { from, to } = this.period(tenantId, q.from, q.to);
    const get = (m: DailyMetric) => this.repo.daily(tenantId, m, from, to);
    const [dau, events, points, unlocks, missions, quests, redemptions] = await Promise.all(
      (['dau', 'events', 'points_earned', 'unlocks', 'missions_completed', 'quests_completed', 'redemptions'] as const).map(get),
    );
    const total = (rows: DailyRow[], day: string) => rows.filter((r) => r.day === day).reduce((n, r) => n + r.value, 0);
    const days: SummaryDay[] = [];
    for (let d = from; d <= to; d = addDays(d, 1)) {
      days.push({
        day: d,
        dau: total(dau!, d),
        events: total(events!, d),
        points: Object.fromEntries(points!.filter((r) => r.day === d).map((r) => [r.dimension, r.value])),
        unlocks: total(unlocks!, d),
        missionsCompleted: total(missions!, d),
        questsCompleted: total(quests!, d),
        redemptions: total(redemptions!, d),
      });
    }
    return { from, to, days };
  }

  async missions(tenantId: string, q: { from?: string; to?: string }): Promise<Period & { rows: MissionDay[] }> {
    const { from, to } = this.period(tenantId, q.from, q.to);
    const [completed, users, avg, byRule] = await Promise.all(
      (['missions_completed', 'missions_completed_users', 'missions_avg_seconds', 'points_by_rule'] as const).map((m) => this.repo.daily(tenantId, m, from, to)),
    );
    const key = (r: DailyRow) => `${r.day}|${r.dimension}`;
    const usersOf = new Map(users!.map((r) => [key(r), r.value]));
    const avgOf = new Map(avg!.map((r) => [key(r), r.value]));
    const rows = completed!.map((r) => {
      const points: Record<string, number> = {};
      for (const p of byRule!) {
        const [currency, rule] = [p.dimension.slice(0, p.dimension.indexOf('/')), p.dimension.slice(p.dimension.indexOf('/') + 1)];
        if (p.day === r.day && rule === `mission:${r.dimension}`) points[currency] = (points[currency] ?? 0) + p.value;
      }
      return { day: r.day, mission: r.dimension, completed: r.value, users: usersOf.get(key(r)) ?? 0, avgSeconds: avgOf.get(key(r)) ?? null, points };
    });
    return { from, to, rows };
  }

  async retention(tenantId: string, q: { from?: string; to?: string }): Promise<Period & { cohorts: RetentionCohort[] }> {
    const { from, to, today } = this.period(tenantId, q.from, q.to);
    return { from, to, cohorts: await this.repo.retention(tenantId, from, to, today) };
  }

  async distribution(tenantId: string, currency: string, buckets: number): Promise<DistributionView> {
    const pack = this.pack(tenantId);
    if (!pack.currencies.some((c) => c.id === currency)) throw new NotFoundError('unknown_currency', `The pack has no currency "${currency}".`);
    const dist = await this.repo.distribution(tenantId, currency, buckets);
    const levels = pack.levels && pack.levels.currency === currency ? await this.repo.levels(tenantId, currency, pack.levels.thresholds, pack.levels.allowDown === true) : null;
    return { ...dist, levels };
  }

  /** Events per second, processing lag and failures now, from the event store. */
  async live(tenantId: string): Promise<LiveFigures> {
    this.pack(tenantId);
    return this.repo.live(tenantId);
  }

  /** Users by the start of their id (the console's search). */
  async users(tenantId: string, prefix: string, limit: number): Promise<{ users: { userId: string; balances: Record<string, number> }[] }> {
    this.pack(tenantId);
    return { users: await this.repo.users(tenantId, prefix, limit) };
  }

  async streaks(tenantId: string): Promise<{ streaks: { streak: string; longest: number; users: number }[] }> {
    this.pack(tenantId);
    return { streaks: await this.repo.streaks(tenantId) };
  }
}
