export * from './analytics.module';
export * from './domain/analytics.repository';
export * from './domain/days';
export { RefreshAnalyticsJob } from './usecases/refresh-analytics.job';
export { GetAnalyticsUseCase } from './usecases/get-analytics.usecase';
export { PgAnalyticsRepository } from './infrastructure/pg-analytics.repository';
