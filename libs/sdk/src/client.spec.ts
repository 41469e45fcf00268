import Fastify, { type FastifyInstance } from 'fastify';
import {
  QuestlineClient,
  QuestlineClientClosedError,
  QuestlineEventRejectedError,
  QuestlineHttpError,
  QuestlineNetworkError,
  backoffDelay,
  parseRetryAfter,
  type CanonicalEventInput,
  type QuestlineClientOptions,
  type QuestlineError,
  type QuestlineEventInput,
  type QuestlineProblem,
} from './index';

const API_KEY = 'ql_test_key';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

interface Recorded {
  method: string;
  url: string;
  auth: string | undefined;
  body: any;
  at: number;
}

interface Scripted {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

const problem = (status: number, code: string, detail: string, errors?: QuestlineProblem['errors']): QuestlineProblem => ({
  type: `https://questline.dev/problems/${code.replace(/_/g, '-')}`,
  title: 'Error',
  status,
  detail,
  code,
  ...(errors ? { errors } : {}),
});

/**
 * A small fake of the events API: records every request, answers from a per-route script first
 * (one scripted response per request), then like the server would. An event whose payload has
 * `reject: true` is refused; a repeated idempotency key is a duplicate.
 */
class FakeQuestline {
  readonly requests: Recorded[] = [];
  readonly script: Record<string, Scripted[]> = {};
  private readonly seen = new Set<string>();
  private readonly app: FastifyInstance = Fastify();
  baseUrl = '';

  async start(): Promise<void> {
    const respond = (route: string, handler: (body: any) => { status: number; body: unknown }) =>
      async (req: any, reply: any) => {
        this.requests.push({ method: req.method, url: req.url, auth: req.headers.authorization, body: req.body, at: Date.now() });
        if (req.headers.authorization !== `Bearer ${API_KEY}`) {
          return reply.status(401).header('content-type', 'application/problem+json').send(problem(401, 'invalid_api_key', 'Unknown API key.'));
        }
        const scripted = this.script[route]?.shift();
        if (scripted) {
          reply.status(scripted.status).headers({ 'content-type': 'application/problem+json', ...scripted.headers });
          return reply.send(scripted.body ?? problem(scripted.status, `http_${scripted.status}`, 'scripted'));
        }
        const out = handler(req.body);
        return reply.status(out.status).send(out.body);
      };
    this.app.post('/v1/events', respond('single', (event) => this.accept(event, 0)));
    this.app.post('/v1/events/batch', respond('batch', (body) => {
      const results = (body.events as any[]).map((e, index) => this.accept(e, index));
      const items = results.map((r) => r.body);
      return {
        status: 202,
        body: {
          accepted: items.filter((i: any) => !i.error).length,
          duplicates: items.filter((i: any) => i.duplicate).length,
          rejected: items.filter((i: any) => i.error).length,
          results: items,
        },
      };
    }));
    this.app.get('/v1/events/:id', respond('get', () => ({ status: 200, body: { id: 'evt-1', status: 'processed', outcomes: [], event: { type: 'x' } } })));
    await this.app.listen({ port: 0, host: '127.0.0.1' });
    const address = this.app.server.address();
    if (!address || typeof address === 'string') throw new Error('no port');
    this.baseUrl = `http://127.0.0.1:${address.port}`;
  }

  stop(): Promise<void> {
    return this.app.close();
  }

  batchRequests(): Recorded[] {
    return this.requests.filter((r) => r.url === '/v1/events/batch');
  }

  private accept(event: any, index: number): { status: number; body: any } {
    if (event?.payload?.reject) {
      // As the real server answers: pointers into the batch.
      const p = problem(422, 'schema_validation_failed', 'Payload does not match.', [{ pointer: `/events/${index}/payload/content_id`, detail: 'required' }]);
      return { status: 422, body: { index, error: p } };
    }
    const key = String(event.idempotencyKey ?? event.event_id);
    const duplicate = this.seen.has(key);
    this.seen.add(key);
    return { status: 202, body: { index, id: `id-${key}`, status: 'queued', duplicate } };
  }
}

const liked = (n: number, over: Partial<CanonicalEventInput> = {}): CanonicalEventInput => ({
  type: 'social.content.liked',
  userId: `user-${n}`,
  occurredAt: '2026-11-24T09:59:00.000Z',
  idempotencyKey: `like-${n}`,
  payload: { content_id: `c-${n}`, content_author_id: 'alice', liker_id: `user-${n}` },
  ...over,
});

let server: FakeQuestline;
let clients: QuestlineClient[];

beforeEach(async () => {
  server = new FakeQuestline();
  await server.start();
  clients = [];
});

afterEach(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await server.stop();
});

