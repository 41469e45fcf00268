import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import { MESSAGE_VERSION_HEADER, Topics } from '@questline/contracts';
import { PACK_HEADER, unpackMessages } from '@questline/messaging/adapters';
import { answerAccepted, api, eventually, infraEnv, spawnApp, TestTenants, uniqueId, type SpawnedService } from '@questline/testing';

jest.setTimeout(300_000);

const run = promisify(execFile);
const ROOT = resolve(__dirname, '../..');
const PREVIOUS = readFileSync(join(ROOT, 'tools/release/previous-release'), 'utf8').trim();

/**
 * A rolling upgrade (issue 22): the previous release (tools/release/previous-release) and the
 * current code run side by side on the same Kafka topics and consumer groups, the same Postgres
 * database and the same Redis, mid-stream — the current one migrating the database while the old
 * one runs on it — then the old one is stopped while events keep coming. Every event is credited
 * exactly once, nothing is dead-lettered, and reconcile finds no drift.
 */
describe(`rolling upgrade: the previous release (${PREVIOUS.slice(0, 7)}) and this code on the same topics and database`, () => {
  const tenants = new TestTenants();
  const tek = tenants.newTenant('tektree');
  const id = uniqueId('up').replace(/[^a-z0-9]/g, '');
  const db = `ql_upgrade_${id}`;
  const dbUrl = Object.assign(new URL(infraEnv().DATABASE_URL), { pathname: `/${db}` }).toString();
  let oldDir: string;
  let admin: Client;
  const apps: SpawnedService[] = [];

  beforeAll(async () => {
    // The previous release's tree from git; its dependencies are this checkout's when the lock file
    // is the same (npm ci otherwise), and its Prisma client is generated from its own schema.
    oldDir = mkdtempSync(join(tmpdir(), 'ql-previous-'));
    await run('bash', ['-c', `git archive --format=tar ${PREVIOUS} | tar -x -C "${oldDir}"`], { cwd: ROOT, maxBuffer: 1 << 26 });
    const sameLock = await run('git', ['diff', '--quiet', PREVIOUS, 'HEAD', '--', 'package-lock.json'], { cwd: ROOT }).then(() => true, () => false);
    if (sameLock) symlinkSync(join(ROOT, 'node_modules'), join(oldDir, 'node_modules'), 'dir');
    else await run('npm', ['ci', '--no-audit', '--no-fund'], { cwd: oldDir, timeout: 600_000, maxBuffer: 1 << 26 });
    await run(join(oldDir, 'node_modules/.bin/prisma'), ['generate'], { cwd: oldDir, maxBuffer: 1 << 26 });
    expect(existsSync(join(oldDir, 'libs/persistence/src/generated/prisma'))).toBe(true);
    admin = new Client({ connectionString: infraEnv().DATABASE_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${db}`);
  }, 700_000);
  afterAll(async () => {
    for (const a of apps) await a.stop();
    await admin?.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
    await admin?.end();
    if (oldDir) rmSync(oldDir, { recursive: true, force: true }); // the node_modules link goes, not what it points to
  });

  it('nothing lost, nothing doubled, no dead letter, zero drift across the switch', async () => {
    const env = { ...infraEnv(), DATABASE_URL: dbUrl, PACKS_DIR: tenants.packsDir, QUESTLINE_NAMESPACE: `${id}.`, KAFKA_SESSION_TIMEOUT_MS: '10000' };
    const old = await spawnApp('standalone', env, 120_000, { cwd: oldDir });
    apps.push(old);
    const users = Array.from({ length: 8 }, (_, i) => `u${i}-${id}`);
    const sent = new Map<string, number>();
    const send = async (app: SpawnedService, n: number) => {
      const events = Array.from({ length: n }, (_, i) => answerAccepted({ author: users[(i * 7 + sent.size + n) % users.length] }));
      const res = await api(app.url, tek).post('/v1/events/batch', { events });
      expect(res.body).toMatchObject({ accepted: n });
      for (const e of events) sent.set(e.idempotencyKey, 1);
      return events;
    };
    const credited = new Map<string, number>();
    const count = (events: ReturnType<typeof answerAccepted>[]) => {
      for (const e of events) credited.set(e.payload.answer_author_id, (credited.get(e.payload.answer_author_id) ?? 0) + 50);
    };

    // 1. The old release alone.
    for (let i = 0; i < 3; i++) count(await send(old, 20));
    // 2. The new code joins (it migrates the database the old one is running on) and both take traffic.
    const next = await spawnApp('standalone', env, 120_000);
    apps.push(next);
    for (let i = 0; i < 6; i++) count(await send(i % 2 ? next : old, 20));
    // 3. The old one stops mid-stream while the new one keeps taking events.
    const stopping = old.stop();
    for (let i = 0; i < 4; i++) count(await send(next, 20));
    expect(await stopping).toBe(true);
    apps.splice(apps.indexOf(old), 1);
    for (let i = 0; i < 2; i++) count(await send(next, 20));

    const http = api(next.url, tek);
    for (const [user, xp] of credited) {
      await eventually(() => http.get(`/v1/users/${user}/profile`), (r) => r.body?.balances?.xp?.lifetime >= xp, { what: `${user} credited ${xp}`, timeoutMs: 90_000 });
    }
    const check = new Client({ connectionString: dbUrl });
    await check.connect();
    const ledger = await check.query<{ rows: string; events: string }>(
      "SELECT count(*) AS rows, count(DISTINCT source_event_id) AS events FROM ledger_entry WHERE tenant_id = $1 AND rule_id = 'answer-accepted'",
      [tek],
    );
    const dead = await check.query<{ n: string }>('SELECT count(*) AS n FROM dead_letter WHERE tenant_id = $1', [tek]);
    const states = await check.query<{ status: string; n: string }>('SELECT status, count(*) AS n FROM ingested_event WHERE tenant_id = $1 GROUP BY status', [tek]);
    await check.end();
    expect({ rows: Number(ledger.rows[0]!.rows), events: Number(ledger.rows[0]!.events) }).toEqual({ rows: sent.size, events: sent.size });
    expect(Number(dead.rows[0]!.n)).toBe(0);
    for (const [user, xp] of credited) expect((await http.get(`/v1/users/${user}/profile`)).body.balances.xp.lifetime).toBe(xp);
    expect((await http.get('/v1/admin/leaderboards/xp/reconcile')).body).toMatchObject({ drift: [] });
    expect(states.rows.map((r) => r.status)).not.toContain('dead_lettered');

    // Both releases wrote to the same topic in the wire format they share: packed records (many
    // messages each). Packing became the default one release before (487ee59 wrote plain records
    // with the version header; the pairing with that release proved every consumer read both).
    const kafka = new Kafka({ clientId: 'upgrade-check', brokers: infraEnv().KAFKA_BROKERS.split(','), logLevel: logLevel.NOTHING });
    const consumer = kafka.consumer({ groupId: `upgrade-check-${id}` });
    const shapes = new Map<string, number>();
    await consumer.connect();
    await consumer.subscribe({ topic: `${id}.${Topics.EventScored}`, fromBeginning: true });
    let seen = 0;
    await consumer.run({
      eachMessage: async ({ message }) => {
        const packed = message.headers?.[PACK_HEADER] !== undefined && message.value !== null;
        const n = packed ? unpackMessages(message.value!).length : 1;
        seen += n;
        const shape = packed ? 'packed' : `plain v${message.headers?.[MESSAGE_VERSION_HEADER]?.toString() ?? 'none'}`;
        shapes.set(shape, (shapes.get(shape) ?? 0) + n);
      },
    });
    await eventually(async () => seen, (n) => n >= sent.size, { what: 'every scored message read back' });
    await consumer.disconnect();
    expect([...shapes.keys()]).toEqual(['packed']);
  });

  it('migrations added since the previous release only expand (a contract step says so in the file)', async () => {
    const { stdout } = await run('git', ['ls-tree', '--name-only', `${PREVIOUS}:prisma/migrations`], { cwd: ROOT });
    const before = new Set(stdout.trim().split('\n'));
    const dir = join(ROOT, 'prisma/migrations');
    const added = readdirSync(dir).filter((d) => existsSync(join(dir, d, 'migration.sql')) && !before.has(d));
    const findings = added.flatMap((d) => {
      const sql = readFileSync(join(dir, d, 'migration.sql'), 'utf8');
      // A contract step (removing what the release before the previous one stopped reading) says so.
      if (/^--\s*contract:/m.test(sql)) return [];
      const code = sql.replace(/--.*$/gm, '');
      return [
        ...code.matchAll(/\bDROP\s+(TABLE|COLUMN|INDEX|CONSTRAINT|TYPE|VIEW)\b[^;]*/gi),
        ...code.matchAll(/\bRENAME\s+(TO|COLUMN)\b[^;]*/gi),
        ...code.matchAll(/\bALTER\s+COLUMN\s+\S+\s+(SET\s+DATA\s+)?TYPE\b[^;]*/gi),
        ...code.matchAll(/\bSET\s+NOT\s+NULL\b[^;]*/gi),
        ...code.matchAll(/\bADD\s+COLUMN\s+[^,;]*\bNOT\s+NULL\b(?![^,;]*\bDEFAULT\b)[^,;]*/gi),
      ].map((m) => `${d}: ${m[0].trim().slice(0, 120)}`);
    });
    expect(findings).toEqual([]);
  });
});
