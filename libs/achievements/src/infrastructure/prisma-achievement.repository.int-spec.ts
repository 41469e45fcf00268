import { v4 as uuidv4 } from 'uuid';
import { applyMigrations, createDatabase, type Db, type SqlPool } from '@questline/persistence';
import { infraEnv, uniqueId } from '@questline/testing';
import type { UnlockCandidate } from '../domain/achievement.repository';
import { PrismaAchievementRepository } from './prisma-achievement.repository';

jest.setTimeout(120_000);

describe('PrismaAchievementRepository (real Postgres)', () => {
  let db: Db;
  let pool: SqlPool;
  let repo: PrismaAchievementRepository;
  beforeAll(async () => {
    await applyMigrations(infraEnv().DATABASE_URL);
    ({ prisma: db, pool } = createDatabase({ url: infraEnv().DATABASE_URL, poolMax: 4 }));
    repo = new PrismaAchievementRepository(db, pool);
  });
  afterAll(async () => {
    await db.$disconnect();
    await pool.end();
  });

  it('unlocks a batch of 50,000 candidates (500 outcomes × 100 badges: past the 65,535 bind parameters of one statement per field), once, skipping revoked ones', async () => {
    const tenantId = uniqueId('ach');
    const events = Array.from({ length: 500 }, () => uuidv4());
    const candidates: UnlockCandidate[] = events.flatMap((sourceEventId, u) => Array.from({ length: 100 }, (_, b) => ({ tenantId, userId: `u${u}`, achievementId: `b${b}`, sourceEventId, ruleVersion: 1 })));
    await pool.query("INSERT INTO achievement_revocation (tenant_id, user_id, achievement_id, reason, actor) VALUES ($1, 'u0', 'b0', 'test', 'root')", [tenantId]);
    const first = await repo.unlock(candidates);
    expect(first).toHaveLength(49_999);
    // A redelivery returns the same unlocks (to announce again) and writes nothing.
    const again = await repo.unlock(candidates);
    expect(again).toHaveLength(49_999);
    const { rows } = await pool.query<{ n: string }>('SELECT count(*)::text AS n FROM achievement_unlock WHERE tenant_id = $1', [tenantId]);
    expect(rows[0]!.n).toBe('49999');
    // Another event qualifying for a held badge unlocks nothing new.
    expect(await repo.unlock([{ tenantId, userId: 'u1', achievementId: 'b1', sourceEventId: uuidv4(), ruleVersion: 1 }])).toEqual([]);
  });
  it('a key repeated in a batch (each of a user\'s awards re-asserts the thresholds it is past) unlocks once, caused by its first candidate, and is read back for whichever candidate names the stored event', async () => {
    const tenantId = uniqueId('ach');
    const [e1, e2, e3] = [uuidv4(), uuidv4(), uuidv4()];
    const c = (userId: string, achievementId: string, sourceEventId: string, occurrence?: string): UnlockCandidate => ({ tenantId, userId, achievementId, sourceEventId, ruleVersion: 1, ...(occurrence ? { occurrence } : {}) });
    // Three awards of ann in one batch, each past bronze and silver; a repeatable badge per occurrence.
    const batch = [c('ann', 'bronze', e1), c('ann', 'silver', e1), c('ann', 'bronze', e2), c('ann', 'silver', e2), c('ann', 'daily', e2, 'd1'), c('ann', 'daily', e3, 'd1'), c('ann', 'daily', e3, 'd2'), c('ann', 'bronze', e3)];
    const first = await repo.unlock(batch);
    const seen = (us: { achievementId: string; sourceEventId: string; occurrence: string }[]) => us.map((u) => `${u.achievementId}:${u.occurrence}:${u.sourceEventId}`).sort();
    expect(seen(first)).toEqual([`bronze::${e1}`, `daily:d1:${e2}`, `daily:d2:${e3}`, `silver::${e1}`].sort());
    // A redelivery cut differently (e1's award already committed): e2's and e3's candidates come
    // first now, but what e1 caused is not theirs to announce, while e2's daily d1 is.
    expect(seen(await repo.unlock(batch.filter((x) => x.sourceEventId !== e1)))).toEqual([`daily:d1:${e2}`, `daily:d2:${e3}`].sort());
    // The stored unlock is found through any candidate of its key that names its event, not only the first.
    expect(seen(await repo.unlock([c('ann', 'bronze', e3), c('ann', 'bronze', e1.toUpperCase())]))).toEqual([`bronze::${e1}`]);
    const { rows } = await pool.query<{ n: string }>('SELECT count(*)::text AS n FROM achievement_unlock WHERE tenant_id = $1', [tenantId]);
    expect(rows[0]!.n).toBe('4');
  });

  it('two deliveries of the same batch at once: each unlock stored once, and announced by at least one of them', async () => {
    const tenantId = uniqueId('ach');
    const candidates: UnlockCandidate[] = Array.from({ length: 2_000 }, (_, i) => ({ tenantId, userId: `u${i % 200}`, achievementId: `b${Math.floor(i / 200)}`, sourceEventId: uuidv4(), ruleVersion: 1 }));
    const key = (u: { userId: string; achievementId: string; sourceEventId: string }) => `${u.userId}:${u.achievementId}:${u.sourceEventId}`;
    // In the same order, as a partition redelivers (keys are per user, and a user is on one partition).
    const [a, b] = await Promise.all([repo.unlock(candidates), repo.unlock(candidates)]);
    const { rows } = await pool.query<{ user_id: string; achievement_id: string; source_event_id: string }>('SELECT user_id, achievement_id, source_event_id::text FROM achievement_unlock WHERE tenant_id = $1', [tenantId]);
    expect(rows).toHaveLength(2_000);
    const stored = new Set(rows.map((r) => key({ userId: r.user_id, achievementId: r.achievement_id, sourceEventId: r.source_event_id })));
    expect(new Set([...a, ...b].map(key))).toEqual(stored);
    // Afterwards, a redelivery sees every one of them.
    expect(new Set((await repo.unlock(candidates)).map(key))).toEqual(stored);
  });

  it('answers the unlocks a racing delivery inserted while it waited (after a rebalance the racer may die before announcing them)', async () => {
    const tenantId = uniqueId('ach');
    const candidates: UnlockCandidate[] = Array.from({ length: 20 }, (_, i) => ({ tenantId, userId: `u${i}`, achievementId: 'bronze', sourceEventId: uuidv4(), ruleVersion: 1 }));
    // The racer: the same batch, inserted in a transaction not yet committed.
    const racer = await pool.connect();
    try {
      await racer.query('BEGIN');
      for (const c of candidates) {
        await racer.query('INSERT INTO achievement_unlock (tenant_id, user_id, achievement_id, source_event_id, rule_version, occurrence) VALUES ($1, $2, $3, $4, 1, $5)', [c.tenantId, c.userId, c.achievementId, c.sourceEventId, '']);
      }
      const answer = repo.unlock(candidates);
      // Commit only once the INSERT is blocked on the racer's rows (not before it started).
      for (let waiting = 0, deadline = Date.now() + 20_000; waiting === 0; ) {
        if (Date.now() > deadline) throw new Error('the unlock never waited on the racer');
        const { rows } = await pool.query<{ n: number }>(
          "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%INSERT INTO achievement_unlock%'",
        );
        waiting = rows[0]!.n;
        if (waiting === 0) await new Promise((r) => setTimeout(r, 20));
      }
      await racer.query('COMMIT');
      // The racer's process may die now, before it announces: this delivery, which owns the
      // partition and commits its offsets, must announce them.
      expect((await answer).map((u) => u.userId).sort()).toEqual(candidates.map((c) => c.userId).sort());
    } finally {
      racer.release();
    }
  });

  it('stores each unlock its own basis (none: SQL NULL)', async () => {
    const tenantId = uniqueId('ach');
    const candidates: UnlockCandidate[] = Array.from({ length: 40 }, (_, i) => ({
      tenantId,
      userId: `u${i}`,
      achievementId: 'bronze',
      sourceEventId: uuidv4(),
      ruleVersion: 1,
      ...(i % 4 === 1 ? {} : i % 4 === 2 ? { basis: null } : { basis: { current: i, target: i % 5, period: `"q" \\ ${i}` } }),
    }));
    const views = await repo.unlock(candidates);
    expect(views).toHaveLength(40);
    const { rows } = await pool.query<{ user_id: string; basis: unknown; none: boolean }>('SELECT user_id, basis, basis IS NULL AS none FROM achievement_unlock WHERE tenant_id = $1', [tenantId]);
    for (const r of rows) {
      const i = Number(r.user_id.slice(1));
      if (i % 4 === 1 || i % 4 === 2) expect(r.none).toBe(true);
      else expect(r.basis).toEqual({ current: i, target: i % 5, period: `"q" \\ ${i}` });
    }
    expect(rows).toHaveLength(40);
  });
});
