import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import Redis from 'ioredis';
import { Client } from 'pg';
import { answerAccepted, api, createApiKey, eventually, infraEnv, spawnApp, TestTenants, uniqueId, type SpawnedService } from '@questline/testing';

jest.setTimeout(180_000);

/**
 * Seed 004 §8.3's right of access on the real Kafka, Postgres and Redis: a user with events,
 * XP, a badge, a streak, standings, notifications and webhook deliveries, preferences, consents
 * and audit entries is exported; a scan of EVERY table of the database for the user's (unique)
 * id finds no row the export does not hold.
 */
describe('data-subject access: the export holds every row about the user', () => {
  const tenants = new TestTenants();
  const tek = tenants.newTenant('tektree');
  const other = tenants.newTenant('tektree');
  let app: SpawnedService;
  let db: Client;
  let receiver: Server;
  const archiveDir = mkdtempSync(join(tmpdir(), 'questline-privacy-archive-'));
  beforeAll(async () => {
    receiver = createServer((_req, res) => res.writeHead(204).end());
    await new Promise<void>((ok) => receiver.listen(0, '127.0.0.1', ok));
    app = await spawnApp(
      'standalone',
      { ...infraEnv(), PACKS_DIR: tenants.packsDir, QUESTLINE_NAMESPACE: `${uniqueId('pv')}.`, WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true', WEBHOOK_POLL_INTERVAL_MS: '50', LEADERBOARD_UPDATES_SCALE: '0.01', LEADERBOARD_UPDATES_TICK_MS: '50', DELETION_GRACE_MS: '200', RETENTION_ARCHIVE_DIR: archiveDir },
      120_000,
    );
    db = new Client({ connectionString: infraEnv().DATABASE_URL });
    await db.connect();
  });
  afterAll(async () => {
    await db?.end();
    await new Promise((ok) => receiver?.close(ok));
    if (app) expect(await app.stop()).toBe(true);
  });

  it('finds the user everywhere the platform wrote it, and nowhere the export does not', async () => {
    const user = uniqueId('subject');
    const admin = api(app.url, tek);
    const port = (receiver.address() as { port: number }).port;
    expect((await admin.post('/v1/admin/webhooks', { url: `http://127.0.0.1:${port}/hooks`, kinds: ['*'] })).status).toBe(201);
    await admin.put(`/v1/users/${user}/notifications/preferences`, { muted: [], inApp: true, webhook: true, locale: 'vi' });
    await admin.put(`/v1/users/${user}/consents`, { consents: { telemetry: true } });
    const writer = await createApiKey(app.url, tek, ['events:write']);
    const ids: string[] = [];
    for (const e of [
      answerAccepted({ author: user, acceptedBy: uniqueId('asker') }),
      { type: 'user.authenticated', userId: user, idempotencyKey: uniqueId('k'), occurredAt: new Date().toISOString(), payload: { user_id: user } },
      { type: 'social.content.upvoted', userId: uniqueId('voter'), idempotencyKey: uniqueId('k'), occurredAt: new Date().toISOString(), payload: { content_id: 'c', content_author_id: user } },
    ]) {
      const r = await api(app.url, tek, { key: writer.key }).post('/v1/events', e);
      expect(r.status).toBe(202);
      ids.push(r.body.id);
    }
    for (const id of ids) await eventually(() => admin.get(`/v1/events/${id}`), (r) => r.body?.status === 'processed', { what: `${id} processed` });
    await eventually(() => admin.get(`/v1/users/${user}/notifications`), (r) => (r.body?.notifications ?? []).length >= 2, { what: 'notifications' });
    // Quiet before the export: every webhook delivered, the board's announcement written (else rows change under the comparison).
    await eventually(
      async () => (await db.query(`SELECT count(*) FILTER (WHERE status = 'succeeded') AS done, count(*) FILTER (WHERE status = 'pending') AS pending FROM webhook_delivery WHERE tenant_id = $1`, [tek])).rows[0],
      (r) => Number(r.done) >= 1 && Number(r.pending) === 0,
      { what: 'every webhook delivered' },
    );
    await eventually(
      async () => Number((await db.query(`SELECT count(*) AS n FROM leaderboard_announcement WHERE tenant_id = $1 AND top @> $2::jsonb`, [tek, JSON.stringify([{ userId: user, score: 55 }])])).rows[0].n),
      (n) => n === 1,
      { what: "the board's last announcement naming the user (50 + 5 XP)", timeoutMs: 30_000 },
    );
    await new Promise((r) => setTimeout(r, 500));

    const exported = await admin.get(`/v1/admin/users/${user}/export`);
    expect(exported.status).toBe(200);
    expect(exported.body).toMatchObject({ tenantId: tek, userId: user, counts: { ledger_entry: 2, balance: 1, user_consent: 1, notification_preference: 1 } });
    expect(exported.body.counts.ingested_event).toBeGreaterThanOrEqual(3);

    // Every table of the database, scanned for the unique user id anywhere in a row.
    const { rows: tables } = await db.query<{ name: string }>(`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name NOT LIKE '\\_prisma%'`);
    const missing: string[] = [];
    let found = 0;
    for (const { name } of tables) {
      const { rows } = await db.query<{ row: Record<string, unknown> }>(`SELECT row_to_json(t) AS row FROM "${name}" t WHERE t::text LIKE $1`, [`%${user}%`]);
      const have = new Set(((exported.body.tables[name] ?? []) as unknown[]).map((r) => JSON.stringify(r)));
      for (const { row } of rows) {
        found++;
        // The export's own audit entry is written after it was read.
        if (name === 'admin_audit' && row['action'] === 'user.export') continue;
        if (!have.has(JSON.stringify(row))) missing.push(`${name}: ${JSON.stringify(row).slice(0, 200)}`);
      }
    }
    expect(missing).toEqual([]);
    expect(found).toBeGreaterThan(10);
    // Another tenant's admin cannot read this user's data; the request is audited.
    const audit = await db.query(`SELECT count(*) AS n FROM admin_audit WHERE tenant_id = $1 AND action = 'user.export' AND target = $2`, [tek, user]);
    expect(Number(audit.rows[0].n)).toBe(1);
    const reader = await createApiKey(app.url, tek, ['read']);
    expect((await api(app.url, tek, { key: reader.key }).get(`/v1/admin/users/${user}/export`)).status).toBe(403);
    // Another tenant's admin asking for this user finds nothing of it: 404, like an unknown user.
    expect((await api(app.url, other).get(`/v1/admin/users/${user}/export`)).body).toMatchObject({ status: 404, code: 'unknown_user' });
  });

  /** Every row of every table (but the audit entries and tombstones of deletions) whose text holds `needle`. */
  const rowsHolding = async (needle: string) => {
    const { rows: tables } = await db.query<{ name: string }>(`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name NOT LIKE '\\_prisma%'`);
    const out: string[] = [];
    for (const { name } of tables) {
      const { rows } = await db.query<{ row: Record<string, unknown> }>(`SELECT row_to_json(t) AS row FROM "${name}" t WHERE t::text LIKE $1`, [`%${needle}%`]);
      for (const { row } of rows) out.push(`${name}: ${JSON.stringify(row).slice(0, 300)}`);
    }
    return out;
  };
  /** Every Redis key of the tenant whose name or members hold `needle`. */
  const redisHolding = async (redis: Redis, tenantId: string, needle: string) => {
    const out: string[] = [];
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `ql:{${tenantId}}*`, 'COUNT', 1000);
      cursor = next;
      for (const k of keys) {
        if (k.includes(needle)) out.push(`key ${k}`);
        const type = await redis.type(k);
        const members = type === 'zset' ? await redis.zrange(k, 0, -1) : type === 'set' ? await redis.smembers(k) : type === 'hash' ? await redis.hkeys(k) : [];
        if (members.some((m) => m.includes(needle))) out.push(`member of ${k}`);
      }
    } while (cursor !== '0');
    return out;
  };

  it('deletes a user on request: a receipt, the id in no table and no Redis key, others re-ranked, reconcile zero, and nothing re-linked by a redelivery', async () => {
    const redis = new Redis(infraEnv().REDIS_URL!);
    try {
      const user = uniqueId('erased');
      const rival = uniqueId('rival');
      const admin = api(app.url, tek);
      await admin.put(`/v1/users/${user}/notifications/preferences`, { muted: [], inApp: true, webhook: false, locale: 'vi' });
      await admin.put(`/v1/users/${user}/consents`, { consents: { telemetry: true } });
      const own = [
        answerAccepted({ author: user, acceptedBy: uniqueId('asker') }),
        answerAccepted({ author: user, acceptedBy: uniqueId('asker') }),
        answerAccepted({ author: rival, acceptedBy: uniqueId('asker') }),
        { type: 'user.authenticated', userId: user, idempotencyKey: uniqueId('k'), occurredAt: new Date().toISOString(), payload: { user_id: user } },
        { type: 'social.content.upvoted', userId: uniqueId('voter'), idempotencyKey: uniqueId('k'), occurredAt: new Date().toISOString(), payload: { content_id: 'c', content_author_id: user } },
      ];
      expect((await admin.post('/v1/events/batch', { events: own })).body).toMatchObject({ accepted: own.length });
      // One of the user's events is old enough for retention (real-time: 7 days): archived before the deletion.
      const expired = { type: 'realtime.user.joined', userId: user, idempotencyKey: uniqueId('k'), occurredAt: new Date(Date.now() - 8 * 86_400_000).toISOString(), payload: { user_id: user, channel_id: 'c' } };
      const expiredId = (await admin.post('/v1/events', expired)).body.id as string;
      await eventually(() => admin.get(`/v1/events/${expiredId}`), (r) => r.body?.status === 'processed', { what: 'the old event processed' });
      expect((await admin.post('/v1/admin/retention/run', {})).body.types).toEqual(expect.arrayContaining([expect.objectContaining({ type: 'realtime.user.joined', archived: 1 })]));
      const archived = () => {
        const files: string[] = [];
        const walk = (dir: string) => readdirSync(dir, { withFileTypes: true }).forEach((d) => (d.isDirectory() ? walk(join(dir, d.name)) : files.push(join(dir, d.name))));
        walk(archiveDir);
        return files.map((f) => (f.endsWith('.gz') ? gunzipSync(readFileSync(f)) : readFileSync(f)).toString('utf8')).join('\n');
      };
      expect(archived()).toContain(user);
      await eventually(() => admin.get(`/v1/leaderboards/xp/users/${user}`), (r) => r.body?.score === 105, { what: 'the user on the board (2 × 50 + 5)' });
      await eventually(() => admin.get(`/v1/users/${user}/notifications`), (r) => (r.body?.notifications ?? []).length >= 2, { what: 'notifications' });
      await eventually(() => admin.get(`/v1/leaderboards/xp/users/${rival}`), (r) => r.body?.score === 50, { what: 'the rival on the board' });
      const rivalBefore = (await admin.get(`/v1/leaderboards/xp/users/${rival}`)).body.rank as number;
      const totalBefore = (await admin.get('/v1/leaderboards/xp?limit=1')).body.total as number;
      expect(await rowsHolding(user)).not.toEqual([]);

      // Refused, nothing changed: an unknown user, and this user asked for by another tenant's admin.
      expect((await admin.delete(`/v1/admin/users/${uniqueId('nobody')}`)).body).toMatchObject({ status: 404, code: 'unknown_user' });
      const foreign = await api(app.url, other).delete(`/v1/admin/users/${user}`);
      expect(foreign.status).toBe(404);
      const reader = await createApiKey(app.url, tek, ['read']);
      expect((await api(app.url, tek, { key: reader.key }).delete(`/v1/admin/users/${user}`)).status).toBe(403);
      expect((await admin.get(`/v1/leaderboards/xp/users/${user}`)).body).toMatchObject({ score: 105 });

      const deleted = await admin.delete(`/v1/admin/users/${user}`);
      expect(deleted.status).toBe(200);
      expect(deleted.body).toMatchObject({
        tenantId: tek,
        receiptId: expect.stringMatching(/^[0-9a-f-]{36}$/),
        pseudonym: expect.stringMatching(/^deleted:/),
        repeated: false,
        boards: expect.any(Number),
        tables: { ledger_entry: { anonymised: 3 }, balance: { anonymised: 1 }, user_consent: { deleted: 1 }, notification_preference: { deleted: 1 } },
      });
      expect(deleted.body.boards).toBeGreaterThanOrEqual(1);
      expect(deleted.body.tables.notification.deleted).toBeGreaterThanOrEqual(2);
      const pseudonym = deleted.body.pseudonym as string;

      // The id is nowhere the platform writes: every Postgres table, and every Redis key and member of the tenant.
      expect(await rowsHolding(user)).toEqual([]);
      expect(await redisHolding(redis, tek, user)).toEqual([]);
      expect(deleted.body.archive).toEqual({ files: 1, events: 1 });
      expect(archived()).not.toContain(user);
      expect(archived()).toContain(pseudonym);
      // Amounts kept under the pseudonym, which no board shows; the rival moved up; reconcile finds no drift.
      expect(Number((await db.query('SELECT sum(amount) AS s FROM ledger_entry WHERE tenant_id = $1 AND user_id = $2', [tek, pseudonym])).rows[0].s)).toBe(105);
      expect((await admin.get(`/v1/leaderboards/xp/users/${rival}`)).body.rank).toBe(rivalBefore - 1);
      expect((await admin.get('/v1/leaderboards/xp?limit=1')).body.total).toBe(totalBefore - 1);
      expect((await admin.get(`/v1/leaderboards/xp/users/${encodeURIComponent(pseudonym)}`)).status).toBe(404);
      expect((await admin.get('/v1/admin/leaderboards/xp/reconcile')).body).toMatchObject({ drift: [] });
      expect((await admin.get(`/v1/users/${user}/profile`)).body?.balances?.xp?.lifetime ?? 0).toBe(0);

      // Redelivered (same keys) and new events of the user link nothing: counted, never credited, never stored with the id.
      const again = [...own.filter((e) => e.userId === user), { type: 'user.authenticated', userId: user, idempotencyKey: uniqueId('k'), occurredAt: new Date().toISOString(), payload: { user_id: user } }];
      const accepted = await admin.post('/v1/events/batch', { events: again });
      // The user's own events come back as duplicates of the erased rows (ids are kept; keys hashed), the new one is accepted.
      expect(accepted.body).toMatchObject({ accepted: 1, duplicates: again.length - 1, rejected: 0 });
      for (const item of accepted.body.results as { id: string }[]) await eventually(() => admin.get(`/v1/events/${item.id}`), (r) => r.body?.status === 'processed', { what: 'redelivered event settled' });
      // The user's consents and preferences cannot be recorded again either.
      expect((await admin.put(`/v1/users/${user}/consents`, { consents: { telemetry: true } })).body).toMatchObject({ status: 409, code: 'user_deleted' });
      expect(await rowsHolding(user)).toEqual([]);
      expect(await redisHolding(redis, tek, user)).toEqual([]);
      expect((await admin.get('/v1/admin/leaderboards/xp/reconcile')).body).toMatchObject({ drift: [] });

      // Repeating the request is harmless: the same receipt, nothing left to erase.
      expect((await admin.delete(`/v1/admin/users/${user}`)).body).toMatchObject({ receiptId: deleted.body.receiptId, pseudonym, repeated: true });
      // Audited under the pseudonym, never the id.
      const audit = await db.query(`SELECT count(*) AS n FROM admin_audit WHERE tenant_id = $1 AND action = 'user.delete' AND target = $2`, [tek, pseudonym]);
      expect(Number(audit.rows[0].n)).toBe(2);
    } finally {
      redis.disconnect();
    }
  });
});
