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
  // An accepted answer credits its author (a payload field) and, here, the asker (the subject) too:
  // an event with two recipients, so one that is not a valid user id can be seen not to spoil the other.
  const twoRecipients = tenants.newTenant('tektree', (t) =>
    t.replace('      to: payload.answer_author_id\n', '      to: payload.answer_author_id\n  - id: answer-accepted-asker\n    version: 1\n    on: knowledge.answer.accepted\n    award: { currency: xp, amount: 7, to: subject }\n'),
  );
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
  it('refuses user ids erasure could not erase wherever they enter: an event (alone in its batch), adjustments, tokens, visibility, consents', async () => {
    const admin = api(app.url, twoRecipients);
    // An event naming a platform placeholder as its user: 422, a stable code, the pointer into the envelope as sent.
    const unlinked = await admin.post('/v1/events', answerAccepted({ acceptedBy: '_unlinked', author: uniqueId('author') }));
    expect(unlinked.status).toBe(422);
    expect(unlinked.body).toMatchObject({ code: 'invalid_user_id', errors: [{ pointer: '/userId' }] });
    const cloudEvent = { specversion: '1.0', id: uniqueId('ce'), source: '/k', type: 'com.tektree.knowledge.answer.accepted', time: new Date().toISOString(), subject: '_anonymised', data: { question_id: 'q', answer_id: 'a', answer_author_id: uniqueId('author') } };
    expect((await admin.post('/v1/events', cloudEvent, { 'content-type': 'application/cloudevents+json' })).body).toMatchObject({ status: 422, code: 'invalid_user_id', errors: [{ pointer: '/subject' }] });
    // In a batch, that item alone is refused (its pointer into the batch body); the others are accepted.
    const batch = await admin.post('/v1/events/batch', { events: [answerAccepted({ acceptedBy: uniqueId('asker'), author: uniqueId('author') }), answerAccepted({ acceptedBy: '_unlinked' }), answerAccepted({ acceptedBy: uniqueId('asker'), author: uniqueId('author') })] });
    expect(batch.status).toBe(202);
    expect(batch.body).toMatchObject({
      accepted: 2,
      rejected: 1,
      results: [{ index: 0, id: expect.any(String) }, { index: 1, error: { status: 422, code: 'invalid_user_id', errors: [{ pointer: '/events/1/userId' }] } }, { index: 2, id: expect.any(String) }],
    });

    // An adjustment for 129 (or the attacker's 3,000) characters, or a placeholder: 422 at the path parameter, nothing written.
    const refused = ['u'.repeat(129), 'u'.repeat(3_000), '_unlinked'];
    for (const id of refused) {
      const adjusted = await admin.post(`/v1/admin/users/${id}/adjustments`, { currency: 'xp', amount: 5, reason: 'x' }, { 'idempotency-key': uniqueId('adj') });
      expect([id.slice(0, 12), adjusted.body]).toMatchObject([id.slice(0, 12), { status: 422, code: 'invalid_user_id', errors: [{ pointer: '/path/userId' }] }]);
    }
    const written = await db.query(
      `SELECT (SELECT count(*) FROM ledger_entry WHERE tenant_id = $1 AND user_id = ANY($2)) + (SELECT count(*) FROM ledger_adjustment WHERE tenant_id = $1 AND user_id = ANY($2)) + (SELECT count(*) FROM admin_audit WHERE tenant_id = $1 AND action = 'user.adjust') AS n`,
      [twoRecipients, refused],
    );
    expect(Number(written.rows[0].n)).toBe(0);
    // The other routes that write for a user take the same ids (tokens answered "User id too long." over 200 before).
    expect((await admin.post(`/v1/users/${'u'.repeat(129)}/tokens`, {})).body).toMatchObject({ status: 422, code: 'invalid_user_id', errors: [{ pointer: '/path/id' }] });
    expect((await admin.put(`/v1/users/${'u'.repeat(3_000)}/leaderboard-visibility`, { visible: false })).body).toMatchObject({ status: 422, code: 'invalid_user_id' });
    expect((await admin.put('/v1/users/_anonymised/consents', { consents: { telemetry: true } })).body).toMatchObject({ status: 422, code: 'invalid_user_id' });
    expect((await admin.delete('/v1/admin/users/_unlinked')).body).toMatchObject({ status: 422, code: 'invalid_user_id' });
    // And the longest id ingest takes is one erasure takes.
    const longest = uniqueId('edge').padEnd(128, 'x');
    expect((await admin.post('/v1/events', answerAccepted({ acceptedBy: longest, author: uniqueId('author') }))).status).toBe(202);
    expect((await admin.delete(`/v1/admin/users/${longest}`)).body).toMatchObject({ tenantId: twoRecipients, repeated: false });
  });

  it('scores an event whose payload names an invalid recipient (> 1,024 characters, `_anonymised`): processed, the other award credited, no dead letter', async () => {
    const admin = api(app.url, twoRecipients);
    const askers = [uniqueId('asker'), uniqueId('asker')];
    const sent = await admin.post('/v1/events/batch', { events: [answerAccepted({ acceptedBy: askers[0], author: 'a'.repeat(1_025) }), answerAccepted({ acceptedBy: askers[1], author: '_anonymised' })] });
    expect(sent.body).toMatchObject({ accepted: 2, rejected: 0 });
    const ids = (sent.body.results as { id: string }[]).map((r) => r.id);
    for (const [i, id] of ids.entries()) {
      // Settled one way or the other: before the fix the scored message failed its schema at the points stage (dead-lettered, every award lost).
      const settled = await eventually(() => admin.get(`/v1/events/${id}`), (r) => ['processed', 'dead_lettered'].includes(r.body?.status), { what: `event ${i} settled` });
      expect(settled.body).toMatchObject({ status: 'processed', error: null });
      expect((await admin.get(`/v1/users/${askers[i]}/profile`)).body).toMatchObject({ balances: { xp: { lifetime: 7 } } });
      // The skip is recorded with the stored decision (a redelivery or replay reads the same), without the id.
      const decision = await db.query<{ awards: { userId: string }[]; skipped: { ruleId: string; reason: string }[] }>('SELECT awards, skipped FROM rule_decision WHERE tenant_id = $1 AND event_id = $2', [twoRecipients, id]);
      expect(decision.rows[0]!.awards.map((a) => a.userId)).toEqual([askers[i]]);
      expect(decision.rows[0]!.skipped).toEqual([{ ruleId: 'answer-accepted', reason: expect.stringMatching(/^recipient payload\.answer_author_id is not a valid user id: /) }]);
    }
    // Nothing held for either: no ledger row, no rank, no dead letter.
    const held = await db.query(`SELECT count(*) AS n FROM ledger_entry WHERE tenant_id = $1 AND (user_id = '_anonymised' OR length(user_id) > 128)`, [twoRecipients]);
    expect(Number(held.rows[0].n)).toBe(0);
    expect((await admin.get('/v1/leaderboards/xp/users/_anonymised')).status).toBe(404);
    expect(Number((await db.query('SELECT count(*) AS n FROM dead_letter WHERE event_id = ANY($1::text[])', [ids])).rows[0].n)).toBe(0);
  });
});
