export * from './rules-engine.module';
export { RescoreService } from './rescore/rescore.service';
export { PgRescoreSource } from './infrastructure/pg-rescore.source';
export { PgDecisionStore } from './infrastructure/pg-decision.store';
