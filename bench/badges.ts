/**
 * `npm run bench:badges`: badge evaluation on the real Postgres of infra/up.sh — the achievements
 * service's use case (EvaluateAchievementsUseCase: candidates from 100 balance-threshold badge
 * definitions, prerequisites, unlock rows written once with skipDuplicates and read back) — fed
 * BADGE_OUTCOMES (5,000) points outcomes from 500 users whose lifetime grows past every threshold,
 * in batches of 500. Publishing the unlocks is not timed (a bus that only counts). Raw baseline in
 * the same run: `pg` inserting the same unlock rows with INSERT … unnest ON CONFLICT DO NOTHING in
 * the same batches. Median of BENCH_REPEATS; the unlock count is checked against the rows due.
 */
import { performance } from 'node:perf_hooks';
import { v4 as uuidv4 } from 'uuid';
import type { PointsAwardedMessage } from '@questline/contracts';
import { EvaluateAchievementsUseCase, PrismaAchievementRepository } from '@questline/achievements';
import type { MessageBus } from '@questline/messaging';
import { applyMigrations, createDatabase } from '@questline/persistence';
import { parsePack, type PackCatalog } from '@questline/rules';
import { infraEnv } from '@questline/testing';
import { median, round } from './lib/stats';

const OUTCOMES = Number(process.env['BADGE_OUTCOMES'] ?? 5_000);
const REPEATS = Number(process.env['BENCH_REPEATS'] ?? 3);
const USERS = 500;
const BATCH = 500;
const BADGES = 100;

async function main() {
  const url = infraEnv().DATABASE_URL;
  await applyMigrations(url);
  const { prisma, pool } = createDatabase({ url, poolMax: 4 });
  const badges = Array.from({ length: BADGES }, (_, i) => `  - { id: b${i}, name: Badge ${i}, when: { currency: xp, lifetimeAtLeast: ${(i + 1) * 10} } }`).join('\n');
  const pack = parsePack(`tenant: bench\nversion: 1\nname: Bench\nschemaNamespace: bench\ncurrencies: [{ id: xp }]\nrules: []\nachievements:\n${badges}\n`);
  let published = 0;
  const bus = { publish: async (_t: string, m: unknown[]) => void (published += m.length) } as unknown as MessageBus;
  const rates: number[] = [];
  const raws: number[] = [];
  for (let r = 0; r < REPEATS; r++) {
    published = 0;
    const tenantId = `bench-badges-${process.pid}-${r}`;
    const packs: PackCatalog = { get: (t) => (t === tenantId ? pack : undefined), tenants: () => [tenantId] };
    const evaluate = new EvaluateAchievementsUseCase(new PrismaAchievementRepository(prisma, pool), packs, bus);
    // Each user's lifetime grows by 100 per outcome: ten outcomes reach every threshold (1,000).
    const outcomes: PointsAwardedMessage[] = Array.from({ length: OUTCOMES }, (_, i) => {
      const step = Math.floor(i / USERS) + 1;
      const at = new Date().toISOString();
      return { kind: 'earn', tenantId, userId: `u${i % USERS}`, eventId: uuidv4(), eventType: 'bench.done', currency: 'xp', amount: 100, ruleId: 'r', ruleVersion: 1, ledgerKey: `k${i}`, lifetime: step * 100, spendable: step * 100, net: step * 100, occurredAt: at };
    });
    const t0 = performance.now();
    for (let i = 0; i < outcomes.length; i += BATCH) await evaluate.execute(outcomes.slice(i, i + BATCH));
    const seconds = (performance.now() - t0) / 1000;
    const { rows } = await pool.query<{ n: string }>('SELECT count(*)::text AS n FROM achievement_unlock WHERE tenant_id = $1', [tenantId]);
    const due = USERS * Math.min(BADGES, Math.floor((Math.ceil(OUTCOMES / USERS) * 100) / 10));
    if (Number(rows[0]!.n) !== due) throw new Error(`unlocks ${rows[0]!.n}, due ${due}`);
    rates.push(due / seconds);

    // The same rows, by pg alone, batch by batch as the use case met them.
    const rawTenant = `${tenantId}-raw`;
    const t1 = performance.now();
    for (let i = 0; i < outcomes.length; i += BATCH) {
      const batch = outcomes.slice(i, i + BATCH);
      // With the criterion values each unlock keeps (its basis), as the use case writes them.
      const rowsOf = batch.flatMap((o) =>
        pack.achievements.flatMap((a) => ('currency' in a.when && o.lifetime >= a.when.lifetimeAtLeast ? [[o.userId, a.id, o.eventId, JSON.stringify({ current: o.lifetime, target: a.when.lifetimeAtLeast })]] : [])),
      );
      await pool.query(
        `INSERT INTO achievement_unlock (tenant_id, user_id, achievement_id, source_event_id, rule_version, basis)
         SELECT $1, u, a, e, 1, b FROM unnest($2::text[], $3::text[], $4::uuid[], $5::jsonb[]) AS t(u, a, e, b) ON CONFLICT DO NOTHING`,
        [rawTenant, rowsOf.map((x) => x[0]), rowsOf.map((x) => x[1]), rowsOf.map((x) => x[2]), rowsOf.map((x) => x[3])],
      );
    }
    raws.push(due / ((performance.now() - t1) / 1000));
    for (const t of [tenantId, rawTenant]) await pool.query('DELETE FROM achievement_unlock WHERE tenant_id = $1', [t]);
  }
  const [evaluateRate, raw] = [median(rates), median(raws)];
  process.stdout.write(
    `badge evaluation (${BADGES} definitions, ${OUTCOMES} outcomes from ${USERS} users, batches of ${BATCH}; ${published} unlocks announced per run, untimed): ${round(evaluateRate).toLocaleString('en')} unlocks/s; raw pg insert of the same rows ${round(raw).toLocaleString('en')}/s; ratio ${round(evaluateRate / raw, 3)}\n`,
  );
  await pool.end();
  await prisma.$disconnect();
}

main().catch((err) => {
  process.stderr.write(`${(err as Error).stack}\n`);
  process.exit(1);
});
