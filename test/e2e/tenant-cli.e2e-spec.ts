import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { api, spawnEmbedded, TestTenants, TEST_ROOT_KEY, type SpawnedService } from '@questline/testing';

jest.setTimeout(180_000);

const ROOT = resolve(__dirname, '../..');

/** `npm run -s tenant -- …` (tools/tenant/cli.ts) against a running platform, as an operator runs it. */
describe('the tenant command line', () => {
  const tenants = new TestTenants();
  tenants.newTenant('tektree'); // the platform's own tenant (it keeps the pack's Kafka topics)
  let app: SpawnedService;
  beforeAll(async () => {
    app = await spawnEmbedded(tenants.packsDir);
  });
  afterAll(async () => {
    expect(await app.stop()).toBe(true);
  });

  const cli = (...args: string[]) => {
    const run = spawnSync(process.execPath, ['-r', './tools/register.cjs', 'tools/tenant/cli.ts', ...args], {
      cwd: ROOT,
      env: { ...process.env, QUESTLINE_URL: app.url, QUESTLINE_ROOT_KEY: TEST_ROOT_KEY, NODE_OPTIONS: '' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    return { status: run.status, steps: run.stdout.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>), stderr: run.stderr };
  };

  it('push --activate after a push without it activates the stored version; a changed pack under the same version stays refused; activate takes a stored version', async () => {
    // A second tenant from the same pack, without its Kafka topics (the first tenant has them).
    const own = new TestTenants();
    const tenant = own.newTenant('tektree', (t) => t.replace(/^(\s*kafkaTopics:).*$/m, '$1 []'));
    const packFile = join(own.packsDir, tenant, 'pack.yaml');
    const source = readFileSync(packFile, 'utf8');

    const stored = cli('push', '--pack', packFile);
    expect(stored).toMatchObject({ status: 0, steps: [{ step: 'upload', http: 201, version: 1, status: 'validated' }] });
    const activated = cli('push', '--pack', packFile, '--activate');
    expect(activated).toMatchObject({
      status: 0,
      steps: [
        { step: 'upload', http: 200, version: 1, detail: 'version 1 is already stored with this pack: activating it' },
        { step: 'activate', http: 200, version: 1, status: 'active' },
      ],
    });
    expect((await api(app.url, tenant).get('/v1/admin/packs')).body.items).toEqual([expect.objectContaining({ version: 1, status: 'active' })]);

    // The same version number with other content is still "not newer": nothing activated behind the operator's back.
    writeFileSync(packFile, source.replace('amount: 50', 'amount: 60'));
    const changed = cli('push', '--pack', packFile, '--activate');
    expect(changed).toMatchObject({ status: 1, steps: [{ step: 'upload', http: 422, code: 'pack_version_not_newer' }] });

    // A new version stored, then activated by number.
    writeFileSync(packFile, source.replace(/^version: 1$/m, 'version: 2'));
    expect(cli('push', '--pack', packFile)).toMatchObject({ status: 0, steps: [{ step: 'upload', http: 201, version: 2 }] });
    expect(cli('activate', tenant, '2')).toMatchObject({ status: 0, steps: [{ step: 'activate', http: 200, version: 2, status: 'active' }] });
    expect(cli('activate', tenant, 'two')).toMatchObject({ status: 1 });
  });
});