function client(options: Partial<QuestlineClientOptions> = {}): QuestlineClient {
  const c = new QuestlineClient({ baseUrl: server.baseUrl, apiKey: API_KEY, retry: { baseDelayMs: 1, maxDelayMs: 5 }, ...options });
  clients.push(c);
  return c;
}

async function rejection(promise: Promise<unknown>): Promise<QuestlineError> {
  try {
    await promise;
  } catch (err) {
    return err as QuestlineError;
  }
  throw new Error('expected a rejection');
}

describe('QuestlineClient: batching', () => {
  it('sends a batch as soon as maxEvents events are queued', async () => {
    const c = client({ batch: { maxEvents: 3, maxDelayMs: 60_000 } });
    const results = await Promise.all([c.track(liked(1)), c.track(liked(2)), c.track(liked(3))]);
    expect(results).toEqual([
      { id: 'id-like-1', status: 'queued', duplicate: false },
      { id: 'id-like-2', status: 'queued', duplicate: false },
      { id: 'id-like-3', status: 'queued', duplicate: false },
    ]);
    const batches = server.batchRequests();
    expect(batches).toHaveLength(1);
    expect(batches[0]!.auth).toBe(`Bearer ${API_KEY}`);
    expect(batches[0]!.body.events.map((e: any) => e.idempotencyKey)).toEqual(['like-1', 'like-2', 'like-3']);
  });

  it('sends what is queued maxDelayMs after the first event', async () => {
    const c = client({ batch: { maxEvents: 100, maxDelayMs: 50 } });
    const start = Date.now();
    const first = c.track(liked(1));
    await new Promise((r) => setTimeout(r, 10));
    const second = c.track(liked(2));
    await Promise.all([first, second]);
    expect(Date.now() - start).toBeGreaterThanOrEqual(45);
    const batches = server.batchRequests();
    expect(batches).toHaveLength(1);
    expect(batches[0]!.body.events).toHaveLength(2);
    expect(batches[0]!.at - start).toBeGreaterThanOrEqual(45);
  });

  it('splits a large flush into requests of at most 1000 events, in order', async () => {
    const c = client({ batch: { maxEvents: 5000, maxDelayMs: 60_000 } });
    const all = Array.from({ length: 2500 }, (_, i) => c.track(liked(i)));
    await c.flush();
    await Promise.all(all);
    const sizes = server.batchRequests().map((r) => r.body.events.length);
    expect(sizes).toEqual([1000, 1000, 500]);
    expect(server.batchRequests()[2]!.body.events[0].idempotencyKey).toBe('like-2000');
  });

  it('never sends more than maxEvents in one request, however much queued while one was in flight (seed 004: batches of at most 10)', async () => {
    const c = client({ batch: { maxEvents: 10, maxDelayMs: 60_000 } });
    const all = Array.from({ length: 45 }, (_, i) => c.track(liked(i)));
    await c.flush();
    await Promise.all(all);
    const sizes = server.batchRequests().map((r) => r.body.events.length);
    expect(sizes).toEqual([10, 10, 10, 10, 5]);
    expect(server.batchRequests().flatMap((r) => r.body.events.map((e: any) => e.idempotencyKey))).toEqual(Array.from({ length: 45 }, (_, i) => `like-${i}`));
  });

  it('close() flushes the queue; track() and send() after close reject', async () => {
    const c = client({ batch: { maxEvents: 100, maxDelayMs: 60_000 } });
    const pending = [c.track(liked(1)), c.track(liked(2))];
    expect(server.batchRequests()).toHaveLength(0);
    await c.close();
    expect(server.batchRequests()).toHaveLength(1);
    await expect(Promise.all(pending)).resolves.toHaveLength(2);
    expect(await rejection(c.track(liked(3)))).toBeInstanceOf(QuestlineClientClosedError);
    expect(await rejection(c.send(liked(3)))).toBeInstanceOf(QuestlineClientClosedError);
    expect(server.requests).toHaveLength(1);
  });
});

