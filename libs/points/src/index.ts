export * from './points.module';
export { PrismaLedgerRepository } from './infrastructure/prisma-ledger.repository';
export { PgBoardStateRepository } from './infrastructure/pg-board-state.repository';
export { GetLeaderboardUseCase } from './usecases/get-leaderboard/get-leaderboard.usecase';
export { MaintainLeaderboardsUseCase } from './usecases/maintain-leaderboards/maintain-leaderboards.usecase';
export type { NewLedgerEntry } from './domain/ledger.repository';
