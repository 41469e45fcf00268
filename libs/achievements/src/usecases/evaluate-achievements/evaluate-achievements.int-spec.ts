import { v4 as uuidv4 } from 'uuid';
import { Topics, type ProgressUpdatedMessage } from '@questline/contracts';
import { applyMigrations, createDatabase, type Db, type SqlPool } from '@questline/persistence';
import { parsePack, type PackCatalog } from '@questline/rules';
import { infraEnv, RecordingBus, uniqueId } from '@questline/testing';
import { PrismaAchievementRepository } from '../../infrastructure/prisma-achievement.repository';
import { EvaluateAchievementsUseCase } from './evaluate-achievements.usecase';

jest.setTimeout(120_000);

/**
 * The achievements consumer's use case on real Postgres, as a broker redelivering under load does
 * it: 40 concurrent deliveries of one qualifying outcome unlock once and announce one unlock (every
 * copy names the same event, occurrence and award key, so the feed and the ledger dedup them); a
 * combination reads the user's standing; a repeatable badge unlocks once per occurrence.
 */
describe('EvaluateAchievementsUseCase (real Postgres)', () => {
  let db: Db;
  let pool: SqlPool;
  beforeAll(async () => {
    await applyMigrations(infraEnv().DATABASE_URL);
    ({ prisma: db, pool } = createDatabase({ url: infraEnv().DATABASE_URL, poolMax: 20 }));
  });
  afterAll(async () => {
    await db.$disconnect();
    await pool.end();
  });

  it('40 concurrent deliveries of one milestone: one unlock per (user, badge, occurrence), one announcement, one award key', async () => {
    const tenant = uniqueId('t');
    const pack = parsePack(
      [
        `tenant: ${tenant}`,
        'version: 3',
        'name: Test',
        'schemaNamespace: test',
        'currencies: [{ id: xp }]',
        'rules: []',
        'metrics: [{ id: answers, name: Answers, kind: count, on: a.b, per: week }]',
        'achievements:',
        '  - { id: helpful, name: Helpful, when: { all: [{ metric: answers, atLeast: 2 }, { currency: xp, lifetimeAtLeast: 10 }] }, reward: { currency: xp, amount: 5 } }',
        '  - { id: weekly, name: Weekly, repeatable: true, when: { metric: answers, atLeast: 2 }, reward: { currency: xp, amount: 1 } }',
      ].join('\n'),
    );
    const packs: PackCatalog = { get: (t) => (t === tenant ? pack : undefined), tenants: () => [tenant] };
    const bus = new RecordingBus();
    const evaluate = new EvaluateAchievementsUseCase(new PrismaAchievementRepository(db, pool), packs, bus);
    // The standing the combination reads: 10 xp earned and the metric's week at 2.
    await pool.query("INSERT INTO balance (tenant_id, user_id, currency, lifetime, spendable, net) VALUES ($1, 'ann', 'xp', 10, 10, 10)", [tenant]);
    await pool.query("INSERT INTO progress_state (tenant_id, user_id, key, state) VALUES ($1, 'ann', 'metric/answers/w1', $2)", [tenant, JSON.stringify({ value: 2, reached: [2] })]);
    const milestone = (period: string): ProgressUpdatedMessage => ({
      tenantId: tenant,
      packVersion: 3,
      sourceEventId: uuidv4(),
      at: new Date().toISOString(),
      occurredAt: new Date().toISOString(),
      userId: 'ann',
      type: 'metric.milestone',
      subject: 'answers',
      data: { metric: 'answers', period, milestone: 2, value: 2, reward: null },
      dedupKey: `metric:answers:ann:${period}:2`,
    });
    const first = milestone('w1');
    await Promise.all(Array.from({ length: 40 }, () => evaluate.execute([], [first])));
    const rows = async () =>
      (await pool.query<{ achievement_id: string; occurrence: string; source_event_id: string; rule_version: number }>('SELECT achievement_id, occurrence, source_event_id::text, rule_version FROM achievement_unlock WHERE tenant_id = $1 ORDER BY 1, 2', [tenant])).rows;
    expect(await rows()).toEqual([
      { achievement_id: 'helpful', occurrence: '', source_event_id: first.sourceEventId, rule_version: 3 },
      { achievement_id: 'weekly', occurrence: 'w1', source_event_id: first.sourceEventId, rule_version: 3 },
    ]);
    // Every delivery announces what its event caused (a redelivery must not lose an announcement); the copies are one announcement each.
    const announced = new Set(bus.values(Topics.AchievementUnlocked).map((u) => `${u.achievementId}|${u.sourceEventId}|${u.occurrence ?? ''}|${u.unlockedAt}`));
    expect(announced.size).toBe(2);
    expect(bus.values(Topics.AchievementUnlocked).find((u) => u.achievementId === 'helpful')!.basis).toEqual({ current: 2, target: 2, parts: [{ current: 2, target: 2 }, { current: 10, target: 10 }] });
    const keys = new Set(bus.values(Topics.EventScored).flatMap((s) => s.awards.map((a) => a.idempotencyKey)));
    expect([...keys].sort()).toEqual(['badge:helpful:ann', 'badge:weekly:ann:w1']);

    // The next week's milestone: the repeatable badge again (its own occurrence and key), the combination not.
    const second = milestone('w2');
    await Promise.all(Array.from({ length: 10 }, () => evaluate.execute([], [second])));
    expect((await rows()).map((r) => `${r.achievement_id}:${r.occurrence}`)).toEqual(['helpful:', 'weekly:w1', 'weekly:w2']);
    expect(new Set(bus.values(Topics.EventScored).flatMap((s) => s.awards.map((a) => a.idempotencyKey))).has('badge:weekly:ann:w2')).toBe(true);
  });
});
