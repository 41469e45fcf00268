import { randomUUID } from 'node:crypto';
import { CloudEvent, emitterFor, httpTransport, Mode } from 'cloudevents';
import { api, eventually, spawnEmbedded, TEST_ROOT_KEY, TestTenants, type SpawnedService } from '@questline/testing';

jest.setTimeout(180_000);

/**
 * Producers keep their own envelopes: the same platform (standalone, embedded defaults) accepts
 * TekTree's native envelope and CloudEvents sent by the official SDK as a real HTTP client, in
 * structured and binary mode, and turns each into XP. Bad bodies get problem+json, nothing else.
 */
describe('envelope dialects over HTTP', () => {
  const tenants = new TestTenants();
  const tenant = tenants.newTenant('tektree');
  const austa = tenants.newTenant('austa');
  let app: SpawnedService;
  beforeAll(async () => {
    app = await spawnEmbedded(tenants.packsDir);
  });
  afterAll(async () => {
    expect(await app.stop()).toBe(true);
  });

  const xpOf = async (user: string) => (await api(app.url, tenant).get(`/v1/users/${user}/profile`)).body?.balances?.xp?.lifetime ?? 0;

  it('TekTree native envelope (seed 001): event_version semver, subject from the payload', async () => {
    const res = await api(app.url, tenant).post('/v1/events', {
      event_id: randomUUID(),
      event_type: 'knowledge.answer.accepted',
      event_version: '1.0.0',
      timestamp: new Date().toISOString(),
      source_service: 'knowledge-service',
      payload: { question_id: 'q-1', answer_id: 'a-1', answer_author_id: 'tek-author', accepted_by: 'tek-asker' },
    });
    expect(res.status).toBe(202);
    const event = await eventually(() => api(app.url, tenant).get(`/v1/events/${res.body.id}`), (r) => r.status === 200, { what: 'the stored event' });
    expect(event.body.event).toMatchObject({ type: 'knowledge.answer.accepted', userId: 'tek-asker', source: 'knowledge-service', meta: { dialect: 'tektree' } });
    await eventually(() => xpOf('tek-author'), (xp) => xp === 50, { what: '+50 XP for the answer author' });
  });

  for (const mode of [Mode.STRUCTURED, Mode.BINARY]) {
    it(`CloudEvents 1.0 from the official SDK, ${mode} mode`, async () => {
      const emit = emitterFor(httpTransport(`${app.url}/v1/events`), { mode });
      const author = `ce-${mode}-author`;
      const ce = new CloudEvent({
        type: 'com.tektree.knowledge.answer.accepted',
        source: '/knowledge-service',
        subject: `ce-${mode}-asker`,
        time: new Date().toISOString(),
        datacontenttype: 'application/json',
        data: { question_id: 'q-2', answer_id: 'a-2', answer_author_id: author },
      });
      const response = (await emit(ce, { headers: { 'x-questline-tenant': tenant, authorization: `Bearer ${TEST_ROOT_KEY}` } })) as { body: string };
      const body = JSON.parse(response.body);
      expect(body).toMatchObject({ status: 'queued', duplicate: false });
      const stored = await api(app.url, tenant).get(`/v1/events/${body.id}`);
      expect(stored.body.event).toMatchObject({ type: 'knowledge.answer.accepted', userId: `ce-${mode}-asker`, externalId: ce.id, idempotencyKey: ce.id, meta: { dialect: 'cloudevents' } });
      await eventually(() => xpOf(author), (xp) => xp === 50, { what: `+50 XP from a ${mode} CloudEvent` });
      // The SDK resending the same event (same id) is a duplicate, never a second award.
      const again = JSON.parse(((await emit(ce, { headers: { 'x-questline-tenant': tenant, authorization: `Bearer ${TEST_ROOT_KEY}` } })) as { body: string }).body);
      expect(again).toMatchObject({ id: body.id, duplicate: true });
    });
  }

  it('bad bodies get a specific problem+json and are not stored', async () => {
    const post = (body: string, contentType: string) =>
      fetch(`${app.url}/v1/events`, { method: 'POST', headers: { 'content-type': contentType, 'x-questline-tenant': tenant, authorization: `Bearer ${TEST_ROOT_KEY}` }, body }).then(async (r) => ({ status: r.status, type: r.headers.get('content-type'), body: await r.json() }));
    const invalidJson = await post('{"type": ', 'application/json');
    expect(invalidJson).toMatchObject({ status: 400, body: { code: 'invalid_json' } });
    expect(invalidJson.type).toMatch(/^application\/problem\+json/);
    expect(await post('hello', 'text/plain')).toMatchObject({ status: 415, body: { code: 'unsupported_media_type' } });
    expect(await post(JSON.stringify({ payload: 'x'.repeat(1_100_000) }), 'application/json')).toMatchObject({ status: 413, body: { code: 'payload_too_large' } });
    const unknownEnvelope = await post(JSON.stringify({ hello: 'world' }), 'application/json');
    expect(unknownEnvelope).toMatchObject({ status: 422, body: { code: 'unknown_envelope' } });
    const badCe = await post(JSON.stringify({ specversion: '1.0', id: 'x', source: '/s', type: 'knowledge.answer.accepted', time: 'yesterday', data: {} }), 'application/cloudevents+json');
    expect(badCe).toMatchObject({ status: 422, body: { code: 'invalid_envelope', errors: [{ pointer: '/time' }] } });
  });

  it('AUSTA (seed 002): the §10.1 example as written — no id, no version — is accepted, processed and recognised when sent again; a journey against the type guard is refused', async () => {
    const userId = randomUUID();
    // seed 002 §10.1, with new Date() as JSON sends it.
    const event = { type: 'HEALTH_METRIC_RECORDED', userId, timestamp: new Date().toISOString(), journey: 'health', data: { metricType: 'HEART_RATE', value: 75, unit: 'bpm', source: 'WEARABLE' } };
    const first = await api(app.url, austa).post('/v1/events', event);
    expect(first).toMatchObject({ status: 202, body: { duplicate: false } });
    const again = await api(app.url, austa).post('/v1/events', event);
    expect(again).toMatchObject({ status: 202, body: { id: first.body.id, duplicate: true } });
    const stored = await eventually(() => api(app.url, austa).get(`/v1/events/${first.body.id}`), (r) => r.body?.status === 'processed', { what: 'processed' });
    expect(stored.body.event).toMatchObject({ schemaVersion: 3, payload: { measurement: { value: 75, unit: 'bpm' }, source: 'WEARABLE' }, meta: { dialect: 'austa', journey: 'health', upcastFrom: 1 } });
    const care = await api(app.url, austa).post('/v1/events', { ...event, journey: 'care' });
    expect(care).toMatchObject({ status: 422, body: { code: 'type_guard_failed', errors: [{ pointer: '/journey' }] } });
  });
});