describe('QuestlineClient: idempotency keys and retries', () => {
  it('assigns a canonical event without a key one UUID at enqueue time, and retries a 503 with the same key', async () => {
    server.script['batch'] = [{ status: 503 }];
    const c = client({ batch: { maxEvents: 1 } });
    const event = liked(1);
    delete event.idempotencyKey;
    const result = await c.track(event);
    const [first, second] = server.batchRequests();
    expect(server.batchRequests()).toHaveLength(2);
    const key = first!.body.events[0].idempotencyKey;
    expect(key).toMatch(UUID);
    expect(second!.body.events[0].idempotencyKey).toBe(key);
    expect(result).toEqual({ id: `id-${key}`, status: 'queued', duplicate: false });
    expect(event.idempotencyKey).toBeUndefined(); // the caller's object is not mutated
  });

  it('leaves non-canonical (dialect) events as they are', async () => {
    const c = client({ batch: { maxEvents: 1 } });
    const tektree = { event_id: 'e-1', event_type: 'social.content.liked', event_version: '1.0.0', timestamp: '2026-11-24T09:59:00Z', payload: { content_id: 'c', content_author_id: 'a', liker_id: 'b' } };
    await c.track(tektree);
    expect(server.batchRequests()[0]!.body.events[0]).toEqual(tektree);
  });

  it('does not retry a 400: every event of the batch rejects with the problem', async () => {
    server.script['batch'] = [{ status: 400, body: problem(400, 'invalid_batch', 'events must be an array') }];
    const c = client({ batch: { maxEvents: 2 } });
    const [a, b] = [c.track(liked(1)), c.track(liked(2))];
    const [ea, eb] = [await rejection(a), await rejection(b)];
    expect(ea).toBeInstanceOf(QuestlineHttpError);
    expect(eb).toBe(ea);
    expect((ea as QuestlineHttpError).status).toBe(400);
    expect((ea as QuestlineHttpError).problem.code).toBe('invalid_batch');
    expect(server.batchRequests()).toHaveLength(1);
  });

  it('honours Retry-After on a 429', async () => {
    server.script['batch'] = [{ status: 429, headers: { 'retry-after': '1' }, body: problem(429, 'rate_limited', 'slow down') }];
    const c = client({ batch: { maxEvents: 1 } });
    await c.track(liked(1));
    const [first, second] = server.batchRequests();
    expect(server.batchRequests()).toHaveLength(2);
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(950); // backoff alone would be ≤ 5 ms
    expect(second!.body.events[0].idempotencyKey).toBe('like-1');
  });

  it('gives up after `retries` retries with the last HTTP error', async () => {
    server.script['batch'] = Array.from({ length: 5 }, () => ({ status: 500 }));
    const c = client({ batch: { maxEvents: 1 }, retry: { retries: 2, baseDelayMs: 1 } });
    const err = await rejection(c.track(liked(1)));
    expect(err).toBeInstanceOf(QuestlineHttpError);
    expect((err as QuestlineHttpError).status).toBe(500);
    expect(server.batchRequests()).toHaveLength(3);
  });

  it('retries network errors (injected fetch) and reports exhaustion as QuestlineNetworkError', async () => {
    let failures = 1;
    const flaky: QuestlineClientOptions['fetch'] = async (url, init) => {
      if (failures-- > 0) throw new TypeError('fetch failed');
      return fetch(url, init);
    };
    const c = client({ batch: { maxEvents: 1 }, fetch: flaky });
    await expect(c.track(liked(1))).resolves.toMatchObject({ id: 'id-like-1' });
    expect(server.batchRequests()).toHaveLength(1);

    const down = client({ batch: { maxEvents: 1 }, retry: { retries: 1, baseDelayMs: 1 }, fetch: async () => { throw new TypeError('fetch failed'); } });
    const err = await rejection(down.track(liked(2)));
    expect(err).toBeInstanceOf(QuestlineNetworkError);
    expect(err.message).toContain('2 attempt(s)');
  });
});

