import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, type Consumer } from 'kafkajs';
import { api, eventually, infraEnv, spawnApp, TestTenants, uniqueId, type SpawnedService } from '@questline/testing';

jest.setTimeout(240_000);

interface Received {
  topic: string;
  key: string;
  id: string;
  value: Record<string, unknown>;
}

/**
 * Outbound contracts on the real broker: events sent in each seed's own envelope come back out on
 * the tenant's own topic, in the tenant's own names and envelope (seed 001's gamification.*,
 * seed 004's with community_id, seed 000's flat *_event), each with a stable id in the header and
 * the envelope, and boards announce their changes (throttled) as the seeds' ranking events.
 */
describe('outbound contracts (real Kafka, Postgres, Redis)', () => {
  const tenants = new TestTenants();
  const tek = tenants.newTenant('tektree');
  const uc = tenants.newTenant('unofficial');
  const eng = tenants.newTenant('engagement');
  const namespace = `${uniqueId('ob')}.`;
  const topicOf = (tenant: string, base: string) => `${namespace}${tenant}.${base}`;
  const topics = [topicOf(tek, 'tektree.gamification.events'), topicOf(uc, 'unofficial.gamification.events'), topicOf(eng, 'engagement.gamification.events')];
  let app: SpawnedService;
  let consumer: Consumer;
  const received: Received[] = [];

  beforeAll(async () => {
    const env = {
      ...infraEnv(),
      PACKS_DIR: tenants.packsDir,
      QUESTLINE_NAMESPACE: namespace,
      LEADERBOARD_UPDATES_TICK_MS: '50',
      LEADERBOARD_UPDATES_SCALE: '0.01',
    };
    app = await spawnApp('standalone', env, 120_000);
    const kafka = new Kafka({
      clientId: 'outbound-e2e',
      brokers: infraEnv().KAFKA_BROKERS.split(','),
      logLevel: logLevel.NOTHING,
    });
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({
      topics: topics.map((topic) => ({ topic, numPartitions: 3 })),
      waitForLeaders: true,
    });
    await admin.disconnect();
    consumer = kafka.consumer({ groupId: uniqueId('outbound-reader') });
    await consumer.connect();
    await consumer.subscribe({ topics, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ topic, message }) => {
        received.push({
          topic,
          key: message.key?.toString() ?? '',
          id: message.headers?.['questline-outbound-id']?.toString() ?? '',
          value: JSON.parse(message.value!.toString()),
        });
      },
    });
  });
  afterAll(async () => {
    await consumer?.disconnect();
    if (app) expect(await app.stop()).toBe(true);
  });

  const on = (tenant: string, base: string, keep: (r: Received) => boolean) => received.filter((r) => r.topic === topicOf(tenant, base) && keep(r));
  const waitFor = (what: string, probe: () => Received[], count = 1) =>
    eventually(
      async () => probe(),
      (list) => list.length >= count,
      { what, timeoutMs: 60_000 },
    );

  it('TekTree (seed 001): an accepted answer comes back as gamification.xp.earned, and the XP board as a throttled gamification.leaderboard.updated', async () => {
    const author = uniqueId('author');
    const res = await api(app.url, tek).post('/v1/events', {
      event_id: randomUUID(),
      event_type: 'knowledge.answer.accepted',
      event_version: '1.0.0',
      timestamp: new Date().toISOString(),
      source_service: 'knowledge-service',
      payload: {
        question_id: 'q-1',
        answer_id: 'a-1',
        answer_author_id: author,
        accepted_by: uniqueId('asker'),
      },
    });
    expect(res.status).toBe(202);
    const base = 'tektree.gamification.events';
    const [xp] = await waitFor('gamification.xp.earned', () =>
      on(tek, base, (r) => r.value['event_type'] === 'gamification.xp.earned' && (r.value['payload'] as { user_id: string }).user_id === author),
    );
    expect(xp!.value).toMatchObject({
      event_id: xp!.id,
      event_version: '1.0.0',
      source_service: 'gamification-service',
      correlation_id: res.body.id,
      metadata: { user_id: author, tenant_id: tek },
      payload: {
        user_id: author,
        amount: 50,
        total_xp: 50,
        source_event_type: 'knowledge.answer.accepted',
        source_event_id: res.body.id,
      },
    });
    expect(xp!.key).toBe(author);
    const [board] = await waitFor('gamification.leaderboard.updated naming the author', () =>
      on(tek, base, (r) => r.value['event_type'] === 'gamification.leaderboard.updated' && JSON.stringify(r.value['payload']).includes(author)),
    );
    expect(board!.value['payload']).toMatchObject({
      leaderboard_id: 'xp',
      rankings: expect.arrayContaining([{ user_id: author, rank: expect.any(Number), score: 50 }]),
    });
    // Every message has its own id, the same in the header and the envelope.
    const mine = on(tek, base, () => true);
    expect(new Set(mine.map((r) => r.id)).size).toBe(mine.length);
    for (const r of mine) expect(r.value['event_id']).toBe(r.id);
  });

  it("Unofficial Communities (seed 004): the seed's BaseEvent in, gamification.* out with community_id; the community's weekly ranking as gamification.ranking.updated", async () => {
    const identity = 100_000 + Math.floor(Math.random() * 800_000);
    const event = (name: string, properties: Record<string, unknown>) => ({
      event_id: randomUUID(),
      event_name: name,
      timestamp: new Date().toISOString(),
      source: 'api',
      environment: 'production',
      identity_id: identity,
      community_id: 7,
      consents: { whatsapp_activity: true },
      properties,
    });
    const joined = await api(app.url, uc).post('/v1/events', event('community.member.joined', { method: 'invite', community_id: 7 }));
    expect(joined.status).toBe(202);
    const sent = await api(app.url, uc).post(
      '/v1/events',
      event('whatsapp.message.sent', {
        community_id: 7,
        timestamp_bucket: new Date().toISOString().slice(0, 10),
      }),
    );
    expect(sent.status).toBe(202);
    const base = 'unofficial.gamification.events';
    const mineOf = (name: string) => () => on(uc, base, (r) => r.value['event_name'] === name && r.value['identity_id'] === identity);
    const [xp] = await waitFor('gamification.xp.awarded', mineOf('gamification.xp.awarded'));
    expect(xp!.value).toMatchObject({
      event_id: xp!.id,
      source: 'api',
      environment: 'production',
      community_id: 7,
      properties: {
        amount: 20,
        source: 'community.member.joined',
        community_id: 7,
      },
    });
    const [streak] = await waitFor('gamification.streak.started', mineOf('gamification.streak.started'));
    expect(streak!.value['properties']).toEqual({ community_id: 7 });
    const [assigned] = await waitFor('gamification.mission.assigned', mineOf('gamification.mission.assigned'));
    expect(assigned!.value['properties']).toEqual({
      mission_count: 3,
      community_id: 7,
    });
    const [ranking] = await waitFor('gamification.ranking.updated for community 7', () =>
      on(uc, base, (r) => r.value['event_name'] === 'gamification.ranking.updated' && r.value['community_id'] === 7),
    );
    expect(ranking!.value).toMatchObject({
      source: 'job',
      properties: { community_id: 7, top_3_changed: true },
    });
    // The global weekly board is not a community's ranking: nothing for it (and nothing dead-lettered).
    expect(on(uc, base, (r) => r.value['event_name'] === 'gamification.ranking.updated' && r.value['community_id'] === undefined)).toEqual([]);
  });

  it('Engagement (seed 000): a practice axis score comes back as a flat points_earned_event with its axis fields and meta fields', async () => {
    const user = uniqueId('learner');
    const res = await api(app.url, eng).post('/v1/events', {
      event_id: randomUUID(),
      event_name: 'practice_axis_scored_event',
      occurred_at: new Date().toISOString(),
      user_id: user,
      source_module: 'practice',
      context_scope: 'practice',
      idempotency_key: uniqueId('idem'),
      rule_version: '1',
      axis_type: 'duration',
      axis_value: 25,
      qualified_activity_count: 3,
      effective_learning_minutes: 25,
      normalized_score_profile_id: 'p1',
      anti_cheat_status: 'passed',
    });
    expect(res.status).toBe(202);
    const [earned] = await waitFor('points_earned_event', () => on(eng, 'engagement.gamification.events', (r) => r.value['event_name'] === 'points_earned_event' && r.value['user_id'] === user));
    expect(earned!.value).toMatchObject({
      event_id: earned!.id,
      idempotency_key: earned!.id,
      source_module: 'gamification',
      context_scope: 'practice',
      rule_version: '1',
      points: 25,
      axis_type: 'duration',
      axis_value: 25,
      qualified_activity_count: 3,
      effective_learning_minutes: 25,
      normalized_score_profile_id: 'p1',
      source_event_id: res.body.id,
    });
  });

  it('nothing the outbound contracts sent was dead-lettered', async () => {
    const dlq = await api(app.url, tek).get('/v1/admin/dlq?limit=100');
    expect(dlq.status).toBe(200);
    expect(JSON.stringify(dlq.body)).not.toContain('questline.outbound');
  });
});
