// `npm run db:migrate`: applies prisma/migrations to DATABASE_URL (default: the infra/up.sh database)
// and records them in Prisma's own _prisma_migrations table. Services also do this on start.
// It reads the platform's own settings (DATABASE_URL or DATABASE_URL_FILE, DATABASE_TLS*).
import { applyMigrations } from '@questline/persistence';
import { databaseTls, loadConfig } from '@questline/platform';

const config = loadConfig('migrate', 'standalone');
const url = config.DATABASE_URL ?? 'postgresql://questline:questline@127.0.0.1:5432/questline';

applyMigrations(url, undefined, config.DATABASE_URL ? databaseTls(config) : undefined).then(
  (r) => {
    process.stdout.write(`migrations: ${r.applied.length} applied (${r.applied.join(', ') || 'none'}), ${r.alreadyApplied} already applied\n`);
  },
  (err: unknown) => {
    process.stderr.write(`migrations failed: ${(err as Error).message}\n`);
    process.exit(1);
  },
);
