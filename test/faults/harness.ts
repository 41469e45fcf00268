import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { Pool } from 'pg';
import { answerAccepted, api, createApiKey, infraEnv, spawnApp, TestTenants, uniqueId, type SpawnedService } from '@questline/testing';

const run = promisify(execFile);
const REPO = resolve(__dirname, '../..');

export const SERVICES = ['ingest', 'rules-engine', 'points', 'achievements', 'notifications'] as const;
export type ServiceName = (typeof SERVICES)[number];

/** Runs a fault of infra/chaos.sh (kill-kafka, start-kafka, crash-postgres, flush-redis). */
export async function chaos(action: string, ...args: string[]): Promise<void> {
  await run('bash', [resolve(REPO, 'infra/chaos.sh'), action, ...args], { cwd: REPO, timeout: 180_000 });
}

/**
 * The platform as production runs it, scaled out: two instances of each of the five services in
 * one consumer group per service, on the real Kafka, Postgres and Redis. Short retry ladder and
 * session timeout (configuration, not waiting), so a killed instance's partitions move in seconds.
 */
export class Topology {
  readonly tenants = new TestTenants();
  readonly tenant = this.tenants.newTenant('tektree');
  readonly env = {
    ...infraEnv(),
    PACKS_DIR: this.tenants.packsDir,
    QUESTLINE_NAMESPACE: `${uniqueId('faults')}.`,
    RETRY_DELAYS_MS: '0,500,1000',
    KAFKA_SESSION_TIMEOUT_MS: '6000',
    // A producer wedged by a broker kill is replaced after 10 s, not the production 60 s.
    KAFKA_SEND_TIMEOUT_MS: '10000',
    CONSUMER_STALL_MS: '5000',
    // Internal messages packed many per record (the default, said here so the suite keeps testing
    // the packed path under every fault whatever the default becomes).
    KAFKA_PACK_INTERNAL: 'true',
    LEADERBOARD_PERIOD_INTERVAL_MS: '600000',
    // Fulfilled redemptions nobody confirms are undone after 3.6 s (the redemption fault case).
    REDEMPTION_TIMEOUT_HOURS: '0.001',
    REDEMPTION_SWEEP_INTERVAL_MS: '500',
  };
  readonly instances = new Map<string, SpawnedService>();
  /** Every instance ever started (killed ones too), for the logs written after the suite. */
  private readonly everyInstance: { name: string; inst: SpawnedService }[] = [];
  readonly db = new Pool({ connectionString: infraEnv().DATABASE_URL, max: 3 });
  key = '';

  constructor() {
    // Idle connections die when Postgres is crashed on purpose: the next query reconnects.
    this.db.on('error', () => undefined);
  }

  async start(copies = 2): Promise<void> {
    const names = SERVICES.flatMap((s) => Array.from({ length: copies }, (_, i) => `${s}#${i}`));
    // Start in two waves: ten processes at once on two cores make start-up time out.
    for (const wave of [names.filter((n) => n.endsWith('#0')), names.filter((n) => !n.endsWith('#0'))]) {
      const started = await Promise.all(wave.map((n) => spawnApp(n.split('#')[0]!, this.env, 180_000)));
      wave.forEach((n, i) => {
        this.instances.set(n, started[i]!);
        this.everyInstance.push({ name: n, inst: started[i]! });
      });
    }
    this.key = (await createApiKey(this.url('ingest'), this.tenant, ['events:write', 'read', 'admin'], 100_000)).key;
  }

  /** An instance's base URL (the first one that is running, unless `n` is given). */
  url(service: ServiceName, n?: number): string {
    const inst = n !== undefined ? this.instances.get(`${service}#${n}`) : [...this.instances.entries()].find(([k, v]) => k.startsWith(`${service}#`) && v.child.exitCode === null && v.child.signalCode === null)?.[1];
    if (!inst) throw new Error(`no running ${service}`);
    return inst.url;
  }

  async kill(name: string): Promise<void> {
    const inst = this.instances.get(name)!;
    this.killed.add(inst);
    inst.child.kill('SIGKILL');
    await new Promise((r) => (inst.child.exitCode !== null || inst.child.signalCode !== null ? r(null) : inst.child.once('exit', r)));
  }

  async restart(name: string): Promise<void> {
    const inst = await spawnApp(name.split('#')[0]!, this.env, 180_000);
    this.instances.set(name, inst);
    this.everyInstance.push({ name, inst });
  }

  /** The last error lines of every instance (killed ones too), for the suite's output when a case failed. */
  errorDigest(perInstance = 15): string {
    return this.everyInstance
      .map(({ name, inst }) => {
        const lines = inst.output().split('\n').filter((l) => /"level":(50|60)|\berror\b/i.test(l)).slice(-perInstance);
        return lines.length === 0 ? '' : `--- ${name} (pid ${inst.child.pid})\n${lines.map((l) => l.slice(0, 600)).join('\n')}\n`;
      })
      .join('');
  }

  /** Writes every instance's output (warnings and errors) to `dir`: the evidence when a case fails. */
  writeLogs(dir: string): void {
    mkdirSync(dir, { recursive: true });
    this.everyInstance.forEach(({ name, inst }, i) => writeFileSync(resolve(dir, `${String(i).padStart(2, '0')}-${name.replace('#', '-')}.log`), inst.output()));
  }

