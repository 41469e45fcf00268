/**
 * `npm run bench:streams`: live push on one process. The five services run as five processes on the
 * real Kafka, Postgres and Redis of infra/up.sh (Redis pub/sub fan-out), and this process opens
 * STREAM_CONNECTIONS (10,000) SSE streams to the notifications service, one user each (user tokens
 * signed with the root-derived key, as the platform's own minting does).
 *  1. Memory per connection: the notifications process's RSS before and after opening them, divided by their number.
 *  2. The award rate: first the pipeline's own capacity in this run (a burst of CAPACITY_EVENTS
 *     events, accepted to last credited), then an open loop at half of it (ten batches a second) to connected users, each
 *     event's notification timed from its commit (the notification's createdAt, the outbox row
 *     that every channel reads) and from the POST, to its arrival on the user's stream.
 * Raw baseline in the same run: a bare Node SSE server (http, no framework) pushing the same
 * payload to the same number of connections: memory per connection and write → receive latency.
 */
import { spawn } from 'node:child_process';
import { request, Agent, type IncomingMessage } from 'node:http';
import { performance } from 'node:perf_hooks';
import { readFileSync } from 'node:fs';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { UserTokens } from '@questline/auth';
import { canonicalEventId } from '@questline/runtime';
import { answerAccepted, api, createApiKey, infraEnv, spawnApps, TestTenants, uniqueId, TEST_ROOT_KEY } from '@questline/testing';
import { openLoop } from './lib/load';
import { round, summarize } from './lib/stats';

const CONNECTIONS = Number(process.env['STREAM_CONNECTIONS'] ?? 10_000);
const CAPACITY_EVENTS = Math.ceil(Number(process.env['CAPACITY_EVENTS'] ?? 2_000) / 200) * 200;
const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 15);

const rssOf = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) * 1024;
const agent = new Agent({ keepAlive: false, maxSockets: Infinity });

/** Opens one SSE stream; calls onEvent(name, data) per event. */
function openStream(url: string, onEvent: (event: string, data: string) => void): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent, headers: { accept: 'text/event-stream' } }, (res) => {
      if (res.statusCode !== 200) return reject(new Error(`stream answered ${res.statusCode}`));
      let buf = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buf += chunk;
        let end: number;
        while ((end = buf.indexOf('\n\n')) >= 0) {
          const block = buf.slice(0, end);
          buf = buf.slice(end + 2);
          let event = 'message';
          let data = '';
          for (const line of block.split('\n')) {
            if (line.startsWith('event: ')) event = line.slice(7);
            else if (line.startsWith('data: ')) data += line.slice(6);
          }
          if (data) onEvent(event, data);
        }
      });
      resolve(res);
    });
    req.on('error', reject);
    req.end();
  });
}

async function openMany(n: number, url: (i: number) => string, onEvent: (i: number, event: string, data: string) => void): Promise<IncomingMessage[]> {
  const out: IncomingMessage[] = [];
  for (let i = 0; i < n; i += 200) out.push(...(await Promise.all(Array.from({ length: Math.min(200, n - i) }, (_, j) => openStream(url(i + j), (e, d) => onEvent(i + j, e, d))))));
  return out;
}

/** The baseline's server: bare Node http, a process of its own; `w <n>` on stdin writes n events round-robin. */
const BARE_SERVER = `
const http = require('node:http');
const clients = [];
const server = http.createServer((req, res) => { res.writeHead(200, { 'content-type': 'text/event-stream' }); res.write(': hi\\n\\n'); clients.push(res); });
server.listen(0, '127.0.0.1', () => process.stdout.write('port ' + server.address().port + '\\n'));
process.stdin.on('data', (d) => {
  const n = Number(String(d).trim().split(' ')[1]);
  let k = 0;
  const burst = () => {
    for (let j = 0; j < 100 && k < n; j++, k++) {
      const at = Date.now();
      clients[k % clients.length].write('id: ' + k + '\\nevent: notification\\ndata: ' + JSON.stringify({ at, id: String(k), kind: 'points.awarded', title: '+50 xp', data: { amount: 50 } }) + '\\n\\n');
    }
    if (k < n) setTimeout(burst, 10);
  };
  burst();
});
`;

