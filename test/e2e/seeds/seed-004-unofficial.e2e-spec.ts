import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { assignedMissions, parsePack, periodOf } from '@questline/rules';
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
  const message = (id: number, at = new Date(), community = 1) => base('whatsapp.message.sent', id, { community_id: community, timestamp_bucket: at.toISOString().slice(0, 10) }, at, { community_id: community });
  const send = async (events: unknown[]) => {
    const res = await api(app.url, uc).post('/v1/events/batch', { events });
    expect(res.body).toMatchObject({ accepted: events.length, rejected: 0 });
  };
  const xp = async (user: string) => (await api(app.url, uc).get(`/v1/users/${user}/profile`)).body?.balances?.xp?.lifetime ?? 0;

  it("§3's examples as written: the signup (identity_id 12345, community_id in properties) and an anonymised zone entry (identity_id null → anon:<anonymous_id>)", async () => {
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
    expect(anon.body.event).toMatchObject({ userId: 'anon:a1b2c3d4e5f6', meta: { community_id: 1, anonymous_id: 'a1b2c3d4e5f6' } });
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
});
