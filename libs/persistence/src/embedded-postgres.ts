import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

export interface EmbeddedPostgres {
  url: string;
  stop(): Promise<void>;
}

/**
 * Real Postgres compiled to WASM (PGlite), served over the Postgres wire protocol on loopback so
 * the same `pg` driver, Prisma adapter and SQL run as in production. It serves one connection at a
 * time: clients must use a pool of 1. `dataDir` undefined keeps everything in memory.
 */
export async function startEmbeddedPostgres(options: { dataDir?: string; port?: number } = {}): Promise<EmbeddedPostgres> {
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const db = await PGlite.create(options.dataDir);
  const port = options.port ?? 0;
  const server = new PGLiteSocketServer({ db, port, host: '127.0.0.1' });
  await server.start();
  const bound = port === 0 ? await boundPort(server) : port;
  return {
    url: `postgresql://postgres:postgres@127.0.0.1:${bound}/postgres?sslmode=disable`,
    stop: async () => {
      await server.stop();
      await db.close();
    },
  };
}

async function boundPort(server: PGLiteSocketServer): Promise<number> {
  const s = (server as unknown as { server?: { address(): { port: number } | string | null } }).server;
  const addr = s?.address();
  if (addr && typeof addr === 'object') return addr.port;
  throw new Error('embedded postgres: could not determine the bound port');
}
