import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { SHARED_INBOUND_TOPIC } from '@questline/contracts';
import { createApiKey, infraEnv, spawnApp, TestTenants, uniqueId, type SpawnedService } from '@questline/testing';

jest.setTimeout(300_000);

const ROOT = resolve(__dirname, '../..');
const run = (cmd: string, args: string[], cwd: string, env: Record<string, string> = {}) =>
  execFileSync(cmd, args, { cwd, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });

/**
 * The SDK as an outside project gets it: built (JavaScript + declarations), packed with `npm pack`,
 * installed from the tarball into a scratch project outside the repository, compiled there with
 * strict TypeScript against the package's own declarations, and run against a live platform on
 * the real Kafka, Postgres and Redis.
 */
describe('@questline/sdk as a package (npm pack → scratch project → live platform)', () => {
  const tenants = new TestTenants();
  const tenant = tenants.newTenant('tektree');
  const namespace = `${uniqueId('sdk')}.`;
  let app: SpawnedService;
  let scratch: string;

  beforeAll(async () => {
    const [started] = await Promise.all([
      spawnApp('standalone', { ...infraEnv(), PACKS_DIR: tenants.packsDir, QUESTLINE_NAMESPACE: namespace }, 120_000),
      (async () => {
        scratch = mkdtempSync(join(tmpdir(), 'questline-sdk-scratch-'));
        // The build script run as a user runs it: `npm run sdk:build -- --pack <dir>` prints the tarball last.
        const tarball = run('npm', ['run', '--silent', 'sdk:build', '--', '--pack', join(scratch, 'tarballs')], ROOT).trim().split('\n').pop()!;
        const kafkajs = (JSON.parse(readFileSync(join(ROOT, 'node_modules/kafkajs/package.json'), 'utf8')) as { version: string }).version;
        writeFileSync(join(scratch, 'package.json'), JSON.stringify({ name: 'sdk-scratch', private: true, type: 'module' }));
        // Everything comes from the npm cache that `npm ci` filled, or the registry.
        run('npm', ['install', tarball, `kafkajs@${kafkajs}`, '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], scratch);
        mkdirSync(join(scratch, 'src'));
        copyFileSync(join(ROOT, 'tools/sdk/smoke/smoke.ts'), join(scratch, 'src/smoke.ts'));
        writeFileSync(
          join(scratch, 'tsconfig.json'),
          JSON.stringify({ compilerOptions: { strict: true, module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', outDir: 'out', skipLibCheck: false, types: ['node'], typeRoots: [join(ROOT, 'node_modules/@types')] }, include: ['src'] }),
        );
      })(),
    ]);
    app = started;
  });
  afterAll(async () => {
    if (app) expect(await app.stop()).toBe(true);
  });

  it('is plain JavaScript with declarations: require() and import() both load it outside the repo', () => {
    const cjs = run('node', ['-e', "const s = require('@questline/sdk'); const k = require('@questline/sdk/kafka'); console.log(typeof s.QuestlineClient, typeof s.createQuestlineApi, typeof k.QuestlineKafkaProducer, k.SHARED_INBOUND_TOPIC)"], scratch);
    expect(cjs.trim()).toBe(`function function function ${SHARED_INBOUND_TOPIC}`);
    const esm = run('node', ['--input-type=module', '-e', "import { QuestlineClient } from '@questline/sdk'; import { loadRegistry } from '@questline/sdk/kafka'; console.log(typeof QuestlineClient, typeof loadRegistry)"], scratch);
    expect(esm.trim()).toBe('function function');
  });

  it('compiles a strict TypeScript project against the packed declarations, and sends, reads, spends and publishes to Kafka', async () => {
    // tsc fails on a type error and on an unused @ts-expect-error: the generated types are real.
    run(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', scratch], scratch);
    const { key } = await createApiKey(app.url, tenant, ['events:write', 'read']);
    const out = run(process.execPath, ['out/smoke.js'], scratch, {
      QUESTLINE_URL: app.url,
      QUESTLINE_API_KEY: key,
      QUESTLINE_TENANT: tenant,
      KAFKA_BROKERS: infraEnv().KAFKA_BROKERS,
      KAFKA_TOPIC: `${namespace}${SHARED_INBOUND_TOPIC}`,
      EVENT_SCHEMAS: join(ROOT, 'event-schemas'),
    });
    const seen = JSON.parse(out.trim().split('\n').pop()!);
    expect(seen).toMatchObject({
      sent: { status: 'queued', duplicate: false },
      tracked: 2,
      // The batch answered /events/2/payload/question_id; the SDK points into the event itself.
      rejected: { code: 'schema_validation_failed', pointers: ['/payload/question_id'] },
      lifetime: 70,
      rank: expect.any(Number),
      spend: { status: 201, replayed: false, spendable: 50 },
      again: { status: 200, replayed: true },
      overdraft: { status: 409, code: 'insufficient_balance' },
      viaKafka: { status: 'processed' },
      kafkaRefused: '/0/payload/question_id',
      lifetimeAfterKafka: 80,
    });
  });
});
