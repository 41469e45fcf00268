import { api, eventually, spawnEmbedded, TestTenants, uniqueId, type SpawnedService } from '@questline/testing';

jest.setTimeout(180_000);

const pack = (missionReward: number, version: number, timezone = 'UTC') => `
tenant: placeholder
version: ${version}
name: Corrections
timezone: ${timezone}
schemaNamespace: tektree
ingest:
  dialects: [canonical]
currencies:
  - { id: xp, name: XP }
dimensions:
  - { id: topic, path: meta.topic }
rules:
  - id: q
    version: 1
    on: knowledge.question.posted
    award: { currency: xp, amount: 5, to: subject }
  - id: upvote
    version: 1
    on: social.content.upvoted
    award: { currency: xp, amount: 10, to: payload.content_author_id }
    oncePer: { key: [subject, payload.content_id] }
caps:
  - { id: votes, currency: xp, rules: [upvote], perWeek: 1000, rolling: { hours: 24, max: 500 } }
leaderboards:
  - { id: xp, name: XP, currency: xp, windows: [all-time, daily] }
  - { id: topic-xp, name: XP by topic, currency: xp, windows: [all-time], scopes: [topic] }
missions:
  perDay: 1
  pool:
    - id: m1
      name: Post one
      steps: [{ id: s, on: knowledge.question.posted, target: 1 }]
      reward: { currency: xp, amount: ${missionReward} }
`;

/**
 * Corrections written by admins — re-scoring and reversals — through the platform (standalone,
 * embedded defaults): runs of a tenant do not overlap, progress corrections land on the day they
 * belong to and are keyed alike by runs over a day and over its week, and reversed events are
 * taken back on every board and never re-paid.
 */
