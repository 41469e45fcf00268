import type { ConnectionOptions } from 'node:tls';
import { PrismaPg } from '@prisma/adapter-pg';
import { Pool, type PoolClient } from 'pg';
import { PrismaClient } from './generated/prisma/client';

export const PRISMA = Symbol('PRISMA');
/** The pg pool under Prisma, for hot paths in raw SQL (same connections, same limits). */
export const PG_POOL = Symbol('PG_POOL');
export type Db = PrismaClient;
export type SqlPool = Pool;
export type SqlClient = PoolClient;
/** The client handed to code running inside `db.$transaction(async (tx) => ...)`. */
export type Tx = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0];

export interface DbOptions {
  url: string;
  /** Pool size. The embedded PGlite server takes one connection at a time: use 1 there. */
  poolMax?: number;
  /** Bounded waits (ms): opening a connection, one query (client side), a transaction left idle (server side). */
  connectTimeoutMs?: number;
  queryTimeoutMs?: number;
  idleInTransactionTimeoutMs?: number;
  /** TLS (DATABASE_TLS): node-postgres' `ssl` option. */
  ssl?: ConnectionOptions;
}

/**
 * Prisma for the ordinary queries, over a pg pool that hot paths also use directly: Prisma's
 * driver-adapter path costs milliseconds per raw query where node-postgres takes a fraction of
 * one (measured: a one-row INSERT 2-10 ms through Prisma, 0.3 ms through pg).
 */
export function createDatabase(options: DbOptions): { prisma: PrismaClient; pool: Pool } {
  // Every wait is bounded and half-open connections are noticed (TCP keep-alive): an await that
  // never ends would stop a consumer's partition with nothing logged; an error is retried.
  const pool = new Pool({
    connectionString: options.url,
    max: options.poolMax ?? 10,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 10_000,
    query_timeout: options.queryTimeoutMs ?? 120_000,
    idle_in_transaction_session_timeout: options.idleInTransactionTimeoutMs ?? 60_000,
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
    ...(options.ssl ? { ssl: options.ssl } : {}),
  });
  // An idle connection that dies (Postgres restarted) is dropped by the pool; without a listener its
  // 'error' event would crash the process. The next query opens a new connection.
  pool.on('error', () => undefined);
  return { prisma: new PrismaClient({ adapter: new PrismaPg(pool) }), pool };
}

export function createPrismaClient(options: DbOptions): PrismaClient {
  return createDatabase(options).prisma;
}

/** Runs `fn` in one transaction on one pooled connection; rolls back if it throws. */
export async function withTransaction<T>(pool: Pool, fn: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  // While checked out, a connection that dies between two queries (Postgres crashed while the
  // transaction awaited something else) emits 'error' on the client: unheard, it would crash the
  // process. Heard, the next query fails and the transaction rolls back (a retryable failure).
  let broken: unknown;
  const onError = (err: unknown) => {
    broken = err;
  };
  client.on('error', onError);
  try {
    await client.query('BEGIN');
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.off('error', onError);
    // A broken connection is not given back to the pool.
    client.release(broken instanceof Error ? broken : undefined);
  }
}

/**
 * Runs `fn` again when Postgres aborted it as one side of a deadlock (40P01: nothing of it was
 * kept), at most `attempts` times in all: the other side has gone through by then. For writes whose
 * lock order can cross another path's (the ledger's floor path and its one-statement path while two
 * instances hold different packs).
 */
export async function retryOnDeadlock<T>(fn: () => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (attempt >= attempts || (err as { code?: unknown }).code !== '40P01') throw err;
    }
  }
}

export { PrismaClient };
