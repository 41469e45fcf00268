// Test and benchmark seam: the points context's adapters. Tests and bench only (the boundary lint forbids the rest).
export { PrismaLedgerRepository } from './infrastructure/prisma-ledger.repository';
export { RecordAwardsUseCase } from './usecases/record-awards/record-awards.usecase';
