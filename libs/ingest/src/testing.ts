// Test and benchmark seams of the ingest context: the privacy jobs, built without Nest.
export { ExportUserUseCase } from './usecases/export-user/export-user.usecase';
export { RetentionJob } from './usecases/retention/retention.job';
export { PgUserErasure } from './infrastructure/pg-user-erasure';
export { FileEventArchive } from './infrastructure/file-event-archive';
