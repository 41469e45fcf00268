import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { answerAccepted, api, eventually, infraEnv, spawnApp, TestTenants, TEST_ROOT_KEY, uniqueId, type SpawnedService } from '@questline/testing';

jest.setTimeout(180_000);

const ROOT = resolve(__dirname, '../..');
const GUIDE = join(ROOT, 'docs/operations.md');

/** The guide's ```bash blocks marked `<!-- test: runbook -->`, in order. */
function runbookBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/<!-- test: runbook -->\s*\n```bash\n([\s\S]*?)```/g)].map((m) => m[1]!);
}

/**
 * docs/operations.md's runbook commands, run as written (curl and jq, as an operator would) against
 * a platform on the real Kafka, Postgres and Redis that has seen traffic and a poison message: each
 * block must succeed, and what it prints must be what the guide says it shows.
 */
describe('docs/operations.md, the runbook commands run as written', () => {
  const tenants = new TestTenants();
  const tek = tenants.newTenant('tektree');
  const ns = `${uniqueId('ops')}.`;
  let app: SpawnedService;
  beforeAll(async () => {
    app = await spawnApp('standalone', { ...infraEnv(), PACKS_DIR: tenants.packsDir, QUESTLINE_NAMESPACE: ns }, 120_000);
  });
  afterAll(async () => {
    await app?.stop();
  });

  it('every tested block succeeds and shows what the guide says', async () => {
    const http = api(app.url, tek);
    const events = Array.from({ length: 6 }, (_, i) => answerAccepted({ author: `ops-${i % 3}` }));
    expect((await http.post('/v1/events/batch', { events })).status).toBe(202);
    // A poison message on the inbound topic: the runbook's dead-letter commands have one to show.
    const kafka = new Kafka({ clientId: 'ops-guide', brokers: infraEnv().KAFKA_BROKERS.split(','), logLevel: logLevel.NOTHING });
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic: `${ns}questline.inbound.v1`, messages: [{ key: 'ops', value: JSON.stringify({ ...answerAccepted(), payload: { question_id: 1 } }), headers: { 'questline-tenant': tek } }] });
    await producer.disconnect();
    await eventually(() => http.get('/v1/admin/dlq?status=pending'), (r) => (r.body?.items?.length ?? 0) >= 1, { what: 'the poison message dead-lettered', timeoutMs: 60_000 });
    await eventually(() => http.get('/v1/leaderboards/xp'), (r) => r.body?.total === 3, { what: 'the events on the board' });

    // The lag series comes from the broker at each scrape: wait until one scrape has it (under
    // load the broker's admin answers can miss one scrape; the guide's block is one scrape).
    const lagSeries = /^questline_consumer_lag_messages\{group="questline\.points",topic="questline\.event\.scored\.v1"[^}]*\} \d+$/m;
    await eventually(async () => (await fetch(`${app.url}/metrics`)).text(), (text) => lagSeries.test(text), { what: "the points group's lag on the metrics page", timeoutMs: 60_000 });

    const blocks = runbookBlocks(readFileSync(GUIDE, 'utf8'));
    expect(blocks.length).toBeGreaterThanOrEqual(6);
    const outputs: string[] = [];
    for (const [i, code] of blocks.entries()) {
      const run = spawnSync('bash', ['-c', `set -euo pipefail\n${code}`], {
        cwd: ROOT,
        env: { PATH: process.env.PATH, HOME: process.env.HOME, QUESTLINE_URL: app.url, ROOT_KEY: TEST_ROOT_KEY, TENANT: tek },
        encoding: 'utf8',
        timeout: 60_000,
      });
      expect({ block: i, status: run.status, stderr: run.stderr }).toEqual({ block: i, status: 0, stderr: '' });
      outputs.push(run.stdout);
    }
    const all = outputs.join('\n');
    expect(JSON.parse(outputs[0]!)).toMatchObject({ status: 'ready', checks: { database: true, messaging: true, rankStore: true, consumers: true } });
    expect(outputs[1]).toMatch(lagSeries);
    expect(all).toMatch(/"drift": \[\]/);
    expect(all).toMatch(/"class": "VALIDATION"/);
    expect(all).toMatch(/"stalled": \[\]/);
    // The skip example on a healthy platform: refused, nothing kept.
    expect(all).toMatch(/"accepted": false,\s*"stalledHere": false/);
  });
});
