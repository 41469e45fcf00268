import { Module } from '@nestjs/common';
import { ANALYTICS_REPOSITORY } from './domain/analytics.repository';
import { AnalyticsAdminController, AnalyticsController } from './http/analytics.controller';
import { PgAnalyticsRepository } from './infrastructure/pg-analytics.repository';
import { GetAnalyticsUseCase } from './usecases/get-analytics.usecase';
import { RefreshAnalyticsJob } from './usecases/refresh-analytics.job';

/**
 * Engagement analytics (issue 24): a read model over every context's tables — the event store,
 * the ledger, unlocks, progress and redemptions — kept per local day by a job, imported by none of
 * them. Runs in the points service (and standalone).
 */
@Module({
  controllers: [AnalyticsController, AnalyticsAdminController],
  providers: [GetAnalyticsUseCase, RefreshAnalyticsJob, { provide: ANALYTICS_REPOSITORY, useClass: PgAnalyticsRepository }],
})
export class AnalyticsModule {}
