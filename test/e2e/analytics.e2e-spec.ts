import { Client } from 'pg';
import { answerAccepted, api, createApiKey, eventually, infraEnv, spawnApp, TestTenants, uniqueId, type SpawnedService } from '@questline/testing';

jest.setTimeout(180_000);

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10); // TekTree's pack counts days in UTC

/**
 * Engagement analytics (issue 24) on the real Kafka, Postgres and Redis, standalone: events over
 * two days (one a duplicate, one late) become the dashboards' numbers — DAU, events, points,
 * retention, distributions — equal to what the ledger and the profiles say; periods and metrics
 * are checked, reads need `read`, recompute needs `admin` and is audited.
 */
describe('analytics: seed 004 aggregates from the platform itself', () => {
  const tenants = new TestTenants();
  const tek = tenants.newTenant('tektree');
  let app: SpawnedService;
  let db: Client;
  beforeAll(async () => {
    app = await spawnApp('standalone', { ...infraEnv(), PACKS_DIR: tenants.packsDir, QUESTLINE_NAMESPACE: `${uniqueId('an')}.`, ANALYTICS_INTERVAL_MS: '300' }, 120_000);
    db = new Client({ connectionString: infraEnv().DATABASE_URL });
    await db.connect();
  });
  afterAll(async () => {
    await db?.end();
    if (app) expect(await app.stop()).toBe(true);
  });

  it('counts each event once in its own day, equal to the ledger, with retention and distributions', async () => {
    const admin = api(app.url, tek);
    const now = Date.now() - 60_000;
    const [today, yesterday] = [day(now), day(now - 86_400_000)];
    const [ann, ben, cat] = [uniqueId('ann'), uniqueId('ben'), uniqueId('cat')];
    const ev = (acceptedBy: string, author: string, at: number, key = uniqueId('k')) => answerAccepted({ acceptedBy, author, occurredAt: new Date(at).toISOString(), key });
    // Yesterday: ann and ben act; today: ann again (retained) and cat (new). One duplicate delivery.
    const dup = ev(ben, cat, now - 86_400_000);
    expect((await admin.post('/v1/events/batch', { events: [ev(ann, ben, now - 86_400_000), dup, dup, ev(ann, cat, now)] })).body).toMatchObject({ accepted: 3, duplicates: 1 });
    // A late event for yesterday, after the job has already counted that day.
    await eventually(() => admin.get(`/v1/analytics/summary?from=${yesterday}&to=${today}`), (r) => r.body?.days?.[1]?.events === 1, { what: "today's event counted" });
    expect((await admin.post('/v1/events', ev(cat, ann, now - 86_400_000 + 1000))).status).toBe(202);

    const expected = [
      { day: yesterday, dau: 3, events: 3, points: { xp: 150 } },
      { day: today, dau: 1, events: 1, points: { xp: 50 } },
    ];
    const summary = await eventually(
      () => admin.get(`/v1/analytics/summary?from=${yesterday}&to=${today}`),
      (r) => r.status === 200 && r.body.days[0].events === 3 && r.body.days[0].points.xp === 150,
      { what: 'the late event in its own day' },
    );
    expect(summary.body).toMatchObject({ from: yesterday, to: today, days: expected });

    // The same totals as the ledger, user by user.
    let ledgerXp = 0;
    for (const u of [ann, ben, cat]) ledgerXp += (await admin.get(`/v1/users/${u}/profile`)).body.balances?.xp?.lifetime ?? 0;
    expect(ledgerXp).toBe(200);
    const byRule = await admin.get(`/v1/analytics/daily/points_by_rule?from=${yesterday}&to=${today}`);
    expect(byRule.body.rows.reduce((n: number, r: { value: number }) => n + r.value, 0)).toBe(200);
    expect((await admin.get(`/v1/analytics/daily/events?from=${yesterday}&to=${today}&dimension=knowledge.answer.accepted`)).body.rows).toEqual([
      { day: yesterday, dimension: 'knowledge.answer.accepted', value: 3 },
      { day: today, dimension: 'knowledge.answer.accepted', value: 1 },
    ]);

    // Retention: three users first seen yesterday; ann came back today (D1); D7 and D30 not yet due.
    expect((await admin.get(`/v1/analytics/retention?from=${yesterday}&to=${today}`)).body.cohorts).toEqual([{ cohort: yesterday, users: 3, d1: 1, d7: null, d30: null }]);

    // Lifetime XP now: ben 50, cat 100, ann 50 → p50 50, max 100; levels from the pack's curve.
    const dist = await admin.get('/v1/analytics/distributions/xp?buckets=4');
    expect(dist.body).toMatchObject({ currency: 'xp', users: 3, percentiles: { p50: 50, max: 100 } });
    expect(dist.body.histogram.reduce((n: number, b: { users: number }) => n + b.users, 0)).toBe(3);
    expect(dist.body.levels.reduce((n: number, l: { users: number }) => n + l.users, 0)).toBe(3);

    // Live figures: the events just received, none waiting once processed, no failures.
    const live = await eventually(() => admin.get('/v1/analytics/live'), (r) => r.body?.queued === 0, { what: 'nothing queued' });
    expect(live.body).toMatchObject({ eventsLastMinute: 4, failedRetrying: 0, deadLettered: 0, oldestQueuedSeconds: null });

    // Bad input: specific problems, nothing else affected.
    expect((await admin.get('/v1/analytics/daily/nonsense')).body).toMatchObject({ status: 422, errors: [{ pointer: '/metric' }] });
    expect((await admin.get(`/v1/analytics/summary?from=${today}&to=${yesterday}`)).body).toMatchObject({ status: 422, code: 'invalid_period' });
    expect((await admin.get('/v1/analytics/summary?from=2026-13-01')).body).toMatchObject({ status: 422, errors: [{ pointer: '/from' }] });
    expect((await admin.get('/v1/analytics/distributions/gems')).body).toMatchObject({ status: 404, code: 'unknown_currency' });

    // Scopes: a read key reads and cannot recompute; the admin recompute is idempotent and audited.
    const reader = api(app.url, tek, { key: (await createApiKey(app.url, tek, ['read'])).key });
    expect((await reader.get(`/v1/analytics/summary?from=${yesterday}&to=${today}`)).status).toBe(200);
    expect((await reader.post('/v1/admin/analytics/recompute', { from: yesterday, to: today })).status).toBe(403);
    const recompute = await admin.post('/v1/admin/analytics/recompute', { from: yesterday, to: today });
    expect(recompute.body).toMatchObject({ from: yesterday, to: today, days: 2 });
    expect((await admin.get(`/v1/analytics/summary?from=${yesterday}&to=${today}`)).body.days).toMatchObject(expected);
    const audit = await db.query("SELECT target FROM admin_audit WHERE tenant_id = $1 AND action = 'analytics.recompute'", [tek]);
    expect(audit.rows).toEqual([{ target: `${yesterday}..${today}` }]);
  });
});
