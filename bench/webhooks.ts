/**
 * `npm run bench:webhooks`: outbound webhook delivery on the real Postgres of infra/up.sh. WEBHOOK_
 * DELIVERIES (5,000) deliveries are queued for one endpoint (a local receiver in a process of its
 * own that reads each body and answers 204), then the notifications service's delivery job (claim
 * with SKIP LOCKED, sign per Standard Webhooks, POST with Node's http, record each attempt) delivers
 * them WEBHOOK_CONCURRENCY (16) at a time. Raw baseline in the same run: a bare Node http client
 * posting the same bodies to the same receiver at the same concurrency (no database, no signing).
 * Median of BENCH_REPEATS, and the ratio.
 */
import { spawn } from 'node:child_process';
import { request, Agent } from 'node:http';
import { performance } from 'node:perf_hooks';
import { DeliverWebhooksJob, enqueueWebhookDeliveries, HttpWebhookSender, newSecret, PgWebhookRepository } from '@questline/notifications/testing';
import { applyMigrations, createDatabase } from '@questline/persistence';
import { loadConfig, type Logger } from '@questline/platform';
import type { PackCatalog } from '@questline/rules';
import { infraEnv } from '@questline/testing';
import { median, round } from './lib/stats';

const DELIVERIES = Number(process.env['WEBHOOK_DELIVERIES'] ?? 5_000);
const CONCURRENCY = Number(process.env['WEBHOOK_CONCURRENCY'] ?? 16);
const REPEATS = Number(process.env['BENCH_REPEATS'] ?? 3);

const RECEIVER = `
const http = require('node:http');
let n = 0;
http.createServer((req, res) => { req.resume(); req.on('end', () => { n++; res.writeHead(204).end(); }); })
  .listen(0, '127.0.0.1', function () { process.stdout.write('port ' + this.address().port + '\\n'); });
`;

const body = (i: number) => JSON.stringify({ type: 'points.awarded', timestamp: new Date().toISOString(), data: { amount: 50, currency: 'xp', eventId: `e${i}`, userId: `u${i % 500}`, notificationId: String(i), title: '+50 xp' } });

async function bareClient(url: string, n: number): Promise<number> {
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  let next = 0;
  const t0 = performance.now();
  const worker = async () => {
    while (next < n) {
      const payload = body(next++);
      await new Promise<void>((ok, fail) => {
        const req = request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(payload)) } }, (res) => {
          res.resume();
          res.on('end', ok);
        });
        req.on('error', fail);
        req.end(payload);
      });
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  agent.destroy();
  return n / ((performance.now() - t0) / 1000);
}

async function main() {
  const url = infraEnv().DATABASE_URL;
  await applyMigrations(url);
  const { pool, prisma } = createDatabase({ url, poolMax: 8 });
  const child = spawn(process.execPath, ['-e', RECEIVER], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((ok) => child.stdout.once('data', (d: Buffer) => ok(Number(/port (\d+)/.exec(String(d))![1]))));
  const target = `http://127.0.0.1:${port}/hooks`;
  const config = loadConfig('notifications', 'standalone', { WEBHOOK_CONCURRENCY: String(CONCURRENCY), WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true', QUESTLINE_DATA_DIR: 'memory' });
  const silent = { warn: () => undefined, debug: () => undefined, info: () => undefined } as unknown as Logger;
  const ours: number[] = [];
  const bare: number[] = [];
  try {
    for (let r = 0; r < REPEATS; r++) {
      const tenantId = `bench-wh-${process.pid}-${r}`;
      const endpointId = `wh_bench_${process.pid}_${r}`;
      await pool.query(`INSERT INTO webhook_endpoint (id, tenant_id, url, kinds, secrets) VALUES ($1, $2, $3, $4, $5)`, [endpointId, tenantId, target, ['*'], JSON.stringify([newSecret()])]);
      for (let i = 0; i < DELIVERIES; i += 1_000) {
        await enqueueWebhookDeliveries(
          pool,
          Array.from({ length: Math.min(1_000, DELIVERIES - i) }, (_, j) => ({ tenantId, messageId: `msg_${i + j}`, kind: 'points.awarded', payload: JSON.parse(body(i + j)) as Record<string, unknown> })),
        );
      }
      const packs: PackCatalog = { get: () => undefined, tenants: () => [tenantId] };
      const job = new DeliverWebhooksJob(new PgWebhookRepository(pool), new HttpWebhookSender(config.WEBHOOK_TIMEOUT_MS, true), { record: async () => undefined }, packs, config, silent);
      const t0 = performance.now();
      const attempts = await job.runOnce();
      const seconds = (performance.now() - t0) / 1000;
      const { rows } = await pool.query<{ n: string }>(`SELECT count(*) AS n FROM webhook_delivery WHERE endpoint_id = $1 AND status = 'succeeded'`, [endpointId]);
      if (Number(rows[0]!.n) !== DELIVERIES || attempts !== DELIVERIES) throw new Error(`delivered ${rows[0]!.n} in ${attempts} attempts, expected ${DELIVERIES}`);
      ours.push(DELIVERIES / seconds);
      bare.push(await bareClient(target, DELIVERIES));
      await pool.query(`DELETE FROM webhook_attempt WHERE delivery_id IN (SELECT id FROM webhook_delivery WHERE endpoint_id = $1)`, [endpointId]);
      await pool.query(`DELETE FROM webhook_delivery WHERE endpoint_id = $1`, [endpointId]);
      await pool.query(`DELETE FROM webhook_endpoint WHERE id = $1`, [endpointId]);
    }
  } finally {
    child.kill();
    await prisma.$disconnect();
    await pool.end();
  }
  const result = { deliveries: DELIVERIES, concurrency: CONCURRENCY, repeats: REPEATS, questlinePerSec: round(median(ours)), bareHttpClientPerSec: round(median(bare)), ratio: round(median(ours) / median(bare)) };
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  process.stdout.write(`\nwebhooks: ${result.questlinePerSec} deliveries/s (signed, claimed and logged in Postgres) vs a bare http client ${result.bareHttpClientPerSec} posts/s to the same receiver: ${result.ratio}×\n`);
}

void main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
