// Rank-store adapters: for libs/runtime (and adapter tests) only — the boundary lint forbids the rest.
export { RedisRankStore } from './infrastructure/redis-rank-store';
export { MemoryRankStore } from './infrastructure/memory-rank-store';
export { RankStoreErasure } from './usecases/erase-user/rank-store-erasure';
