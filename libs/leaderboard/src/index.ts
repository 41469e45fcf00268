// The leaderboard context's public face: its module, its port and its pure calendar maths.
// Adapters (Redis, memory) are wired by libs/runtime through '@questline/leaderboard/adapters'.
export * from './leaderboard.module';
export * from './domain/rank-store.port';
export * from './domain/windows';
