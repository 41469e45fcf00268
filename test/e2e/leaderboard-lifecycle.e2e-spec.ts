import Redis from 'ioredis';
import { api, createApiKey, eventually, infraEnv, spawnEmbedded, TEST_ROOT_KEY, TestTenants, uniqueId, type SpawnedService } from '@questline/testing';

jest.setTimeout(180_000);

const DAY = 86_400_000;

/**
 * Scopes, seasons, the computed → published → locked lifecycle, opt-out, hidden users and
 * moderation, through the real app against the real Redis (embedded Postgres).
 */
describe('leaderboards: scopes (one value or a list), seasons, period lifecycle, opt-out and moderation (real Redis)', () => {
  const today = new Date(new Date().toISOString().slice(0, 10)).getTime();
  const date = (day: number) => new Date(today + day * DAY).toISOString().slice(0, 10);
  // Never later than now: an event more than five minutes ahead of its receipt is refused (occurred_at_in_future),
  // and "today 01:00" is the future for a run that starts at 00:30.
  const at = (day: number, hour: number) => new Date(Math.min(today + day * DAY + hour * 3_600_000, Date.now())).toISOString();
  const tenants = new TestTenants();
  const tenant = tenants.newTenant('tektree', (t) =>
    t.replace(
      /leaderboards:\n  - id: xp\n    name: XP \(all time\)\n    currency: xp\n(?:    .*\n)*/,
      [
        'dimensions:',
        '  - { id: community, path: payload.community_id }',
        '  - { id: area, path: payload.area_ids }', // a list: a question counts on each of its areas' boards
        'leaderboards:',
        '  - id: xp',
        '    name: XP',
        '    currency: xp',
        '    windows: [all-time, daily, season]',
        '    scopes: [community, area]',
        `    seasons: [{ id: spring, from: "${date(-20)}", to: "${date(-10)}" }, { id: summer, from: "${date(-9)}", to: "${date(30)}" }]`,
        '    lifecycle: { publishAfterMinutes: 0, lockAfterHours: 120 }',
        '',
      ].join('\n'),
    ).replace('achievements:\n', 'achievements:\n  - { id: season-champion, name: Season champion, when: { leaderboard: xp, window: season, top: 1 } }\n'),
  );
  let app: SpawnedService;
  beforeAll(async () => {
    // The period job runs when the test asks (POST /v1/admin/leaderboards/periods/run), not on its own.
    app = await spawnEmbedded(tenants.packsDir, { REDIS_URL: infraEnv().REDIS_URL, LEADERBOARD_PERIOD_INTERVAL_MS: '3600000' });
  });
  afterAll(async () => {
    expect(await app.stop()).toBe(true);
  });

  it('ranks within a scope and a season; computes, publishes and locks finished periods; opt-out, hiding and moderation re-rank', async () => {
    const http = api(app.url, tenant);
    const u = (n: string) => `${n}-${uniqueId('u')}`;
    const [ann, ben, cat, dan, eve] = [u('ann'), u('ben'), u('cat'), u('dan'), u('eve')];
    const post = (user: string, when: string, community?: string) => ({
      type: 'knowledge.question.posted',
      userId: user,
      idempotencyKey: uniqueId('k'),
      occurredAt: when,
      payload: { question_id: uniqueId('q'), author_id: user, ...(community ? { community_id: community } : {}) },
    });
    const events = [
      // Twelve days ago (spring season; its day is locked by now): ann 10 in c1, ben 5 in c2.
      post(ann, at(-12, 9), 'c1'),
      post(ann, at(-12, 10), 'c1'),
      post(ben, at(-12, 11), 'c2'),
      // Two days ago (summer; published, not locked): ben 15 in c1, cat 10 in c2, ann 5 in c1, dan 5 nowhere.
      post(ben, at(-2, 8), 'c1'),
      post(ben, at(-2, 9), 'c1'),
      post(ben, at(-2, 10), 'c1'),
      post(cat, at(-2, 9), 'c2'),
      post(cat, at(-2, 11), 'c2'),
      post(ann, at(-2, 12), 'c1'),
      post(dan, at(-2, 13)),
      // Today (running): eve 5 in c1.
      post(eve, at(0, 0), 'c1'),
    ];
    expect((await http.post('/v1/events/batch', { events })).body).toMatchObject({ accepted: events.length });
    await eventually(() => http.get('/v1/leaderboards/xp?limit=10'), (r) => r.body?.total === 5 && r.body.entries[0].score === 20, { what: 'every event on the board' });
    const ranked = (r: { body: { entries: { userId: string; rank: number; score: number }[] } }) => r.body.entries.map((e) => [e.userId, e.rank, e.score]);

    // Scopes: the same board ranked within a community; the global board holds everyone.
    expect(ranked(await http.get('/v1/leaderboards/xp?scope=community:c1'))).toEqual([[ben, 1, 15], [ann, 1, 15], [eve, 3, 5]]); // tied: ben got to 15 first
    expect(ranked(await http.get('/v1/leaderboards/xp?scope=community:c2'))).toEqual([[cat, 1, 10], [ben, 2, 5]]);
    expect((await http.get('/v1/leaderboards/xp?scope=community:c2')).body).toMatchObject({ scope: 'community:c2', status: 'running' });
    expect((await http.get(`/v1/leaderboards/xp/users/${ann}?scope=community:c1&around=1`)).body).toMatchObject({ rank: 1, score: 15, scope: 'community:c1' });
    // Seasons: the running season by default, a past one by id.
    expect(ranked(await http.get('/v1/leaderboards/xp?window=season'))).toEqual([[ben, 1, 15], [cat, 2, 10], [ann, 3, 5], [dan, 3, 5], [eve, 3, 5]]);
    expect((await http.get('/v1/leaderboards/xp?window=season')).body).toMatchObject({ period: 'ssummer' });
    expect(ranked(await http.get('/v1/leaderboards/xp?window=season&period=sspring&scope=community:c1'))).toEqual([[ann, 1, 10]]);

    // Bad input: unknown scope dimension, a scope without a value, a season that does not exist.
    expect((await http.get('/v1/leaderboards/xp?scope=team:t1')).body).toMatchObject({ status: 404, code: 'unknown_scope' });
    expect((await http.get('/v1/leaderboards/xp?scope=c1')).status).toBe(422);
    expect((await http.get('/v1/leaderboards/xp?window=season&period=swinter')).body).toMatchObject({ status: 404, code: 'unknown_period' });
    // A day that never had anyone on it reads alike before and after its lock time: ended, empty
    // (it was a 404 once locked, a 200 before: Threadly trial #5).
    for (const days of [-30, -3]) {
      const empty = await http.get(`/v1/leaderboards/xp?window=daily&period=d${date(days)}&scope=community:c9`);
      expect(empty).toMatchObject({ status: 200, body: { status: 'ended', revision: null, total: 0, entries: [], nextCursor: null } });
    }

    // Before the job: finished periods are read live from Redis, awaiting their standings.
    const twoDaysAgo = `d${date(-2)}`;
    expect((await http.get(`/v1/leaderboards/xp?window=daily&period=${twoDaysAgo}`)).body).toMatchObject({ status: 'ended', revision: null });

    // The lifecycle job: two days ago is published (publishAfterMinutes 0; lock after 120 h), twelve
    // days ago and the spring season are locked; the running day and season are left alone.
    const run = await http.post('/v1/admin/leaderboards/periods/run', {});
    expect(run.body).toMatchObject({ moved: expect.anything() });
    expect(run.body.moved.published).toBeGreaterThanOrEqual(3); // d-2: global, c1, c2
    expect(run.body.moved.locked).toBeGreaterThanOrEqual(6); // d-12 and spring: global, c1, c2
    const published = await http.get(`/v1/leaderboards/xp?window=daily&period=${twoDaysAgo}`);
    expect(published.body).toMatchObject({ status: 'published', revision: 1, total: 4 });
    expect(ranked(published)).toEqual([[ben, 1, 15], [cat, 2, 10], [ann, 3, 5], [dan, 3, 5]]);
    expect(published.headers.get('cache-control')).toBe('private, max-age=60');
    const locked = await http.get('/v1/leaderboards/xp?window=season&period=sspring');
    expect(locked.body).toMatchObject({ status: 'locked', total: 2 });
    expect(ranked(locked)).toEqual([[ann, 1, 10], [ben, 2, 5]]);
    expect(locked.headers.get('cache-control')).toBe('private, max-age=3600');
    expect((await http.get(`/v1/leaderboards/xp/users/${ben}?window=season&period=sspring&around=1`)).body).toMatchObject({ rank: 2, neighbours: [{ userId: ann }, { userId: ben }] });
    // A leaderboard finish: the locked season's winner unlocks the champion badge; the runner-up does not.
    const badges = async (user: string) => ((await http.get(`/v1/users/${user}/achievements`)).body.achievements as { id: string }[]).map((a) => a.id);
    await eventually(() => badges(ann), (ids) => ids.includes('season-champion'), { what: `${ann}: season-champion` });
    expect(await badges(ben)).not.toContain('season-champion');
    // A second pass changes nothing (a body is optional).
    expect((await http.post('/v1/admin/leaderboards/periods/run')).body.moved).toEqual({ computed: 0, published: 0, locked: 0 });
    // Back-dated history older than the job looks (lockAfterHours and a week): a pass with `since`
    // reaches it; without, the day stays ended.
    const fay = u('fay');
    expect((await http.post('/v1/events', post(fay, at(-22, 9)))).status).toBe(202);
    const old = `window=daily&period=d${date(-22)}`;
    await eventually(() => http.get(`/v1/leaderboards/xp?${old}`), (r) => r.body?.total === 1, { what: "fay's old day on its board" });
    expect((await http.post('/v1/admin/leaderboards/periods/run', {})).body.moved).toEqual({ computed: 0, published: 0, locked: 0 });
    expect((await http.get(`/v1/leaderboards/xp?${old}`)).body).toMatchObject({ status: 'ended' });
    const since = await http.post('/v1/admin/leaderboards/periods/run', { since: `${date(-23)}T00:00:00Z` });
    expect(since.body.moved.locked).toBeGreaterThanOrEqual(1);
    expect((await http.get(`/v1/leaderboards/xp?${old}`)).body).toMatchObject({ status: 'locked', total: 1 });
    // Every ranked user hears their final rank.
    const feed = (user: string, kind: string) =>
      eventually(() => http.get(`/v1/users/${user}/notifications`), (r) => (r.body?.notifications ?? []).some((n: { kind: string }) => n.kind === kind), { what: `${user}: ${kind}` });
    const cats = await feed(cat, 'leaderboard.rank.published');
    expect(cats.body.notifications.filter((n: { kind: string }) => n.kind === 'leaderboard.rank.published').map((n: { data: { period: string; scope: string; rank: number } }) => [n.data.period, n.data.scope, n.data.rank])).toEqual(
      expect.arrayContaining([[twoDaysAgo, 'global', 2], [twoDaysAgo, 'community:c2', 1]]),
    );
    // Titled with the board's name from the pack ("XP"), not its id.
    expect(cats.body.notifications.map((n: { title: string }) => n.title)).toContain(`You finished #2 on XP, ${twoDaysAgo}`);

    // Moderation: ben is removed. He leaves every live board at once (ranks below move up), the
    // published day is re-ranked and announced, the locked spring season stays as it was locked.
    // The root key must name the tenant (never its own `*`).
    const noTenant = await fetch(`${app.url}/v1/admin/leaderboards/exclusions/${ben}`, { method: 'PUT', headers: { authorization: `Bearer ${TEST_ROOT_KEY}`, 'content-type': 'application/json' }, body: JSON.stringify({ reason: 'hidden' }) });
    expect([noTenant.status, ((await noTenant.json()) as { code: string }).code]).toEqual([422, 'tenant_required']);
    const removed = await http.put(`/v1/admin/leaderboards/exclusions/${ben}`, { reason: 'moderation', note: 'scripted posting' });
    expect(removed.body).toMatchObject({ exclusion: { userId: ben, reason: 'moderation' } });
    expect(removed.body.reranked).toBeGreaterThanOrEqual(2);
    expect(ranked(await http.get('/v1/leaderboards/xp?scope=community:c1'))).toEqual([[ann, 1, 15], [eve, 2, 5]]);
    const reranked = await http.get(`/v1/leaderboards/xp?window=daily&period=${twoDaysAgo}`);
    expect(reranked.body).toMatchObject({ status: 'published', revision: 2 });
    expect(ranked(reranked)).toEqual([[cat, 1, 10], [ann, 2, 5], [dan, 2, 5]]);
    expect(ranked(await http.get('/v1/leaderboards/xp?window=season&period=sspring'))).toEqual([[ann, 1, 10], [ben, 2, 5]]);
    await feed(cat, 'leaderboard.rank.reranked');
    await feed(ben, 'leaderboard.rank.removed');
    expect((await http.get(`/v1/leaderboards/xp/users/${ben}`)).body).toMatchObject({ status: 404, code: 'not_ranked', detail: expect.stringContaining('moderation') });
    // Why is for admins and ben himself; a key without admin (or another user's token) learns only that he is not ranked.
    const reader = await createApiKey(app.url, tenant, ['read']);
    const plain = (await api(app.url, tenant, { key: reader.key }).get(`/v1/leaderboards/xp/users/${ben}`)).body;
    expect(plain).toMatchObject({ status: 404, code: 'not_ranked' });
    expect(plain.detail).not.toContain('moderation');
    // A removed user's new points still count in the ledger, never on a board; their own opt-in cannot lift it.
    expect((await http.post('/v1/events', post(ben, at(0, 0), 'c1'))).status).toBe(202);
    await eventually(() => http.get(`/v1/users/${ben}/profile`), (r) => r.body?.balances?.xp?.lifetime === 25, { what: 'ben credited' });
    expect((await http.put(`/v1/users/${ben}/leaderboard-visibility`, { visible: true })).body).toMatchObject({ status: 409, code: 'excluded_by_admin' });
    expect((await http.get('/v1/admin/leaderboards/xp/reconcile?scope=community:c1')).body).toMatchObject({ drift: [] });

    // Opt-out by the user: off the boards; opt back in: back with what the ledger holds.
    expect((await http.put(`/v1/users/${eve}/leaderboard-visibility`, { visible: false })).body).toMatchObject({ visible: false, reason: 'opt_out' });
    expect(ranked(await http.get('/v1/leaderboards/xp?scope=community:c1'))).toEqual([[ann, 1, 15]]);
    expect((await http.put(`/v1/users/${eve}/leaderboard-visibility`, { visible: true })).body).toMatchObject({ visible: true });
    expect(ranked(await http.get('/v1/leaderboards/xp?scope=community:c1'))).toEqual([[ann, 1, 15], [eve, 2, 5]]);
    // An admin lifts the moderation: ben is back everywhere live, with the points earned meanwhile.
    expect((await http.delete(`/v1/admin/leaderboards/exclusions/${ben}`)).body).toMatchObject({ included: true });
    expect(ranked(await http.get('/v1/leaderboards/xp?scope=community:c1'))).toEqual([[ben, 1, 20], [ann, 2, 15], [eve, 3, 5]]);
    expect((await http.get('/v1/admin/leaderboards/exclusions')).body.items).toEqual([]);
    const live = ['global', 'community:c1', 'community:c2'].flatMap((scope) => [`scope=${scope}`, `window=season&scope=${scope}`, `window=daily&scope=${scope}`]);
    for (const q of live) expect((await http.get(`/v1/admin/leaderboards/xp/reconcile?${q}`)).body).toMatchObject({ drift: [] });

    // Redis loses everything of this tenant (boards, guards, the exclusion set): reconciliation sees
    // it; rebuilds restore every live board. (A consumer redelivery after such a rebuild is covered by
    // record-awards.int-spec.ts.)
    const redis = new Redis(infraEnv().REDIS_URL);
    try {
      const keys = await redis.keys(`ql:{${tenant}}:*`);
      expect(keys.length).toBeGreaterThan(10);
      await redis.del(...keys);
    } finally {
      redis.disconnect();
    }
    expect((await http.get('/v1/admin/leaderboards/xp/reconcile?scope=community:c1')).body.drift).toHaveLength(3);
    for (const q of live) {
      const [window, scope] = [/window=(\w+)/.exec(q)?.[1] ?? 'all-time', /scope=([^&]+)/.exec(q)![1]];
      expect((await http.post('/v1/admin/leaderboards/xp/rebuild', { window, scope })).status).toBe(200);
    }
    for (const q of live) expect((await http.get(`/v1/admin/leaderboards/xp/reconcile?${q}`)).body).toMatchObject({ drift: [] });
    expect(ranked(await http.get('/v1/leaderboards/xp?scope=community:c1'))).toEqual([[ben, 1, 20], [ann, 2, 15], [eve, 3, 5]]);

    // The ledger of a locked period changes afterwards (a late event here; a re-scoring's
    // corrections alike): the locked standings still serve what was locked, and reconcile compares
    // the ledger with them (not with Redis), so it shows the drift.
    const spring = 'window=season&period=sspring';
    expect((await http.post('/v1/events', post(ben, at(-12, 12), 'c1'))).status).toBe(202);
    await eventually(() => http.get(`/v1/users/${ben}/profile`), (r) => r.body?.balances?.xp?.lifetime === 30, { what: "ben's late post credited" });
    expect(ranked(await http.get(`/v1/leaderboards/xp?${spring}`))).toEqual([[ann, 1, 10], [ben, 2, 5]]);
    expect((await http.get(`/v1/admin/leaderboards/xp/reconcile?${spring}`)).body).toMatchObject({ compared: 'standings', drift: [{ userId: ben, ledger: 10, board: 5 }] });
    // Rebuilding it revises the standings: the next revision, still locked, and ben hears his new rank.
    const revised = await http.post('/v1/admin/leaderboards/xp/rebuild', { window: 'season', period: 'sspring' });
    expect(revised.body).toMatchObject({ members: 2, standings: { status: 'locked', revision: 2, changed: true } });
    const after = await http.get(`/v1/leaderboards/xp?${spring}`);
    expect(after.body).toMatchObject({ status: 'locked', revision: 2 });
    expect(ranked(after)).toEqual([[ann, 1, 10], [ben, 1, 10]]); // tied: ann reached 10 first
    expect((await http.get(`/v1/admin/leaderboards/xp/reconcile?${spring}`)).body).toMatchObject({ compared: 'standings', drift: [] });
    // Audited: who revised which period, to which revision.
    expect((await http.get('/v1/admin/audit?action=leaderboard.period.revised')).body.items).toEqual([
      expect.objectContaining({ action: 'leaderboard.period.revised', target: 'xp/season/sspring/global', detail: { status: 'locked', revision: 2, members: 2 } }),
    ]);
    const springRerank = (r: { body?: { notifications?: { kind: string; data: { period: string } }[] } }) => (r.body?.notifications ?? []).find((n) => n.kind === 'leaderboard.rank.reranked' && n.data.period === 'sspring');
    const bens = await eventually(() => http.get(`/v1/users/${ben}/notifications`), (r) => springRerank(r) !== undefined, { what: 'ben hears of the revised season' });
    expect(springRerank(bens)!.data).toMatchObject({ rank: 1, previousRank: 2, revision: 2 });
    // The revision moves no finish badge: the champion of the season as locked keeps it, and ben,
    // now tied first, is not paid a second champion's reward.
    await new Promise((r) => setTimeout(r, 1000));
    expect(await badges(ben)).not.toContain('season-champion');
    expect(await badges(ann)).toContain('season-champion');
    // Nothing changed since: a second rebuild stores nothing.
    expect((await http.post('/v1/admin/leaderboards/xp/rebuild', { window: 'season', period: 'sspring' })).body).toMatchObject({ standings: { status: 'locked', revision: 2, changed: false } });
    // A revision that changes a score but not its rank is announced too: ann stays first with more.
    expect((await http.post('/v1/events', post(ann, at(-12, 13), 'c1'))).status).toBe(202);
    await eventually(() => http.get(`/v1/admin/leaderboards/xp/reconcile?${spring}`), (r) => (r.body?.drift ?? []).length === 1, { what: "ann's late post in the ledger" });
    expect((await http.post('/v1/admin/leaderboards/xp/rebuild', { window: 'season', period: 'sspring' })).body).toMatchObject({ standings: { revision: 3, changed: true } });
    expect(ranked(await http.get(`/v1/leaderboards/xp?${spring}`))).toEqual([[ann, 1, 15], [ben, 2, 10]]);
    const annSpring = (r: { body?: { notifications?: { kind: string; title: string; data: { period: string; revision: number } }[] } }) =>
      (r.body?.notifications ?? []).find((n) => n.kind === 'leaderboard.rank.reranked' && n.data.period === 'sspring' && n.data.revision === 3);
    const anns = await eventually(() => http.get(`/v1/users/${ann}/notifications`), (r) => annSpring(r) !== undefined, { what: 'ann hears her new score' });
    expect(annSpring(anns)!.title).toBe('Your score on XP, sspring is now 15 (was 10; still #1)');
  });

  it("a list dimension (a question's areas) counts the event on each value's board: live, rebuilt from the ledger, reconciled and reversed alike", async () => {
    const http = api(app.url, tenant);
    const [p1, p2, p3] = ['p1', 'p2', 'p3'].map((n) => `${n}-${uniqueId('u')}`) as [string, string, string];
    const ask = (user: string, areas: string[]) => ({
      type: 'knowledge.question.posted',
      userId: user,
      idempotencyKey: uniqueId('k'),
      occurredAt: new Date().toISOString(),
      payload: { question_id: uniqueId('q'), author_id: user, area_ids: areas },
    });
    const first = ask(p1, ['ts', 'db']);
    // p2 names ts twice (counted once); p3's last area is over 128 characters (left out; the rest counts).
    const events = [first, ask(p1, ['ts']), ask(p2, ['ts', 'ts']), ask(p3, ['db']), ask(p3, ['db', 'ops', 'x'.repeat(129)])];
    expect((await http.post('/v1/events/batch', { events })).body).toMatchObject({ accepted: events.length });
    const scores = (r: { body: { entries: { userId: string; score: number }[] } }) => r.body.entries.map((e) => [e.userId, e.score]).sort();
    await eventually(() => http.get('/v1/leaderboards/xp?scope=area:db'), (r) => r.body?.total === 2 && r.body.entries[0].score === 10, { what: 'every question on its areas' });
    const boards = async () => ({
      ts: scores(await http.get('/v1/leaderboards/xp?scope=area:ts')),
      db: scores(await http.get('/v1/leaderboards/xp?scope=area:db')),
      ops: scores(await http.get('/v1/leaderboards/xp?scope=area:ops')),
    });
    expect(await boards()).toEqual({ ts: [[p1, 10], [p2, 5]].sort(), db: [[p1, 5], [p3, 10]].sort(), ops: [[p3, 5]] });
    expect((await http.get(`/v1/leaderboards/xp/users/${p1}?scope=area:db`)).body).toMatchObject({ rank: 2, score: 5, scope: 'area:db' });
    // A user's ranks within one area, on every board and window ranked by area.
    const inDb = (await http.get(`/v1/users/${p1}/ranks?scope=area:db`)).body.ranks;
    expect(inDb).toEqual(expect.arrayContaining([{ board: 'xp', window: 'all-time', period: 'all', scope: 'area:db', rank: 2, score: 5 }]));
    expect(inDb.every((r: { scope: string }) => r.scope === 'area:db')).toBe(true);
    // No board is ranked by team: said, not an empty answer.
    expect((await http.get(`/v1/users/${p1}/ranks?scope=team:t1`)).body).toMatchObject({ status: 404, code: 'unknown_scope', detail: 'No leaderboard is ranked within "team" (ranked within: community, area).' });
    // Every area p1 has points in, their top areas first (ts 10, then db 5), on every board ranked by area.
    const areas = (await http.get(`/v1/users/${p1}/ranks?dimension=area`)).body.ranks.filter((r: { window: string }) => r.window === 'all-time');
    expect(areas).toEqual([
      { board: 'xp', window: 'all-time', period: 'all', scope: 'area:ts', rank: 1, score: 10 },
      { board: 'xp', window: 'all-time', period: 'all', scope: 'area:db', rank: 2, score: 5 },
    ]);
    expect((await http.get(`/v1/users/${p1}/ranks?dimension=area&limit=1`)).body.ranks.map((r: { scope: string }) => r.scope)).toEqual(expect.arrayContaining(['area:ts']));
    expect((await http.get(`/v1/users/${p1}/ranks?dimension=area&limit=1`)).body.ranks.every((r: { scope: string }) => r.scope === 'area:ts')).toBe(true);
    expect((await http.get(`/v1/users/${p1}/ranks?dimension=team`)).body).toMatchObject({ status: 404, code: 'unknown_scope' });
    expect((await http.get(`/v1/users/${p1}/ranks?dimension=area&scope=area:ts`)).body).toMatchObject({ status: 422, code: 'invalid_request' });
    expect((await http.get(`/v1/users/${p1}/ranks?dimension=Area`)).status).toBe(422);
    expect((await http.get(`/v1/users/${p1}/ranks?limit=5`)).body).toMatchObject({ status: 422, code: 'invalid_request', errors: [{ pointer: '/limit' }] });
    expect((await http.get(`/v1/users/nobody-${uniqueId('u')}/ranks?dimension=area`)).body).toMatchObject({ ranks: [] });
    // The ledger shows what each entry counts under.
    const ledger = (await http.get(`/v1/users/${p1}/ledger`)).body.entries.map((e: { scopes?: unknown }) => e.scopes);
    expect(ledger).toEqual(expect.arrayContaining([{ area: ['ts', 'db'] }, { area: ['ts'] }]));
    expect((await http.get(`/v1/leaderboards/xp?scope=area:${'x'.repeat(129)}`)).status).toBe(422); // no value is over 128 characters
    for (const scope of ['area:ts', 'area:db', 'area:ops']) expect((await http.get(`/v1/admin/leaderboards/xp/reconcile?scope=${scope}`)).body).toMatchObject({ drift: [] });

    // Redis loses the ts board: the ledger rebuilds it, each list entry counted on it.
    const redis = new Redis(infraEnv().REDIS_URL);
    try {
      const keys = await redis.keys(`ql:{${tenant}}:lb:xp:*~area=ts`);
      expect(keys.length).toBeGreaterThan(0);
      await redis.del(...keys);
    } finally {
      redis.disconnect();
    }
    expect((await http.get('/v1/admin/leaderboards/xp/reconcile?scope=area:ts')).body.drift).toHaveLength(2);
    expect((await http.post('/v1/admin/leaderboards/xp/rebuild', { window: 'all-time', scope: 'area:ts' })).body).toMatchObject({ members: 2 });
    expect(await boards()).toEqual({ ts: [[p1, 10], [p2, 5]].sort(), db: [[p1, 5], [p3, 10]].sort(), ops: [[p3, 5]] });

    // Reversing p1's first question takes its 5 back from both of its areas: p1 leaves db (at 0).
    const reversed = await http.post('/v1/admin/events/reverse', { userId: p1, idempotencyKeys: [first.idempotencyKey], reason: 'duplicate question', dryRun: false });
    expect(reversed.body).toMatchObject({ eventsMatched: 1, settled: true });
    await eventually(() => http.get('/v1/leaderboards/xp?scope=area:db'), (r) => r.body?.total === 1, { what: 'the reversal on the db board' });
    expect(await boards()).toEqual({ ts: [[p1, 5], [p2, 5]].sort(), db: [[p3, 10]], ops: [[p3, 5]] });
    for (const scope of ['area:ts', 'area:db']) expect((await http.get(`/v1/admin/leaderboards/xp/reconcile?scope=${scope}`)).body).toMatchObject({ drift: [] });
  });
});
