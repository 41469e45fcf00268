import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, type Consumer, type Producer } from 'kafkajs';
import type { DeadLetterMessage } from '@questline/contracts';
import { api, eventually, infraEnv, spawnApp, TEST_ROOT_KEY, TestTenants, uniqueId, type SpawnedService } from '@questline/testing';

jest.setTimeout(180_000);

/**
 * Seed 002 (AUSTA SuperApp) end to end on the real Kafka, Postgres and Redis with the AUSTA pack:
 * the §10.1 example as written (no id, no version: keyed by content, read as the oldest version and
 * upcast), the journey type guards, events on the journeys' own Kafka topics, dead letters in §8.2's
 * shape on `${journey}.events.dlq`, and §9.1's volume and processing time per journey.
 * (§8.1's retry policy numbers are checked in libs/messaging/src/reliable/retry-policies.spec.ts.)
 */
describe('seed 002 — AUSTA SuperApp end to end', () => {
  const tenants = new TestTenants();
  const austa = tenants.newTenant('austa');
  const namespace = `${uniqueId('s2')}.`;
  let app: SpawnedService;
  let kafka: Kafka;
  let producer: Producer;
  let consumer: Consumer;
  const careDlq: { key: string; value: Record<string, unknown>; headers: Record<string, string> }[] = [];

  beforeAll(async () => {
    app = await spawnApp('standalone', { ...infraEnv(), PACKS_DIR: tenants.packsDir, QUESTLINE_NAMESPACE: namespace }, 120_000);
    kafka = new Kafka({ clientId: 'seed-002', brokers: infraEnv().KAFKA_BROKERS.split(','), logLevel: logLevel.NOTHING });
    producer = kafka.producer();
    await producer.connect();
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: `${namespace}care.events.dlq`, numPartitions: 3 }], waitForLeaders: true });
    await admin.disconnect();
    consumer = kafka.consumer({ groupId: uniqueId('care-dlq-reader') });
    await consumer.connect();
    await consumer.subscribe({ topics: [`${namespace}care.events.dlq`], fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        careDlq.push({ key: message.key?.toString() ?? '', value: JSON.parse(message.value!.toString()), headers: Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)])) });
      },
    });
  });
  afterAll(async () => {
    await consumer?.disconnect();
    await producer?.disconnect();
    if (app) expect(await app.stop()).toBe(true);
  });

  const xp = async (user: string) => (await api(app.url, austa).get(`/v1/users/${user}/profile`)).body?.balances?.xp?.lifetime ?? 0;
  const processed = (id: string) => eventually(() => api(app.url, austa).get(`/v1/events/${id}`), (r) => r.body?.status === 'processed', { what: `event ${id} processed` });

  it('§10.1 as written (no id, no version) is accepted, upcast to v3 and recognised when sent again; §3 type guards refuse a journey against the type', async () => {
    const userId = randomUUID();
    const event = { type: 'HEALTH_METRIC_RECORDED', userId, timestamp: new Date().toISOString(), journey: 'health', data: { metricType: 'HEART_RATE', value: 75, unit: 'bpm', source: 'WEARABLE' } };
    const first = await api(app.url, austa).post('/v1/events', event);
    expect(first).toMatchObject({ status: 202, body: { duplicate: false } });
    expect(await api(app.url, austa).post('/v1/events', event)).toMatchObject({ status: 202, body: { id: first.body.id, duplicate: true } });
    const stored = await processed(first.body.id);
    expect(stored.body.event).toMatchObject({ schemaVersion: 3, payload: { measurement: { value: 75, unit: 'bpm' } }, meta: { journey: 'health', upcastFrom: 1 } });
    expect(await api(app.url, austa).post('/v1/events', { ...event, journey: 'care' })).toMatchObject({ status: 422, body: { code: 'type_guard_failed', errors: [{ pointer: '/journey' }] } });
    // `journey` is an optional string (IBaseEvent): absent or null is accepted.
    const { journey: _j, ...noJourney } = event;
    expect((await api(app.url, austa).post('/v1/events', { ...noJourney, data: { ...event.data, value: 76 } })).status).toBe(202);
    expect((await api(app.url, austa).post('/v1/events', { ...event, journey: null, data: { ...event.data, value: 77 } })).status).toBe(202);
  });

  it("journeys' own Kafka topics: an appointment attended on care.events earns its XP; a cross-journey achievement pays its reward", async () => {
    const userId = randomUUID();
    const ev = (type: string, journey: string, data: Record<string, unknown>) => ({ key: userId, value: JSON.stringify({ id: randomUUID(), type, userId, timestamp: new Date().toISOString(), journey, data }) });
    await producer.send({ topic: `${namespace}care.events`, messages: [ev('APPOINTMENT_ATTENDED', 'care', { appointmentId: 'a-1', appointmentType: 'IN_PERSON', providerId: 'p-1', scheduledDate: new Date().toISOString(), status: 'COMPLETED' })] });
    await eventually(() => xp(userId), (v) => v === 50, { what: '+50 XP for the appointment', timeoutMs: 60_000 });
    await producer.send({ topic: `${namespace}health.events`, messages: [ev('GOAL_ACHIEVED', 'health', { goalId: 'g-1' })] });
    await producer.send({
      topic: `${namespace}plan.events`,
      messages: [ev('CLAIM_SUBMITTED', 'plan', { claimId: 'c-1', planId: 'pl-1', amount: 100, status: 'SUBMITTED', submissionDate: new Date().toISOString(), serviceDate: new Date().toISOString(), serviceType: 'CONSULTATION' })],
    });
    const badges = await eventually(
      () => api(app.url, austa).get(`/v1/users/${userId}/achievements`),
      (r) => (r.body?.achievements ?? []).some((a: { id: string }) => a.id === 'all-journeys'),
      { what: 'the all-journeys achievement', timeoutMs: 60_000 },
    );
    expect((badges.body.achievements as { id: string }[]).map((a) => a.id)).toEqual(expect.arrayContaining(['care-keeper', 'health-hero', 'plan-pro', 'all-journeys']));
    await eventually(() => xp(userId), (v) => v >= 150, { what: 'the all-journeys reward of 100 XP' });
  });

  it('§7 quests: progress from events in each journey, completed once and rewarded', async () => {
    const userId = randomUUID();
    const ev = (type: string, journey: string, data: Record<string, unknown>) => ({ type, userId, timestamp: new Date().toISOString(), journey, data });
    for (const e of [
      ev('HEALTH_METRIC_RECORDED', 'health', { metricType: 'STEPS', value: 9000, unit: 'steps' }),
      ev('APPOINTMENT_ATTENDED', 'care', { appointmentId: 'a-2', appointmentType: 'IN_PERSON', providerId: 'p-2', scheduledDate: new Date().toISOString(), status: 'COMPLETED' }),
      ev('PLAN_COMPARED', 'plan', { planIds: ['basic', 'premium'] }),
    ])
      expect((await api(app.url, austa).post('/v1/events', e)).status).toBe(202);
    const progress = await eventually(
      () => api(app.url, austa).get(`/v1/users/${userId}/progress`),
      (r) => (r.body?.quests ?? []).some((q: { id: string; completed: boolean }) => q.id === 'first-steps' && q.completed),
      { what: 'the first-steps quest completed' },
    );
    expect(progress.body.quests.find((q: { id: string }) => q.id === 'first-steps')).toMatchObject({ completed: true });
    const ledger = await eventually(
      () => api(app.url, austa).get(`/v1/users/${userId}/ledger?limit=50`),
      (r) => (r.body?.entries ?? []).some((e: { ruleId: string }) => e.ruleId === 'quest:first-steps'),
      { what: 'the quest reward' },
    );
    expect((ledger.body.entries as { ruleId: string; amount: number }[]).filter((e) => e.ruleId === 'quest:first-steps')).toEqual([expect.objectContaining({ amount: 75 })]);
  });

  it('§8.2: a dead letter of a care event is copied to care.events.dlq with the event as sent, the error with its stack, the time and the retry count', async () => {
    const userId = randomUUID();
    const sent = { id: randomUUID(), type: 'APPOINTMENT_ATTENDED', userId, timestamp: new Date().toISOString(), journey: 'care', data: { appointmentId: 'a-9', appointmentType: 'VIDEO', providerId: 'p-9', scheduledDate: new Date().toISOString(), status: 'COMPLETED' } };
    const accepted = await api(app.url, austa).post('/v1/events', sent);
    expect(accepted.status).toBe(202);
    await processed(accepted.body.id);
    // An internal stage gives up on it (simulated: the dead letter the bus writes when a consumer gives up, on the scored topic's DLQ).
    const letter: DeadLetterMessage = {
      originalEvent: { event: { id: accepted.body.id }, awards: [] },
      originalValue: '{"event":{}}',
      error: { class: 'INTERNAL', name: 'TypeError', message: 'boom', stack: 'TypeError: boom\n    at score (rules.ts:1:1)' },
      timestamp: new Date().toISOString(),
      firstFailedAt: new Date().toISOString(),
      retryCount: 3,
      attempts: 4,
      groupId: 'questline.points',
      origin: { topic: 'questline.event.scored.v1', partition: 0, offset: '1', key: `${austa}:${userId}`, timestamp: new Date().toISOString(), headers: { 'questline-tenant': austa, 'questline-event-id': accepted.body.id } },
    };
    await producer.send({ topic: `${namespace}questline.event.scored.v1.dlq`, messages: [{ key: letter.origin.key, value: JSON.stringify(letter), headers: { 'questline-error-class': 'INTERNAL' } }] });
    const [copy] = await eventually(async () => careDlq.filter((c) => (c.value['originalEvent'] as { id?: string })?.id === accepted.body.id), (l) => l.length >= 1, { what: 'the copy on care.events.dlq', timeoutMs: 60_000 });
    expect(copy!.value).toMatchObject({
      originalEvent: { id: accepted.body.id, type: 'APPOINTMENT_ATTENDED', userId, meta: { journey: 'care' }, payload: { appointmentId: 'a-9' } },
      error: { message: 'boom', name: 'TypeError', stack: expect.stringContaining('at score'), class: 'INTERNAL' },
      retryCount: 3,
      groupId: 'questline.points',
      originTopic: 'questline.event.scored.v1',
    });
    expect(copy!.headers['questline-dlq-copy']).toBe(copy!.value['deadLetterId']);
    // The platform's own index has it too, once.
    const dlq = await api(app.url, austa, { key: TEST_ROOT_KEY }).get(`/v1/admin/dlq?limit=100`);
    expect((dlq.body.items as { eventId: string }[]).filter((i) => i.eventId === accepted.body.id)).toHaveLength(1);
  });

  it('§9.1: event volume and processing time by journey on /metrics', async () => {
    const text = await eventually(
      async () => (await fetch(`${app.url}/metrics`)).text(),
      (t) => /questline_events_settled_total\{[^}]*dimension="care"[^}]*status="processed"/.test(t),
      { what: 'settled events by journey' },
    );
    expect(text).toMatch(/questline_event_processing_seconds_count\{[^}]*dimension="health"/);
    expect(text).toMatch(/questline_events_settled_total\{[^}]*dimension="plan"/);
  });
});
