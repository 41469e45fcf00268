export * from './rank-store.port';
export * from './leaderboard-keys';
export * from './redis-rank-store';
export * from './memory-rank-store';
export * from './windows';
