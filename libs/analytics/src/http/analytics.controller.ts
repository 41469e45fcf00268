import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { AUDIT_LOG, type AuditLog } from '@questline/persistence';
import { CurrentPrincipal, RequireScope, TenantId, type Principal } from '@questline/platform';
import { GetAnalyticsUseCase } from '../usecases/get-analytics.usecase';
import { RefreshAnalyticsJob } from '../usecases/refresh-analytics.job';
import { DailyQueryDto, DistributionQueryDto, MetricParamDto, PeriodQueryDto, RecomputeDto, UserSearchDto } from './analytics.dto';

/**
 * Engagement analytics (issue 24, seed 004's dashboards): aggregates per local day of the tenant,
 * kept by the analytics job (ANALYTICS_INTERVAL_MS), and snapshots computed on request.
 */
@ApiTags('analytics')
@RequireScope('read')
@Controller('v1/analytics')
export class AnalyticsController {
  constructor(private readonly analytics: GetAnalyticsUseCase) {}

  /** Per day: DAU, events, points earned per currency, unlocks, missions and quests completed, redemptions. */
  @Get('summary')
  @ApiOperation({ summary: 'Per day: DAU, events, points per currency, unlocks, missions and quests completed, redemptions' })
  summary(@TenantId() tenantId: string, @Query() q: PeriodQueryDto) {
    return this.analytics.summary(tenantId, q);
  }

  /** Mission completion per day and mission (seed 004): count, unique users, points paid, mean time to complete. */
  @Get('missions')
  @ApiOperation({ summary: 'Mission completion per day and mission: count, unique users, points, mean seconds to complete' })
  missions(@TenantId() tenantId: string, @Query() q: PeriodQueryDto) {
    return this.analytics.missions(tenantId, q);
  }

  /** D1, D7 and D30 retention of each cohort (users by the local day of their first event). */
  @Get('retention')
  @ApiOperation({ summary: 'Retention cohorts: users by first day, and how many came back 1, 7 and 30 days later' })
  retention(@TenantId() tenantId: string, @Query() q: PeriodQueryDto) {
    return this.analytics.retention(tenantId, q);
  }

  /** Lifetime balances of a currency now: percentiles, a histogram, and users per level for the level currency. */
  @Get('distributions/:currency')
  @ApiOperation({ summary: 'Distribution of lifetime balances of a currency (percentiles, histogram, levels)' })
  distribution(@TenantId() tenantId: string, @Param('currency') currency: string, @Query() q: DistributionQueryDto) {
    return this.analytics.distribution(tenantId, currency, q.buckets);
  }

  /** Now: events per second over the last minute, events waiting to be processed and the oldest one's wait (processing lag), failing and dead-lettered events of the last hour. */
  @Get('live')
  @ApiOperation({ summary: 'Now: events per second, processing lag (queued events, the oldest one\'s wait), failing and dead-lettered events of the last hour' })
  live(@TenantId() tenantId: string) {
    return this.analytics.live(tenantId);
  }

  /** Users whose id starts with `prefix` (users with a balance), in id order, with their lifetime balances. */
  @Get('users')
  @ApiOperation({ summary: 'Users by the start of their id, with their lifetime balances (the console search)' })
  users(@TenantId() tenantId: string, @Query() q: UserSearchDto) {
    return this.analytics.users(tenantId, q.prefix, q.limit);
  }

  /** Users per longest run, per streak. */
  @Get('streaks')
  @ApiOperation({ summary: 'Streak lengths: users per longest run, per streak' })
  streaks(@TenantId() tenantId: string) {
    return this.analytics.streaks(tenantId);
  }

  /** One metric per day and dimension. */
  @Get('daily/:metric')
  @ApiOperation({ summary: 'One aggregate per day and dimension (events, dau, points_earned, points_by_rule, unlocks, missions_completed, …)' })
  daily(@TenantId() tenantId: string, @Param() p: MetricParamDto, @Query() q: DailyQueryDto) {
    return this.analytics.daily(tenantId, p.metric, q);
  }
}

/** Recompute a period now (a backfill after an import, or after re-scoring). Audited. */
@ApiTags('analytics')
@RequireScope('admin')
@Controller('v1/admin/analytics')
export class AnalyticsAdminController {
  constructor(
    private readonly analytics: GetAnalyticsUseCase,
    private readonly job: RefreshAnalyticsJob,
    @Inject(AUDIT_LOG) private readonly audit: AuditLog,
  ) {}

  /** Recomputes every local day from `from` to `to` (at most 400) from the source rows. */
  @Post('recompute')
  @HttpCode(200)
  @ApiOperation({ summary: 'Recompute the aggregates of a period from the source rows' })
  async recompute(@TenantId() tenantId: string, @Body() dto: RecomputeDto, @CurrentPrincipal() who: Principal) {
    // Both days given: period() only checks them (real days, in order, at most 400 apart).
    const { from, to } = this.analytics.period(tenantId, dto.from, dto.to);
    const result = await this.job.backfill(tenantId, from, to);
    await this.audit.record([{ tenantId, actor: who.keyId, action: 'analytics.recompute', target: `${from}..${to}`, detail: { days: result.days, rows: result.rows } }]);
    return { from, to, days: result.days, rows: result.rows };
  }
}
