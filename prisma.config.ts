// Prisma CLI configuration: the JS engine with the pg driver adapter, so `prisma generate`
// and `prisma migrate diff` need no downloaded Rust engine binaries.
import { PrismaPg } from '@prisma/adapter-pg';
import { defineConfig } from 'prisma/config';

// The schema's datasource reads env("DATABASE_URL"); default it so offline commands
// (generate, migrate diff) work without any environment set.
process.env.DATABASE_URL ??= 'postgresql://questline:questline@127.0.0.1:5432/questline';
const connectionString = process.env.DATABASE_URL;

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  engine: 'js',
  experimental: { adapter: true },
  adapter: async () => new PrismaPg({ connectionString }),
});
