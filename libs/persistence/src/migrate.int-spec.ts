import { Client } from 'pg';
import { infraEnv } from '@questline/testing';
import { applyMigrations } from './migrate';
import { startEmbeddedPostgres } from './embedded-postgres';

jest.setTimeout(60_000);

describe('applyMigrations', () => {
  it('brings a fresh real Postgres database to the schema, records it for Prisma, and is idempotent', async () => {
    const admin = new Client({ connectionString: infraEnv().DATABASE_URL });
    await admin.connect();
    const db = `mig_${Date.now()}`;
    await admin.query(`CREATE DATABASE ${db}`);
    const url = infraEnv().DATABASE_URL.replace(/\/[^/]+$/, `/${db}`);
    try {
      const [first, second] = [await applyMigrations(url), await applyMigrations(url)];
      expect(first.applied.length).toBeGreaterThan(0);
      expect(second).toEqual({ applied: [], alreadyApplied: first.applied.length });
      const c = new Client({ connectionString: url });
      await c.connect();
      const tables = await c.query(`SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`);
      const recorded = await c.query(`SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL`);
      await c.end();
      expect(tables.rows.map((r) => r.tablename)).toEqual(
        expect.arrayContaining(['_prisma_migrations', 'achievement_unlock', 'balance', 'ingested_event', 'ledger_entry', 'notification']),
      );
      expect(recorded.rows.map((r) => r.migration_name)).toEqual(first.applied);
    } finally {
      await admin.query(`DROP DATABASE ${db} WITH (FORCE)`);
      await admin.end();
    }
  });

  it('applies the same migrations to the embedded Postgres (PGlite) used by standalone mode', async () => {
    const pg = await startEmbeddedPostgres();
    try {
      const result = await applyMigrations(pg.url);
      expect(result.applied.length).toBeGreaterThan(0);
    } finally {
      await pg.stop();
    }
  });
});