/** The baseline: a bare SSE server (its own process) with the same number of streams: memory per connection, write → receive. */
async function bareSse(n: number) {
  const child = spawn(process.execPath, ['-e', BARE_SERVER], { stdio: ['pipe', 'pipe', 'inherit'] });
  const port = await new Promise<number>((ok) => child.stdout.once('data', (d: Buffer) => ok(Number(/port (\d+)/.exec(String(d))![1]))));
  await new Promise((r) => setTimeout(r, 500));
  const rss0 = rssOf(child.pid!);
  const latencies: number[] = [];
  const sockets = await openMany(n, () => `http://127.0.0.1:${port}/`, (_i, _e, data) => latencies.push(Date.now() - (JSON.parse(data) as { at: number }).at));
  await new Promise((r) => setTimeout(r, 2_000));
  const perConnection = (rssOf(child.pid!) - rss0) / n;
  child.stdin.write('w 2000\n');
  await new Promise((r) => setTimeout(r, 1_500));
  for (const s of sockets) s.destroy();
  child.kill();
  return { perConnectionBytes: perConnection, latency: summarize(latencies) };
}

/** The receiving side, in a thread of its own: the load generator's work never delays a receive time. */
async function receiver(): Promise<void> {
  const { urls } = workerData as { urls: string[] };
  const seen = new Set<string>();
  let pending: [string, number, number, string | null][] = [];
  const t0 = performance.now();
  const sockets = await openMany(urls.length, (i) => urls[i]!, (_i, event, data) => {
    if (event !== 'notification') return;
    const now = Date.now();
    const n = JSON.parse(data) as { id: string; kind: string; createdAt: string; data: { eventId?: string } };
    if (seen.has(n.id)) return;
    seen.add(n.id);
    pending.push([n.id, now, Date.parse(n.createdAt), n.kind === 'points.awarded' ? (n.data.eventId ?? null) : null]);
  });
  parentPort!.postMessage({ type: 'open', seconds: (performance.now() - t0) / 1000 });
  const flush = setInterval(() => {
    if (pending.length) parentPort!.postMessage({ type: 'events', events: pending });
    pending = [];
  }, 200);
  parentPort!.on('message', (m: string) => {
    if (m !== 'close') return;
    clearInterval(flush);
    parentPort!.postMessage({ type: 'events', events: pending });
    for (const s of sockets) s.destroy();
    parentPort!.postMessage({ type: 'closed' });
  });
}