describe('admin corrections: re-scoring runs over overlapping ranges, reversing events', () => {
  const tenants = new TestTenants();
  const overlap = tenants.newTenant('tektree', () => pack(20, 1));
  const moderated = tenants.newTenant('tektree', () => pack(20, 1));
  const berlin = tenants.newTenant('tektree', () => pack(10, 1, 'Europe/Berlin'));
  const rescoped = tenants.newTenant('tektree', () => pack(20, 1));
  // Reputation with a floor of 1, and a penalty for the author of liked content (TekTree has no
  // downvote event: a like stands in for one here).
  const floored = (downvote: number, version: number) =>
    pack(20, version)
      .replace('- { id: xp, name: XP }', '- { id: xp, name: XP, floor: 1 }')
      .replace('rules:\n', `rules:\n  - id: downvote\n    version: ${version}\n    on: social.content.liked\n    award: { currency: xp, amount: ${downvote}, to: payload.content_author_id }\n`);
  const reputation = tenants.newTenant('tektree', () => floored(-7, 1));
  let app: SpawnedService;
  beforeAll(async () => {
    app = await spawnEmbedded(tenants.packsDir);
  });
  afterAll(async () => {
    expect(await app.stop()).toBe(true);
  });

  const day = (offset: number) => new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate() + offset, 12));
  const label = (d: Date) => d.toISOString().slice(0, 10);
  const balance = async (tenant: string, user: string) => (await api(app.url, tenant).get(`/v1/users/${user}/profile`)).body?.balances?.xp ?? { lifetime: 0, net: 0 };

  it('re-scoring a week and each of its days at once, then again one after another: the mission corrections are booked once, each on its own day', async () => {
    const admin = api(app.url, overlap);
    const u = uniqueId('u');
    // Two past days (noon UTC), so neither is in the future whenever the test runs.
    const [yesterday, today] = [day(-2), day(-1)];
    for (const at of [yesterday, today]) {
      const res = await admin.post('/v1/events', { type: 'knowledge.question.posted', userId: u, idempotencyKey: uniqueId('q'), occurredAt: at.toISOString(), payload: { question_id: uniqueId('q'), author_id: u } });
      expect(res.status).toBeLessThan(300);
    }
    await eventually(() => balance(overlap, u), (b) => b.net === 50, { what: 'two days of 5 + 20' });

    expect((await admin.post('/v1/admin/packs', { source: pack(40, 2).replace('tenant: placeholder', `tenant: ${overlap}`) })).status).toBe(201);
    expect((await admin.post('/v1/admin/packs/2/activate')).status).toBe(200);
    const week = { from: `${label(yesterday)}T00:00:00Z`, to: `${label(day(0))}T00:00:00Z` };
    const runs = [week, { period: `d${label(yesterday)}` }, { period: `d${label(today)}` }];
    const answers = await Promise.all(runs.map((r) => admin.post('/v1/admin/rescore', { ...r, dryRun: false })));
    // One run of the tenant at a time: the others are refused while it holds the lease.
    for (const a of answers) {
      if (a.status === 409) expect(a.body).toMatchObject({ code: 'rescore_in_progress' });
      else expect(a.body).toMatchObject({ settled: true });
    }
    expect(answers.some((a) => a.status === 200)).toBe(true);
    // Then every run once more, one after another: whatever ran first, nothing is booked twice.
    for (const r of [...runs, ...runs]) expect((await admin.post('/v1/admin/rescore', { ...r, dryRun: false })).status).toBe(200);
    expect(await balance(overlap, u)).toMatchObject({ lifetime: 90, net: 90 });
    const again = await admin.post('/v1/admin/rescore', { ...week, dryRun: true });
    expect(again.body).toMatchObject({ compensations: 0, diff: [] });

    // Each day's +20 on that day (the daily board of each day reads 45), keyed per day.
    const ledger = (await admin.get(`/v1/users/${u}/ledger`)).body.entries as { kind: string; amount: number; ruleId: string; occurredAt: string }[];
    const corrections = ledger.filter((e) => e.kind === 'compensate');
    expect(corrections.map((e) => [e.ruleId, e.amount, e.occurredAt.slice(0, 10)]).sort()).toEqual([
      ['mission:m1', 20, label(today)],
      ['mission:m1', 20, label(yesterday)],
    ].sort());
    const daily = await admin.get(`/v1/leaderboards/xp?window=daily&period=d${label(today)}`);
    expect(daily.body.entries.find((e: { userId: string }) => e.userId === u)).toMatchObject({ score: 45 });
  });

  it('a user in another zone than the tenant: two day runs over a day of theirs, under an unchanged pack, change nothing', async () => {
    const admin = api(app.url, berlin);
    const u = uniqueId('la');
    // One Los Angeles day (14:30 and 15:30 there), two Berlin days (23:30 and 00:30); the later one arrives first.
    const d = label(day(-3));
    const post = (at: string) => admin.post('/v1/events', { type: 'knowledge.question.posted', userId: u, idempotencyKey: uniqueId('q'), occurredAt: at, meta: { timezone: 'America/Los_Angeles' }, payload: { question_id: uniqueId('q'), author_id: u } });
    for (const at of [`${d}T23:30:00Z`, `${d}T22:30:00Z`]) expect((await post(at)).status).toBeLessThan(300);
    await eventually(() => balance(berlin, u), (b) => b.net === 20, { what: 'two questions and one mission' });
    const next = label(new Date(Date.parse(`${d}T12:00:00Z`) + 86_400_000));
    for (const period of [`d${d}`, `d${next}`]) {
      expect((await admin.post('/v1/admin/rescore', { period, dryRun: false })).body).toMatchObject({ compensations: 0, diff: [] });
    }
    expect(await balance(berlin, u)).toMatchObject({ net: 20, lifetime: 20 });
  });

  it('reversing a voter\'s events takes back what they paid on every board and scope, once; re-scoring never pays them again', async () => {
    const admin = api(app.url, moderated);
    const [eve, mallory, bob] = [uniqueId('eve'), uniqueId('mallory'), uniqueId('bob')];
    const vote = (voter: string) => ({
      type: 'social.content.upvoted',
      userId: voter,
      idempotencyKey: uniqueId('v'),
      occurredAt: new Date().toISOString(),
      payload: { content_id: uniqueId('c'), content_author_id: eve, voter_id: voter },
      meta: { topic: 'go' },
    });
    const start = new Date(Date.now() - 1000);
    const votes = [vote(mallory), vote(mallory), vote(mallory), vote(bob)];
    expect((await admin.post('/v1/events/batch', { events: votes })).body).toMatchObject({ accepted: 4 });
    await eventually(() => balance(moderated, eve), (b) => b.net === 40, { what: 'four upvotes' });
    const scoped = async () => (await admin.get('/v1/leaderboards/topic-xp?scope=topic:go')).body.entries.find((e: { userId: string }) => e.userId === eve)?.score;
    expect(await scoped()).toBe(40);
    // How much of her caps the votes used (the user's calendar; the tenant's zone here: UTC).
    const caps = (await admin.get(`/v1/users/${eve}/caps`)).body;
    expect(caps).toMatchObject({ userId: eve, timezone: 'UTC' });
    expect(caps.caps).toEqual([
      expect.objectContaining({ id: 'votes', kind: 'cap', label: 'cap votes', currency: 'xp', rules: ['upvote'], window: 'week', max: 1000, used: 40, left: 960 }),
      expect.objectContaining({ id: 'votes', kind: 'cap', window: 'rolling', hours: 24, max: 500, used: 40, left: 460 }),
    ]);

    // A route that takes no query parameters refuses them instead of ignoring them (adopter re-trial #8):
    // the caps of a past date were asked for and today's were answered.
    expect(await admin.get(`/v1/users/${eve}/caps?date=2026-01-01&window=week`)).toMatchObject({
      status: 422,
      body: { code: 'invalid_request', detail: 'The query parameters are invalid.', errors: [expect.objectContaining({ pointer: '/date' }), expect.objectContaining({ pointer: '/window' })] },
    });
    for (const path of [`/v1/users/${eve}/progress?at=2026-01-01`, `/v1/users/${eve}/metrics?period=w`, '/v1/admin/packs?all=1', `/v1/users/${eve}/achievements?limit=5`]) {
      expect(await admin.get(path)).toMatchObject({ status: 422, body: { code: 'invalid_request' } });
    }
    expect((await admin.get(`/v1/users/${eve}/caps`)).status).toBe(200);
    expect(await admin.post('/v1/admin/events/reverse', { reason: 'serial voting' })).toMatchObject({ status: 422, body: { code: 'reversal_filter_required' } });
    const pick = { userId: mallory, type: 'social.content.upvoted', reason: 'serial voting' };
    const dry = await admin.post('/v1/admin/events/reverse', pick);
    expect(dry.body).toMatchObject({ dryRun: true, eventsMatched: 3, alreadyReversed: 0, compensations: 3, totals: { xp: { taken: 30, given: 0, usersAffected: 1 } }, diff: [{ userId: eve, currency: 'xp', delta: -30 }] });
    expect(dry.body.events).toHaveLength(3);
    expect(await balance(moderated, eve)).toMatchObject({ net: 40 }); // a dry run writes nothing

    const applied = await admin.post('/v1/admin/events/reverse', { ...pick, dryRun: false });
    // Released: each vote's cap application and its once-per mark.
    expect(applied.body).toMatchObject({ dryRun: false, eventsMatched: 3, compensations: 3, released: 6, settled: true });
    // The cap room the votes used is free again: only bob's vote counts.
    expect((await admin.get(`/v1/users/${eve}/caps`)).body.caps).toEqual([expect.objectContaining({ window: 'week', used: 10, left: 990 }), expect.objectContaining({ window: 'rolling', used: 10, left: 490 })]);
    // Settled: the ledger held the corrections when it answered. Lifetime earned does not go down.
    expect(await balance(moderated, eve)).toMatchObject({ net: 10, lifetime: 40 });
    await eventually(scoped, (s) => s === 10, { what: 'the topic board follows' });
    const board = await admin.get('/v1/leaderboards/xp');
    expect(board.body.entries.find((e: { userId: string }) => e.userId === eve)).toMatchObject({ score: 10 });

    // The event says what was taken back; the ledger names the reversal.
    const status = await eventually(
      async () => (await admin.get(`/v1/events/${applied.body.events[0].id}`)).body,
      (b) => (b?.outcomes?.corrections ?? []).length > 0,
      { what: 'the correction on the event' },
    );
    expect(status.outcomes.corrections).toEqual([expect.objectContaining({ userId: eve, currency: 'xp', amount: -10, ruleId: 'reversal', runId: applied.body.runId, reason: 'serial voting' })]);
    // She hears why, and which run it was (corrections group per run, never across two).
    const heard = await eventually(
      () => admin.get(`/v1/users/${eve}/notifications?limit=100`),
      (r) => (r.body?.notifications ?? []).filter((n: { kind: string }) => n.kind === 'points.corrected').length === 3,
      { what: 'three corrections in her feed' },
    );
    const corrections = heard.body.notifications.filter((n: { kind: string }) => n.kind === 'points.corrected') as { title: string; data: Record<string, unknown> }[];
    expect(corrections.map((n) => [n.title, n.data['runId'], n.data['reason']])).toEqual(Array.from({ length: 3 }, () => ['Correction: -10 xp (serial voting)', applied.body.runId, 'serial voting']));

    // Once: again, or by id, nothing more is taken; unknown ids are named.
    const again = await admin.post('/v1/admin/events/reverse', { ...pick, dryRun: false });
    expect(again.body).toMatchObject({ eventsMatched: 3, alreadyReversed: 3, compensations: 0 });
    const unknown = '00000000-0000-4000-8000-000000000000';
    const byId = await admin.post('/v1/admin/events/reverse', { eventIds: [applied.body.events[0].id, unknown], reason: 'again', dryRun: false });
    expect(byId.body).toMatchObject({ alreadyReversed: 1, compensations: 0, notFound: [unknown] });
    // By the producer's own ids: bob's vote, on its own.
    const byKey = await admin.post('/v1/admin/events/reverse', { idempotencyKeys: [votes[3]!.idempotencyKey, 'no-such-key'], reason: 'check' });
    expect(byKey.body).toMatchObject({ eventsMatched: 1, compensations: 1, notFound: ['no-such-key'], diff: [{ userId: eve, delta: -10 }] });
    // By a payload field (a deleted post): the events about that content in a range, whoever sent them.
    const range = { from: start.toISOString(), to: new Date(Date.now() + 1000).toISOString() };
    const byPost = await admin.post('/v1/admin/events/reverse', { ...range, payload: { content_id: votes[3]!.payload.content_id }, reason: 'post deleted' });
    expect(byPost.body).toMatchObject({ dryRun: true, eventsMatched: 1, compensations: 1, diff: [{ userId: eve, delta: -10 }] });
    expect(byPost.body.events.map((e: { id: string }) => e.id)).toEqual(byKey.body.events.map((e: { id: string }) => e.id));
    expect((await admin.post('/v1/admin/events/reverse', { ...range, payload: { content_id: 'no-such-post' }, reason: 'x' })).body).toMatchObject({ eventsMatched: 0, compensations: 0 });
    // It only narrows: alone it is refused, and it must be a small storable object.
    expect(await admin.post('/v1/admin/events/reverse', { payload: { content_id: 'x' }, reason: 'x' })).toMatchObject({ status: 422, body: { code: 'reversal_filter_required' } });
    expect(await admin.post('/v1/admin/events/reverse', { ...range, payload: {}, reason: 'x' })).toMatchObject({ status: 422, body: { code: 'invalid_payload_filter' } });
    expect(await admin.post('/v1/admin/events/reverse', { ...range, payload: { 'a\u0000': 'x' }, reason: 'x' })).toMatchObject({ status: 422, body: { code: 'invalid_payload_filter', errors: [{ pointer: '/payload/a\u0000' }] } });
    expect(await admin.post('/v1/admin/events/reverse', { ...range, payload: ['x'], reason: 'x' })).toMatchObject({ status: 422, body: { errors: [{ pointer: '/payload' }] } });
    expect(await admin.post('/v1/admin/events/reverse', { ...range, payload: null, reason: 'x' })).toMatchObject({ status: 422, body: { code: 'invalid_payload_filter', errors: [{ pointer: '/payload' }] } });

    // Her once-per key is free again: a vote cast again on the same content is paid (as a first vote).
    const again2 = { ...vote(mallory), payload: { ...votes[0]!.payload } };
    expect((await admin.post('/v1/events', again2)).status).toBeLessThan(300);
    await eventually(() => balance(moderated, eve), (b) => b.net === 20, { what: 'the vote cast again is paid' });
    const start2 = new Date(Date.now() + 1000);

    // Re-scoring leaves reversed events out: nothing to pay back.
    const rescore = await admin.post('/v1/admin/rescore', { from: start.toISOString(), to: start2.toISOString(), dryRun: true });
    expect(rescore.body).toMatchObject({ compensations: 0, diff: [] });
    expect(await balance(moderated, eve)).toMatchObject({ net: 20 });

    // Audited; a NUL in a filter is the request's fault (it was a 500 on the audit route).
    const audit = await admin.get('/v1/admin/audit?action=events.reverse');
    expect(audit.body.items[0]).toMatchObject({ action: 'events.reverse', target: applied.body.runId, detail: { reason: 'serial voting', events: 3, compensations: 3 } });
    for (const path of ['/v1/admin/audit?action=%00', '/v1/admin/audit?target=a%00', `/v1/events?userId=${eve}%00`]) {
      expect(await admin.get(path)).toMatchObject({ status: 400, body: { code: 'invalid_query' } });
    }
  });

  it("re-scoring books an event's corrections on the scopes it was booked with, not on what a new pack's dimensions read (attacker 6 #5)", async () => {
    const admin = api(app.url, rescoped);
    const u = uniqueId('u');
    const at = day(-1);
    for (let i = 0; i < 2; i++) {
      const sent = { type: 'knowledge.question.posted', userId: u, idempotencyKey: uniqueId('q'), occurredAt: at.toISOString(), meta: { topic: 'ts', area: 'db' }, payload: { question_id: uniqueId('q'), author_id: u } };
      expect((await admin.post('/v1/events', sent)).status).toBe(202);
    }
    const board = async (value: string) => ((await admin.get(`/v1/leaderboards/topic-xp?scope=topic:${value}`)).body?.entries ?? []).map((e: { userId: string; score: number }) => [e.userId, e.score]);
    // Two questions (5 each) and the day's mission (20), all booked on topic:ts.
    await eventually(() => board('ts'), (b) => b.length === 1 && b[0][1] === 30, { what: 'both questions and the mission on topic:ts' });
    // Version 2 pays 8 a question, and its topic dimension reads meta.area (db).
    const v2 = pack(20, 2).replace('tenant: placeholder', `tenant: ${rescoped}`).replace('- id: q\n    version: 1', '- id: q\n    version: 2').replace('amount: 5, to: subject', 'amount: 8, to: subject').replace('path: meta.topic', 'path: meta.area');
    expect((await admin.post('/v1/admin/packs', { source: v2 })).status).toBe(201);
    expect((await admin.post('/v1/admin/packs/2/activate')).status).toBe(200);
    const range = { from: new Date(at.getTime() - 3_600_000).toISOString(), to: new Date(at.getTime() + 3_600_000).toISOString() };
    expect((await admin.post('/v1/admin/rescore', { ...range, dryRun: false })).body).toMatchObject({ compensations: 2, settled: true });
    // +3 twice, on topic:ts where the questions were booked: the board nets to what the event pays now.
    await eventually(() => board('ts'), (b) => b.length === 1 && b[0][1] === 36, { what: 'the corrections on topic:ts' });
    expect(await board('db')).toEqual([]);
    expect((await admin.get('/v1/admin/leaderboards/topic-xp/reconcile?scope=topic:ts')).body).toMatchObject({ drift: [] });
  });
  it('a floor of 1: six downvotes in one batch take 25 down to 1 and no further, the ledger keeps what each asked, and re-scoring compares with the ask', async () => {
    const admin = api(app.url, reputation);
    const [author, voter] = [uniqueId('author'), uniqueId('voter')];
    const at = (minutes: number) => new Date(Date.now() - 3_600_000 + minutes * 60_000).toISOString();
    const question = { type: 'knowledge.question.posted', userId: author, idempotencyKey: uniqueId('q'), occurredAt: at(0), meta: { topic: 'go' }, payload: { question_id: uniqueId('q'), author_id: author } };
    expect((await admin.post('/v1/events', question)).status).toBe(202);
    // The question (5) and the day's mission (20).
    await eventually(() => balance(reputation, author), (b) => b.net === 25, { what: 'the question and its mission' });
    // `count` downvotes by one voter of one author's content, a minute apart from `from`.
    const downvotesOf = (author: string, voter: string, content: string, count: number, from: number) =>
      Array.from({ length: count }, (_, i) => ({
        type: 'social.content.liked',
        userId: voter,
        idempotencyKey: uniqueId('d'),
        occurredAt: at(from + i),
        meta: { topic: 'go' },
        payload: { content_id: content, content_author_id: author, liker_id: voter },
      }));
    // One voter, one batch: the author's six penalties reach points in order, in one or more batches.
    const downvotes = downvotesOf(author, voter, question.payload.question_id, 6, 1);
    expect((await admin.post('/v1/events/batch', { events: downvotes })).body).toMatchObject({ accepted: 6 });
    const ledgerOf = async (user: string) => ((await admin.get(`/v1/users/${user}/ledger?limit=50`)).body?.entries ?? []) as { amount: number; requested?: number; ruleId: string; sourceEventId: string }[];
    const ledger = () => ledgerOf(author);
    const penalties = await eventually(
      async () => (await ledger()).filter((e) => e.ruleId === 'downvote').reverse(),
      (p) => p.length === 6,
      { what: 'six downvote entries' },
    );
    // 25 → 18 → 11 → 4 → 1: the fourth is held at the floor, the last two take nothing; each keeps what it asked.
    expect(penalties.map((e) => [e.amount, e.requested])).toEqual([
      [-7, undefined],
      [-7, undefined],
      [-7, undefined],
      [-3, -7],
      [0, -7],
      [0, -7],
    ]);
    expect(await balance(reputation, author)).toMatchObject({ net: 1, lifetime: 25, spendable: 1 });
    const score = async () => (await admin.get('/v1/leaderboards/xp')).body.entries.find((e: { userId: string }) => e.userId === author)?.score;
    await eventually(score, (s) => s === 1, { what: 'the board follows the booked amounts' });
    // The event says what it booked; the feed tells of what moved (no "+0 xp").
    const held = await admin.get(`/v1/events/${penalties[3]!.sourceEventId}`);
    expect(held.body.outcomes.awards).toEqual([expect.objectContaining({ userId: author, currency: 'xp', amount: -3, ruleId: 'downvote' })]);
    const feed = await eventually(
      async () => ((await admin.get(`/v1/users/${author}/notifications?limit=50`)).body?.notifications ?? []) as { kind: string; data: { amount?: number } }[],
      (n) => n.filter((x) => x.kind === 'points.awarded' && (x.data.amount ?? 0) < 0).length === 4,
      { what: 'four penalties in the feed' },
    );
    expect(feed.filter((x) => x.kind === 'points.awarded' && x.data.amount === 0)).toEqual([]);

    // Re-scoring under the same pack compares the rules with what they asked: nothing to correct.
    const range = { from: at(-1), to: at(10) };
    expect((await admin.post('/v1/admin/rescore', { ...range, dryRun: true })).body).toMatchObject({ compensations: 0, diff: [] });
    // A milder penalty (-1): the three booked in full move to -1 (+6 each), the one held at -3 to -1
    // (+2); the two that found no room then still take nothing. A milder pack never lowers a balance.
    expect((await admin.post('/v1/admin/packs', { source: floored(-1, 2).replace('tenant: placeholder', `tenant: ${reputation}`) })).status).toBe(201);
    expect((await admin.post('/v1/admin/packs/2/activate')).status).toBe(200);
    expect((await admin.post('/v1/admin/rescore', { ...range, dryRun: true })).body).toMatchObject({ compensations: 4, diff: [{ userId: author, before: 1, after: 21, delta: 20 }] });
    expect((await admin.post('/v1/admin/rescore', { ...range, dryRun: false })).body).toMatchObject({ compensations: 4, settled: true });
    expect(await balance(reputation, author)).toMatchObject({ net: 21, spendable: 21 });
    await eventually(score, (s) => s === 21, { what: 'the board follows the corrections' });
    // Converged: a second run finds nothing, though three events' bookings differ from their ask.
    expect((await admin.post('/v1/admin/rescore', { ...range, dryRun: true })).body).toMatchObject({ compensations: 0, diff: [] });
    // Reversing the votes undoes exactly what each booked (-1 four times, 0 twice), once.
    const reverse = { userId: voter, type: 'social.content.liked', reason: 'vote ring', dryRun: false };
    expect((await admin.post('/v1/admin/events/reverse', reverse)).body).toMatchObject({ eventsMatched: 6, compensations: 6, settled: true });
    expect(await balance(reputation, author)).toMatchObject({ net: 25 });
    expect((await admin.post('/v1/admin/events/reverse', reverse)).body).toMatchObject({ alreadyReversed: 6, compensations: 0 });

    // A post's votes reversed together (Askly trial #1): an upvote, then twelve downvotes of 1 taking
    // its author to the floor. Whichever order the reversals reach points in, the author ends where
    // the votes never happened (0: no event is left to have paid anything), not held at the floor
    // by the upvote's reversal while the downvotes' give back.
    const [jo, fan, troll] = [uniqueId('jo'), uniqueId('fan'), uniqueId('troll')];
    const post = uniqueId('p');
    const upvote = { type: 'social.content.upvoted', userId: fan, idempotencyKey: uniqueId('u'), occurredAt: at(20), payload: { content_id: post, content_author_id: jo, voter_id: fan } };
    expect((await admin.post('/v1/events', upvote)).status).toBe(202);
    await eventually(() => balance(reputation, jo), (b) => b.net === 10, { what: 'the upvote' });
    const downs = downvotesOf(jo, troll, post, 12, 21);
    expect((await admin.post('/v1/events/batch', { events: downs })).body).toMatchObject({ accepted: 12 });
    await eventually(async () => (await ledgerOf(jo)).filter((e) => e.ruleId === 'downvote').length, (n) => n === 12, { what: 'twelve downvotes' });
    expect(await balance(reputation, jo)).toMatchObject({ net: 1 });
    const deleted = { from: at(19), to: at(40), payload: { content_id: post }, reason: 'post deleted', dryRun: false };
    expect((await admin.post('/v1/admin/events/reverse', deleted)).body).toMatchObject({ eventsMatched: 13, settled: true, diff: [{ userId: jo, delta: -1 }] });
    expect(await balance(reputation, jo)).toMatchObject({ net: 0, spendable: 0 });
  });
});
