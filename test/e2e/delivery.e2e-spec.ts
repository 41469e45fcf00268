import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { canonicalEventId } from '@questline/schema-registry';
import { Kafka, logLevel, type Producer } from 'kafkajs';
import { Client } from 'pg';
import { QuestlineClient } from '@questline/sdk';
import { answerAccepted, api, createApiKey, eventually, infraEnv, spawnApp, TEST_ROOT_KEY, TestTenants, uniqueId, type SpawnedService } from '@questline/testing';

jest.setTimeout(240_000);

const INBOUND = 'questline.inbound.v1';

/**
 * Ingest and delivery guarantees against the real broker, database and Redis, through the
 * platform's public surfaces only: HTTP (API keys, single and batch events, status, admin DLQ)
 * and Kafka (the shared inbound topic).
 */
describe('ingest and delivery guarantees (real Kafka, Postgres, Redis)', () => {
  const tenants = new TestTenants();
  const tenant = tenants.newTenant('tektree');
  const other = tenants.newTenant('tektree');
  const austa = tenants.newTenant('austa'); // owns seed 002's topics: health.events, care.events, plan.events, user.events
  const namespace = `${uniqueId('dl')}.`;
  const env = { ...infraEnv(), PACKS_DIR: tenants.packsDir, QUESTLINE_NAMESPACE: namespace };
  let app: SpawnedService;
  let kafka: Kafka;
  let producer: Producer;
  let db: Client;

  beforeAll(async () => {
    app = await spawnApp('standalone', env, 120_000);
    kafka = new Kafka({ clientId: 'delivery-e2e', brokers: infraEnv().KAFKA_BROKERS.split(','), logLevel: logLevel.NOTHING });
    producer = kafka.producer({ allowAutoTopicCreation: false });
    await producer.connect();
    db = new Client({ connectionString: infraEnv().DATABASE_URL });
    await db.connect();
  });
  afterAll(async () => {
    await producer?.disconnect();
    await db?.end();
    if (app) expect(await app.stop()).toBe(true);
  });

  const xp = async (user: string, t = tenant) => (await api(app.url, t).get(`/v1/users/${user}/profile`)).body?.balances?.xp?.lifetime ?? 0;
  const ledgerRows = async (user: string, t = tenant) =>
    Number((await db.query('SELECT count(*) FROM ledger_entry WHERE tenant_id = $1 AND user_id = $2', [t, user])).rows[0].count);
  const produce = (messages: { key: string; value: string | null; headers?: Record<string, string> }[]) =>
    producer.send({ topic: `${namespace}${INBOUND}`, acks: -1, messages });

  describe('API keys', () => {
    it('401 without a key or with a revoked one, 403 without the scope or for another tenant, 429 past the rate limit', async () => {
      const writer = await createApiKey(app.url, tenant, ['events:write', 'read']);
      const reader = await createApiKey(app.url, tenant, ['read']);
      const event = answerAccepted({ author: 'key-author' });

      const anonymous = await fetch(`${app.url}/v1/events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(event) });
      expect(anonymous.status).toBe(401);
      expect(anonymous.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect(await anonymous.json()).toMatchObject({ code: 'missing_api_key' });
      expect(await api(app.url, tenant, { key: 'ql_nope_nope' }).post('/v1/events', event)).toMatchObject({ status: 401, body: { code: 'invalid_api_key' } });
      expect(await api(app.url, tenant, { key: reader.key }).post('/v1/events', event)).toMatchObject({ status: 403, body: { code: 'insufficient_scope' } });
      expect(await api(app.url, tenant, { key: writer.key }).post('/v1/events', event, { 'x-questline-tenant': other })).toMatchObject({ status: 403, body: { code: 'tenant_mismatch' } });
      expect(await api(app.url, tenant, { key: writer.key }).get('/v1/admin/dlq')).toMatchObject({ status: 403, body: { code: 'insufficient_scope' } });

      const ok = await api(app.url, tenant, { key: writer.key }).post('/v1/events', event);
      expect(ok).toMatchObject({ status: 202, body: { status: 'queued', duplicate: false } });
      expect((await api(app.url, tenant, { key: reader.key }).get(`/v1/events/${ok.body.id}`)).status).toBe(200);
      // A key only ever sees its own tenant's data.
      const otherKey = await createApiKey(app.url, other, ['read']);
      expect((await api(app.url, other, { key: otherKey.key }).get(`/v1/events/${ok.body.id}`)).status).toBe(404);

      expect((await api(app.url, tenant).delete(`/v1/admin/api-keys/${writer.id}`)).status).toBe(200);
      expect(await api(app.url, tenant, { key: writer.key }).post('/v1/events', answerAccepted())).toMatchObject({ status: 401, body: { code: 'invalid_api_key' } });

      const slow = await createApiKey(app.url, tenant, ['read'], 3);
      const answers = await Promise.all(Array.from({ length: 12 }, () => api(app.url, tenant, { key: slow.key }).get('/v1/leaderboards/xp')));
      const limited = answers.filter((a) => a.status === 429);
      expect(limited.length).toBeGreaterThan(0);
      expect(answers.filter((a) => a.status === 200).length).toBeLessThanOrEqual(3);
      expect(Number(limited[0]!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(limited[0]!.body).toMatchObject({ code: 'rate_limited', status: 429 });

      // Secrets are never stored: only their hashes.
      const stored = await db.query('SELECT secret_hash FROM api_key WHERE id = $1', [writer.id]);
      expect(stored.rows[0].secret_hash).toMatch(/^[0-9a-f]{64}$/);
      expect(JSON.stringify(stored.rows)).not.toContain(writer.key);
    });
  });

  it('K concurrent identical submissions: one event, one ledger credit, and its status shows the award', async () => {
    const author = uniqueId('k-author');
    const event = answerAccepted({ author });
    const answers = await Promise.all(Array.from({ length: 40 }, () => api(app.url, tenant).post('/v1/events', event)));
    expect(answers.every((a) => a.status === 202)).toBe(true);
    const ids = new Set(answers.map((a) => a.body.id));
    expect(ids.size).toBe(1);
    expect(answers.filter((a) => a.body.duplicate === false)).toHaveLength(1);

    const [id] = [...ids];
    const status = await eventually(() => api(app.url, tenant).get(`/v1/events/${id}`), (r) => r.body?.status === 'processed', { what: 'processed status', timeoutMs: 30_000 });
    expect(status.body.outcomes.awards).toEqual([{ userId: author, currency: 'xp', amount: 50, ruleId: 'answer-accepted', ruleVersion: 1 }]);
    await eventually(() => api(app.url, tenant).get(`/v1/events/${id}`), (r) => r.body?.outcomes?.unlocks?.length === 1, { what: 'the unlock among the outcomes' });
    await new Promise((r) => setTimeout(r, 1_000));
    expect(await ledgerRows(author)).toBe(1);
    expect(await xp(author)).toBe(50);
  });

  it('batch endpoint: per-item results, duplicates inside the batch, limits, and a flood of bad events that writes nothing', async () => {
    const author = uniqueId('b-author');
    const good = Array.from({ length: 5 }, () => answerAccepted({ author }));
    const bad = { ...answerAccepted({ author }), payload: { question_id: 'q' } };
    const res = await api(app.url, tenant).post('/v1/events/batch', { events: [...good, bad, good[0], { hello: 'world' }] });
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ accepted: 5, duplicates: 1, rejected: 2 });
    expect(res.body.results[5]).toMatchObject({ index: 5, error: { status: 422, code: 'schema_validation_failed', errors: expect.arrayContaining([{ pointer: '/events/5/payload/answer_author_id', detail: expect.any(String) }]) } });
    expect(res.body.results[6]).toMatchObject({ index: 6, id: res.body.results[0].id, duplicate: true });
    expect(res.body.results[7]).toMatchObject({ index: 7, error: { code: 'unknown_envelope' } });
    await eventually(() => xp(author), (v) => v === 250, { what: '5 × 50 XP' });

    expect(await api(app.url, tenant).post('/v1/events/batch', { events: [] })).toMatchObject({ status: 422, body: { code: 'batch_size_out_of_range' } });
    expect(await api(app.url, tenant).post('/v1/events/batch', { events: Array.from({ length: 1001 }, () => ({})) })).toMatchObject({ status: 422, body: { code: 'batch_size_out_of_range' } });
    expect(await api(app.url, tenant).post('/v1/events/batch', { nope: true })).toMatchObject({ status: 422, body: { code: 'invalid_batch' } });
    expect(await api(app.url, tenant).post('/v1/events/batch', '{"events": [')).toMatchObject({ status: 400, body: { code: 'invalid_json' } });
    const big = { events: [{ ...answerAccepted(), payload: { blob: 'x'.repeat(1_100_000) } }] };
    expect(await api(app.url, tenant).post('/v1/events/batch', big)).toMatchObject({ status: 413, body: { code: 'payload_too_large' } });

    const before = Number((await db.query('SELECT count(*) FROM ingested_event WHERE tenant_id = $1', [tenant])).rows[0].count);
    const flood = Array.from({ length: 1000 }, (_, i) => ({ type: 'knowledge.answer.accepted', userId: `f${i}`, idempotencyKey: uniqueId('flood'), occurredAt: 'not a date', payload: {} }));
    const floodRes = await api(app.url, tenant).post('/v1/events/batch', { events: flood });
    expect(floodRes).toMatchObject({ status: 202, body: { accepted: 0, duplicates: 0, rejected: 1000 } });
    const after = Number((await db.query('SELECT count(*) FROM ingested_event WHERE tenant_id = $1', [tenant])).rows[0].count);
    expect(after).toBe(before);
    expect((await fetch(`${app.url}/health/ready`)).status).toBe(200);
  });

  it('hostile bodies: a __proto__ key or a number beyond a double fails its own item, not the batch; other routes and encodings answer with what is wrong', async () => {
    const author = uniqueId('proto-author');
    const good = answerAccepted({ author });
    const proto = `{"events":[${JSON.stringify(good)},${JSON.stringify(answerAccepted({ author })).replace('"payload":{', '"payload":{"__proto__":{"admin":true},')},${JSON.stringify(answerAccepted({ author })).replace('"payload":{', '"payload":{"n":1e400,')}]}`;
    const res = await api(app.url, tenant).post('/v1/events/batch', proto);
    expect(res).toMatchObject({ status: 202, body: { accepted: 1, rejected: 2 } });
    expect(res.body.results[1]).toMatchObject({ error: { code: 'forbidden_key', errors: [{ pointer: '/events/1/payload/__proto__' }] } });
    expect(res.body.results[2]).toMatchObject({ error: { code: 'number_out_of_range', errors: [{ pointer: '/events/2/payload/n' }] } });
    // The single-event route refuses the event alone, with its code; an escaped key is the same key.
    const single = await api(app.url, tenant).post('/v1/events', JSON.stringify(answerAccepted({ author })).replace('"payload":{', '"payload":{"\\u005f_proto__":1,'));
    expect(single).toMatchObject({ status: 422, body: { code: 'forbidden_key' } });
    // A DTO route refuses the body with the key's pointer (not "not valid JSON").
    const adjust = await api(app.url, tenant).post(`/v1/admin/users/${author}/adjustments`, '{"currency":"xp","amount":5,"reason":"x","constructor":{"prototype":{"admin":true}}}', { 'idempotency-key': uniqueId('adj') });
    expect(adjust).toMatchObject({ status: 422, body: { code: 'forbidden_key', errors: [{ pointer: '/constructor/prototype' }] } });
    // Bytes that are not UTF-8 are named as such (they were "size did not match Content-Length").
    const bytes = Buffer.concat([Buffer.from('{"type":"knowledge.answer.accepted","userId":"b'), Buffer.from([0xff, 0xfe]), Buffer.from('ob"}')]);
    const latin = await fetch(`${app.url}/v1/events`, { method: 'POST', headers: { authorization: `Bearer ${TEST_ROOT_KEY}`, 'x-questline-tenant': tenant, 'content-type': 'application/json' }, body: bytes });
    expect({ status: latin.status, body: await latin.json() }).toMatchObject({ status: 422, body: { code: 'invalid_encoding', detail: 'The body is not valid UTF-8.' } });
    // An event looked up by the producer's own id is told which id to use.
    expect(await api(app.url, tenant).get('/v1/events/e-1')).toMatchObject({ status: 400, body: { detail: expect.stringContaining('the UUID returned by POST /v1/events') } });
    // A query parameter's error says it is the query.
    expect(await api(app.url, tenant).get(`/v1/users/${author}/ledger?limit=abc`)).toMatchObject({ status: 422, body: { detail: 'The query parameters are invalid.', errors: expect.arrayContaining([expect.objectContaining({ pointer: '/limit' })]) } });
    await eventually(() => xp(author), (v) => v === 50, { what: 'the one good item credited' });
  });

  it('a batch crossing thresholds credits each badge and level to the event that crossed it, with the balance at that event', async () => {
    const author = uniqueId('cross');
    // +50 each: 50 (first-xp, at 1), 100 (level 2, at 100), 150.
    const res = await api(app.url, tenant).post('/v1/events/batch', { events: [answerAccepted({ author }), answerAccepted({ author }), answerAccepted({ author })] });
    expect(res.body).toMatchObject({ accepted: 3 });
    const ids = res.body.results.map((r: { id: string }) => r.id);
    type Unlock = { id: string; sourceEventId: string; basis: { current: number; target: number } | null };
    const held = await eventually(
      async () => (await api(app.url, tenant).get(`/v1/users/${author}/achievements`)).body as { achievements: Unlock[] },
      (b) => ['first-xp', 'level-2'].every((id) => b?.achievements?.some((a) => a.id === id)),
      { what: 'first-xp and level 2', timeoutMs: 30_000 },
    );
    const by = (id: string) => held.achievements.find((a) => a.id === id)!;
    expect(by('first-xp')).toMatchObject({ sourceEventId: ids[0], basis: { current: 50, target: 1 } });
    expect(by('level-2')).toMatchObject({ sourceEventId: ids[1] });
    await eventually(() => xp(author), (v) => v === 150, { what: '150 XP' });
  });

  it('a pack version stored before today\'s checks (here: claiming the shared inbound topic) is refused at activation, and nothing changes', async () => {
    const admin = api(app.url, other);
    const active = (await admin.get('/v1/admin/packs')).body.items.find((v: { status: string }) => v.status === 'active');
    const source = (await admin.get(`/v1/admin/packs/${active.version}`)).body.source as string;
    const stale = source.replace(/^version: \d+$/m, 'version: 900').replace(/^ingest:\n/m, 'ingest:\n  kafkaTopics: [questline.inbound.v1]\n');
    expect(stale).toContain('kafkaTopics: [questline.inbound.v1]');
    // Written as an older release would have stored it (no checks on topics then).
    await db.query("INSERT INTO pack_version (namespace, tenant_id, version, source, status, uploaded_by) VALUES ($1, $2, 900, $3, 'validated', 'test')", [namespace, other, stale]);
    const res = await admin.post('/v1/admin/packs/900/activate');
    expect(res).toMatchObject({ status: 422, body: { code: 'invalid_pack', errors: expect.arrayContaining([expect.objectContaining({ pointer: '/ingest/kafkaTopics/0' })]) } });
    expect((await admin.get('/v1/admin/packs')).body.items.find((v: { status: string }) => v.status === 'active').version).toBe(active.version);
  });

  it('the producer SDK batches over HTTP with stable idempotency keys', async () => {
    const { key } = await createApiKey(app.url, tenant, ['events:write', 'read']);
    const client = new QuestlineClient({ baseUrl: app.url, apiKey: key, batch: { maxEvents: 10, maxDelayMs: 50 } });
    const author = uniqueId('sdk-author');
    const results = await Promise.all(
      Array.from({ length: 25 }, (_, i) => client.track({ type: 'knowledge.answer.accepted', userId: `asker-${i}`, occurredAt: new Date(), payload: { question_id: `q${i}`, answer_id: `a${i}`, answer_author_id: author } })),
    );
    await client.close();
    expect(new Set(results.map((r) => r.id)).size).toBe(25);
    await eventually(() => xp(author), (v) => v === 25 * 50, { what: '25 SDK events credited' });
  });

  it('Kafka: bad messages go to the DLQ with their error class while the partition moves on; a fixed replay awards exactly once', async () => {
    const author = uniqueId('kafka-author');
    const fixedAuthor = uniqueId('fixed-author');
    const broken = { ...answerAccepted({ author: 'x' }), payload: { question_id: 'q-k', answer_id: 'a-k' } }; // no answer_author_id
    const valid = answerAccepted({ author });
    const h = { 'questline-tenant': tenant };
    await produce([
      { key: 'k', value: '{not json', headers: h },
      { key: 'k', value: JSON.stringify(broken), headers: h },
      { key: 'k', value: JSON.stringify(answerAccepted()), headers: { 'questline-tenant': 'no-such-tenant' } },
      { key: 'k', value: JSON.stringify(valid), headers: h },
    ]);
    await eventually(() => xp(author), (v) => v === 50, { what: 'the valid message behind three bad ones', timeoutMs: 30_000 });

    const admin = await createApiKey(app.url, tenant, ['admin']);
    const list = await eventually(
      () => api(app.url, tenant, { key: admin.key }).get(`/v1/admin/dlq?topic=${INBOUND}`),
      (r) => r.body?.items?.length === 2,
      { what: "the tenant's two dead letters" },
    );
    const classes = list.body.items.map((d: { errorClass: string; errorMessage: string }) => d.errorClass);
    expect(classes).toEqual(['VALIDATION', 'VALIDATION']);
    // The unknown-tenant message belongs to no tenant: only the operator sees it.
    const rootAll = await fetch(`${app.url}/v1/admin/dlq?topic=${INBOUND}&errorClass=AUTHORIZATION`, { headers: { authorization: `Bearer ${TEST_ROOT_KEY}` } }).then((r) => r.json() as Promise<{ items: { errorMessage: string }[] }>);
    expect(rootAll.items.some((d: { errorMessage: string }) => /no-such-tenant/.test(d.errorMessage))).toBe(true);

    const brokenLetter = list.body.items.find((d: { value: string }) => d.value.includes('q-k'));
    const notJson = list.body.items.find((d: { value: string }) => d.value === '{not json');
    expect(brokenLetter).toMatchObject({ originTopic: INBOUND, groupId: 'questline.ingest', attempts: 1, status: 'pending', tenantId: tenant });
    expect(brokenLetter.errorMessage).toMatch(/answer_author_id/);

    const dry = await api(app.url, tenant, { key: admin.key }).post('/v1/admin/dlq/replay', { ids: [brokenLetter.id], dryRun: true });
    expect(dry).toMatchObject({ status: 200, body: { dryRun: true, matched: 1, replayed: 0 } });
    expect((await api(app.url, tenant, { key: admin.key }).get(`/v1/admin/dlq/${brokenLetter.id}`)).body.status).toBe('pending');

    // A patch that would blow the message up (each copy of the root doubles it) is refused at the operation that crosses the limit, nothing replayed.
    const bomb = Array.from({ length: 30 }, (_, i) => ({ op: 'copy', from: '', path: `/c${i}` }));
    expect(await api(app.url, tenant, { key: admin.key }).post('/v1/admin/dlq/replay', { ids: [brokenLetter.id], patch: bomb })).toMatchObject({ status: 422, body: { code: 'patch_too_large' } });
    expect((await api(app.url, tenant, { key: admin.key }).get(`/v1/admin/dlq/${brokenLetter.id}`)).body.status).toBe('pending');
    // A patch that names another tenant anywhere in the message (consumers read the tenant from it) is refused: a tenant admin cannot credit another tenant's users.
    for (const move of [
      [{ op: 'add', path: '/tenantId', value: 'someone-else' }],
      [{ op: 'add', path: '/payload/answer_author_id', value: fixedAuthor }, { op: 'add', path: '/event', value: { tenantId: 'someone-else' } }],
    ]) {
      expect(await api(app.url, tenant, { key: admin.key }).post('/v1/admin/dlq/replay', { ids: [brokenLetter.id], patch: move })).toMatchObject({ status: 422, body: { code: 'patch_changes_tenant' } });
    }
    expect((await api(app.url, tenant, { key: admin.key }).get(`/v1/admin/dlq/${brokenLetter.id}`)).body.status).toBe('pending');
    const patch = [{ op: 'add', path: '/payload/answer_author_id', value: fixedAuthor }];
    const replay = await api(app.url, tenant, { key: admin.key }).post('/v1/admin/dlq/replay', { ids: [brokenLetter.id], patch });
    expect(replay).toMatchObject({ status: 200, body: { dryRun: false, replayed: 1 } });
    await eventually(() => xp(fixedAuthor), (v) => v === 50, { what: 'the fixed message credited', timeoutMs: 30_000 });
    // Replaying it again (same idempotency key) never credits twice.
    await api(app.url, tenant, { key: admin.key }).post('/v1/admin/dlq/replay', { ids: [brokenLetter.id], patch });
    await new Promise((r) => setTimeout(r, 3_000));
    expect(await xp(fixedAuthor)).toBe(50);
    expect(await ledgerRows(fixedAuthor)).toBe(1);
    expect((await api(app.url, tenant, { key: admin.key }).get(`/v1/admin/dlq/${brokenLetter.id}`)).body).toMatchObject({ status: 'replayed', replayCount: 2 });

    expect(await api(app.url, tenant, { key: admin.key }).post('/v1/admin/dlq/discard', { ids: [notJson.id] })).toMatchObject({ status: 422 });
    const discard = await api(app.url, tenant, { key: admin.key }).post('/v1/admin/dlq/discard', { ids: [notJson.id], reason: 'producer bug, fixed upstream' });
    expect(discard).toMatchObject({ status: 200, body: { discarded: 1 } });
    const audit = await db.query('SELECT actor, action, detail FROM admin_audit WHERE target = $1 ORDER BY id', [notJson.id]);
    expect(audit.rows).toEqual([{ actor: admin.id, action: 'dlq.discard', detail: { reason: 'producer bug, fixed upstream' } }]);
    expect(await api(app.url, tenant, { key: admin.key }).get('/v1/admin/dlq?cursor=%%%')).toMatchObject({ status: 422, body: { code: 'invalid_cursor' } });

    const metrics = await (await fetch(`${app.url}/metrics`)).text();
    expect(metrics).toMatch(new RegExp(`questline_dlq_pending_messages\\{[^}]*topic="${INBOUND.replace(/\./g, '\\.')}"[^}]*\\} \\d+`));
  });

  it('a tenant created at run time (root key: upload + activate its first pack) gets keys, and its own Kafka topic is consumed, dead letters included, without a restart', async () => {
    const fresh = uniqueId('rt');
    const topic = `${fresh}.events`;
    const source = readFileSync(join(__dirname, '../../packs/tektree/pack.yaml'), 'utf8')
      .replace(/^tenant: .*$/m, `tenant: ${fresh}`)
      .replace(/^ingest:\n/m, `ingest:\n  kafkaTopics: [${topic}]\n`);
    const admin = api(app.url, fresh); // the root key, naming a tenant that does not exist yet
    expect(await admin.post('/v1/admin/api-keys', { name: 'too early', scopes: ['read'] })).toMatchObject({ status: 404, body: { code: 'unknown_tenant' } });
    expect(await admin.post('/v1/admin/packs', { source })).toMatchObject({ status: 201, body: { version: 1, status: 'validated' } });
    expect(await admin.post('/v1/admin/packs/1/activate')).toMatchObject({ status: 200, body: { status: 'active' } });
    const key = await createApiKey(app.url, fresh, ['events:write', 'read']);

    // Its own topic, which did not exist when the platform started: consumed within seconds.
    const user = uniqueId('u');
    const event = answerAccepted({ author: user, key: uniqueId('rt-evt') });
    const id = canonicalEventId(fresh, event.idempotencyKey);
    await eventually(
      async () => {
        await producer.send({ topic: `${namespace}${topic}`, acks: -1, messages: [{ key: user, value: JSON.stringify(event) }] }).catch(() => undefined);
        return (await api(app.url, fresh, { key: key.key }).get(`/v1/events/${id}`)).body?.status;
      },
      (status) => status === 'processed',
      { what: 'the event on the new tenant topic processed', timeoutMs: 60_000, intervalMs: 1_000 },
    );
    expect(await xp(user, fresh)).toBe(50); // sent until seen, credited once
    await producer.send({ topic: `${namespace}${topic}`, acks: -1, messages: [{ key: user, value: '{"not":"an event"}' }] });
    const dead = await eventually(() => api(app.url, fresh).get(`/v1/admin/dlq?topic=${topic}`), (r) => r.body?.items?.length === 1, { what: 'the bad message in its dead-letter topic', timeoutMs: 30_000 });
    expect(dead.body.items[0]).toMatchObject({ tenantId: fresh, errorClass: 'VALIDATION', originTopic: topic });

    // Export: the active pack's source, as uploaded.
    expect(await admin.get('/v1/admin/packs/1')).toMatchObject({ status: 200, body: { version: 1, status: 'active', source } });
  });

  it("Kafka: a tenant's own topics (seed 002's user.events, care.events) are ingested in its dialect", async () => {
    const user = randomUUID();
    const login = { id: uniqueId('login'), type: 'DAILY_LOGIN', userId: user, timestamp: new Date().toISOString(), journey: 'health', data: {} };
    const visit = {
      id: uniqueId('visit'),
      type: 'APPOINTMENT_ATTENDED',
      userId: user,
      timestamp: new Date().toISOString(),
      journey: 'care',
      data: { appointmentId: 'ap-1', appointmentType: 'IN_PERSON', providerId: 'pr-1', scheduledDate: new Date().toISOString(), status: 'COMPLETED' },
    };
    await producer.send({ topic: `${namespace}user.events`, acks: -1, messages: [{ key: user, value: JSON.stringify(login) }] });
    await producer.send({ topic: `${namespace}care.events`, acks: -1, messages: [{ key: user, value: JSON.stringify(visit) }, { key: user, value: JSON.stringify({ ...visit, data: {} }) }] });
    await eventually(() => xp(user, austa), (v) => v === 55, { what: '5 + 50 XP from two topics', timeoutMs: 30_000 });
    const dead = await eventually(() => api(app.url, austa).get('/v1/admin/dlq?topic=care.events'), (r) => r.body?.items?.length === 1, { what: 'the invalid visit in care.events.dlq' });
    expect(dead.body.items[0]).toMatchObject({ tenantId: austa, errorClass: 'VALIDATION', originTopic: 'care.events' });
  });

  it('a process killed mid-stream (SIGKILL) and restarted loses nothing and counts nothing twice', async () => {
    await app.stop();
    const authors = Array.from({ length: 8 }, (_, i) => `crash-author-${i}`);
    const total = 8_000;
    const messages = Array.from({ length: total }, (_, i) => {
      const e = answerAccepted({ author: authors[i % authors.length]!, acceptedBy: `asker-${i % 97}` });
      return { key: e.userId, value: JSON.stringify(e), headers: { 'questline-tenant': other } };
    });
    for (let i = 0; i < total; i += 500) await produce(messages.slice(i, i + 500));

    const first = await spawnApp('standalone', env, 120_000);
    app = first;
    const ingested = async () => (await db.query('SELECT count(*)::int AS n FROM ingested_event WHERE tenant_id = $1', [other])).rows[0].n as number;
    // Kill it as soon as it has started taking the stream in: batches are in flight in every stage.
    await eventually(ingested, (n) => n > 0, { what: 'ingestion under way', timeoutMs: 60_000, intervalMs: 10 });
    first.child.kill('SIGKILL');
    await new Promise((r) => first.child.once('exit', r));
    const creditedAtKill = await Promise.all(authors.map((a) => ledgerRows(a, other)));
    expect(creditedAtKill.reduce((a, b) => a + b, 0)).toBeLessThan(total);

    app = await spawnApp('standalone', env, 120_000);
    for (const a of authors) await eventually(() => xp(a, other), (v) => v === (total / authors.length) * 50, { what: `${a}'s full credit`, timeoutMs: 90_000 });
    await new Promise((r) => setTimeout(r, 2_000));
    for (const a of authors) expect(await ledgerRows(a, other)).toBe(total / authors.length);
    const board = await api(app.url, other).get('/v1/leaderboards/xp?limit=100');
    for (const a of authors) expect(board.body.entries).toContainEqual(expect.objectContaining({ userId: a, score: (total / authors.length) * 50 }));
    const stored = await db.query('SELECT count(*)::int AS n FROM ingested_event WHERE tenant_id = $1', [other]);
    expect(stored.rows[0].n).toBe(total);
    await eventually(
      async () => (await db.query("SELECT count(*)::int AS n FROM ingested_event WHERE tenant_id = $1 AND status = 'processed'", [other])).rows[0].n,
      (n) => n === total,
      { what: 'every event processed', timeoutMs: 60_000 },
    );
  });
});
