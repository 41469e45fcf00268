import { randomBytes } from 'node:crypto';
import { Kafka, logLevel, type Producer } from 'kafkajs';
import { answerAccepted, api, eventually, TEST_ROOT_KEY } from '@questline/testing';
import { chaos, printReport, report, SERVICES, settle, stream, Topology } from './harness';

jest.setTimeout(300_000);

/**
 * The fault suite: what production does to a running platform, each case with a stream of events
 * under way, reporting acknowledged vs credited, duplicates in the ledger, board-vs-ledger drift and
 * the time until everything acknowledged was credited. Expected in every case: 0 lost, 0
 * duplicates, 0 drift. Two instances of each service run throughout (the scale-out shape): every
 * SIGKILL is also a rebalance onto the surviving instance.
 */
describe('fault suite: nothing acknowledged is lost or counted twice', () => {
  const top = new Topology();
  const austa = top.tenants.newTenant('austa');
  let kafka: Kafka;
  let producer: Producer;

  beforeAll(async () => {
    await top.start(2);
    kafka = new Kafka({ clientId: 'fault-suite', brokers: top.env.KAFKA_BROKERS.split(','), logLevel: logLevel.NOTHING, retry: { retries: 10 } });
    producer = kafka.producer();
    await producer.connect();
  }, 300_000);

  afterAll(async () => {
    printReport();
    for (const c of top.crashed()) process.stdout.write(`\n${c.name} exited on its own (code ${c.code}, signal ${c.signal}):\n${c.output}\n`);
    await producer?.disconnect();
    await top.stop();
  });

  /** Streams `total` events, injects the fault once the stream is being credited, and checks the books. */
  async function underFault(fault: string, total: number, inject: () => Promise<void>, after?: () => Promise<void>) {
    const before = await top.ledger();
    const running = stream(top, total, { paceMs: 25, prefix: fault.replace(/\W+/g, '-').slice(0, 20) });
    await eventually(async () => (await top.ledger()).events, (n) => n >= before.events + 100, { what: `${fault}: the stream being credited`, timeoutMs: 120_000, intervalMs: 50 });
    const t0 = Date.now();
    await inject();
    const { acknowledged, retriedRequests } = await running;
    const expected = before.events + acknowledged.size;
    let { credited } = await settle(top, expected, 180_000);
    if (after) {
      await after();
      credited = (await settle(top, expected, 30_000)).credited;
    }
    const recoveryMs = Date.now() - t0;
    await new Promise((r) => setTimeout(r, 1_000)); // anything late would show as a duplicate now
    const books = await top.ledger();
    const drift = await eventually(() => top.drift(), (d) => d === 0, { what: `${fault}: no drift`, timeoutMs: 30_000 }).catch(() => top.drift());
    if (drift > 0) process.stdout.write(`${fault}: drift ${JSON.stringify((await top.driftDetails()).slice(0, 5))}\n`);
    report.push({ fault, acknowledged: acknowledged.size, credited: credited - before.events, lost: expected - books.events, duplicates: books.duplicates - before.duplicates, drift, recoveryMs, note: `${retriedRequests} requests retried` });
    expect({ lost: expected - books.events, duplicates: books.duplicates, drift }).toEqual({ lost: 0, duplicates: 0, drift: 0 });
  }

  it('broker killed (-9) mid-stream and restarted', async () => {
    await underFault('kafka kill -9, restart', 1_500, async () => {
      await chaos('kill-kafka');
      await new Promise((r) => setTimeout(r, 2_000));
      await chaos('start-kafka');
    });
  });

  it('Postgres crashed (immediate shutdown) mid-stream and restarted', async () => {
    await underFault('postgres crash, restart', 1_500, () => chaos('crash-postgres', '3'));
  });

  it('Redis FLUSHALL mid-stream, then boards rebuilt from the ledger', async () => {
    await underFault(
      'redis FLUSHALL + rebuild',
      1_000,
      () => chaos('flush-redis'),
      async () => {
        // The operator's step after losing Redis, once the stream is credited: rebuild from the ledger.
        const rebuilt = await api(top.url('points'), top.tenant, { key: top.key }).post('/v1/admin/leaderboards/xp/rebuild', {});
        expect(rebuilt.status).toBeLessThan(300);
      },
    );
  });

  for (const service of SERVICES) {
    it(`SIGKILL of one ${service} instance mid-stream (the other takes over), then restarted`, async () => {
      await underFault(`SIGKILL ${service}#0, restart`, 800, async () => {
        await top.kill(`${service}#0`);
        await top.restart(`${service}#0`);
      });
    });
  }

  it('poison messages on the inbound topic and on an internal topic: dead-lettered, and every valid message behind them processed', async () => {
    const ns = top.env.QUESTLINE_NAMESPACE;
    const user = 'poison-victim';
    const t0 = Date.now();
    const valid = (n: number) => ({ key: user, value: JSON.stringify(answerAccepted({ author: `poison-author-${n}`, acceptedBy: user, key: `poison-valid-${n}` })), headers: { 'questline-tenant': top.tenant } });
    const poison = [
      { key: user, value: JSON.stringify({ ...answerAccepted({ acceptedBy: user }), payload: { pad: 'x'.repeat(900_000) } }), headers: { 'questline-tenant': top.tenant } }, // oversized
      { key: user, value: `${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`, headers: { 'questline-tenant': top.tenant } }, // 10,000 deep
      { key: user, value: randomBytes(2_000), headers: { 'questline-tenant': top.tenant } }, // undecodable
      { key: user, value: JSON.stringify(answerAccepted({ acceptedBy: user, author: 'nul\u0000author' })), headers: { 'questline-tenant': top.tenant } }, // NUL
      { key: user, value: JSON.stringify(answerAccepted({ acceptedBy: user })), headers: { 'questline-tenant': 'no-such-tenant' } }, // unknown tenant
    ];
    await producer.send({ topic: `${ns}questline.inbound.v1`, messages: [valid(0), ...poison.flatMap((p, i) => [p, valid(i + 1)])] });
    // On AUSTA's own topic, a message claiming another tenant: AUSTA's dead letter (AUTHORIZATION), not the claimed tenant's.
    await producer.send({ topic: `${ns}health.events`, messages: [{ key: user, value: JSON.stringify(answerAccepted({ acceptedBy: user })), headers: { 'questline-tenant': top.tenant } }] });
    // Straight onto an internal topic (what a misbehaving producer inside the network could do).
    await producer.send({
      topic: `${ns}questline.event.accepted.v1`,
      messages: [
        { key: `${top.tenant}:${user}`, value: 'x'.repeat(900_000) },
        { key: `${top.tenant}:${user}`, value: `${'['.repeat(10_000)}${']'.repeat(10_000)}` },
        { key: `${top.tenant}:${user}`, value: randomBytes(500) },
      ],
    });
    const after = Array.from({ length: 5 }, (_, i) => answerAccepted({ author: `poison-author-after-${i}`, acceptedBy: user, key: `poison-after-${i}` }));
    expect((await api(top.url('ingest'), top.tenant, { key: top.key }).post('/v1/events/batch', { events: after })).status).toBe(202);

    const credited = async () =>
      (await top.db.query<{ n: number }>(`SELECT count(DISTINCT source_event_id)::int AS n FROM ledger_entry WHERE tenant_id = $1 AND user_id LIKE 'poison-author-%'`, [top.tenant])).rows[0]!.n;
    await eventually(credited, (n) => n === 6 + 5, { what: 'the 6 valid Kafka events and the 5 sent after the internal poison', timeoutMs: 120_000 });
    const root = api(top.url('ingest'), top.tenant);
    const inbound = await eventually(() => root.get('/v1/admin/dlq?topic=questline.inbound.v1&limit=50'), (r) => (r.body?.items?.length ?? 0) >= 4, { what: 'inbound dead letters', timeoutMs: 60_000 });
    expect(inbound.body.items.map((d: { errorClass: string }) => d.errorClass)).toEqual(expect.arrayContaining(['VALIDATION']));
    const oversized = inbound.body.items.find((d: { original: { bytes: number } | null }) => (d.original?.bytes ?? 0) > 800_000);
    expect(oversized).toMatchObject({ value: null, original: { bytes: expect.any(Number), sha256: expect.stringMatching(/^[0-9a-f]{64}$/) } });
    const austaDead = await eventually(() => api(top.url('ingest'), austa).get('/v1/admin/dlq?topic=health.events'), (r) => r.body?.items?.length === 1, { what: "AUSTA's dead letter" });
    expect(austaDead.body.items[0]).toMatchObject({ tenantId: austa, errorClass: 'AUTHORIZATION' });
    expect((await api(top.url('ingest'), top.tenant).get('/v1/admin/dlq?topic=health.events')).body.items).toEqual([]);
    const internal = await eventually(() => api(top.url('ingest'), 'x', { key: TEST_ROOT_KEY }).get('/v1/admin/dlq?topic=questline.event.accepted.v1&limit=50'), (r) => (r.body?.items?.length ?? 0) >= 3, { what: 'internal dead letters' });
    expect(internal.body.items.every((d: { errorClass: string }) => d.errorClass === 'VALIDATION')).toBe(true);
    expect(top.crashed().map((c) => c.name)).toEqual([]);
    // Every instance ready again (a partition that stalled on a fault must have moved on), with what it reports if not.
    for (const [name, inst] of top.instances) {
      const ready = await eventually(async () => { const r = await fetch(`${inst.url}/health/ready`); return { status: r.status, body: await r.text() }; }, (r) => r.status === 200, { what: `${name} ready`, timeoutMs: 30_000 }).catch((e: Error) => ({ status: 503, body: e.message }));
      // The body says which check failed (and, for consumers, which partition is stalled and why).
      expect({ name, ...ready }).toEqual({ name, status: 200, body: ready.status === 200 ? expect.any(String) : '(ready)' });
    }
    report.push({ fault: 'poison: 5 inbound, 1 foreign-tenant, 3 internal', acknowledged: 11, credited: await credited(), lost: 11 - (await credited()), duplicates: 0, drift: await top.drift(), recoveryMs: Date.now() - t0, note: `${inbound.body.items.length + 1 + internal.body.items.length} dead letters` });
  });
});
