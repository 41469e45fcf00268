import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { api, eventually, spawnEmbedded, TestTenants, uniqueId, type SpawnedService } from '@questline/testing';

jest.setTimeout(180_000);

/** Seed 001's XP table, driven through the real app (standalone, embedded defaults) with TekTree's pack. */
describe('TekTree XP table (seed 001) through the platform', () => {
  const tenants = new TestTenants();
  const tenant = tenants.newTenant('tektree');
  let app: SpawnedService;
  beforeAll(async () => {
    app = await spawnEmbedded(tenants.packsDir);
  });
  afterAll(async () => {
    expect(await app.stop()).toBe(true);
  });

  it('awards every action of the table to the right user, ignores self-likes, and explains each credit', async () => {
    const u = (name: string) => `${name}-${uniqueId('u')}`;
    const [ann, ben, cat] = [u('ann'), u('ben'), u('cat')];
    const ev = (type: string, userId: string, payload: Record<string, unknown>) => ({ type, userId, idempotencyKey: uniqueId('k'), occurredAt: new Date().toISOString(), payload });
    const events = [
      ev('user.registered', ann, { user_id: ann }), // ann +100
      ev('knowledge.question.posted', ann, { question_id: 'q1', author_id: ann }), // ann +5
      ev('knowledge.answer.submitted', ben, { answer_id: 'a1', question_id: 'q1', answer_author_id: ben }), // ben +10
      ev('knowledge.answer.accepted', ann, { question_id: 'q1', answer_id: 'a1', answer_author_id: ben }), // ben +50
      ev('knowledge.insight.published', cat, { insight_id: 'i1', author_id: cat }), // cat +25
      ev('knowledge.discussion.started', cat, { discussion_id: 'd1', author_id: cat }), // cat +10
      ev('knowledge.resource.shared', cat, { resource_id: 'r1', author_id: cat }), // cat +5
      ev('social.content.liked', ann, { content_id: 'i1', content_author_id: cat, liker_id: ann }), // cat +2
      ev('social.content.liked', cat, { content_id: 'i1', content_author_id: cat, liker_id: cat }), // self-like: nothing
      ev('social.content.upvoted', ben, { content_id: 'i1', content_author_id: cat, voter_id: ben }), // cat +5
      ev('social.comment.added', ben, { comment_id: 'c1', content_id: 'i1', commenter_id: ben }), // ben +3
      ev('payment.subscription.upgraded', ann, { subscription_id: 's1', user_id: ann, new_tier: 'pro' }), // ann +200
    ];
    const res = await api(app.url, tenant).post('/v1/events/batch', { events });
    expect(res.body).toMatchObject({ accepted: events.length, rejected: 0 });

    const expected: Record<string, number> = { [ann]: 305, [ben]: 63, [cat]: 47 };
    for (const [user, xp] of Object.entries(expected)) {
      await eventually(() => api(app.url, tenant).get(`/v1/users/${user}/profile`), (r) => r.body?.balances?.xp?.lifetime === xp, { what: `${user} at ${xp} XP`, timeoutMs: 30_000 });
    }
    const catLedger = await api(app.url, tenant).get(`/v1/users/${cat}/ledger?limit=50`);
    expect(catLedger.body.entries.map((e: { ruleId: string; amount: number }) => `${e.ruleId}:${e.amount}`).sort()).toEqual(
      ['content-liked:2', 'content-upvoted:5', 'discussion-started:10', 'insight-published:25', 'resource-shared:5'].sort(),
    );
    // Levels come from lifetime XP on the pack's curve (0, 100, 500, ...): ann (305) reached level 2.
    const annAchievements = await eventually(() => api(app.url, tenant).get(`/v1/users/${ann}/achievements`), (r) => r.body?.achievements?.length === 2, { what: "ann's first-xp and level-2" });
    expect(annAchievements.body.achievements.map((a: { id: string; name: string }) => [a.id, a.name]).sort()).toEqual([['first-xp', 'First XP'], ['level-2', 'Level 2']]);
    expect((await api(app.url, tenant).get(`/v1/users/${ann}/profile`)).body.level).toEqual({ currency: 'xp', level: 2, nextAt: 500 });
    expect((await api(app.url, tenant).get(`/v1/users/${ben}/achievements`)).body.achievements.map((a: { id: string }) => a.id)).toEqual(['first-xp']);
    // The self-like is processed, with no award.
    const selfLike = await eventually(() => api(app.url, tenant).get(`/v1/events/${res.body.results[8].id}`), (r) => r.body?.status === 'processed', { what: 'the self-like processed' });
    expect(selfLike.body.outcomes.awards).toEqual([]);
    // ...and says why: the rule that matched and did not pay, with its reason.
    expect(selfLike.body.outcomes.skipped).toEqual([{ ruleId: 'content-liked', reason: 'self-interaction' }]);
    // A paid event lists no skipped rules.
    const paid = await eventually(() => api(app.url, tenant).get(`/v1/events/${res.body.results[7].id}`), (r) => r.body?.status === 'processed', { what: 'the like processed' });
    expect(paid.body.outcomes).not.toHaveProperty('skipped');
  });

  const users: Record<string, string> = {};
  let packTestStart = new Date();

  it('packs are validated, uploaded, activated and rolled back over the admin API; a refused pack changes nothing', async () => {
    packTestStart = new Date();
    const admin = api(app.url, tenant);
    const v1 = readFileSync(join(tenants.packsDir, tenant, 'pack.yaml'), 'utf8');
    const v2 = v1
      .replace(/^version: 1$/m, 'version: 2')
      .replace(/- id: question-posted\n    version: 1/, '- id: question-posted\n    version: 2')
      .replace('award: { currency: xp, amount: 5, to: subject }\n  - id: answer-submitted', 'award: { currency: xp, amount: 7, to: subject }\n  - id: answer-submitted');
    expect(v2).not.toEqual(v1);

    const refused = async (source: string) => (await admin.post('/v1/admin/packs/validate', { source })).body;
    const syntax = await refused(`${v2}\nrules: [`);
    expect(syntax).toMatchObject({ status: 422, code: 'invalid_pack' });
    expect(syntax.errors[0].detail).toMatch(/^line \d+/);
    // Each error names the field's JSON pointer and its line in the submitted text.
    const gold = v2.replace('currency: xp, amount: 7', 'currency: gold, amount: 7');
    const goldLine = gold.split('\n').findIndex((l) => l.includes('currency: gold')) + 1;
    expect((await refused(gold)).errors).toContainEqual({ pointer: '/rules/1/award/currency', detail: 'unknown currency "gold"', line: goldLine });
    expect((await refused(`${v2}\nconversions: [{ from: xp, to: xp, rate: 2 }]`)).errors).toContainEqual(expect.objectContaining({ pointer: '/conversions', detail: 'cyclic conversion: xp → xp' }));
    expect((await refused(v2.replace('amount: 7', 'amount: { expr: { "eval": ["process.exit()"] } }'))).errors).toContainEqual(expect.objectContaining({ pointer: '/rules/1/award/amount/expr' }));
    expect((await refused(v2.replace(`tenant: ${tenant}`, 'tenant: someone-else'))).errors).toContainEqual(expect.objectContaining({ pointer: '/tenant', detail: `must be "${tenant}", the tenant of this API key` }));
    expect(await admin.post('/v1/admin/packs/validate', { source: v2 })).toMatchObject({ status: 200, body: { valid: true, version: 2, rules: 11 } });
    expect(await admin.post('/v1/admin/packs', { source: v1 })).toMatchObject({ status: 422, body: { code: 'pack_version_not_newer' } });

    const post = async (author: string) => {
      const r = await admin.post('/v1/events', { type: 'knowledge.question.posted', userId: author, idempotencyKey: uniqueId('q'), occurredAt: new Date().toISOString(), payload: { question_id: uniqueId('q'), author_id: author } });
      return r.body.id as string;
    };
    const xpOf = async (user: string) => (await admin.get(`/v1/users/${user}/profile`)).body?.balances?.xp?.lifetime ?? 0;
    const awardOf = async (user: string, expected: number) => eventually(() => xpOf(user), (v) => v === expected, { what: `${user} at ${expected} XP` });

    expect(await admin.post('/v1/admin/packs', { source: v2 })).toMatchObject({ status: 201, body: { version: 2, status: 'validated' } });
    const before = (users['before'] = uniqueId('before'));
    await post(before);
    await awardOf(before, 5); // uploaded is not active

    expect(await admin.post('/v1/admin/packs/2/activate')).toMatchObject({ status: 200, body: { version: 2, status: 'active' } });
    const after = (users['after'] = uniqueId('after'));
    await post(after);
    await awardOf(after, 7);
    const ledger = await admin.get(`/v1/users/${after}/ledger`);
    expect(ledger.body.entries[0]).toMatchObject({ ruleId: 'question-posted', ruleVersion: 2, amount: 7 });

    expect(await admin.post('/v1/admin/packs/rollback')).toMatchObject({ status: 200, body: { version: 1, status: 'active' } });
    const rolled = (users['rolled'] = uniqueId('rolled'));
    await post(rolled);
    await awardOf(rolled, 5);
    const list = await admin.get('/v1/admin/packs');
    expect(list.body.items.map((i: { version: number; status: string }) => [i.version, i.status])).toEqual([[2, 'retired'], [1, 'active']]);
    expect(await admin.post('/v1/admin/packs/9/activate')).toMatchObject({ status: 404, body: { code: 'pack_version_not_found' } });
  });

  it('re-scoring: a dry run shows who gains what under the new version; applying writes compensating entries once', async () => {
    const admin = api(app.url, tenant);
    expect((await admin.post('/v1/admin/packs/2/activate')).status).toBe(200);
    const range = { from: packTestStart.toISOString(), to: new Date(Date.now() + 1000).toISOString() };
    const xpOf = async (user: string) => (await admin.get(`/v1/users/${user}/profile`)).body?.balances?.xp?.lifetime ?? 0;

    const dry = await admin.post('/v1/admin/rescore', { ...range, dryRun: true });
    expect(dry.status).toBe(200);
    expect(dry.body).toMatchObject({ dryRun: true, packVersion: 2, eventsExamined: 3, eventsChanged: 2, compensations: 2, totals: { xp: { gained: 4, lost: 0, usersAffected: 2 } } });
    expect(dry.body.diff).toEqual(
      expect.arrayContaining([
        { userId: users['before'], currency: 'xp', before: 5, after: 7, delta: 2 },
        { userId: users['rolled'], currency: 'xp', before: 5, after: 7, delta: 2 },
      ]),
    );
    expect(await xpOf(users['before']!)).toBe(5); // a dry run writes nothing

    // Two admins apply at once: one run applies, the other is refused while the first holds the
    // tenant's lease (or, had it started after the first answered, finds nothing left).
    const both = await Promise.all([admin.post('/v1/admin/rescore', { ...range, dryRun: false }), admin.post('/v1/admin/rescore', { ...range, dryRun: false })]);
    const applied = both.find((r) => r.status === 200 && r.body.compensations > 0)!;
    const second = both.find((r) => r !== applied)!;
    expect(applied.body).toMatchObject({ dryRun: false, eventsChanged: 2, compensations: 2, settled: true });
    if (second.status === 409) expect(second.body).toMatchObject({ code: 'rescore_in_progress', detail: expect.stringContaining(applied.body.runId) });
    else expect(second.body).toMatchObject({ compensations: 0, settled: true });
    // Settled: the ledger (and so the balances) held the corrections when the run answered.
    for (const u of [users['before']!, users['rolled']!, users['after']!]) expect(await xpOf(u)).toBe(7);
    const ledger = await admin.get(`/v1/users/${users['before']}/ledger`);
    // History is not edited: the original +5 stays and a +2 correction names the new pack version.
    expect(ledger.body.entries.map((e: { kind: string; amount: number; ruleId: string; ruleVersion: number }) => [e.kind, e.amount, e.ruleId, e.ruleVersion]).sort()).toEqual([
      ['compensate', 2, 'rescore', 2],
      ['earn', 5, 'question-posted', 1],
    ]);
    const board = await admin.get(`/v1/leaderboards/xp/users/${users['before']}`);
    expect(board.body).toMatchObject({ score: 7 });

    const again = await admin.post('/v1/admin/rescore', { ...range, dryRun: false });
    expect(again.body).toMatchObject({ eventsChanged: 0, compensations: 0, diff: [] });
    expect(await admin.post('/v1/admin/rescore', { from: range.to, to: range.from })).toMatchObject({ status: 422, body: { code: 'invalid_range' } });
  });

  it('re-scoring replays progress: a metric milestone that pays more under a new version is corrected, once', async () => {
    const admin = api(app.url, tenant);
    const start = new Date();
    const star = uniqueId('star');
    const follows = Array.from({ length: 10 }, () => {
      const fan = uniqueId('fan');
      return { type: 'social.user.followed', userId: fan, idempotencyKey: uniqueId('f'), occurredAt: new Date().toISOString(), payload: { follower_id: fan, followed_user_id: star } };
    });
    expect((await admin.post('/v1/events/batch', { events: follows })).body).toMatchObject({ accepted: 10 });
    const xpOf = async () => (await admin.get(`/v1/users/${star}/profile`)).body?.balances?.xp?.lifetime ?? 0;
    await eventually(xpOf, (v) => v === 10, { what: 'the 10-follower milestone (10 xp)' });

    const active = (await admin.get('/v1/admin/packs')).body.items.find((i: { status: string }) => i.status === 'active');
    const { source } = (await admin.get(`/v1/admin/packs/${active.version}`)).body as { source: string };
    const next = active.version + 1;
    const richer = source.replace(/^version: \d+$/m, `version: ${next}`).replace('{ at: 10, reward: { currency: xp, amount: 10 } }', '{ at: 10, reward: { currency: xp, amount: 30 } }');
    expect(richer).toContain('amount: 30');
    expect(await admin.post('/v1/admin/packs', { source: richer })).toMatchObject({ status: 201 });
    expect(await admin.post(`/v1/admin/packs/${next}/activate`)).toMatchObject({ status: 200 });

    const range = { from: start.toISOString(), to: new Date(Date.now() + 1000).toISOString() };
    const dry = await admin.post('/v1/admin/rescore', { ...range, dryRun: true });
    expect(dry.body.diff).toEqual([{ userId: star, currency: 'xp', before: 10, after: 30, delta: 20 }]);
    await admin.post('/v1/admin/rescore', { ...range, dryRun: false });
    await eventually(xpOf, (v) => v === 30, { what: 'the milestone re-scored to 30 xp' });
    expect((await admin.post('/v1/admin/rescore', { ...range, dryRun: false })).body).toMatchObject({ compensations: 0, diff: [] });
    await eventually(() => admin.get(`/v1/users/${star}/achievements`), (r) => (r.body?.achievements ?? []).some((a: { id: string }) => a.id === 'rising-star'), { what: 'rising-star unlocked' });

    // A version that stops counting the first fan: the dry run shows the metric at 9 instead of
    // 10, the milestone's 30 xp taken back, and the badge on the metric withdrawn.
    const first = (follows[0]!.payload as { follower_id: string }).follower_id;
    const stricter = richer
      .replace(/^version: \d+$/m, `version: ${next + 1}`)
      .replace('    value: payload.follower_id\n', `    value: payload.follower_id\n    if: { "!=": [{ var: payload.follower_id }, "${first}"] }\n`);
    expect(stricter).toContain(first);
    expect(await admin.post('/v1/admin/packs', { source: stricter })).toMatchObject({ status: 201 });
    expect(await admin.post(`/v1/admin/packs/${next + 1}/activate`)).toMatchObject({ status: 200 });
    const fewer = (await admin.post('/v1/admin/rescore', { ...range, dryRun: true })).body;
    expect(fewer.diff).toEqual([{ userId: star, currency: 'xp', before: 30, after: 0, delta: -30 }]);
    expect(fewer.state).toEqual([{ userId: star, key: 'metric/followers/all', before: 10, after: 9 }]);
    expect(fewer.badges).toEqual([{ userId: star, achievementId: 'rising-star', change: 'revoke' }]);
    expect(fewer.levels).toEqual([]);
  });

  it('re-scoring replays events stamped with the same time in the order they arrived: an unchanged pack changes nothing', async () => {
    const admin = api(app.url, tenant);
    const active = (await admin.get('/v1/admin/packs')).body.items.find((i: { status: string }) => i.status === 'active');
    const { source } = (await admin.get(`/v1/admin/packs/${active.version}`)).body as { source: string };
    const next = active.version + 1;
    // The first like a user gives each day pays them 1 xp: which like is "first" depends on order.
    const firstLike = '  - id: first-like-of-day\n    version: 1\n    on: social.content.liked\n    award: { currency: xp, amount: 1, to: subject }\n    oncePer: { key: [subject], per: day }\n';
    const withFirstLike = source.replace(/^version: \d+$/m, `version: ${next}`).replace('  - id: content-liked\n', `${firstLike}  - id: content-liked\n`);
    expect(withFirstLike).toContain('first-like-of-day');
    expect(await admin.post('/v1/admin/packs', { source: withFirstLike })).toMatchObject({ status: 201 });
    expect(await admin.post(`/v1/admin/packs/${next}/activate`)).toMatchObject({ status: 200 });
    // Paying 2 under the same rule version would make the ledger's "rule version 1" mean two things: refused.
    const sameVersion = withFirstLike.replace(`version: ${next}`, `version: ${next + 1}`).replace('award: { currency: xp, amount: 1, to: subject }', 'award: { currency: xp, amount: 2, to: subject }');
    for (const path of ['/v1/admin/packs/validate', '/v1/admin/packs']) {
      const refused = await admin.post(path, { source: sameVersion });
      expect(refused).toMatchObject({ status: 422, body: { code: 'invalid_pack' } });
      // At the rule's version, with its line in the submitted text.
      const line = sameVersion.split('\n').findIndex((l, i, all) => l === '    version: 1' && all[i - 1] === '  - id: first-like-of-day') + 1;
      expect(refused.body.errors).toEqual([
        { pointer: expect.stringMatching(/^\/rules\/\d+\/version$/), line, detail: expect.stringMatching(/^rule "first-like-of-day" version 1 is already defined otherwise \(pack version \d+; changed: award\).*new version \(2\)$/) },
      ]);
    }

    // Two uploads at once cannot both pass the checks against the stored versions: one version
    // number, or one rule version defined two ways, is taken by one of them only (no 500).
    const raced = (version: number, amount: number, ruleVersion = 7) =>
      withFirstLike.replace(`version: ${next}`, `version: ${version}`).replace('award: { currency: xp, amount: 1, to: subject }', `award: { currency: xp, amount: ${amount}, to: subject }`).replace('  - id: first-like-of-day\n    version: 1\n', `  - id: first-like-of-day\n    version: ${ruleVersion}\n`);
    const sameNumber = await Promise.all([admin.post('/v1/admin/packs', { source: raced(next + 1, 3) }), admin.post('/v1/admin/packs', { source: raced(next + 1, 3) })]);
    expect(sameNumber.map((r) => r.status).sort()).toEqual([201, 422]);
    expect(sameNumber.find((r) => r.status === 422)!.body.code).toBe('pack_version_not_newer');
    const twoWays = await Promise.all([admin.post('/v1/admin/packs', { source: raced(next + 2, 4, 8) }), admin.post('/v1/admin/packs', { source: raced(next + 3, 5, 8) })]);
    expect(twoWays.map((r) => r.status).sort()).toEqual([201, 422]);
    expect(twoWays.find((r) => r.status === 422)!.body.errors[0].detail).toMatch(/^rule "first-like-of-day" version 8 is already defined otherwise/);

    const start = new Date(Date.now() - 1000);
    const fan = uniqueId('fan');
    const at = new Date().toISOString();
    // Eight likes by one user in one batch, all stamped with the same millisecond: live, the first sent is paid.
    const likes = Array.from({ length: 8 }, (_, i) => ({ type: 'social.content.liked', userId: fan, idempotencyKey: uniqueId(`like${i}`), occurredAt: at, payload: { content_id: `c${i}`, content_author_id: uniqueId('author'), liker_id: fan } }));
    const posted = (await admin.post('/v1/events/batch', { events: likes })).body;
    expect(posted).toMatchObject({ accepted: 8 });
    const ids: string[] = posted.results.map((r: { id: string }) => r.id);
    const ledger = await eventually(() => admin.get(`/v1/users/${fan}/ledger`), (r) => (r.body?.entries ?? []).length === 1, { what: "the fan's first like of the day paid" });
    expect(ledger.body.entries[0]).toMatchObject({ ruleId: 'first-like-of-day', amount: 1, sourceEventId: ids[0] });
    for (const id of ids) await eventually(() => admin.get(`/v1/events/${id}`), (r) => r.body?.status === 'processed', { what: `like ${id} processed` });

    // A period of the tenant's calendar in place of from/to; a week must be named by its first day.
    const tz = (await admin.get(`/v1/admin/packs/${next}`)).body.source.match(/^timezone: (.+)$/m)?.[1] ?? 'UTC';
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: tz }).format(new Date());
    const byDay = await admin.post('/v1/admin/rescore', { period: `d${today}`, dryRun: true });
    expect(byDay).toMatchObject({ status: 200, body: { dryRun: true, from: expect.any(String), to: expect.any(String) } });
    expect(Date.parse(byDay.body.to) - Date.parse(byDay.body.from)).toBeGreaterThanOrEqual(23 * 3_600_000);
    const tuesday = await admin.post('/v1/admin/rescore', { period: 'w2026-11-24' });
    expect(tuesday).toMatchObject({ status: 422, body: { code: 'invalid_range', errors: [{ pointer: '/period', detail: expect.stringContaining('use w2026-11-23') }] } });
    expect(await admin.post('/v1/admin/rescore', { period: `d${today}`, from: start.toISOString() })).toMatchObject({ status: 422, body: { code: 'invalid_range' } });

    // The replay pays the same like: no correction moves the credit to another of the eight.
    const range = () => ({ from: start.toISOString(), to: new Date(Date.now() + 1000).toISOString() });
    const dry = await admin.post('/v1/admin/rescore', { ...range(), dryRun: true });
    expect(dry.body).toMatchObject({ eventsChanged: 0, compensations: 0, diff: [] });

    // A like stamped a millisecond earlier arrives late: live, the day was already paid...
    expect(await admin.post(`/v1/admin/users/${fan}/adjustments`, { currency: 'xp', amount: 98, reason: 'brings the fan to 99 xp' }, { 'idempotency-key': uniqueId('adj') })).toMatchObject({ status: 201 });
    const late = (await admin.post('/v1/events', { ...likes[0], idempotencyKey: uniqueId('late'), occurredAt: new Date(Date.parse(at) - 1).toISOString(), payload: { ...likes[0]!.payload, content_id: 'late' } })).body;
    const lateStatus = await eventually(() => admin.get(`/v1/events/${late.id}`), (r) => r.body?.status === 'processed', { what: 'the late like processed' });
    expect(lateStatus.body.outcomes.skipped).toEqual([{ ruleId: 'first-like-of-day', reason: 'already paid once per subject this day' }]);
    // Support finds it without its id: the fan's likes, newest event time first (the late one is
    // the oldest), or the one with its idempotency key.
    // Likes of the same time are listed in the order they were sent, the last first (adopter trial 5
    // #15: they came in the order of their random ids), and pages of 3 walk them without a repeat.
    const listed = (await admin.get(`/v1/events?userId=${fan}&type=social.content.liked&limit=100`)).body;
    expect(listed.events.map((e: { id: string }) => e.id)).toEqual([...[...ids].reverse(), late.id]);
    expect(listed.events.at(-1)).toMatchObject({ id: late.id, status: 'processed', outcomes: { skipped: [{ ruleId: 'first-like-of-day' }] } });
    const paged: string[] = [];
    for (let cursor: string | null = '', pages = 0; cursor !== null && pages < 10; pages++) {
      const page: { events: { id: string }[]; nextCursor: string | null } = (await admin.get(`/v1/events?userId=${fan}&type=social.content.liked&limit=3${cursor ? `&cursor=${cursor}` : ''}`)).body;
      paged.push(...page.events.map((e) => e.id));
      cursor = page.nextCursor;
    }
    expect(paged).toEqual([...[...ids].reverse(), late.id]);
    // A cursor of the release before (time and id, no arrival) is still read: it may show some of its time again, never skip one.
    const oldCursor = Buffer.from(`${at}|${ids[7]}`).toString('base64url');
    const afterOld = (await admin.get(`/v1/events?userId=${fan}&type=social.content.liked&limit=100&cursor=${oldCursor}`)).body;
    expect(afterOld.events.map((e: { id: string }) => e.id)).toEqual(expect.arrayContaining([...ids.slice(0, 7), late.id]));
    const byKey = (await admin.get(`/v1/events?idempotencyKey=${encodeURIComponent(likes[3]!.idempotencyKey)}`)).body;
    expect(byKey.events.map((e: { id: string }) => e.id)).toEqual([ids[3]]);
    expect(await admin.get('/v1/events')).toMatchObject({ status: 422, body: { code: 'events_filter_required' } });
    expect(await admin.get(`/v1/events?userId=${fan}&from=2026-12-08T00:00:00Z&to=2026-12-01T00:00:00Z`)).toMatchObject({ status: 422, body: { code: 'invalid_range' } });
    // ...in event time the late like is the first: the credit moves to it (−1, +1; net unchanged).
    // Lifetime earned follows the run's net gain (none here), not the +1 alone: it stays 99, and
    // so does the level. The dry run says so, and applying does what it said.
    const moved = (await admin.post('/v1/admin/rescore', { ...range(), dryRun: true })).body;
    expect(moved).toMatchObject({ compensations: 2, diff: [], levels: [] });
    expect((await admin.post('/v1/admin/rescore', { ...range(), dryRun: false })).body).toMatchObject({ compensations: 2, diff: [], levels: [] });
    const corrected = await eventually(() => admin.get(`/v1/users/${fan}/ledger?kind=compensate`), (r) => (r.body?.entries ?? []).length === 2, { what: 'both corrections in the ledger' });
    expect(corrected.body.entries.map((e: { amount: number; lifetimeCredit: number; sourceEventId: string }) => [e.sourceEventId, e.amount, e.lifetimeCredit]).sort()).toEqual(
      [[ids[0], -1, 0], [late.id, 1, 0]].sort(),
    );
    expect((await admin.get(`/v1/users/${fan}/profile`)).body).toMatchObject({ level: { level: 1 }, balances: { xp: { lifetime: 99, net: 99 } } });
    // Support sees it on the event: what live scoring paid or skipped stays, the correction is beside it.
    const lateNow = await eventually(() => admin.get(`/v1/events/${late.id}`), (r) => (r.body?.outcomes?.corrections ?? []).length === 1, { what: 'the correction on the late like' });
    expect(lateNow.body.outcomes).toMatchObject({
      skipped: [{ ruleId: 'first-like-of-day' }],
      corrections: [{ userId: fan, currency: 'xp', amount: 1, ruleId: 'rescore', packVersion: next, runId: expect.any(String), key: expect.stringMatching(/^rescore:/) }],
    });

    // A change that pays more is a gain: each first like of the day now pays 3 (rule version 7,
    // uploaded by the race above). One +2 correction, all of it lifetime: 101, level 2.
    const payMore = (await admin.get('/v1/admin/packs')).body.items.find((i: { version: number }) => i.version === next + 1);
    expect(payMore).toBeDefined();
    expect(await admin.post(`/v1/admin/packs/${next + 1}/activate`)).toMatchObject({ status: 200 });
    const gained = (await admin.post('/v1/admin/rescore', { ...range(), dryRun: false })).body;
    expect(gained).toMatchObject({ compensations: 1, diff: [{ userId: fan, currency: 'xp', before: 1, after: 3, delta: 2 }], levels: [{ userId: fan, before: 1, after: 2 }] });
    await eventually(() => admin.get(`/v1/users/${fan}/profile`), (r) => r.body?.balances?.xp?.net === 101, { what: 'the +2 applied' });
    expect((await admin.get(`/v1/users/${fan}/profile`)).body).toMatchObject({ level: { level: 2 }, balances: { xp: { lifetime: 101, net: 101 } } });
    const credit = (await admin.get(`/v1/users/${fan}/ledger?kind=compensate&limit=1`)).body.entries[0];
    expect(credit).toMatchObject({ amount: 2, lifetimeCredit: 2, ruleVersion: next + 1, sourceEventId: late.id });
    // Corrections reach the feed as their own kind (a tenant can word, group or mute them), not as earnings.
    const feed = await eventually(() => admin.get(`/v1/users/${fan}/notifications?limit=100`), (r) => (r.body?.notifications ?? []).filter((n: { kind: string }) => n.kind === 'points.corrected').length === 3, { what: 'three corrections in the feed' });
    expect(feed.body.notifications.filter((n: { kind: string }) => n.kind === 'points.corrected').map((n: { title: string }) => n.title).sort()).toEqual(['Correction: +1 xp', 'Correction: +2 xp', 'Correction: -1 xp']);
    expect(feed.body.notifications.filter((n: { kind: string }) => n.kind === 'points.awarded').map((n: { data: { ruleId: string } }) => n.data.ruleId)).not.toContain('rescore');
  });

  it("a pack claiming Questline's own topics, or listening to an event type its namespace does not have, is refused with pointers", async () => {
    const admin = api(app.url, tenant);
    const source = readFileSync(join(tenants.packsDir, tenant, 'pack.yaml'), 'utf8').replace(/^version: \d+$/m, 'version: 99');
    const refused = async (edited: string) => {
      expect(edited).not.toBe(source);
      const res = await admin.post('/v1/admin/packs/validate', { source: edited });
      expect(res).toMatchObject({ status: 422, body: { code: 'invalid_pack' } });
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      return res.body.errors as { pointer: string; detail: string }[];
    };
    // The shared inbound topic: its owner would become this tenant, every other tenant's Kafka events its dead letters.
    expect(await refused(source.replace(/^ingest:\n/m, 'ingest:\n  kafkaTopics: [questline.inbound.v1]\n'))).toContainEqual(
      expect.objectContaining({ pointer: '/ingest/kafkaTopics/0', detail: expect.stringMatching(/^"questline\.inbound\.v1" is reserved for Questline/) }),
    );
    expect(await refused(source.replace(/^( {2}topic: ).+$/m, '$1questline.event.accepted.v1'))).toContainEqual(expect.objectContaining({ pointer: '/outbound/topic' }));
    expect(await refused(source.replace('on: knowledge.answer.accepted', 'on: knowledge.answer.acceptd'))).toContainEqual({
      pointer: '/rules/3/on',
      line: source.split('\n').indexOf('    on: knowledge.answer.accepted') + 1,
      detail: 'event type "knowledge.answer.acceptd" is not registered in namespace "tektree"; did you mean "knowledge.answer.accepted"?',
    });
  });

  it('a registry bundle whose schema pattern backtracks catastrophically ((a+)+, (a|a)+, or quadratically) is refused before it can block the process', async () => {
    const ns = `rd${uniqueId('n').replace(/[^a-z0-9]/g, '')}`.slice(0, 20);
    const schema = (pattern: string) =>
      JSON.stringify({
        'x-questline': { status: 'active', description: 'A test.', producer: 'tests', consumers: [], classification: 'primary', retention: 'standard', pii: [] },
        type: 'object',
        properties: { s: { type: 'string', pattern } },
      });
    const source = [`tenant: ${tenant}`, 'version: 98', 'name: ReDoS', `schemaNamespace: ${ns}`, 'currencies: [{ id: xp }]', 'rules: [{ id: r, on: rd.evil, award: { currency: xp, amount: 1 } }]'].join('\n');
    const bundle = (pattern: string) => ({ [`${ns}/namespace.yaml`]: 'title: ReDoS\nnaming: dotted\n', [`${ns}/rd.evil/v1.schema.json`]: schema(pattern) });
    // Nested repetition, overlapping alternatives under one repetition, and a quadratic one.
    for (const [pattern, growth] of [
      ['^(a+)+$', 'exponential'],
      ['^(a|a)+$', 'exponential'],
      ['^\\S+@\\S+\\.\\S+$', 'polynomial (degree 3)'],
    ]) {
      const res = await api(app.url, tenant).post('/v1/admin/packs/validate', { source, registry: bundle(pattern!) });
      expect(res).toMatchObject({ status: 422, body: { code: 'invalid_registry_bundle' } });
      expect(res.body.errors).toEqual([{ pointer: `/registry/${ns}~1rd.evil~1v1.schema.json`, detail: expect.stringContaining(`/properties/s/pattern: pattern ${JSON.stringify(pattern)} takes ${growth} time`) }]);
      // Uploading it is refused the same way, and nothing is stored.
      expect(await api(app.url, tenant).post('/v1/admin/packs', { source, registry: bundle(pattern!) })).toMatchObject({ status: 422, body: { code: 'invalid_registry_bundle' } });
    }
    expect((await api(app.url, tenant).get('/v1/admin/packs')).body.items.map((i: { version: number }) => i.version)).not.toContain(98);
    // A dialect's envelope is a schema too, run on every raw event: its patterns are analysed the same way.
    const dialect = readFileSync(join(__dirname, '../../event-schemas/dialects/tektree.yaml'), 'utf8')
      .replace(/^id: tektree$/m, `id: ${ns}d`)
      .replace('    payload: { type: object }\n', '    payload: { type: object }\n    tag: { type: string, pattern: "^(a+)+$" }\n');
    expect(dialect).toContain('tag:');
    const viaDialect = await api(app.url, tenant).post('/v1/admin/packs/validate', { source, registry: { ...bundle('^a+$'), [`dialects/${ns}d.yaml`]: dialect } });
    expect(viaDialect).toMatchObject({ status: 422, body: { code: 'invalid_registry_bundle' } });
    expect(viaDialect.body.errors).toEqual([{ pointer: `/registry/dialects~1${ns}d.yaml`, detail: expect.stringContaining('/envelope/properties/tag/pattern: pattern "^(a+)+$" takes exponential time') }]);
    // Back-references and look-around cannot be analysed: refused.
    expect((await api(app.url, tenant).post('/v1/admin/packs/validate', { source, registry: bundle('^(\\w)(?!\\1)(\\w)\\2\\1(?:a|a)*$') })).body.errors[0].detail).toContain('uses a back-reference or look-around');
    // A slug pattern (a repeated group each character can match one way only) is fine.
    expect(await api(app.url, tenant).post('/v1/admin/packs/validate', { source, registry: bundle('^([a-z0-9]+-)*[a-z0-9]+$') })).toMatchObject({ status: 200, body: { valid: true } });
  });
});
