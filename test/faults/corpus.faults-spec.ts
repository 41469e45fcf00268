import fc from 'fast-check';
import { Kafka, logLevel } from 'kafkajs';
import { answerAccepted, api, eventually, TEST_ROOT_KEY } from '@questline/testing';
import { Topology } from './harness';

jest.setTimeout(300_000);

/** Hostile values a field may be given (strings, numbers, times, keys, shapes). */
const hostile = fc.oneof(
  fc.constantFrom(
    'x\u0000y',
    '\ud800',
    'a\udfffb',
    "' OR 1=1 --",
    '"; DROP TABLE ledger_entry; --',
    '../../etc/passwd',
    '%00',
    '\u202e\u0000',
    '0000-01-01T00:00:00Z',
    '9999-12-31T23:59:59Z',
    '+275760-09-13T00:00:00Z',
    '1969-12-31T23:59:59Z',
    'NaN',
    '',
  ),
  fc.constantFrom(1e308, -1e308, -1, 0, 2 ** 53 + 1, -(2 ** 63), Number.MAX_SAFE_INTEGER, 0.5, -0),
  fc.constantFrom(null, true, [], {}, { __proto__: { admin: true } }, JSON.parse('{"__proto__":{"admin":true}}'), JSON.parse('{"constructor":{"prototype":{"admin":true}}}')),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ minLength: 10_000, maxLength: 70_000 }).map((s) => s.slice(0, 70_000)),
  fc.integer({ min: 20, max: 200 }).map((d) => JSON.parse(`${'['.repeat(d)}1${']'.repeat(d)}`)),
);

const FIELDS = ['type', 'userId', 'idempotencyKey', 'occurredAt', 'payload', 'schemaVersion', 'meta', 'source', 'payload.answer_author_id', 'payload.question_id', 'payload.extra'] as const;

/** A valid TekTree event with one to three fields replaced by hostile values (or removed). */
const hostileEvent = fc.tuple(fc.array(fc.tuple(fc.constantFrom(...FIELDS), fc.option(hostile, { nil: undefined })), { minLength: 1, maxLength: 3 }), fc.integer()).map(([edits, n]) => {
  const e = answerAccepted({ key: `corpus-${n}-${Math.random().toString(36).slice(2)}` }) as unknown as Record<string, unknown>;
  for (const [field, value] of edits) {
    const [head, tail] = field.split('.') as [string, string | undefined];
    if (tail) {
      const payload = (typeof e['payload'] === 'object' && e['payload'] !== null ? e['payload'] : (e['payload'] = {})) as Record<string, unknown>;
      if (value === undefined) delete payload[tail];
      else payload[tail] = value;
    } else if (value === undefined) delete e[head];
    else e[head] = value;
  }
  return e;
});

/**
 * The hostile-input corpus, over HTTP and Kafka, against the five services on real
 * infrastructure: every answer is a 4xx problem+json or a success — never a 5xx, never a stall —
 * process memory stays bounded, and a valid event sent afterwards is processed.
 */
