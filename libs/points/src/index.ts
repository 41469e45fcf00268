export * from './points.module';
export type { NewLedgerEntry } from './domain/ledger.repository';
export { PgRewardsRepository } from './infrastructure/pg-rewards.repository';
