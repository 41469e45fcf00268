import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { assignedMissions, parsePack, periodOf } from '@questline/rules';
import { Client } from 'pg';
import { api, eventually, infraEnv, spawnApp, TestTenants, uniqueId, type SpawnedService } from '@questline/testing';

jest.setTimeout(180_000);

const DAY = 86_400_000;

/**
 * Seed 004 (Unofficial Communities) end to end on the real Kafka, Postgres and Redis with its pack,
 * in the seed's own BaseEvent: its §3 examples as written (identified and anonymous), the daily
 * mission numbers (send_messages: 10 messages, 50 XP, missions_remaining), the 7-day streak
 * milestone bonus, and the weekly ranking per community (community_id in the envelope or in the
 * properties). (gamification.* published back with community_id: test/e2e/outbound.e2e-spec.ts.)
 */
describe('seed 004 — Unofficial Communities end to end', () => {
  const tenants = new TestTenants();
  const uc = tenants.newTenant('unofficial');
  const pack = parsePack(readFileSync(join(tenants.packsDir, uc, 'pack.yaml'), 'utf8'));
  let app: SpawnedService;
  beforeAll(async () => {
    app = await spawnApp('standalone', { ...infraEnv(), PACKS_DIR: tenants.packsDir, QUESTLINE_NAMESPACE: `${uniqueId('s4')}.` }, 120_000);
  });
  afterAll(async () => {
    if (app) expect(await app.stop()).toBe(true);
  });

  let identity = 200_000 + Math.floor(Math.random() * 700_000);
  const base = (name: string, identityId: number | null, properties: Record<string, unknown>, at = new Date(), extra: Record<string, unknown> = {}) => ({
    event_id: randomUUID(),
    event_name: name,
    timestamp: at.toISOString(),
    source: 'api',
    environment: 'production',
    identity_id: identityId,
    ...extra,
    properties,
  });
  // WhatsApp activity needs explicit consent (§2.5): the product sends the user's consents with the event.
  const message = (id: number, at = new Date(), community = 1) =>
    base('whatsapp.message.sent', id, { community_id: community, timestamp_bucket: at.toISOString().slice(0, 10) }, at, { community_id: community, consents: { whatsapp_activity: true } });
  const send = async (events: unknown[]) => {
    const res = await api(app.url, uc).post('/v1/events/batch', { events });
    expect(res.body).toMatchObject({ accepted: events.length, rejected: 0 });
  };
  const xp = async (user: string) => (await api(app.url, uc).get(`/v1/users/${user}/profile`)).body?.balances?.xp?.lifetime ?? 0;

  it("§3's examples as written: the signup (identity_id 12345, community_id in properties) and an anonymised zone entry (identity_id null: linked to no one, counted)", async () => {
    const signup = {
      event_id: '550e8400-e29b-41d4-a716-446655440000',
      event_name: 'user.signup.completed',
      timestamp: '2026-01-14T12:30:00.000Z',
      source: 'api',
      environment: 'production',
      identity_id: 12345,
      properties: { has_avatar: true, community_id: 1, signup_duration_seconds: 180 },
    };
    const a = await api(app.url, uc).post('/v1/events', signup);
    expect(a.status).toBe(202);
    const stored = await eventually(() => api(app.url, uc).get(`/v1/events/${a.body.id}`), (r) => r.body?.status === 'processed', { what: 'the signup processed' });
    expect(stored.body.event).toMatchObject({ type: 'user.signup.completed', userId: '12345', externalId: signup.event_id, meta: { environment: 'production' } });
    const zone = {
      event_id: '550e8400-e29b-41d4-a716-446655440002',
      event_name: 'world.zone.entered',
      timestamp: '2026-01-14T15:00:00.000Z',
      source: 'server',
      environment: 'production',
      identity_id: null,
      anonymous_id: 'a1b2c3d4e5f6',
      community_id: 1,
      properties: { zone_type: 'social_east', from_zone: 'central_hub' },
    };
    const z = await api(app.url, uc).post('/v1/events', zone);
    expect(z.status).toBe(202);
    const anon = await eventually(() => api(app.url, uc).get(`/v1/events/${z.body.id}`), (r) => r.body?.status === 'processed', { what: 'the zone entry processed' });
    // Anonymous (§8.2: no telemetry consent, or never identified): stored linked to no one, counted only.
    expect(anon.body.event).toMatchObject({ userId: '_unlinked', meta: { unlinked: 'anonymous' } });
    expect(JSON.stringify(anon.body.event)).not.toContain('a1b2c3d4e5f6');
    // The same event sent again is one event.
    expect(await api(app.url, uc).post('/v1/events', zone)).toMatchObject({ status: 202, body: { id: z.body.id, duplicate: true } });
  });

  it('§2.2 daily mission send_messages: 10 messages → +50 XP once, missions_remaining 2; +1 XP per message (20 a day at most)', async () => {
    const today = periodOf(Date.now(), 'day', pack.timezone);
    let id = 0;
    do id = ++identity; while (!assignedMissions(pack, String(id), today).some((m) => m.id === 'send_messages'));
    await send(Array.from({ length: 25 }, () => message(id)));
    // 20 capped message XP + 50 for the mission.
    await eventually(() => xp(String(id)), (v) => v === 70, { what: '20 + 50 XP' });
    const feed = await eventually(
      () => api(app.url, uc).get(`/v1/users/${id}/notifications`),
      (r) => (r.body?.notifications ?? []).some((n: { kind: string }) => n.kind === 'mission.completed'),
      { what: 'mission.completed' },
    );
    const done = feed.body.notifications.filter((n: { kind: string }) => n.kind === 'mission.completed');
    expect(done).toHaveLength(1);
    expect(done[0].data).toMatchObject({ mission_type: 'send_messages', xp_awarded: 50, missions_remaining: 2 });
  });

  it('§2.2 streak milestone at 7 days: +50 bonus XP once (streak_day 7)', async () => {
    const id = ++identity;
    await send(Array.from({ length: 7 }, (_, i) => message(id, new Date(Date.now() - (6 - i) * DAY))));
    const progress = await eventually(() => api(app.url, uc).get(`/v1/users/${id}/progress`), (r) => r.body?.streaks?.[0]?.current === 7, { what: 'a 7-day streak' });
    expect(progress.body.streaks[0]).toMatchObject({ id: 'daily', current: 7 });
    const ledger = await eventually(
      () => api(app.url, uc).get(`/v1/users/${id}/ledger?limit=50`),
      (r) => (r.body?.entries ?? []).some((e: { ruleId: string }) => e.ruleId.startsWith('streak:')),
      { what: 'the streak bonus in the ledger' },
    );
    expect((ledger.body.entries as { ruleId: string; amount: number }[]).filter((e) => e.ruleId.startsWith('streak:'))).toEqual([expect.objectContaining({ amount: 50 })]);
  });

  it('the weekly ranking per community: community_id from the envelope or the properties', async () => {
    const [a, b, c] = [++identity, ++identity, ++identity];
    const joined = (who: number, community: number, inEnvelope: boolean) =>
      base('community.member.joined', who, inEnvelope ? { method: 'invite' } : { method: 'invite', community_id: community }, new Date(), inEnvelope ? { community_id: community } : {});
    await send([joined(a, 42, true), joined(b, 42, false), joined(c, 43, true), message(a, new Date(), 42)]);
    const ranking = await eventually(
      () => api(app.url, uc).get('/v1/leaderboards/community-weekly?window=weekly&scope=community:42'),
      (r) => (r.body?.entries ?? []).length === 2 && r.body.entries[0].userId === String(a),
      { what: 'community 42 ranked' },
    );
    expect(ranking.body.entries.map((e: { userId: string; score: number }) => [e.userId, e.score])).toEqual([
      [String(a), 21],
      [String(b), 20],
    ]);
    const other = await api(app.url, uc).get('/v1/leaderboards/community-weekly?window=weekly&scope=community:43');
    expect(other.body.entries.map((e: { userId: string }) => e.userId)).toEqual([String(c)]);
  });

  describe('privacy (§2.5, §8.2, §8.3)', () => {
    let db: Client;
    beforeAll(async () => {
      db = new Client({ connectionString: infraEnv().DATABASE_URL });
      await db.connect();
    });
    afterAll(async () => {
      await db?.end();
    });
    const row = async (id: string) => (await db.query('SELECT user_id, envelope::text AS envelope FROM ingested_event WHERE id = $1', [id])).rows[0] as { user_id: string; envelope: string };
    const counted = async (type: string, reason: string) =>
      Number((await db.query('SELECT coalesce(sum(count), 0) AS n FROM unlinked_activity WHERE tenant_id = $1 AND type = $2 AND reason = $3', [uc, type, reason])).rows[0].n);
    const processed = (id: string) => eventually(() => api(app.url, uc).get(`/v1/events/${id}`), (r) => r.body?.status === 'processed', { what: `${id} processed` });
    const onBoard = async (user: string) =>
      ((await api(app.url, uc).get('/v1/leaderboards/community-weekly?window=weekly&scope=community:1&limit=100')).body.entries as { userId: string }[]).some((e) => e.userId === user);

    it('counts only: message content sent with a WhatsApp event never reaches Postgres', async () => {
      const id = ++identity;
      const res = await api(app.url, uc).post('/v1/events', { ...message(id), properties: { community_id: 1, timestamp_bucket: '2026-12-05', text: 'hello secret', media_url: 'https://x/y.jpg' } });
      expect(res.status).toBe(202);
      await processed(res.body.id);
      const stored = await row(res.body.id);
      expect(stored.envelope).not.toContain('hello secret');
      expect(stored.envelope).not.toContain('media_url');
      expect(JSON.parse(stored.envelope).payload).toEqual({ community_id: 1, timestamp_bucket: '2026-12-05' });
    });

    it('without explicit whatsapp_activity consent the event is only counted: no user id stored, no XP, no rank', async () => {
      const id = ++identity;
      const before = await counted('whatsapp.message.sent', 'consent:whatsapp_activity');
      const { consents: _c, ...noConsent } = message(id) as ReturnType<typeof message> & { consents?: unknown };
      const res = await api(app.url, uc).post('/v1/events', { ...noConsent, properties: { community_id: 1, identity_id: id, timestamp_bucket: '2026-12-05' } });
      expect(res.status).toBe(202);
      await processed(res.body.id);
      const stored = await row(res.body.id);
      expect(stored.user_id).toBe('_unlinked');
      expect(stored.envelope).not.toContain(String(id));
      expect(await counted('whatsapp.message.sent', 'consent:whatsapp_activity')).toBe(before + 1);
      // A redelivery counts nothing more.
      expect((await api(app.url, uc).post('/v1/events', { ...noConsent, properties: { community_id: 1, identity_id: id, timestamp_bucket: '2026-12-05' } })).body.duplicate).toBe(true);
      await new Promise((r) => setTimeout(r, 300));
      expect(await counted('whatsapp.message.sent', 'consent:whatsapp_activity')).toBe(before + 1);
      expect(await xp(String(id))).toBe(0);
      expect(await onBoard(String(id))).toBe(false);
      expect(Number((await db.query('SELECT count(*) AS n FROM ledger_entry WHERE tenant_id = $1 AND user_id = $2', [uc, String(id)])).rows[0].n)).toBe(0);
    });

    it('an anonymous user (anon:<anonymous_id>, §8.2) gets no XP, badge or rank: counted only', async () => {
      const anon = uniqueId('a');
      const before = await counted('world.session.started', 'anonymous');
      const res = await api(app.url, uc).post('/v1/events', { ...base('world.session.started', null, { room_population: 12 }, new Date(), { anonymous_id: anon, community_id: 1 }) });
      expect(res.status).toBe(202);
      await processed(res.body.id);
      expect((await row(res.body.id)).envelope).not.toContain(anon);
      expect(await counted('world.session.started', 'anonymous')).toBe(before + 1);
      expect(await xp(`anon:${anon}`)).toBe(0);
    });

    it('objection (§8.3): withdrawing telemetry stops linking from then on; consent recorded through the API links WhatsApp activity', async () => {
      const id = ++identity;
      const user = String(id);
      const join = (community: number) => base('community.member.joined', id, { method: 'invite' }, new Date(), { community_id: community });
      await api(app.url, uc).post('/v1/events', join(1));
      await eventually(() => xp(user), (v) => v === 20, { what: '20 XP before the objection' });
      const objection = await api(app.url, uc).put(`/v1/users/${user}/consents`, { consents: { telemetry: false } });
      expect(objection).toMatchObject({ status: 200, body: { userId: user, consents: { telemetry: { granted: false } } } });
      const after = await api(app.url, uc).post('/v1/events', join(2));
      await processed(after.body.id);
      expect((await row(after.body.id)).user_id).toBe('_unlinked');
      expect(await xp(user)).toBe(20);
      // Consent given through the API: a WhatsApp message without the flag is linked (telemetry back too).
      const other = ++identity;
      await api(app.url, uc).put(`/v1/users/${other}/consents`, { consents: { whatsapp_activity: true } });
      const { consents: _c, ...plain } = message(other) as ReturnType<typeof message> & { consents?: unknown };
      await api(app.url, uc).post('/v1/events', plain);
      await eventually(() => xp(String(other)), (v) => v === 1, { what: 'the message linked' });
      expect(await api(app.url, uc).put(`/v1/users/${other}/consents`, { consents: { 'Bad Name': true } })).toMatchObject({ status: 422, body: { code: 'invalid_consents', errors: [{ pointer: '/consents/Bad Name' }] } });
    });

    it('§8.1: after 90 days an event loses its identity in the event store (identity_id, session_id); the points it paid stay the user\'s', async () => {
      const id = ++identity;
      const user = String(id);
      const old = { ...base('community.member.joined', id, { method: 'invite', community_id: 5 }, new Date(Date.now() - 100 * DAY), { community_id: 5, session_id: 'sess-secret-1' }) };
      const recent = base('community.member.joined', id, { method: 'invite', community_id: 6 }, new Date(Date.now() - DAY), { community_id: 6, session_id: 'sess-secret-2' });
      const a = await api(app.url, uc).post('/v1/events', old);
      const b = await api(app.url, uc).post('/v1/events', recent);
      await processed(a.body.id);
      await processed(b.body.id);
      await eventually(() => xp(user), (v) => v === 40, { what: '2 × 20 XP' });
      const dry = await api(app.url, uc).post('/v1/admin/retention/run', { dryRun: true });
      expect(dry.body.anonymised[0].events).toBeGreaterThanOrEqual(1);
      expect((await row(a.body.id)).user_id).toBe(user);
      const run = await api(app.url, uc).post('/v1/admin/retention/run', {});
      expect(run.status).toBe(200);
      const gone = await row(a.body.id);
      expect(gone.user_id).toBe('_anonymised');
      expect(gone.envelope).not.toContain('sess-secret-1');
      expect(JSON.parse(gone.envelope)).toMatchObject({ userId: '_anonymised', meta: { anonymised: true, community_id: 5 } });
      // The recent one keeps its identity; the user's points are untouched.
      expect((await row(b.body.id)).envelope).toContain('sess-secret-2');
      expect(await xp(user)).toBe(40);
    });
  });
});