  /** Instances that exited without being killed by the suite, with the end of their output. */
  crashed(): { name: string; code: number | null; signal: string | null; output: string }[] {
    return [...this.instances.entries()]
      .filter(([, i]) => i.child.exitCode !== null || (i.child.signalCode !== null && !this.killed.has(i)))
      .map(([name, i]) => ({ name, code: i.child.exitCode, signal: i.child.signalCode, output: i.output().slice(-4_000) }));
  }

  private readonly killed = new Set<SpawnedService>();

  async stop(): Promise<void> {
    await Promise.all([...this.instances.values()].map((s) => s.stop()));
    await this.db.end();
  }

  /** The tenant's ledger rows and the events they came from. */
  async ledger(tenant = this.tenant): Promise<{ rows: number; events: number; duplicates: number }> {
    const { rows } = await this.db.query<{ rows: number; events: number }>(
      `SELECT count(*)::int AS rows, count(DISTINCT source_event_id)::int AS events FROM ledger_entry WHERE tenant_id = $1 AND kind = 'earn' AND rule_id = 'answer-accepted'`,
      [tenant],
    );
    return { rows: rows[0]!.rows, events: rows[0]!.events, duplicates: rows[0]!.rows - rows[0]!.events };
  }

  /** Users whose all-time board score differs from their ledger sum (reconcile). */
  async drift(): Promise<number> {
    return (await this.driftDetails()).length;
  }

  async driftDetails(): Promise<{ userId: string; ledger: number; board: number | null }[]> {
    const res = await api(this.url('points'), this.tenant, { key: this.key }).get('/v1/admin/leaderboards/xp/reconcile');
    if (res.status !== 200) throw new Error(`reconcile answered ${res.status}: ${JSON.stringify(res.body)}`);
    return res.body.drift;
  }
}

export interface StreamResult {
  /** Idempotency keys ingest acknowledged (202 for the item). */
  acknowledged: Set<string>;
  /** Requests that failed (5xx, refused connection) and were sent again with the same keys. */
  retriedRequests: number;
}

/**
 * A producer that keeps going through faults: `total` answer-accepted events in batches of
 * `batch`, each batch sent again (same idempotency keys) until ingest acknowledges it, as the SDK
 * does. `paceMs` between batches keeps the stream running while a fault is injected.
 */
export async function stream(top: Topology, total: number, opts: { batch?: number; paceMs?: number; authors?: number; prefix?: string } = {}): Promise<StreamResult> {
  const batch = opts.batch ?? 50;
  const authors = opts.authors ?? 20;
  const prefix = opts.prefix ?? uniqueId('s');
  const acknowledged = new Set<string>();
  let retriedRequests = 0;
  for (let i = 0; i < total; i += batch) {
    const events = Array.from({ length: Math.min(batch, total - i) }, (_, j) => answerAccepted({ author: `${prefix}-a${(i + j) % authors}`, acceptedBy: `${prefix}-q${(i + j) % 7}`, key: `${prefix}-${i + j}` }));
    const deadline = Date.now() + 240_000;
    for (let attempt = 0; ; attempt++) {
      try {
        const res = await fetch(`${top.url('ingest')}/v1/events/batch`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${top.key}` },
          body: JSON.stringify({ events }),
          signal: AbortSignal.timeout(30_000),
        });
        const body = (await res.json()) as { results?: { index: number; id?: string; error?: unknown }[] };
        if (res.status === 202 && body.results?.every((r) => r.id)) {
          for (const e of events) acknowledged.add(e.idempotencyKey);
          break;
        }
      } catch {
        // connection refused or reset: the same batch again
      }
      retriedRequests++;
      if (Date.now() > deadline) throw new Error(`batch ${i} never acknowledged`);
      await new Promise((r) => setTimeout(r, Math.min(2_000, 100 * 2 ** attempt)));
    }
    if (opts.paceMs) await new Promise((r) => setTimeout(r, opts.paceMs));
  }
  return { acknowledged, retriedRequests };
}

/** Waits until every acknowledged event is credited (or the timeout), and returns how long that took. */
export async function settle(top: Topology, acknowledged: number, timeoutMs = 120_000, tenant = top.tenant): Promise<{ credited: number; ms: number }> {
  const t0 = Date.now();
  let credited = 0;
  while (Date.now() - t0 < timeoutMs) {
    credited = (await top.ledger(tenant).catch(() => ({ events: credited }))).events;
    if (credited >= acknowledged) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  return { credited, ms: Date.now() - t0 };
}

/** One line of the fault report. */
export interface FaultRow {
  fault: string;
  acknowledged: number;
  credited: number;
  lost: number;
  duplicates: number;
  drift: number;
  recoveryMs: number;
  note?: string;
}

export const report: FaultRow[] = [];

export function printReport(): void {
  const lines = [
    '',
    'fault suite (real Kafka, Postgres, Redis; two instances of each service)',
    `${'fault'.padEnd(44)} ${'acked'.padStart(6)} ${'credited'.padStart(8)} ${'lost'.padStart(5)} ${'dup'.padStart(4)} ${'drift'.padStart(5)} ${'recovery'.padStart(9)}`,
    ...report.map((r) => `${r.fault.padEnd(44)} ${String(r.acknowledged).padStart(6)} ${String(r.credited).padStart(8)} ${String(r.lost).padStart(5)} ${String(r.duplicates).padStart(4)} ${String(r.drift).padStart(5)} ${`${(r.recoveryMs / 1000).toFixed(1)} s`.padStart(9)}${r.note ? `  ${r.note}` : ''}`),
    '',
  ];
  process.stdout.write(lines.join('\n'));
}
