import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { Webhook } from 'standardwebhooks';
import { answerAccepted, api, createApiKey, eventually, infraEnv, spawnApp, TestTenants, uniqueId, type SpawnedService } from '@questline/testing';

jest.setTimeout(180_000);

/** A local receiver, as a tenant would write one: verifies each delivery with the specification's own library. */
/** Receivers still listening (closed in afterAll whatever a test did). */
const listening = new Set<Receiver>();

class Receiver {
  /** Every request: its webhook-id, whether its signature verified (with which secrets), and what it answered. */
  readonly seen: { id: string; verified: boolean; verifiedWith: string[]; answered: number; body: any }[] = [];
  mode: 'ok' | 'fail' = 'ok';
  private server?: Server;
  port = 0;

  constructor(public secrets: string[]) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}/hooks`;
  }

  async start(port = 0): Promise<void> {
    this.server = createServer((req, res) => {
      let raw = '';
      req.on('data', (c: Buffer) => (raw += c));
      req.on('end', () => {
        const headers = req.headers as IncomingHttpHeaders & Record<string, string>;
        const verifiedWith = this.secrets.filter((s) => {
          try {
            new Webhook(s).verify(raw, headers);
            return true;
          } catch {
            return false;
          }
        });
        const answered = this.mode === 'ok' && verifiedWith.length > 0 ? 204 : this.mode === 'ok' ? 400 : 503;
        this.seen.push({ id: String(headers['webhook-id']), verified: verifiedWith.length > 0, verifiedWith, answered, body: JSON.parse(raw) });
        res.writeHead(answered, { 'content-type': 'text/plain' }).end(answered === 503 ? 'down for maintenance' : '');
      });
    });
    await new Promise<void>((ok) => this.server!.listen(port, '127.0.0.1', ok));
    this.port = (this.server!.address() as { port: number }).port;
    listening.add(this);
  }

  /** Down: nothing listens on the port (connection refused). */
  async stop(): Promise<void> {
    listening.delete(this);
    this.server?.closeAllConnections();
    await new Promise((ok) => this.server?.close(ok));
  }

  acceptedIds(): string[] {
    return this.seen.filter((s) => s.answered < 300).map((s) => s.id);
  }
}

/** Signed outbound webhooks on the real Kafka, Postgres and Redis, with backoff and disabling shortened through configuration. */
describe('webhooks: Standard Webhooks deliveries, at least once, each accepted once', () => {
  const tenants = new TestTenants();
  const tenant = tenants.newTenant('tektree');
  const env = {
    ...infraEnv(),
    PACKS_DIR: tenants.packsDir,
    QUESTLINE_NAMESPACE: `${uniqueId('wh')}.`,
    WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true', // the receivers are on loopback
    WEBHOOK_POLL_INTERVAL_MS: '100',
    WEBHOOK_RETRY_SCHEDULE_MS: '200,400,800,1000,1000,1000,1000,1000,1000,1000,1000,1000',
    WEBHOOK_DISABLE_AFTER_MS: '3000',
    WEBHOOK_TIMEOUT_MS: '2000',
  };
  let app: SpawnedService;
  let backend: { key: string };
  beforeAll(async () => {
    app = await spawnApp('standalone', env, 120_000);
    backend = await createApiKey(app.url, tenant, ['events:write']);
  });
  afterAll(async () => {
    // Receivers a failed test left running would keep Jest from exiting.
    await Promise.all([...listening].map((r) => r.stop()));
    if (app) expect(await app.stop()).toBe(true);
  });

  const admin = () => api(app.url, tenant);
  const send = async (...events: object[]) => expect((await api(app.url, tenant, { key: backend.key }).post('/v1/events/batch', { events })).status).toBe(202);
  const feedIds = async (user: string, kinds: string[]) =>
    ((await admin().get(`/v1/users/${user}/notifications?limit=100`)).body.notifications as { id: string; kind: string }[]).filter((n) => kinds.includes(n.kind)).map((n) => `msg_${n.id}`);

  it('delivers each notification of the kinds asked for, signed; a receiver down for a while gets every one after it returns, each accepted once', async () => {
    const receiver = new Receiver([]);
    await receiver.start();
    // A kind, and a family of kinds (as notification preferences take them).
    const created = await admin().post('/v1/admin/webhooks', { url: receiver.url, kinds: ['points.awarded', 'achievement.*'], description: 'crm sync' });
    expect(created).toMatchObject({ status: 201, body: { id: expect.stringMatching(/^wh_/), enabled: true, kinds: ['points.awarded', 'achievement.*'], secret: expect.stringMatching(/^whsec_/) } });
    receiver.secrets = [created.body.secret];
    const id = created.body.id as string;
    // The secret is shown once: never in a read.
    expect(JSON.stringify((await admin().get(`/v1/admin/webhooks/${id}`)).body)).not.toContain(created.body.secret);

    const [ann, ben] = [uniqueId('ann'), uniqueId('ben')];
    await send(answerAccepted({ author: ann }), answerAccepted({ author: ben }), answerAccepted({ author: ann }));
    const kinds = ['points.awarded', 'achievement.unlocked', 'achievement.revoked'];
    const expected = async () => [...(await feedIds(ann, kinds)), ...(await feedIds(ben, kinds))].sort();
    await eventually(async () => ({ want: await expected(), got: [...new Set(receiver.acceptedIds())].sort() }), (r) => r.want.length >= 3 && JSON.stringify(r.want) === JSON.stringify(r.got), { what: 'every notification delivered', timeoutMs: 30_000 });
    expect(receiver.seen.every((s) => s.verified)).toBe(true);
    const first = receiver.seen.find((s) => s.body.type === 'points.awarded')!;
    expect(first.body).toMatchObject({ type: 'points.awarded', timestamp: expect.any(String), data: { amount: 50, currency: 'xp', userId: expect.stringMatching(/^(ann|ben)-/), notificationId: first.id.slice(4) } });

    // Down: nothing listens. Events keep coming; deliveries fail and are retried with backoff.
    await receiver.stop();
    await send(answerAccepted({ author: ann }), answerAccepted({ author: ben }));
    await eventually(() => admin().get(`/v1/admin/webhooks/${id}/deliveries?status=pending`), (r) => r.body.items.some((d: { attempts: number }) => d.attempts >= 2), { what: 'retries while down', timeoutMs: 20_000 });
    await new Promise((r) => setTimeout(r, 1500));
    await receiver.start(receiver.port);
    await eventually(async () => ({ want: await expected(), got: [...new Set(receiver.acceptedIds())].sort() }), (r) => r.want.length >= 5 && JSON.stringify(r.want) === JSON.stringify(r.got), { what: 'every notification after the receiver came back', timeoutMs: 30_000 });
    // Each webhook-id accepted once.
    expect(receiver.acceptedIds().length).toBe(new Set(receiver.acceptedIds()).size);

    // The log: every delivery succeeded; a retried one shows its failed attempts (no answer: connection refused) then the success.
    // (a pass records its attempts after its posts: the receiver may have answered a moment before the log says so)
    const log = (await eventually(() => admin().get(`/v1/admin/webhooks/${id}/deliveries?limit=100`), (r) => r.body.items.every((d: { status: string }) => d.status === 'succeeded'), { what: 'every delivery logged as succeeded' })).body;
    const retried = log.items.find((d: { attempts: number }) => d.attempts > 1);
    const detail = (await admin().get(`/v1/admin/webhooks/${id}/deliveries/${retried.id}`)).body;
    expect(detail.attemptLog[0]).toMatchObject({ attempt: 1, statusCode: null, response: expect.stringContaining('ECONNREFUSED') });
    expect(detail.attemptLog[detail.attemptLog.length - 1]).toMatchObject({ statusCode: 204, latencyMs: expect.any(Number) });

    // Manual redelivery: the same webhook-id again.
    const again = await admin().post(`/v1/admin/webhooks/${id}/deliveries/${retried.id}/redeliver`);
    expect(again).toMatchObject({ status: 200, body: { status: 'pending', messageId: retried.messageId } });
    await eventually(async () => receiver.acceptedIds().filter((m) => m === retried.messageId).length, (n) => n === 2, { what: 'the redelivery' });

    // Rotation with overlap: both secrets sign for a while, so a receiver holding either verifies.
    const rotated = await admin().post(`/v1/admin/webhooks/${id}/rotate-secret`, { overlapSeconds: 3600 });
    expect(rotated).toMatchObject({ status: 200, body: { secret: expect.stringMatching(/^whsec_/), secrets: [{ expiresAt: null }, { expiresAt: expect.any(String) }] } });
    receiver.secrets = [created.body.secret, rotated.body.secret];
    const before = receiver.seen.length;
    await send(answerAccepted({ author: ben }));
    await eventually(async () => receiver.seen.slice(before), (s) => s.length > 0, { what: 'a delivery after the rotation' });
    expect(receiver.seen.slice(before).every((s) => s.verifiedWith.length === 2)).toBe(true);
    // A user who turned webhooks off in their preferences: nothing about them is delivered.
    const [dee, eve] = [uniqueId('dee'), uniqueId('eve')];
    expect((await admin().put(`/v1/users/${dee}/notifications/preferences`, { webhook: false })).status).toBe(200);
    await send(answerAccepted({ author: dee }), answerAccepted({ author: eve }));
    await eventually(async () => receiver.seen.filter((s) => s.body.data.userId === eve), (s) => s.length >= 2, { what: "eve's deliveries" });
    await eventually(() => admin().get(`/v1/users/${dee}/notifications`), (r) => r.body.notifications.length >= 2, { what: "dee's feed (in-app stays on)" });
    expect(receiver.seen.filter((s) => s.body.data.userId === dee)).toEqual([]);
    await receiver.stop();
    expect(await admin().delete(`/v1/admin/webhooks/${id}`)).toMatchObject({ status: 200, body: { id, deleted: true } });
    expect((await admin().get(`/v1/admin/webhooks/${id}`)).status).toBe(404);
  });

  it('an endpoint that always fails is disabled and reported to the endpoints that listen for it; re-enabling it restarts its clock', async () => {
    const failing = new Receiver([]);
    failing.mode = 'fail';
    await failing.start();
    const ops = new Receiver([]);
    await ops.start();
    const bad = (await admin().post('/v1/admin/webhooks', { url: failing.url, kinds: ['*'] })).body;
    const alerts = (await admin().post('/v1/admin/webhooks', { url: ops.url, kinds: ['webhook.endpoint.disabled'] })).body;
    failing.secrets = [bad.secret];
    ops.secrets = [alerts.secret];
    await send(answerAccepted({ author: uniqueId('cat') }));
    const disabled = await eventually(() => admin().get(`/v1/admin/webhooks/${bad.id}`), (r) => r.body.enabled === false, { what: 'the failing endpoint disabled', timeoutMs: 30_000 });
    expect(disabled.body).toMatchObject({ enabled: false, disabledReason: expect.stringContaining('every delivery failed'), failingSince: expect.any(String) });
    expect(failing.seen.length).toBeGreaterThan(1);
    expect(failing.seen.every((s) => s.verified && s.answered === 503)).toBe(true);
    const notice = await eventually(async () => ops.seen, (s) => s.some((x) => x.body.data.endpointId === bad.id), { what: 'the disabled notice' });
    expect(notice.find((x) => x.body.data.endpointId === bad.id)!.body).toMatchObject({ type: 'webhook.endpoint.disabled', data: { url: failing.url, reason: expect.any(String) } });
    expect(notice.every((x) => x.verified)).toBe(true);
    // Nothing more is attempted while disabled.
    const attempts = failing.seen.length;
    await new Promise((r) => setTimeout(r, 800));
    expect(failing.seen.length).toBe(attempts);
    // Re-enabled, its pending deliveries resume.
    failing.mode = 'ok';
    expect((await admin().patch(`/v1/admin/webhooks/${bad.id}`, { enabled: true })).body).toMatchObject({ enabled: true, disabledReason: null, failingSince: null });
    await eventually(async () => failing.acceptedIds(), (ids) => ids.length > 0, { what: 'deliveries after re-enabling' });
    await failing.stop();
    await ops.stop();
  });

  it('refuses a bad endpoint with problem+json, and scopes every route to the tenant', async () => {
    const refused = [
      await admin().post('/v1/admin/webhooks', { url: 'ftp://example.com/x', kinds: ['*'] }),
      await admin().post('/v1/admin/webhooks', { url: 'https://user:pw@example.com/x', kinds: ['*'] }),
      await admin().post('/v1/admin/webhooks', { url: 'https://example.com/x', kinds: ['points.stolen'] }),
      await admin().get('/v1/admin/webhooks/wh_nope'),
      await admin().get('/v1/admin/webhooks/wh_nope/deliveries/12'),
    ];
    expect(refused.map((r) => [r.status, r.body.code])).toEqual([
      [422, 'invalid_request'],
      [422, 'invalid_webhook_url'],
      [422, 'invalid_request'],
      [404, 'webhook_not_found'],
      [404, 'delivery_not_found'],
    ]);
    const reader = await createApiKey(app.url, tenant, ['read']);
    expect((await api(app.url, tenant, { key: reader.key }).get('/v1/admin/webhooks')).status).toBe(403);
  });
});