async function main() {
  const tenants = new TestTenants();
  const tenant = tenants.newTenant('tektree');
  const processes = await spawnApps(['ingest', 'rules-engine', 'points', 'achievements', 'notifications'], { ...infraEnv(), PACKS_DIR: tenants.packsDir, QUESTLINE_NAMESPACE: `${uniqueId('bench')}.`, LOG_LEVEL: 'warn' }, 120_000);
  const by = (name: string) => processes.find((p) => p.name === name)!;
  const notifications = by('notifications');
  try {
    const backend = await createApiKey(by('ingest').url, tenant, ['events:write', 'read'], 100_000);
    const tokens = new UserTokens([], TEST_ROOT_KEY);
    const users = Array.from({ length: CONNECTIONS }, (_, i) => `s${i}-${uniqueId('u')}`);
    const signed = await Promise.all(users.map((u) => tokens.sign(tenant, u, 3_600)));

    // 1. Memory per connection.
    const pid = notifications.child.pid!;
    global.gc?.();
    const rss0 = rssOf(pid);
    const received = new Map<string, number>(); // notification id → arrival
    const createdAt = new Map<string, number>();
    const byEvent = new Map<string, number>(); // event id → arrival of its points notification
    const worker = new Worker(__filename, { workerData: { urls: users.map((u, i) => `${notifications.url}/v1/users/${u}/stream?access_token=${signed[i]!.token}`) } });
    let closed: () => void = () => undefined;
    const openSeconds = await new Promise<number>((resolve, reject) => {
      worker.on('error', reject);
      worker.on('message', (m: { type: string; seconds?: number; events?: [string, number, number, string | null][] }) => {
        if (m.type === 'open') resolve(m.seconds!);
        if (m.type === 'closed') closed();
        for (const [id, at, created, eventId] of m.events ?? []) {
          received.set(id, at);
          createdAt.set(id, created);
          if (eventId) byEvent.set(eventId, at);
        }
      });
    });
    await new Promise((r) => setTimeout(r, 2_000));
    const rss1 = rssOf(pid);
    const perConnection = (rss1 - rss0) / CONNECTIONS;

    // 2a. Capacity in this run: a burst through the batch endpoint, accepted to last credited.
    const http = api(by('ingest').url, tenant, { key: backend.key });
    const points = api(by('points').url, tenant, { key: backend.key });
    const burstUsers = Array.from({ length: 200 }, (_, i) => `cap${i}-${uniqueId('c')}`);
    const burst = Array.from({ length: CAPACITY_EVENTS }, (_, i) => answerAccepted({ author: burstUsers[i % burstUsers.length] }));
    const c0 = performance.now();
    for (let i = 0; i < burst.length; i += 500) await http.post('/v1/events/batch', { events: burst.slice(i, i + 500) });
    const target = (CAPACITY_EVENTS / burstUsers.length) * 50;
    for (const deadline = Date.now() + 300_000; ; ) {
      if (Date.now() > deadline) throw new Error('the capacity burst was not credited within 5 minutes');
      const last = await points.get(`/v1/users/${burstUsers[burstUsers.length - 1]}/profile`);
      const first = await points.get(`/v1/users/${burstUsers[0]}/profile`);
      if (last.body?.balances?.xp?.lifetime === target && first.body?.balances?.xp?.lifetime === target) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const capacity = CAPACITY_EVENTS / ((performance.now() - c0) / 1000);

    // 2b. Open loop at half the capacity, to connected users.
    const rate = Number(process.env['OPEN_LOOP_RATE'] ?? Math.max(1, Math.round(capacity / 2)));
    const sentAt = new Map<string, number>();
    // Ten batches a second (the award rate is what is measured here, not the single-event HTTP path).
    const perBatch = Math.max(1, Math.round(rate / 10));
    let accepted = 0;
    await openLoop(10, SECONDS, async (b) => {
      const events = Array.from({ length: perBatch }, (_, j) => answerAccepted({ author: users[((b * perBatch + j) * 7919) % CONNECTIONS] }));
      const at = Date.now();
      for (const e of events) sentAt.set(canonicalEventId(tenant, e.idempotencyKey), at);
      const r = await http.post('/v1/events/batch', { events });
      if (r.status === 202) accepted += events.length;
      return r.status;
    });
    await new Promise((r) => setTimeout(r, 3_000));
    const fromCommit: number[] = [];
    for (const [id, at] of received) fromCommit.push(at - createdAt.get(id)!);
    const fromPost: number[] = [];
    for (const [eventId, at] of byEvent) if (sentAt.has(eventId)) fromPost.push(at - sentAt.get(eventId)!);
    await new Promise<void>((r) => {
      closed = r;
      worker.postMessage('close');
    });
    await worker.terminate();

    const bare = await bareSse(CONNECTIONS);
    const commit = summarize(fromCommit);
    const post = summarize(fromPost);
    const result = {
      connections: CONNECTIONS,
      openSeconds: round(openSeconds),
      memoryPerConnectionKiB: round(perConnection / 1024),
      bareNodeMemoryPerConnectionKiB: round(bare.perConnectionBytes / 1024),
      capacityEventsPerSec: round(capacity),
      openLoopRate: rate,
      accepted,
      delivered: fromPost.length,
      commitToClientMs: commit,
      postToClientMs: post,
      bareSseWriteToClientMs: bare.latency,
    };
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    process.stdout.write(
      `\n${CONNECTIONS} SSE streams on the notifications process: ${result.memoryPerConnectionKiB} KiB each (a bare Node SSE server: ${result.bareNodeMemoryPerConnectionKiB} KiB).\n` +
        `At ${rate} events/s (half of this run's capacity, ${round(capacity)}/s): notification commit → client p50 ${commit.p50} ms, p95 ${commit.p95} ms; POST → client p50 ${post.p50} ms, p95 ${post.p95} ms ` +
        `(bare SSE write → client p95 ${bare.latency.p95} ms). ${fromPost.length} of ${accepted} accepted events seen on their streams.\n`,
    );
  } finally {
    await Promise.all(processes.map((p) => p.stop()));
  }
}

void (isMainThread ? main() : receiver()).catch((err: unknown) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
