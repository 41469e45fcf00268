import { Client } from 'pg';
import { api, eventually, infraEnv, spawnApp, TestTenants, uniqueId, type SpawnedService } from '@questline/testing';

jest.setTimeout(180_000);

/** Support tools for achievements, on the real Kafka, Postgres and Redis (the audit log is read from Postgres). */
describe('achievements: admin grant and revoke', () => {
  const tenants = new TestTenants();
  const tek = tenants.newTenant('tektree');
  // An achievement with prerequisites: its own criterion (any xp) holds long before them.
  const pre = tenants.newTenant('tektree', (t) =>
    t.replace('achievements:\n', 'achievements:\n  - { id: all-rounder, name: All-rounder, when: { currency: xp, lifetimeAtLeast: 1 }, requires: [first-xp, rising-star], reward: { currency: xp, amount: 25 } }\n'),
  );
  const env = { ...infraEnv(), PACKS_DIR: tenants.packsDir, QUESTLINE_NAMESPACE: `${uniqueId('ach')}.` };
  let app: SpawnedService;
  let db: Client;
  beforeAll(async () => {
    app = await spawnApp('standalone', env, 120_000);
    db = new Client({ connectionString: infraEnv().DATABASE_URL });
    await db.connect();
  });
  afterAll(async () => {
    await db?.end();
    if (app) expect(await app.stop()).toBe(true);
  });

  const balance = (tenant: string, user: string, currency: string, lifetime: number) =>
    eventually(() => api(app.url, tenant).get(`/v1/users/${user}/profile`), (r) => r.body?.balances?.[currency]?.lifetime === lifetime, { what: `${user} at ${lifetime} ${currency}`, timeoutMs: 30_000 });
  const notifications = (tenant: string, user: string, kind: string) =>
    eventually(() => api(app.url, tenant).get(`/v1/users/${user}/notifications`), (r) => (r.body?.notifications ?? []).some((n: { kind: string }) => n.kind === kind), { what: `${user}: ${kind}` });

  it('support tools: an admin revokes a badge with a reason (audited, announced) and the next award does not undo it; a grant lifts it', async () => {
    const http = api(app.url, tek);
    const user = uniqueId('u');
    const post = () => http.post('/v1/events', { type: 'knowledge.question.posted', userId: user, idempotencyKey: uniqueId('q'), occurredAt: new Date().toISOString(), payload: { question_id: uniqueId('q'), author_id: user } });
    await post();
    const has = (id: string) => async () => ((await http.get(`/v1/users/${user}/achievements`)).body.achievements as { id: string }[]).some((a) => a.id === id);
    await eventually(has('first-xp'), (v) => v, { what: 'first-xp unlocked' });

    const path = `/v1/admin/users/${user}/achievements/first-xp`;
    expect(await http.post(`${path}/revoke`, { reason: 'earned by a bot' })).toMatchObject({ status: 200, body: { revoked: true } });
    expect(await has('first-xp')()).toBe(false);
    await notifications(tek, user, 'achievement.revoked');
    // The next award would qualify again: the revocation holds.
    await post();
    await balance(tek, user, 'xp', 10);
    expect(await has('first-xp')()).toBe(false);
    expect((await http.post(`${path}/revoke`, { reason: 'again' })).body).toMatchObject({ status: 404, code: 'not_unlocked' });
    expect((await http.post(`${path}/revoke`, {})).status).toBe(422);

    const granted = await http.post(`${path}/grant`, { reason: 'appeal upheld' });
    expect(granted).toMatchObject({ status: 200, body: { granted: true } });
    expect(await has('first-xp')()).toBe(true);
    expect((await http.post(`${path}/grant`, { reason: 'twice' })).body).toMatchObject({ granted: false, sourceEventId: granted.body.sourceEventId });
    expect((await http.post(`/v1/admin/users/${user}/achievements/level-2/grant`, { reason: 'x' })).body).toMatchObject({ status: 422, code: 'not_grantable' });
    expect((await http.post(`/v1/admin/users/${user}/achievements/nope/grant`, { reason: 'x' })).body).toMatchObject({ status: 404, code: 'unknown_achievement' });
    // Audited with the reason and who did it (the root key here).
    const audit = await db.query('SELECT actor, action, detail FROM admin_audit WHERE tenant_id = $1 AND target = $2 ORDER BY id', [tek, `${user}/first-xp`]);
    expect(audit.rows).toEqual([
      { actor: 'root', action: 'achievement.revoke', detail: { reason: 'earned by a bot', occurrences: 1 } },
      { actor: 'root', action: 'achievement.grant', detail: { reason: 'appeal upheld', granted: true } },
      { actor: 'root', action: 'achievement.grant', detail: { reason: 'twice', granted: false } },
    ]);
  });

  it('batch evaluation: a badge added in a new pack version is unlocked for users who already qualify, once (dry run first)', async () => {
    const http = api(app.url, tek);
    const [star, newcomer] = [uniqueId('star'), uniqueId('new')];
    const follow = (user: string) => {
      const fan = uniqueId('fan');
      return { type: 'social.user.followed', userId: fan, idempotencyKey: uniqueId('f'), occurredAt: new Date().toISOString(), payload: { follower_id: fan, followed_user_id: user } };
    };
    expect((await http.post('/v1/events/batch', { events: [...Array.from({ length: 6 }, () => follow(star)), follow(newcomer)] })).body).toMatchObject({ accepted: 7 });
    const followers = (user: string, n: number) =>
      eventually(() => http.get(`/v1/users/${user}/metrics`), (r) => r.body?.metrics?.find((m: { id: string }) => m.id === 'followers')?.value === n, { what: `${user} at ${n} followers` });
    await followers(star, 6);
    await followers(newcomer, 1);

    // A badge below what the star already has: no milestone will fire for it until the star's
    // next follower, so only batch evaluation unlocks it now.
    const active = (await http.get('/v1/admin/packs')).body.items.find((i: { status: string }) => i.status === 'active');
    const { source } = (await http.get(`/v1/admin/packs/${active.version}`)).body as { source: string };
    const next = source
      .replace(/^version: \d+$/m, `version: ${active.version + 1}`)
      .replace('achievements:\n', 'achievements:\n  - { id: noticed, name: Noticed, when: { metric: followers, atLeast: 5 } }\n');
    expect(await http.post('/v1/admin/packs', { source: next })).toMatchObject({ status: 201 });
    expect(await http.post(`/v1/admin/packs/${active.version + 1}/activate`)).toMatchObject({ status: 200 });

    const dry = (await http.post('/v1/admin/achievements/noticed/evaluate', {})).body;
    expect(dry).toMatchObject({ dryRun: true, unlocked: 0 });
    expect(dry.sample).toContain(star);
    expect(dry.sample).not.toContain(newcomer);
    const held = async (user: string) => ((await http.get(`/v1/users/${user}/achievements`)).body.achievements as { id: string }[]).some((b) => b.id === 'noticed');
    expect(await held(star)).toBe(false);
    const applied = (await http.post('/v1/admin/achievements/noticed/evaluate', { dryRun: false })).body;
    expect(applied).toMatchObject({ dryRun: false, qualifying: dry.qualifying, unlocked: dry.qualifying });
    expect(await held(star)).toBe(true);
    expect(((await http.get(`/v1/users/${newcomer}/achievements`)).body.inProgress as { id: string }[]).find((a) => a.id === 'noticed')).toMatchObject({ current: 1, target: 5, percent: 20 });
    expect((await http.post('/v1/admin/achievements/noticed/evaluate', { dryRun: false })).body).toMatchObject({ qualifying: 0, unlocked: 0 });
    expect((await http.post('/v1/admin/achievements/nope/evaluate', {})).body).toMatchObject({ status: 404, code: 'unknown_achievement' });
  });

  it('prerequisites: an achievement waits for the ones it requires, then unlocks with the last of them (same event)', async () => {
    const http = api(app.url, pre);
    const star = uniqueId('star');
    await http.post('/v1/events', { type: 'knowledge.question.posted', userId: star, idempotencyKey: uniqueId('q'), occurredAt: new Date().toISOString(), payload: { question_id: uniqueId('q'), author_id: star } });
    const list = async () => (await http.get(`/v1/users/${star}/achievements`)).body as { achievements: { id: string; sourceEventId: string }[]; inProgress: { id: string }[] };
    await eventually(list, (l) => l.achievements.some((a) => a.id === 'first-xp'), { what: 'first-xp' });
    expect((await list()).achievements.map((a) => a.id)).not.toContain('all-rounder');
    const follows = Array.from({ length: 10 }, () => {
      const fan = uniqueId('fan');
      return { type: 'social.user.followed', userId: fan, idempotencyKey: uniqueId('f'), occurredAt: new Date().toISOString(), payload: { follower_id: fan, followed_user_id: star } };
    });
    expect((await http.post('/v1/events/batch', { events: follows })).body).toMatchObject({ accepted: 10 });
    const done = await eventually(list, (l) => l.achievements.some((a) => a.id === 'all-rounder'), { what: 'all-rounder after rising-star' });
    const by = (id: string) => done.achievements.find((a) => a.id === id)!.sourceEventId;
    expect(by('all-rounder')).toBe(by('rising-star'));
    // Its reward is credited once, for that event, under the badge's award key: 5 (question) + 10
    // (the 10-follower milestone) + 25.
    await balance(pre, star, 'xp', 40);
    const ledger = (await http.get(`/v1/users/${star}/ledger`)).body.entries as { ruleId: string; amount: number; sourceEventId: string; idempotencyKey: string }[];
    expect(ledger.filter((e) => e.ruleId === 'badge:all-rounder')).toEqual([expect.objectContaining({ amount: 25, sourceEventId: by('all-rounder'), idempotencyKey: `badge:all-rounder:${star}` })]);
  });
});
