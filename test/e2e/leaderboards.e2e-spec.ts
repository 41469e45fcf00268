import Redis from 'ioredis';
import { periodsAt } from '@questline/leaderboard';
import { api, eventually, infraEnv, spawnEmbedded, TestTenants, uniqueId, type SpawnedService } from '@questline/testing';

jest.setTimeout(180_000);

const DAY = 86_400_000;

/**
 * Leaderboards through the real app against the real Redis from infra/up.sh (embedded Postgres):
 * windows and their past periods, competition and dense ties broken by who got there first,
 * around-me, paging, caching, bad input, and rebuild + reconciliation after redelivery and after
 * losing the Redis keys.
 */
describe('leaderboards: windows, ties, around-me, rebuild and reconcile (real Redis)', () => {
  const tenants = new TestTenants();
  // TekTree's pack with more boards: every window, dense ties, and a board over a metric (the
  // week's most accepted answers).
  const tenant = tenants.newTenant('tektree', (t) =>
    t
      .replace(
        /leaderboards:\n  - id: xp\n    name: XP \(all time\)\n    currency: xp\n(?:    .*\n)*/,
        'leaderboards:\n  - { id: xp, name: XP, currency: xp, windows: [all-time, daily, weekly, monthly] }\n  - { id: xp-dense, name: XP (dense), currency: xp, ties: dense }\n' +
          '  - { id: top-answerers, name: Most answers accepted, metric: answers-accepted, windows: [weekly, all-time] }\n',
      )
      .replace('metrics:\n', 'metrics:\n  - { id: answers-accepted, name: Answers accepted, kind: count, on: knowledge.answer.accepted, to: payload.answer_author_id, per: week }\n'),
  );
  let app: SpawnedService;
  const redis = new Redis(infraEnv().REDIS_URL);
  beforeAll(async () => {
    app = await spawnEmbedded(tenants.packsDir, { REDIS_URL: infraEnv().REDIS_URL, LEADERBOARD_PERIOD_INTERVAL_MS: '3600000' });
  });
  afterAll(async () => {
    redis.disconnect();
    expect(await app.stop()).toBe(true);
  });

  it('ranks every window and tie policy, pages, caches, refuses bad input, and rebuilds from the ledger with zero drift', async () => {
    const http = api(app.url, tenant);
    const u = (n: string) => `${n}-${uniqueId('u')}`;
    const [ann, ben, cat, dan, eve] = [u('ann'), u('ben'), u('cat'), u('dan'), u('eve')];
    const today = new Date(new Date().toISOString().slice(0, 10)).getTime();
    const at = (day: number, hour: number) => new Date(today - day * DAY + hour * 3_600_000).toISOString();
    const accepted = (author: string, when: string) => ({
      type: 'knowledge.answer.accepted',
      userId: uniqueId('asker'),
      idempotencyKey: uniqueId('k'),
      occurredAt: when,
      payload: { question_id: uniqueId('q'), answer_id: uniqueId('a'), answer_author_id: author },
    });
    const events = [
      accepted(ann, at(3, 10)), // ann 50, three days ago
      accepted(ben, at(2, 9)), // ben 50 at 09:00 two days ago
      accepted(cat, at(2, 10)),
      accepted(cat, at(2, 11)), // cat 100
      accepted(dan, at(2, 12)), // dan 50 at 12:00: tied with ben, who got there first
      { type: 'knowledge.question.posted', userId: eve, idempotencyKey: uniqueId('k'), occurredAt: at(2, 13), payload: { question_id: uniqueId('q'), author_id: eve } }, // eve 5
    ];
    expect((await http.post('/v1/events/batch', { events })).body).toMatchObject({ accepted: 6 });
    await eventually(() => http.get(`/v1/users/${eve}/profile`), (r) => r.body?.balances?.xp?.lifetime === 5, { what: 'all events scored' });
    await eventually(() => http.get('/v1/leaderboards/xp?limit=10'), (r) => r.body?.total === 5, { what: 'five on the board' });
    const ranked = (r: { body: { entries: { userId: string; rank: number; score: number }[] } }) => r.body.entries.map((e) => [e.userId, e.rank, e.score]);

    // All-time, competition ranks; the 50s in the order they were reached (event time): ann, ben, dan.
    const all = await http.get('/v1/leaderboards/xp?limit=10');
    expect(all.body).toMatchObject({ window: 'all-time', period: 'all', ties: 'competition', total: 5 });
    expect(ranked(all)).toEqual([[cat, 1, 100], [ann, 2, 50], [ben, 2, 50], [dan, 2, 50], [eve, 5, 5]]);
    // The same scores with dense ranking.
    expect(ranked(await http.get('/v1/leaderboards/xp-dense?limit=10'))).toEqual([[cat, 1, 100], [ann, 2, 50], [ben, 2, 50], [dan, 2, 50], [eve, 3, 5]]);
    // Daily: two days ago is kept and queryable; three days ago holds only ann.
    const [day2, week2, month2] = periodsAt(['daily', 'weekly', 'monthly'], Date.parse(at(2, 12)), { zone: 'UTC', weekStart: 1 });
    expect(ranked(await http.get(`/v1/leaderboards/xp?window=daily&period=${day2!.period}`))).toEqual([[cat, 1, 100], [ben, 2, 50], [dan, 2, 50], [eve, 4, 5]]);
    expect(ranked(await http.get(`/v1/leaderboards/xp?window=daily&period=${periodsAt(['daily'], Date.parse(at(3, 10)), { zone: 'UTC', weekStart: 1 })[0]!.period}`))).toEqual([[ann, 1, 50]]);
    expect((await http.get(`/v1/leaderboards/xp?window=weekly&period=${week2!.period}`)).body.entries[0]).toMatchObject({ userId: cat, score: 100 });
    expect((await http.get(`/v1/leaderboards/xp?window=monthly&period=${month2!.period}`)).body.entries[0]).toMatchObject({ userId: cat, score: 100 });

    // Paging with a cursor.
    const p1 = await http.get('/v1/leaderboards/xp?limit=2');
    const p2 = await http.get(`/v1/leaderboards/xp?limit=2&cursor=${p1.body.nextCursor}`);
    const p3 = await http.get(`/v1/leaderboards/xp?limit=2&cursor=${p2.body.nextCursor}`);
    expect([...ranked(p1), ...ranked(p2), ...ranked(p3)]).toEqual(ranked(all));
    expect(p3.body.nextCursor).toBeNull();

    // Around me.
    const me = await http.get(`/v1/leaderboards/xp/users/${ben}?around=1`);
    expect(me.body).toMatchObject({ userId: ben, rank: 2, score: 50 });
    expect(me.body.neighbours.map((n: { userId: string }) => n.userId)).toEqual([ann, ben, dan]);
    expect((await http.get(`/v1/users/${cat}/ranks`)).body.ranks).toContainEqual({ board: 'xp-dense', window: 'all-time', period: 'all', scope: 'global', rank: 1, score: 100 });

    // ETag and Cache-Control: a finished period awaiting its standings for half a minute (the
    // lifecycle spec covers published and locked ones), the running all-time period for seconds.
    const past = await http.get(`/v1/leaderboards/xp?window=daily&period=${day2!.period}`);
    expect(past.headers.get('cache-control')).toBe('private, max-age=30');
    expect(all.headers.get('cache-control')).toBe('private, max-age=5');
    expect((await http.get(`/v1/leaderboards/xp?window=daily&period=${day2!.period}`, { 'if-none-match': past.headers.get('etag')! })).status).toBe(304);

    // Bad input: clear 4xx, problem+json.
    expect((await http.get('/v1/leaderboards/nope')).body).toMatchObject({ status: 404, code: 'unknown_leaderboard' });
    expect((await http.get('/v1/leaderboards/xp-dense?window=daily')).body).toMatchObject({ status: 404, code: 'unknown_window' });
    expect((await http.get('/v1/leaderboards/xp?window=daily&period=d2999-01-01')).body).toMatchObject({ status: 404, code: 'unknown_period' });
    expect((await http.get('/v1/leaderboards/xp?window=weekly&period=m2026-11')).body).toMatchObject({ status: 404, code: 'unknown_period' });
    // A week named by a Tuesday says which day starts it (weeks start on Monday here).
    expect((await http.get('/v1/leaderboards/xp?window=weekly&period=w2026-12-01')).body).toMatchObject({ status: 404, code: 'unknown_period', detail: expect.stringContaining('use w2026-11-30') });
    expect((await http.get('/v1/leaderboards/xp?window=yearly')).status).toBe(422);
    expect((await http.get('/v1/leaderboards/xp?cursor=%%%')).body).toMatchObject({ status: 422, code: 'invalid_cursor' });
    expect((await http.get(`/v1/leaderboards/xp/users/${uniqueId('nobody')}`)).body).toMatchObject({ status: 404, code: 'not_ranked' });

    // Reconciliation: zero drift; still zero after every event is delivered again.
    const drift = async (board: string, window = 'all-time', period?: string) =>
      (await http.get(`/v1/admin/leaderboards/${board}/reconcile?window=${window}${period ? `&period=${period}` : ''}`)).body;
    expect(await drift('xp')).toMatchObject({ checked: 5, drift: [] });
    expect((await http.post('/v1/events/batch', { events })).body).toMatchObject({ duplicates: 6 });
    expect(await drift('xp', 'daily', day2!.period)).toMatchObject({ checked: 4, drift: [] });

    // Lose the Redis keys: reconciliation reports every user; a rebuild from the ledger restores
    // scores, ranks and the first-reached order.
    const keys = await redis.keys(`ql:{${tenant}}:lb:xp:all*`);
    expect(keys.length).toBeGreaterThan(0);
    await redis.del(...keys);
    expect((await drift('xp')).drift).toHaveLength(5);
    expect((await http.post('/v1/admin/leaderboards/xp/rebuild', { window: 'all-time' })).body).toMatchObject({ members: 5 });
    expect(await drift('xp')).toMatchObject({ drift: [] });
    expect(ranked(await http.get('/v1/leaderboards/xp?limit=10'))).toEqual(ranked(all));
  });

  it('ranks a metric: a board over the answers-accepted count, each event once, rebuilt from its ledger tally', async () => {
    const http = api(app.url, tenant);
    const [fay, gus] = [uniqueId('fay'), uniqueId('gus')];
    const accepted = (author: string) => ({
      type: 'knowledge.answer.accepted',
      userId: uniqueId('asker'),
      idempotencyKey: uniqueId('k'),
      occurredAt: new Date().toISOString(),
      payload: { question_id: uniqueId('q'), answer_id: uniqueId('a'), answer_author_id: author },
    });
    const events = [accepted(fay), accepted(gus), accepted(fay), accepted(fay)];
    expect((await http.post('/v1/events/batch', { events })).body).toMatchObject({ accepted: 4 });
    expect((await http.post('/v1/events/batch', { events })).body).toMatchObject({ duplicates: 4 });
    const standing = (user: string, score: number) =>
      eventually(() => http.get(`/v1/leaderboards/top-answerers/users/${user}?window=weekly`), (r) => r.body?.score === score, { what: `${user} at ${score} on top-answerers` });
    await standing(fay, 3);
    await standing(gus, 1);
    const metrics = (await http.get(`/v1/users/${fay}/metrics`)).body.metrics as { id: string; value: number }[];
    expect(metrics.find((m) => m.id === 'answers-accepted')).toMatchObject({ value: 3 });
    // The tally is board state in the ledger, not a balance: the profile shows XP only.
    const profile = (await http.get(`/v1/users/${fay}/profile`)).body;
    expect(Object.keys(profile.balances)).toEqual(['xp']);
    expect(profile.balances.xp.lifetime).toBe(150);
    // Nor points in the user's feed: three "+50 xp", no "+1 metric.answers-accepted".
    const feed = await eventually(
      () => http.get(`/v1/users/${fay}/notifications`),
      (r) => (r.body?.notifications ?? []).filter((n: { kind: string }) => n.kind === 'points.awarded').length >= 3,
      { what: "fay's three credits in her feed" },
    );
    expect(feed.body.notifications.filter((n: { kind: string }) => n.kind === 'points.awarded').map((n: { data: { currency: string } }) => n.data.currency)).toEqual(['xp', 'xp', 'xp']);
    // Lost from Redis, the board is rebuilt from the tally with the same scores.
    const keys = await redis.keys(`ql:{${tenant}}:lb:top-answerers:all*`);
    await redis.del(...keys);
    expect((await http.post('/v1/admin/leaderboards/top-answerers/rebuild', { window: 'all-time' })).status).toBe(200);
    expect((await http.get(`/v1/leaderboards/top-answerers/users/${fay}`)).body).toMatchObject({ score: 3 });
    expect((await http.get(`/v1/admin/leaderboards/top-answerers/reconcile?window=all-time`)).body).toMatchObject({ drift: [] });
  });
});
