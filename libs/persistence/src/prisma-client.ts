import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/prisma/client';

export const PRISMA = Symbol('PRISMA');
export type Db = PrismaClient;
/** The client handed to code running inside `db.$transaction(async (tx) => ...)`. */
export type Tx = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0];

export interface DbOptions {
  url: string;
  /** Pool size. The embedded PGlite server takes one connection at a time: use 1 there. */
  poolMax?: number;
}

export function createPrismaClient(options: DbOptions): PrismaClient {
  const adapter = new PrismaPg({ connectionString: options.url, max: options.poolMax ?? 10 });
  return new PrismaClient({ adapter });
}

export { PrismaClient };
