import { periodsAt } from '@questline/leaderboard';
import { api, eventually, infraEnv, spawnEmbedded, TestTenants, uniqueId, type SpawnedService } from '@questline/testing';

jest.setTimeout(180_000);

const DAY = 86_400_000;
const CAL = { zone: 'UTC', weekStart: 1 };

interface Standing {
  userId: string;
  rank: number;
  score: number;
  outcome: string | null;
}

/**
 * Leagues through the real app (real Redis, embedded Postgres): weekly cohorts of N, seating in
 * the tier the last week earned, promotion and demotion at settlement, and the announcements.
 */
describe('leagues: weekly cohorts, promotion and demotion (real Redis)', () => {
  const tenants = new TestTenants();
  // A long grace keeps past weeks open to the test's events; the test closes them itself.
  const tenant = tenants.newTenant('tektree', (t) =>
    t.replace(
      'leaderboards:\n',
      'leagues:\n  - { id: weekly, name: Weekly league, currency: xp, tiers: [bronze, silver, gold], cohortSize: 2, promote: 1, demote: 1, settleAfterHours: 720 }\nleaderboards:\n',
    ),
  );
  let app: SpawnedService;
  beforeAll(async () => {
    app = await spawnEmbedded(tenants.packsDir, { REDIS_URL: infraEnv().REDIS_URL, LEADERBOARD_PERIOD_INTERVAL_MS: '3600000' });
  });
  afterAll(async () => {
    expect(await app.stop()).toBe(true);
  });

  it('seats earners in cohorts, settles weeks from the ledger, promotes the top and demotes the bottom', async () => {
    const http = api(app.url, tenant);
    const week = (daysAgo: number) => periodsAt(['weekly'], Date.now() - daysAgo * DAY, CAL)[0]!;
    const [w2, w1, w0] = [week(14), week(7), week(0)];
    const tuesday = (w: string) => new Date(Date.parse(`${w.slice(1)}T10:00:00Z`) + DAY).toISOString();
    const posts = (user: string, n: number, when: string) =>
      Array.from({ length: n }, (_, i) => ({
        type: 'knowledge.question.posted',
        userId: user,
        idempotencyKey: uniqueId('k'),
        occurredAt: new Date(Date.parse(when) + i * 60_000).toISOString(),
        payload: { question_id: uniqueId('q'), author_id: user },
      }));
    const view = (user: string, w?: string) => http.get(`/v1/users/${user}/leagues/weekly${w ? `?week=${w}` : ''}`);
    const users = ['a', 'b', 'c', 'd'].map((n) => `${n}-${uniqueId('u')}`);

    // Two weeks ago: four newcomers earn 20, 15, 10 and 5 XP; cohorts of two in bronze.
    const events = users.flatMap((u, i) => posts(u, 4 - i, tuesday(w2.period)));
    expect((await http.post('/v1/events/batch', { events })).body).toMatchObject({ accepted: 10 });
    await eventually(() => view(users[3]!, w2.period), (r) => r.body?.status === 'running' || r.body?.status === 'settling', { what: 'd seated' });
    for (const u of users) await eventually(() => view(u, w2.period), (r) => r.body?.cohort !== null && r.body?.cohort !== undefined, { what: `${u} seated` });
    const seated = await Promise.all(users.map((u) => view(u, w2.period)));
    expect(seated.map((r) => r.body.tier)).toEqual(['bronze', 'bronze', 'bronze', 'bronze']);
    const cohorts = new Map<number, number>();
    for (const r of seated) cohorts.set(r.body.cohort, (cohorts.get(r.body.cohort) ?? 0) + 1);
    expect([...cohorts.values()]).toEqual([2, 2]);
    expect(seated[0]!.body.standings.map((s: Standing) => s.score)).toContain(20);

    // Bad input: a week that has not ended cannot be settled; unknown league 404.
    expect((await http.post(`/v1/admin/leagues/weekly/weeks/${w0.period}/settle`, {})).body).toMatchObject({ status: 422, code: 'week_not_ended' });
    expect((await http.get(`/v1/users/${users[0]}/leagues/nope`)).body).toMatchObject({ status: 404, code: 'unknown_league' });

    // d is hidden from leaderboards before the week is settled: not ranked, keeps the tier, not announced.
    expect((await http.put(`/v1/admin/leaderboards/exclusions/${users[3]}`, { reason: 'hidden' })).status).toBe(200);
    // Settle two weeks ago: each cohort's top is promoted; its bottom stays (bronze is the lowest tier).
    expect((await http.post(`/v1/admin/leagues/weekly/weeks/${w2.period}/settle`, {})).body).toEqual({ settled: 4 });
    expect((await http.post(`/v1/admin/leagues/weekly/weeks/${w2.period}/settle`, {})).body).toEqual({ settled: 0 });
    const results = await Promise.all(users.map((u) => view(u, w2.period)));
    expect(results.every((r) => r.body.status === 'settled')).toBe(true);
    const promoted = users.filter((_, i) => results[i]!.body.outcome === 'promoted');
    expect(promoted).toHaveLength(2);
    expect(promoted).toContain(users[0]); // 20 XP tops whichever cohort it is in
    expect(results[3]!.body).toMatchObject({ status: 'settled', outcome: 'stayed', rank: null });
    for (const r of results) expect(r.body.nextTier).toBe(r.body.outcome === 'promoted' ? 'silver' : 'bronze');

    // Last week: the two promoted earn in silver, one cohort; settling promotes the top to gold and
    // demotes the bottom back to bronze.
    const [p1, p2] = promoted as [string, string];
    expect((await http.post('/v1/events/batch', { events: [...posts(p1, 3, tuesday(w1.period)), ...posts(p2, 1, tuesday(w1.period))] })).body).toMatchObject({ accepted: 4 });
    await eventually(() => view(p2, w1.period), (r) => r.body?.tier === 'silver' && r.body.standings.length === 2 && r.body.score === 5, { what: 'silver cohort' });
    expect((await view(p1, w1.period)).body).toMatchObject({ tier: 'silver', rank: 1, score: 15 });
    expect((await http.post(`/v1/admin/leagues/weekly/weeks/${w1.period}/settle`, {})).body).toEqual({ settled: 2 });
    expect((await view(p1, w1.period)).body).toMatchObject({ status: 'settled', outcome: 'promoted', nextTier: 'gold' });
    expect((await view(p2, w1.period)).body).toMatchObject({ status: 'settled', outcome: 'demoted', nextTier: 'bronze' });

    // This week: p1 starts in gold.
    expect((await view(p1)).body).toMatchObject({ week: w0.period, status: 'not_joined', tier: 'gold', cohort: null });
    expect((await http.post('/v1/events', posts(p1, 1, new Date().toISOString())[0])).status).toBe(202);
    await eventually(() => view(p1), (r) => r.body?.status === 'running', { what: 'p1 seated this week' });
    expect((await view(p1)).body).toMatchObject({ tier: 'gold', cohort: 0, rank: 1, score: 5 });

    // Everyone hears their result.
    const feed = (user: string, kind: string) =>
      eventually(() => http.get(`/v1/users/${user}/notifications`), (r) => (r.body?.notifications ?? []).some((n: { kind: string }) => n.kind === kind), { what: `${user}: ${kind}` });
    await feed(p1, 'leaderboard.league.promoted');
    await feed(p2, 'leaderboard.league.demoted');
  });
});
