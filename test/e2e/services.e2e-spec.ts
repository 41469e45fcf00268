import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { QuestlineClient } from '@questline/sdk';
import { answerAccepted, api, createApiKey, eventually, infraEnv, spawnApp, SseClient, TestTenants, uniqueId, type SpawnedService } from '@questline/testing';
import { createServer as createHttpServer } from 'node:http';
import { Webhook } from 'standardwebhooks';
import WebSocket from 'ws';
import { runAnswerAcceptedFlow } from './flow';

const ROOT = resolve(__dirname, '../..');
const freePort = () =>
  new Promise<number>((ok, fail) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => ok(port));
    });
    server.on('error', fail);
  });

jest.setTimeout(180_000);

/** The five services as five processes, talking over the real Kafka, Postgres and Redis. */
describe('five services as separate processes (real Kafka, Postgres, Redis)', () => {
  const tenants = new TestTenants();
  const tenant = tenants.newTenant('tektree');
  const gatewayTenant = tenants.newTenant('tektree');
  const services: Record<string, SpawnedService> = {};
  // A second notifications instance: a stream on either gets every update (fan-out through Redis).
  let notifications2: SpawnedService;
  // The gateway (infra/gateway.sh: nginx) in front of the five, on a port of its own.
  const gatewayEnv: Record<string, string> = { QL_GATEWAY_DIR: mkdtempSync(join(tmpdir(), 'questline-gateway-')) };
  let gateway = '';

  beforeAll(async () => {
    // TRUST_PROXY: the services see the client's address through the gateway's X-Forwarded-For.
    const env = { ...infraEnv(), PACKS_DIR: tenants.packsDir, QUESTLINE_NAMESPACE: `${uniqueId('e2e')}.`, TRUST_PROXY: 'loopback', WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true', WEBHOOK_POLL_INTERVAL_MS: '50' };
    const [second, ...started] = await Promise.all(
      ['notifications', 'ingest', 'rules-engine', 'points', 'achievements', 'notifications'].map((app) => spawnApp(app, env, 120_000)),
    );
    notifications2 = second!;
    for (const s of started) services[s.name] = s;
    const port = await freePort();
    for (const s of started) gatewayEnv[`QL_${s.name.toUpperCase().replace(/-/g, '_')}_ADDR`] = new URL(s.url).host;
    gatewayEnv['QL_GATEWAY_PORT'] = String(port);
    execFileSync('bash', [join(ROOT, 'infra/gateway.sh'), 'up'], { env: { ...process.env, ...gatewayEnv }, stdio: ['ignore', 'ignore', 'pipe'] });
    gateway = `http://127.0.0.1:${port}`;
  });

  afterAll(async () => {
    execFileSync('bash', [join(ROOT, 'infra/gateway.sh'), 'down'], { env: { ...process.env, ...gatewayEnv }, stdio: 'ignore' });
    const graceful = await Promise.all([...Object.values(services), notifications2].map((s) => s.stop()));
    expect(graceful).toEqual([...Object.values(services), notifications2].map(() => true));
  });

  it('each service reports ready', async () => {
    for (const s of Object.values(services)) {
      const ready = await api(s.url, tenant).get('/health/ready');
      expect({ service: s.name, status: ready.status, body: ready.body }).toEqual({
        service: s.name,
        status: 200,
        body: { status: 'ready', checks: { database: true, messaging: true, rankStore: true, consumers: true } },
      });
    }
  });

  it('turns an accepted answer into XP, a leaderboard rank, a badge and notifications', async () => {
    await runAnswerAcceptedFlow(
      {
        ingest: services['ingest']!.url,
        points: services['points']!.url,
        achievements: services['achievements']!.url,
        notifications: services['notifications']!.url,
      },
      tenant,
    );
  });

  it('refuses bad input at the edge with problem+json', async () => {
    const ingest = api(services['ingest']!.url, tenant);
    const unknownType = await ingest.post('/v1/events', { type: 'knowledge.nope', userId: 'u', idempotencyKey: 'key-12345', occurredAt: new Date().toISOString(), payload: {} });
    expect(unknownType.status).toBe(422);
    expect(unknownType.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(unknownType.body).toMatchObject({ code: 'unknown_event_type', status: 422, errors: [{ pointer: '/type' }] });

    const unknownTenant = await api(services['ingest']!.url, 'no-such-tenant').post('/v1/events', { type: 'knowledge.answer.accepted', userId: 'u', idempotencyKey: 'key-12345', occurredAt: new Date().toISOString(), payload: {} });
    expect(unknownTenant.status).toBe(404);
    expect(unknownTenant.body.code).toBe('unknown_tenant');

    const unknownBoard = await api(services['points']!.url, tenant).get('/v1/leaderboards/nope');
    expect(unknownBoard.status).toBe(404);
    expect(unknownBoard.body.code).toBe('unknown_leaderboard');
  });

  it('streams: a client on either notifications instance, or through the gateway, gets every notification once and in order; a live board through the gateway', async () => {
    const backend = await createApiKey(gateway, tenant, ['events:write']);
    const user = uniqueId('live');
    const minted = await api(gateway, tenant, { key: backend.key }).post(`/v1/users/${user}/tokens`, {});
    const token = encodeURIComponent(minted.body.token as string);
    const path = `/v1/users/${user}/stream?access_token=${token}`;
    const clients = await Promise.all([services['notifications']!.url, notifications2.url, gateway].map((base) => SseClient.connect(`${base}${path}`)));
    expect(clients.map((c) => c.status)).toEqual([200, 200, 200]);
    await Promise.all(clients.map((c) => c.waitFor((e) => e.some((x) => x.event === 'ready'), 15_000, 'ready')));
    const board = await SseClient.connect(`${gateway}/v1/leaderboards/xp/stream?top=5&access_token=${token}`);
    expect(board.status).toBe(200);
    // And a WebSocket through the gateway (nginx passes the upgrade).
    const frames: { event: string; id?: string; data: { id: string } }[] = [];
    const ws = new WebSocket(`${gateway.replace(/^http/, 'ws')}${path}`);
    ws.on('message', (m) => frames.push(JSON.parse(String(m))));
    await new Promise((ok, fail) => ws.once('open', ok).once('error', fail));
    // Five events, one at a time: the notifications consumers of both instances share the partitions.
    for (let i = 0; i < 5; i++) expect((await api(gateway, tenant, { key: backend.key }).post('/v1/events', answerAccepted({ author: user }))).status).toBe(202);
    const feed = await eventually(() => api(gateway, tenant).get(`/v1/users/${user}/notifications?limit=100`), (r) => r.body?.notifications?.filter((n: { kind: string }) => n.kind === 'points.awarded').length === 5, { what: 'five awards in the feed' });
    const ids = (feed.body.notifications as { id: string }[]).map((n) => n.id).sort();
    for (const c of clients) {
      await c.waitFor((e) => e.filter((x) => x.event === 'notification').length >= ids.length, 20_000, 'every notification on this stream');
      const got = c.of('notification');
      expect(got.map((e) => Number(e.id))).toEqual(got.map((_, i) => i + 1));
      expect(got.map((e) => e.data.id)).toEqual(expect.arrayContaining(ids));
      expect(new Set(got.map((e) => e.data.id)).size).toBe(got.length);
    }
    await board.waitFor((e) => e.some((x) => x.event === 'leaderboard.updated' && x.data.you?.score === 250), 20_000, 'the board showing 250');
    await eventually(async () => frames.filter((f) => f.event === 'notification'), (f) => f.length >= ids.length, { what: 'every notification on the socket' });
    expect(frames.filter((f) => f.event === 'notification').map((f) => f.data.id)).toEqual(clients[2]!.of('notification').map((e) => e.data.id).slice(0, frames.filter((f) => f.event === 'notification').length));
    ws.close();
    await Promise.all([...clients, board].map((c) => c.close()));
  });

  it('webhooks with two notifications instances: every delivery posted, each webhook-id accepted once', async () => {
    const seen: string[] = [];
    let secret = '';
    const receiver = createHttpServer((req, res) => {
      let raw = '';
      req.on('data', (c: Buffer) => (raw += c));
      req.on('end', () => {
        try {
          new Webhook(secret).verify(raw, req.headers as Record<string, string>);
          seen.push(String(req.headers['webhook-id']));
          res.writeHead(204).end();
        } catch {
          res.writeHead(400).end();
        }
      });
    });
    await new Promise<void>((ok) => receiver.listen(0, '127.0.0.1', ok));
    const created = await api(gateway, tenant).post('/v1/admin/webhooks', { url: `http://127.0.0.1:${(receiver.address() as { port: number }).port}/`, kinds: ['points.awarded'] });
    expect(created.status).toBe(201);
    secret = created.body.secret;
    const backend = await createApiKey(gateway, tenant, ['events:write']);
    const users = Array.from({ length: 20 }, () => uniqueId('wh'));
    expect((await api(gateway, tenant, { key: backend.key }).post('/v1/events/batch', { events: users.map((u) => answerAccepted({ author: u })) })).status).toBe(202);
    await eventually(async () => seen.length, (n) => n >= 20, { what: 'twenty deliveries', timeoutMs: 30_000 });
    await new Promise((r) => setTimeout(r, 500));
    expect(seen.length).toBe(20);
    expect(new Set(seen).size).toBe(20);
    await api(gateway, tenant).delete(`/v1/admin/webhooks/${created.body.id}`);
    await new Promise((ok) => receiver.close(ok));
  });

  describe('one base URL: the gateway (nginx, infra/gateway.sh)', () => {
    it('routes every documented operation to a service that serves it', async () => {
      const doc = JSON.parse(readFileSync(join(ROOT, 'docs/openapi.json'), 'utf8')) as { paths: Record<string, Record<string, { security?: unknown[] }>> };
      const misrouted: string[] = [];
      let checked = 0;
      for (const [path, item] of Object.entries(doc.paths)) {
        for (const [method, op] of Object.entries(item)) {
          const url = `${gateway}${path.replace(/\{[^}]+\}/g, 'x')}`;
          const res = await fetch(url, { method: method.toUpperCase(), ...(method === 'get' || method === 'delete' ? {} : { headers: { 'content-type': 'application/json' }, body: '{}' }) });
          const isPublic = Array.isArray(op.security) && op.security.length === 0;
          // No key: a secured route answers 401 from the service's guard (429 once this address is over its
          // failed-authentication budget); a wrong service would answer 404 route_not_found.
          const expected = isPublic ? [200] : [401, 429];
          if (!expected.includes(res.status)) misrouted.push(`${method.toUpperCase()} ${path} → ${res.status} ${(await res.text()).slice(0, 120)}`);
          checked++;
        }
      }
      expect(misrouted).toEqual([]);
      expect(checked).toBeGreaterThan(40);
    });

    it('carries the walkthrough through one URL: a key, an event, its XP, badge and notifications, a spend', async () => {
      await runAnswerAcceptedFlow({ ingest: gateway, points: gateway, achievements: gateway, notifications: gateway }, gatewayTenant);
      // The SDK against the gateway, with a key minted through it.
      const { key } = await createApiKey(gateway, gatewayTenant, ['events:write', 'read']);
      const questline = new QuestlineClient({ baseUrl: gateway, apiKey: key });
      const author = uniqueId('gw');
      const sent = await questline.send(answerAccepted({ author }));
      await eventually(() => questline.getEvent(sent.id), (e) => e.status === 'processed', { what: 'processed through the gateway' });
      const spend = await questline.api.POST('/v1/users/{userId}/spend', {
        params: { path: { userId: author }, header: { 'Idempotency-Key': uniqueId('spend') } },
        body: { currency: 'xp', amount: 10, reason: 'gateway' },
      });
      expect(spend.response.status).toBe(201);
      expect(spend.data?.balance.spendable).toBe(40);
    });

    it('a tenant with its own envelope and event types, pushed at run time through the gateway, is served by every process', async () => {
      const tenantId = uniqueId('bundle');
      const ns = tenantId.replace(/[^a-z0-9]/g, '');
      const registry = {
        [`dialects/${ns}.yaml`]: `id: ${ns}\ndescription: test envelope\ndetect: [msg_id, kind, actor]\nenvelope: { type: object, required: [msg_id, kind, sent_at, actor, body] }\nmap: { id: msg_id, type: kind, userId: actor.id, occurredAt: sent_at, payload: body }\n`,
        [`${ns}/namespace.yaml`]: 'title: Bundle test\nnaming: dotted\n',
        [`${ns}/lesson.completed/v1.schema.json`]: JSON.stringify({
          'x-questline': { status: 'active', description: 'A lesson.', producer: 'lessons', consumers: [], classification: 'primary', retention: 'standard', pii: [] },
          type: 'object',
          required: ['lesson_id'],
          properties: { lesson_id: { type: 'string' } },
        }),
      };
      const source = `tenant: ${tenantId}\nversion: 1\nname: Bundle\nschemaNamespace: ${ns}\ningest: { dialects: [${ns}] }\ncurrencies: [{ id: xp }]\nrules: [{ id: lesson, on: lesson.completed, award: { currency: xp, amount: 7 } }]\nleaderboards: [{ id: xp, currency: xp }]\n`;
      const admin = api(gateway, tenantId);
      // A bundle that claims a shipped namespace is refused with the clash named; nothing is stored.
      const clash = await admin.post('/v1/admin/packs', { source, registry: { ...registry, 'tektree/namespace.yaml': 'title: Mine\nnaming: dotted\n' } });
      expect(clash).toMatchObject({ status: 422, body: { code: 'invalid_registry_bundle', errors: [{ pointer: '/registry', detail: expect.stringContaining('namespace "tektree" is defined in both') }] } });
      expect(await admin.post('/v1/admin/packs', { source, registry })).toMatchObject({ status: 201, body: { version: 1, registryFiles: 3 } });
      expect(await admin.post('/v1/admin/packs/1/activate')).toMatchObject({ status: 200 });
      // ingest is another process: it learns the tenant, dialect and schema from the database within its poll.
      const { key } = await eventually(() => createApiKey(gateway, tenantId, ['events:write', 'read']), () => true, { what: 'a key for the new tenant', timeoutMs: 15_000, intervalMs: 500 });
      const event = { msg_id: uniqueId('m'), kind: 'lesson.completed', sent_at: new Date().toISOString(), actor: { id: 'maya' }, body: { lesson_id: 'l-1' } };
      const accepted = await eventually(() => api(gateway, tenantId, { key }).post('/v1/events', event), (r) => r.status === 202, { what: 'ingest accepting the new envelope', timeoutMs: 15_000, intervalMs: 500 });
      await eventually(() => api(gateway, tenantId, { key }).get(`/v1/events/${accepted.body.id}`), (r) => r.body?.status === 'processed', { what: 'processed by the rules engine and points' });
      expect((await api(gateway, tenantId, { key }).get('/v1/users/maya/profile')).body.balances.xp.lifetime).toBe(7);
      const wrong = await api(gateway, tenantId, { key }).post('/v1/events', { ...event, msg_id: uniqueId('m'), body: {} });
      expect(wrong).toMatchObject({ status: 422, body: { code: 'schema_validation_failed' } });
      // Version 2 may not change published v1 incompatibly (a new required field): 422, pointing at the file.
      const v1 = `${ns}/lesson.completed/v1.schema.json`;
      const breaking = { ...registry, [v1]: JSON.stringify({ ...JSON.parse(registry[v1]!), required: ['lesson_id', 'score'] }) };
      const refused = await admin.post('/v1/admin/packs', { source: source.replace('version: 1', 'version: 2'), registry: breaking });
      expect(refused).toMatchObject({ status: 422, body: { code: 'invalid_registry_bundle', errors: [{ pointer: `/registry/${v1.replace(/\//g, '~1')}`, detail: expect.stringContaining('breaking change to a published version') }] } });
    });

    it('answers its own errors as problem+json and reaches each service directly under /services/<name>', async () => {
      const unknown = await fetch(`${gateway}/v2/nothing`);
      expect(unknown.status).toBe(404);
      expect(unknown.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(await unknown.json()).toMatchObject({ status: 404, code: 'route_not_found' });
      for (const name of Object.keys(services)) {
        const ready = await fetch(`${gateway}/services/${name}/health/ready`);
        expect({ name, status: ready.status }).toEqual({ name, status: 200 });
      }
      const stalled = await api(gateway, gatewayTenant).get('/services/points/v1/admin/consumers/stalled');
      expect(stalled.status).toBe(200);
      const demo = await fetch(`${gateway}/demo/leaderboard`);
      expect([demo.status, demo.headers.get('content-type')]).toEqual([200, 'text/html; charset=utf-8']);
      const document = await fetch(`${gateway}/openapi.json`);
      expect(document.status).toBe(200);
      expect(Object.keys(((await document.json()) as { paths: object }).paths).length).toBeGreaterThan(30);
    });
  });
});