describe('QuestlineClient: per-item results', () => {
  it('a refused item rejects only its own promise', async () => {
    const errors: Array<[QuestlineError, readonly QuestlineEventInput[]]> = [];
    const c = client({ batch: { maxEvents: 3 }, onError: (e, events) => errors.push([e, events]) });
    const bad = liked(2, { payload: { reject: true } });
    const [ok1, rejected, ok3] = [c.track(liked(1)), c.track(bad), c.track(liked(3))];
    await expect(ok1).resolves.toMatchObject({ id: 'id-like-1' });
    await expect(ok3).resolves.toMatchObject({ id: 'id-like-3' });
    const err = await rejection(rejected);
    expect(err).toBeInstanceOf(QuestlineEventRejectedError);
    const r = err as QuestlineEventRejectedError;
    expect(r.index).toBe(1);
    expect(r.event).toEqual(bad);
    expect(r.problem.code).toBe('schema_validation_failed');
    expect(r.problem.errors).toEqual([{ pointer: '/payload/content_id', detail: 'required' }]); // made relative to the event
    expect(errors).toEqual([[err, [bad]]]);
    expect(server.batchRequests()).toHaveLength(1);
  });

  it('a duplicate idempotency key is reported, not refused', async () => {
    const c = client({ batch: { maxEvents: 2 } });
    const [a, b] = await Promise.all([c.track(liked(1)), c.track(liked(1))]);
    expect(a.duplicate).toBe(false);
    expect(b).toEqual({ id: 'id-like-1', status: 'queued', duplicate: true });
  });
});

describe('QuestlineClient: send() and getEvent()', () => {
  it('posts one event at once and retries it with a stable key', async () => {
    server.script['single'] = [{ status: 503, headers: { 'retry-after': '0' } }];
    const c = client();
    const event = liked(1);
    delete event.idempotencyKey;
    const result = await c.send(event);
    const singles = server.requests.filter((r) => r.url === '/v1/events');
    expect(singles).toHaveLength(2);
    expect(singles[0]!.body.idempotencyKey).toMatch(UUID);
    expect(singles[1]!.body.idempotencyKey).toBe(singles[0]!.body.idempotencyKey);
    expect(result.id).toBe(`id-${singles[0]!.body.idempotencyKey}`);
  });

  it('rejects a refused event with QuestlineHttpError carrying the problem, without retrying', async () => {
    server.script['single'] = [{ status: 422, body: problem(422, 'schema_validation_failed', 'bad', [{ pointer: '/payload/x', detail: 'required' }]) }];
    const err = (await rejection(client().send(liked(1)))) as QuestlineHttpError;
    expect(err).toBeInstanceOf(QuestlineHttpError);
    expect(err.status).toBe(422);
    expect(err.problem.errors).toEqual([{ pointer: '/payload/x', detail: 'required' }]);
    expect(server.requests).toHaveLength(1);
  });

  it('a wrong API key is a 401, not retried', async () => {
    const c = new QuestlineClient({ baseUrl: `${server.baseUrl}/`, apiKey: 'nope' });
    clients.push(c);
    const err = (await rejection(c.send(liked(1)))) as QuestlineHttpError;
    expect(err.status).toBe(401);
    expect(err.problem.code).toBe('invalid_api_key');
    expect(server.requests).toHaveLength(1);
  });

  it('reads an event status', async () => {
    await expect(client().getEvent('evt-1')).resolves.toMatchObject({ id: 'evt-1', status: 'processed' });
  });
});

describe('retry helpers', () => {
  it('full jitter stays under the exponential cap', () => {
    const opts = { retries: 5, baseDelayMs: 200, maxDelayMs: 30_000 };
    expect(backoffDelay(0, opts, () => 0.999)).toBeLessThan(200);
    expect(backoffDelay(3, opts, () => 0.999)).toBeLessThan(1600);
    expect(backoffDelay(20, opts, () => 0.999)).toBeLessThan(30_000);
    expect(backoffDelay(3, opts, () => 0)).toBe(0);
  });

  it('parses Retry-After seconds and HTTP dates', () => {
    const now = Date.parse('2026-11-24T10:00:00Z');
    expect(parseRetryAfter('2', now)).toBe(2000);
    expect(parseRetryAfter('Tue, 24 Nov 2026 10:00:05 GMT', now)).toBe(5000);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});
