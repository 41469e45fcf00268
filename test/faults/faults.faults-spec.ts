import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
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
    // Every instance's warnings and errors, for a case that failed (CI keeps .test-results).
    top.writeLogs(resolve(__dirname, '../../.test-results/faults-logs'));
    if (report.some((r) => r.lost !== 0 || r.duplicates !== 0 || r.drift !== 0)) process.stdout.write(`\nerrors logged by the instances (last lines each):\n${top.errorDigest()}\n`);
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

  it('SIGKILL of a points instance in the middle of redemptions: every key one redemption at most, stock and balances exact, unconfirmed ones undone after restart', async () => {
    const t0 = Date.now();
    const root = (n?: number) => api(top.url('points', n), top.tenant);
    // 60 funded users (2 accepted answers: 100 xp each).
    const users = Array.from({ length: 60 }, (_, i) => `redeemer-${i}`);
    const funding = users.flatMap((u) => [0, 1].map((k) => answerAccepted({ author: u, acceptedBy: `asker-${u}`, key: `fund-${u}-${k}` })));
    for (let i = 0; i < funding.length; i += 500) expect((await api(top.url('ingest'), top.tenant, { key: top.key }).post('/v1/events/batch', { events: funding.slice(i, i + 500) })).status).toBe(202);
    const funded = async () =>
      (await top.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM balance WHERE tenant_id = $1 AND user_id LIKE 'redeemer-%' AND currency = 'xp' AND spendable = 100`, [top.tenant])).rows[0]!.n;
    await eventually(funded, (n) => n === users.length, { what: '60 users at 100 xp', timeoutMs: 120_000 });
    expect((await root().put('/v1/admin/rewards/fault-mug', { name: 'Mug', currency: 'xp', cost: 30, stock: 40 })).status).toBe(200);
    expect((await root().put('/v1/admin/rewards/fault-hoodie', { name: 'Hoodie', currency: 'xp', cost: 20, stock: 10, fulfilment: 'fulfilled' })).status).toBe(200);

    // Every user asks points#0 for a mug and a hoodie (one key each); the instance is killed while they are in flight.
    const asks = users.flatMap((u) => ['fault-mug', 'fault-hoodie'].map((itemId) => ({ u, itemId, key: `redeem-${u}-${itemId}` })));
    const send = (n: number, a: (typeof asks)[number]) => root(n).post(`/v1/users/${a.u}/redemptions`, { itemId: a.itemId }, { 'idempotency-key': a.key }).catch(() => null);
    const inFlight = asks.map((a) => send(0, a));
    const written = async () => (await top.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM redemption WHERE tenant_id = $1 AND user_id LIKE 'redeemer-%'`, [top.tenant])).rows[0]!.n;
    await eventually(written, (n) => n >= 10, { what: 'redemptions under way', timeoutMs: 60_000, intervalMs: 10 });
    await top.kill('points#0');
    const answers = await Promise.all(inFlight);
    // Clients retry what got no answer (or a 5xx) with the same key, at the surviving instance.
    const retried = await Promise.all(asks.map((a, i) => (answers[i] && answers[i]!.status < 500 ? answers[i] : send(1, a))));
    expect(retried.every((r) => r !== null && r.status < 500)).toBe(true);
    await top.restart('points#0');

    const q = async <T extends object>(sql: string) => (await top.db.query<T>(sql, [top.tenant])).rows;
    // Fulfilled items nobody confirms are undone by the sweep (REDEMPTION_TIMEOUT_HOURS is seconds here): cost refunded, unit returned.
    await eventually(() => q<{ n: number }>(`SELECT count(*)::int AS n FROM redemption WHERE tenant_id = $1 AND item_id = 'fault-hoodie' AND status = 'started'`), (r) => r[0]!.n === 0, {
      what: 'every hoodie redemption undone',
      timeoutMs: 60_000,
    });
    const [mug] = await q<{ stock: number }>(`SELECT stock FROM reward_item WHERE tenant_id = $1 AND id = 'fault-mug'`);
    const [hoodie] = await q<{ stock: number }>(`SELECT stock FROM reward_item WHERE tenant_id = $1 AND id = 'fault-hoodie'`);
    const sold = await q<{ item_id: string; n: number }>(`SELECT item_id, count(*)::int AS n FROM redemption WHERE tenant_id = $1 AND user_id LIKE 'redeemer-%' AND status <> 'failed' GROUP BY item_id`);
    const mugs = sold.find((s) => s.item_id === 'fault-mug')?.n ?? 0;
    // Never oversold, nothing lost: 40 mugs for 60 askers means all 40 sold; every hoodie came back.
    expect({ mugs, mugStock: mug!.stock, hoodieStock: hoodie!.stock, hoodiesHeld: sold.find((s) => s.item_id === 'fault-hoodie')?.n ?? 0 }).toEqual({ mugs: 40, mugStock: 0, hoodieStock: 10, hoodiesHeld: 0 });
    // One debit per redemption, one refund per undone one, and every balance is 100 − what its owner holds.
    const [books] = await q<{ spends: number; redemptions: number; refunds: number; undone: number }>(
      `SELECT (SELECT count(*)::int FROM ledger_entry WHERE tenant_id = $1 AND kind = 'spend' AND user_id LIKE 'redeemer-%') AS spends,
              (SELECT count(*)::int FROM redemption WHERE tenant_id = $1 AND user_id LIKE 'redeemer-%') AS redemptions,
              (SELECT count(*)::int FROM ledger_entry WHERE tenant_id = $1 AND kind = 'refund' AND user_id LIKE 'redeemer-%') AS refunds,
              (SELECT count(*)::int FROM redemption WHERE tenant_id = $1 AND user_id LIKE 'redeemer-%' AND status = 'failed') AS undone`,
    );
    expect(books!.spends).toBe(books!.redemptions);
    expect(books!.refunds).toBe(books!.undone);
    const wrong = await q<{ user_id: string }>(
      `SELECT b.user_id FROM balance b WHERE b.tenant_id = $1 AND b.user_id LIKE 'redeemer-%' AND b.currency = 'xp'
         AND b.spendable <> 100 - COALESCE((SELECT sum(r.cost) FROM redemption r WHERE r.tenant_id = b.tenant_id AND r.user_id = b.user_id AND r.status <> 'failed'), 0)`,
    );
    expect(wrong).toEqual([]);
    report.push({ fault: 'SIGKILL points#0 mid-redemption', acknowledged: asks.length, credited: books!.redemptions, lost: 0, duplicates: books!.spends - books!.redemptions, drift: 0, recoveryMs: Date.now() - t0, note: `${answers.filter((a) => !a || a.status >= 500).length} requests retried; ${mugs} mugs sold; ${books!.undone} undone` });
  });
});
