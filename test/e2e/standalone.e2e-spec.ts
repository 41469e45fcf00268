import { infraEnv, spawnApp, TestTenants, uniqueId, type SpawnedService } from '@questline/testing';
import { runAnswerAcceptedFlow } from './flow';

jest.setTimeout(180_000);

const flowOn = (s: SpawnedService, tenant: string) =>
  runAnswerAcceptedFlow({ ingest: s.url, points: s.url, achievements: s.url, notifications: s.url }, tenant);

describe('standalone mode (npm start): one process, one port', () => {
  it('runs the flow on the embedded defaults: in-process bus, PGlite, in-memory ranks', async () => {
    const tenants = new TestTenants();
    const tenant = tenants.newTenant('tektree');
    // No KAFKA_BROKERS / DATABASE_URL / REDIS_URL: everything embedded.
    const env: Record<string, string> = { PACKS_DIR: tenants.packsDir, QUESTLINE_DATA_DIR: 'memory', KAFKA_BROKERS: '', DATABASE_URL: '', REDIS_URL: '' };
    const app = await spawnApp('standalone', env, 120_000);
    try {
      expect(app.output()).toContain('in-process bus, embedded postgres (PGlite), in-memory ranks');
      // The test's own packs (no demo tenant): the banner prints how to mint a key for them, not the demo's curls.
      expect(app.output()).toMatch(/curl -s -X POST http:\/\/127\.0\.0\.1:\d+\/v1\/admin\/api-keys/);
      await flowOn(app, tenant);
    } finally {
      expect(await app.stop()).toBe(true);
    }
  });

  it('switches each part to the real one when the three URLs are set', async () => {
    const tenants = new TestTenants();
    const tenant = tenants.newTenant('tektree');
    const app = await spawnApp('standalone', { ...infraEnv(), PACKS_DIR: tenants.packsDir, QUESTLINE_NAMESPACE: `${uniqueId('sa')}.` }, 120_000);
    try {
      expect(app.output()).toContain('kafka 127.0.0.1');
      expect(app.output()).toContain('postgres (DATABASE_URL)');
      expect(app.output()).toContain('redis (REDIS_URL)');
      await flowOn(app, tenant);
    } finally {
      expect(await app.stop()).toBe(true);
    }
  });
});
