import { api, infraEnv, spawnApp, TestTenants, uniqueId, type SpawnedService } from '@questline/testing';
import { runAnswerAcceptedFlow } from './flow';

jest.setTimeout(180_000);

/** The five services as five processes, talking over the real Kafka, Postgres and Redis. */
describe('five services as separate processes (real Kafka, Postgres, Redis)', () => {
  const tenants = new TestTenants();
  const tenant = tenants.newTenant('tektree');
  const services: Record<string, SpawnedService> = {};

  beforeAll(async () => {
    const env = { ...infraEnv(), PACKS_DIR: tenants.packsDir, QUESTLINE_NAMESPACE: `${uniqueId('e2e')}.` };
    const started = await Promise.all(
      ['ingest', 'rules-engine', 'points', 'achievements', 'notifications'].map((app) => spawnApp(app, env, 120_000)),
    );
    for (const s of started) services[s.name] = s;
  });

  afterAll(async () => {
    const graceful = await Promise.all(Object.values(services).map((s) => s.stop()));
    expect(graceful).toEqual(Object.values(services).map(() => true));
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
});
