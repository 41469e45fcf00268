export * from './points.module';
export type { NewLedgerEntry } from './domain/ledger.repository';