describe('hostile-input corpus: zero 5xx, zero stalls, bounded memory, valid events still processed', () => {
  const top = new Topology();
  const other = top.tenants.newTenant('tektree');
  const statuses = new Map<number, number>();
  let requests = 0;
  const fiveHundreds: string[] = [];

  beforeAll(() => top.start(1), 300_000);
  afterAll(async () => {
    process.stdout.write(`\nhostile corpus: ${requests} HTTP requests, statuses ${JSON.stringify(Object.fromEntries([...statuses].sort()))}\n`);
    await top.stop();
  });

  async function send(path: string, init: RequestInit & { what: string }, base = top.url('ingest')): Promise<Response> {
    requests++;
    const res = await fetch(`${base}${path}`, { ...init, signal: AbortSignal.timeout(30_000) });
    statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
    const text = await res.text();
    if (res.status >= 500) fiveHundreds.push(`${init.what}: ${res.status} ${text.slice(0, 300)}`);
    else if (res.status >= 400) expect({ what: init.what, type: res.headers.get('content-type') }).toEqual({ what: init.what, type: expect.stringMatching(/^application\/problem\+json/) });
    return res;
  }
  const json = (body: string, type = 'application/json') => ({ 'content-type': type, authorization: `Bearer ${top.key}` });

  it("one tenant's events that Postgres would refuse (NUL, lone surrogates, year 0) never fail another tenant's concurrent requests", async () => {
    const bad = [{ question_id: 'q\u0000' }, { question_id: '\ud800' }, {}].map((p, i) => ({ ...answerAccepted({ key: `bad-${i}-${Math.random()}` }), ...(i === 2 ? { occurredAt: '0000-01-01T00:00:00Z' } : { payload: { ...answerAccepted().payload, ...p } }) }));
    const results = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        i % 2
          ? api(top.url('ingest'), other).post('/v1/events/batch', { events: [...bad, answerAccepted()] }).then((r) => ({ who: 'other', status: r.status, rejected: r.body.rejected }))
          : api(top.url('ingest'), top.tenant, { key: top.key }).post('/v1/events', answerAccepted({ author: `iso-${i}` })).then((r) => ({ who: 'valid', status: r.status, rejected: 0 })),
      ),
    );
    expect(results.filter((r) => r.who === 'valid').every((r) => r.status === 202)).toBe(true);
    expect(results.filter((r) => r.who === 'other').every((r) => r.status === 202 && r.rejected === 3)).toBe(true);
  });

  it('over HTTP: >= 2,000 hostile requests, no 5xx', async () => {
    // 1. Mutated events, one at a time and in batches.
    const singles = fc.sample(hostileEvent, { numRuns: 1_400, seed: 42 });
    for (let i = 0; i < singles.length; i += 8) {
      await Promise.all(singles.slice(i, i + 8).map((e) => send('/v1/events', { method: 'POST', headers: json(''), body: JSON.stringify(e), what: `event ${JSON.stringify(e).slice(0, 120)}` })));
    }
    const batches = fc.sample(fc.array(hostileEvent, { minLength: 1, maxLength: 50 }), { numRuns: 300, seed: 7 });
    for (const b of batches) await send('/v1/events/batch', { method: 'POST', headers: json(''), body: JSON.stringify({ events: b }), what: 'hostile batch' });

    // 2. Bodies that are not what they claim, and media types that are not JSON.
    const raw = fc.sample(fc.oneof(fc.string({ unit: 'binary', maxLength: 300 }), fc.constantFrom('{"events": [', '{', '[]', 'null', '"x"', '{"type":1e999}', '\u0000', '{"a":"\\ud800"}')), { numRuns: 200, seed: 3 });
    for (const [i, body] of raw.entries()) {
      const type = ['application/json', 'text/plain', 'application/xml', 'application/cloudevents+json', 'multipart/form-data; boundary=x', 'application/x-www-form-urlencoded'][i % 6]!;
      await send(i % 2 ? '/v1/events' : '/v1/events/batch', { method: 'POST', headers: json(body, type), body, what: `raw ${type} ${JSON.stringify(body).slice(0, 60)}` });
    }

    // 3. Size and shape limits: 2 MiB, 50 MiB, 10,000 levels, 1,001 items.
    for (let i = 0; i < 3; i++) await send('/v1/events/batch', { method: 'POST', headers: json(''), body: JSON.stringify({ events: [{ pad: 'x'.repeat(2 * 1024 * 1024) }] }), what: '2 MiB body' });
    await send('/v1/events', { method: 'POST', headers: json(''), body: 'x'.repeat(50 * 1024 * 1024), what: '50 MiB body' }).catch(() => undefined); // the server may close the socket early: fine
    await send('/v1/events', { method: 'POST', headers: json(''), body: `${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`, what: '10,000 levels' });
    await send('/v1/events/batch', { method: 'POST', headers: json(''), body: JSON.stringify({ events: Array.from({ length: 1_001 }, () => answerAccepted()) }), what: '1,001 items' });

    // 4. Paths: NUL, bad escapes, traversal, very long ids, on reads too.
    const paths = ['/v1/users/%00/profile', '/v1/users/%ff/profile', '/v1/users/%E0%A4%A/ledger', '/v1/users/..%2F..%2Fetc%2Fpasswd/profile', `/v1/users/${'a'.repeat(3_000)}/profile`, `/v1/users/${'a'.repeat(10_000)}/profile`, '/v1/events/not-a-uuid', "/v1/leaderboards/xp?limit=-1&cursor='", '/v1/leaderboards/%00', '/v1/users/u/ledger?from=0000-01-01&to=99999-01-01', '/v1/admin/audit?action=%00', '/v1/events?userId=a%00b', '/v1/leaderboards/xp?scope=%ED%A0%80'];
    for (let i = 0; i < 100; i++) {
      const path = paths[i % paths.length]!;
      await send(path, { method: 'GET', headers: json(''), what: `GET ${path.slice(0, 80)}` }, i % 2 ? top.url('points') : top.url('ingest'));
    }

    // 5. Hostile packs: YAML alias bombs, deep YAML, JSON Logic dividing by zero, unknown operations, huge.
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]', ...'bcdefghi'.split('').map((c, i) => `${c}: &${c} [${Array(9).fill(`*${'abcdefghi'[i]}`).join(',')}]`)].join('\n');
    const packs = [bomb, `${'- '.repeat(5_000)}x`, 'tenant: x\nversion: 1\nname: x\nschemaNamespace: tektree\ncurrencies: [{id: xp}]\nrules: [{id: r, on: a.b, award: {currency: xp, amount: {expr: {"/": [1, 0]}}}}]', 'rules: [{id: r, on: a.b, award: {currency: xp, amount: {expr: {"exec": ["rm -rf /"]}}}}]', 'x: '.repeat(100_000), '{"tenant": "\u0000"}', `tenant: ${'&a '.repeat(1)}x`];
    for (let i = 0; i < 60; i++) {
      await send('/v1/admin/packs/validate', { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${TEST_ROOT_KEY}`, 'x-questline-tenant': top.tenant }, body: JSON.stringify({ source: packs[i % packs.length]! }), what: `pack ${i % packs.length}` }, top.url('rules-engine'));
    }
    expect(fiveHundreds).toEqual([]);
    expect(requests).toBeGreaterThanOrEqual(1_800);
  });

  it('over Kafka: >= 200 hostile messages on the inbound topic are dead-lettered and a valid event behind them is credited', async () => {
    const kafka = new Kafka({ clientId: 'corpus', brokers: top.env.KAFKA_BROKERS.split(','), logLevel: logLevel.NOTHING });
    const producer = kafka.producer();
    await producer.connect();
    const values = [
      ...fc.sample(hostileEvent, { numRuns: 150, seed: 11 }).map((e) => JSON.stringify(e)),
      ...fc.sample(fc.string({ unit: 'binary', maxLength: 500 }), { numRuns: 50, seed: 12 }),
      `${'['.repeat(10_000)}${']'.repeat(10_000)}`,
      JSON.stringify({ pad: 'x'.repeat(900_000) }),
    ];
    const user = 'corpus-kafka-user';
    // In sends of at most ~400 KB: one record batch per partition must stay under the broker's 1 MiB.
    let chunk: string[] = [];
    let bytes = 0;
    const flush = async () => {
      if (chunk.length > 0) await producer.send({ topic: `${top.env.QUESTLINE_NAMESPACE}questline.inbound.v1`, messages: chunk.map((value) => ({ key: user, value, headers: { 'questline-tenant': top.tenant } })) });
      chunk = [];
      bytes = 0;
    };
    for (const v of values) {
      if (bytes + v.length > 400_000) await flush();
      chunk.push(v);
      bytes += v.length;
    }
    await flush();
    const valid = answerAccepted({ author: 'corpus-kafka-author', acceptedBy: user });
    await producer.send({ topic: `${top.env.QUESTLINE_NAMESPACE}questline.inbound.v1`, messages: [{ key: user, value: JSON.stringify(valid), headers: { 'questline-tenant': top.tenant } }] });
    await producer.disconnect();
    await eventually(() => api(top.url('points'), top.tenant, { key: top.key }).get('/v1/users/corpus-kafka-author/profile'), (r) => r.body?.balances?.xp?.lifetime === 50, { what: 'the valid event behind 202 hostile ones credited', timeoutMs: 120_000 });
    for (const [name, inst] of top.instances) {
      const r = await fetch(`${inst.url}/health/ready`);
      expect({ name, status: r.status, body: r.status === 200 ? 'ready' : await r.text() }).toEqual({ name, status: 200, body: 'ready' });
    }
  });

  it('after all of it: memory bounded, a valid event still processed, and failed authentication throttled without 5xx', async () => {
    const metrics = await (await fetch(`${top.url('ingest')}/metrics`)).text();
    const rss = Number(/process_resident_memory_bytes\{[^}]*\} (\d+)/.exec(metrics)?.[1] ?? /process_resident_memory_bytes (\d+)/.exec(metrics)?.[1]);
    expect(rss).toBeLessThan(1.5 * 1024 ** 3);
    expect(metrics).not.toContain(top.tenant); // no tenant ids on the public scrape
    const e = answerAccepted({ author: 'corpus-after' });
    expect((await api(top.url('ingest'), top.tenant, { key: top.key }).post('/v1/events', e)).status).toBe(202);
    await eventually(() => api(top.url('points'), top.tenant, { key: top.key }).get('/v1/users/corpus-after/profile'), (r) => r.body?.balances?.xp?.lifetime === 50, { what: 'a valid event after the corpus' });

    const guesses = await Promise.all(Array.from({ length: 800 }, (_, i) => fetch(`${top.url('points')}/v1/leaderboards/xp`, { headers: { authorization: `Bearer ql_guess${i}_${'x'.repeat(43)}` } }).then((r) => r.status)));
    const counts = guesses.reduce<Record<number, number>>((m, s) => ({ ...m, [s]: (m[s] ?? 0) + 1 }), {});
    expect(Object.keys(counts).map(Number).sort()).toEqual([401, 429]);
    expect(counts[429]).toBeGreaterThan(700);
    // A key already verified is not held back by its address's failures.
    expect((await api(top.url('points'), top.tenant, { key: top.key }).get('/v1/leaderboards/xp')).status).toBe(200);
  });
});
