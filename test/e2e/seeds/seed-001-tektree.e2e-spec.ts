import { randomUUID } from 'node:crypto';
import { api, eventually, infraEnv, spawnApp, TestTenants, uniqueId, type SpawnedService } from '@questline/testing';

jest.setTimeout(180_000);

/**
 * Seed 001 (TekTree) end to end on the real Kafka, Postgres and Redis with the TekTree pack: every
 * event of the seed's XP table in TekTree's own envelope (event_id, event_type, event_version,
 * source_service, payload), the amounts the seed names and who gets them, follower milestones
 * counting distinct followers, the login streak, and semver versions.
 * (The gamification.* events published back are in test/e2e/outbound.e2e-spec.ts.)
 */
describe('seed 001 — TekTree end to end', () => {
  const tenants = new TestTenants();
  const tek = tenants.newTenant('tektree');
  let app: SpawnedService;
  beforeAll(async () => {
    app = await spawnApp('standalone', { ...infraEnv(), PACKS_DIR: tenants.packsDir, QUESTLINE_NAMESPACE: `${uniqueId('s1')}.` }, 120_000);
  });
  afterAll(async () => {
    if (app) expect(await app.stop()).toBe(true);
  });

  const event = (type: string, payload: Record<string, unknown>, version = '1.0.0', at = new Date()) => ({
    event_id: randomUUID(),
    event_type: type,
    event_version: version,
    timestamp: at.toISOString(),
    source_service: `${type.split('.')[0]}-service`,
    payload,
  });
  const send = async (events: unknown[]) => {
    for (const e of events) expect((await api(app.url, tek).post('/v1/events', e)).status).toBe(202);
  };
  const xp = async (user: string) => (await api(app.url, tek).get(`/v1/users/${user}/profile`)).body?.balances?.xp?.lifetime ?? 0;

  it("the XP table (§1–§5): each event's amount to the user the seed names", async () => {
    const u = (n: string) => uniqueId(n);
    const [newcomer, asker, answerer, author, writer, host, sharer, liker, commenter, voter, upgrader] = [u('new'), u('ask'), u('ans'), u('auth'), u('wri'), u('host'), u('shr'), u('lik'), u('com'), u('vot'), u('upg')] as const;
    await send([
      event('user.registered', { user_id: newcomer, email: 'n@tektree.io' }),
      event('knowledge.question.posted', { question_id: 'q1', author_id: asker }),
      event('knowledge.answer.submitted', { answer_id: 'a1', question_id: 'q1', answer_author_id: answerer }),
      event('knowledge.answer.accepted', { question_id: 'q1', answer_id: 'a1', answer_author_id: author, accepted_by: asker }),
      event('knowledge.insight.published', { insight_id: 'i1', author_id: writer }),
      event('knowledge.discussion.started', { discussion_id: 'd1', author_id: host }),
      event('knowledge.resource.shared', { resource_id: 'r1', author_id: sharer }),
      event('social.content.liked', { content_id: 'c1', content_author_id: writer, liker_id: liker }),
      event('social.comment.added', { comment_id: 'cm1', content_id: 'c1', commenter_id: commenter }),
      event('social.content.upvoted', { content_id: 'c1', content_author_id: host, voter_id: voter }),
      event('payment.subscription.upgraded', { subscription_id: 's1', user_id: upgrader, new_tier: 'pro' }),
    ]);
    const expected: Record<string, number> = {
      [newcomer]: 100, // +100 welcome bonus
      [asker]: 5, // +5 question posted (accepting earns the asker nothing)
      [answerer]: 10, // +10 answer submitted
      [author]: 50, // +50 answer accepted
      [writer]: 25 + 2, // +25 insight, +2 when liked
      [host]: 10 + 5, // +10 discussion, +5 when upvoted
      [sharer]: 5, // +5 resource shared
      [liker]: 0,
      [commenter]: 3, // +3 comment
      [voter]: 0,
      [upgrader]: 200, // +200 upgrade bonus
    };
    for (const [user, amount] of Object.entries(expected)) await eventually(() => xp(user), (v) => v === amount, { what: `${user}: ${amount} XP` });
    // Nothing more arrives later (each event credited once).
    await new Promise((r) => setTimeout(r, 500));
    for (const [user, amount] of Object.entries(expected)) expect(await xp(user)).toBe(amount);
  });

  it('§3 social.user.followed: milestones count distinct followers (one fan following ten times is one follower)', async () => {
    const star = uniqueId('star');
    const fan = uniqueId('fan');
    const follow = (follower: string) => event('social.user.followed', { follower_id: follower, followed_user_id: star });
    // 18 follows from 9 people: one fan ten times, eight others once.
    const events = [...Array.from({ length: 10 }, () => follow(fan)), ...Array.from({ length: 8 }, (_, i) => follow(`${fan}-${i}`))];
    const ids: string[] = [];
    for (const e of events) ids.push((await api(app.url, tek).post('/v1/events', e)).body.id);
    for (const id of ids) await eventually(() => api(app.url, tek).get(`/v1/events/${id}`), (r) => r.body?.status === 'processed', { what: `follow ${id} processed` });
    expect(await xp(star)).toBe(0);
    // The tenth distinct follower pays the 10-follower milestone, once.
    await send([follow(`${fan}-9`)]);
    await eventually(() => xp(star), (v) => v === 10, { what: 'the 10-follower milestone' });
    await send([follow(`${fan}-10`)]);
    await new Promise((r) => setTimeout(r, 500));
    expect(await xp(star)).toBe(10);
  });

  it('user.authenticated keeps the daily login streak; a semver event_version selects the schema major', async () => {
    const user = uniqueId('login');
    const day = 86_400_000;
    await send([0, 1, 2].map((d) => event('user.authenticated', { user_id: user }, '1.0.0', new Date(Date.now() - (2 - d) * day))));
    await eventually(() => api(app.url, tek).get(`/v1/users/${user}/progress`), (r) => r.body?.streaks?.[0]?.current === 3, { what: 'a 3-day login streak' });
    expect(await api(app.url, tek).post('/v1/events', event('user.authenticated', { user_id: user }, '9.0.0'))).toMatchObject({ status: 422, body: { code: 'unknown_schema_version' } });
    expect(await api(app.url, tek).post('/v1/events', event('user.authenticated', { user_id: user }, 'one'))).toMatchObject({ status: 422, body: { code: 'invalid_envelope', errors: [{ pointer: '/event_version' }] } });
  });
});
