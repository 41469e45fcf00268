import { createServer, type Server } from 'node:http';
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
  let app: SpawnedService;
  let db: Client;
  let receiver: Server;
  beforeAll(async () => {
    receiver = createServer((_req, res) => res.writeHead(204).end());
    await new Promise<void>((ok) => receiver.listen(0, '127.0.0.1', ok));
    app = await spawnApp(
      'standalone',
      { ...infraEnv(), PACKS_DIR: tenants.packsDir, QUESTLINE_NAMESPACE: `${uniqueId('pv')}.`, WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true', WEBHOOK_POLL_INTERVAL_MS: '50', LEADERBOARD_UPDATES_SCALE: '0.01', LEADERBOARD_UPDATES_TICK_MS: '50' },
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
  });
});
