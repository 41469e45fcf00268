import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { Client } from 'pg';
import { api, eventually, infraEnv, spawnApp, TestTenants, uniqueId, type SpawnedService } from '@questline/testing';

jest.setTimeout(180_000);

const DAY = 86_400_000;

/**
 * Seed 001's event retention table on the real Kafka, Postgres and Redis: the retention job
 * archives (gzip JSON lines, indexed) and deletes each type's events older than its period —
 * real-time 7 days, notifications 30 days, social 1 year — and keeps user and knowledge events
 * (indefinite) and payment events (7 years); the ledger and what it pays stay whole.
 */
describe("retention: seed 001's table, archived then deleted, the ledger kept", () => {
  const tenants = new TestTenants();
  // Events as old as the longest period (payment, 7 years) are accepted: a back-fill.
  const tek = tenants.newTenant('tektree', (t) => t.replace('ingest:\n', 'ingest:\n  maxEventAgeDays: 3000\n'));
  const archiveDir = mkdtempSync(join(tmpdir(), 'questline-archive-'));
  let app: SpawnedService;
  let db: Client;
  beforeAll(async () => {
    app = await spawnApp('standalone', { ...infraEnv(), PACKS_DIR: tenants.packsDir, QUESTLINE_NAMESPACE: `${uniqueId('rt')}.`, RETENTION_ARCHIVE_DIR: archiveDir }, 120_000);
    db = new Client({ connectionString: infraEnv().DATABASE_URL });
    await db.connect();
  });
  afterAll(async () => {
    await db?.end();
    if (app) expect(await app.stop()).toBe(true);
  });

  it('archives and deletes exactly the expired events of each category; a dry run changes nothing; the ledger and balances are untouched', async () => {
    const user = uniqueId('u');
    const ago = (days: number) => new Date(Date.now() - days * DAY).toISOString();
    const ev = (type: string, days: number, payload: Record<string, unknown>) => ({ type, userId: user, idempotencyKey: uniqueId('k'), occurredAt: ago(days), payload });
    const events = {
      realtimeOld: ev('realtime.user.joined', 8, { user_id: user, channel_id: 'c' }),
      realtimeNew: ev('realtime.user.joined', 6, { user_id: user, channel_id: 'c' }),
      notificationOld: ev('notification.sent', 31, { notification_id: 'n1', recipient_id: user }),
      socialOld: ev('social.comment.added', 366, { comment_id: 'cm', content_id: 'c', commenter_id: user }),
      socialNew: ev('social.comment.added', 300, { comment_id: 'cm2', content_id: 'c', commenter_id: user }),
      userOld: ev('user.registered', 399, { user_id: user }),
      knowledgeOld: ev('knowledge.question.posted', 399, { question_id: 'q', author_id: user }),
      paymentOld: ev('payment.subscription.upgraded', 2_000, { subscription_id: 's', user_id: user, new_tier: 'pro' }),
      gamificationOld: ev('gamification.level.up', 731, { user_id: user, new_level: 2 }),
      gamificationNew: ev('gamification.level.up', 700, { user_id: user, new_level: 3 }),
    };
    const ids: Record<string, string> = {};
    for (const [name, e] of Object.entries(events)) {
      const r = await api(app.url, tek).post('/v1/events', e);
      expect(r.status).toBe(202);
      ids[name] = r.body.id;
    }
    for (const id of Object.values(ids)) await eventually(() => api(app.url, tek).get(`/v1/events/${id}`), (r) => r.body?.status === 'processed', { what: `${id} processed` });
    const xp = async () => (await api(app.url, tek).get(`/v1/users/${user}/profile`)).body.balances.xp.lifetime as number;
    // +3 × 2 comments, +100 registration, +5 question, +200 upgrade.
    await eventually(xp, (v) => v === 311, { what: '311 XP' });
    const ledgerBefore = (await db.query('SELECT count(*) AS n FROM ledger_entry WHERE tenant_id = $1 AND user_id = $2', [tek, user])).rows[0].n;

    const dry = await api(app.url, tek).post('/v1/admin/retention/run', { dryRun: true });
    expect(dry.status).toBe(200);
    const expiredOf = (type: string) => dry.body.types.find((t: { type: string }) => t.type === type)?.expired;
    expect([expiredOf('realtime.user.joined'), expiredOf('notification.sent'), expiredOf('social.comment.added'), expiredOf('gamification.level.up')]).toEqual([1, 1, 1, 1]);
    expect(dry.body.types.find((t: { type: string }) => t.type === 'payment.subscription.upgraded')).toMatchObject({ days: 2555, expired: 0 }); // 7 years
    expect(dry.body.types.find((t: { type: string }) => t.type === 'user.registered')).toBeUndefined(); // indefinite: never expires
    expect((await api(app.url, tek).get(`/v1/events/${ids['realtimeOld']}`)).status).toBe(200);

    const run = await api(app.url, tek).post('/v1/admin/retention/run', {});
    expect(run.status).toBe(200);
    const gone = ['realtimeOld', 'notificationOld', 'socialOld', 'gamificationOld'];
    for (const [name, id] of Object.entries(ids)) expect([name, (await api(app.url, tek).get(`/v1/events/${id}`)).status]).toEqual([name, gone.includes(name) ? 404 : 200]);

    // The archive holds them whole, gzip JSON lines, with an index line per file.
    const index = readFileSync(join(archiveDir, 'index.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { file: string; tenantId: string; ids: string[]; sha256: string });
    const archivedIds = index.filter((i) => i.tenantId === tek).flatMap((i) => i.ids);
    expect(archivedIds.sort()).toEqual(gone.map((n) => ids[n]).sort());
    for (const entry of index.filter((i) => i.tenantId === tek)) {
      const lines = gunzipSync(readFileSync(join(archiveDir, entry.file))).toString('utf8').trim().split('\n').map((l) => JSON.parse(l));
      expect(lines.map((l) => l.id)).toEqual(entry.ids);
      expect(lines[0]).toMatchObject({ tenantId: tek, userId: user, envelope: { id: entry.ids[0] } });
    }
    expect(readdirSync(join(archiveDir, tek)).sort()).toEqual(['gamification.level.up', 'notification.sent', 'realtime.user.joined', 'social.comment.added']);

    // The ledger keeps every credit; balances and boards are unchanged; running again archives nothing more.
    expect((await db.query('SELECT count(*) AS n FROM ledger_entry WHERE tenant_id = $1 AND user_id = $2', [tek, user])).rows[0].n).toBe(ledgerBefore);
    expect(await xp()).toBe(311);
    expect((await api(app.url, tek).get('/v1/admin/leaderboards/xp/reconcile')).body).toMatchObject({ drift: [] });
    const again = await api(app.url, tek).post('/v1/admin/retention/run', {});
    expect(again.body.types.filter((t: { archived: number }) => t.archived > 0)).toEqual([]);
    expect(Number((await db.query(`SELECT count(*) AS n FROM admin_audit WHERE tenant_id = $1 AND action = 'retention.run'`, [tek])).rows[0].n)).toBe(1);

    // The horizon, stated: a re-score reaching before the retention of a type the rules score is refused (it would take archived points back).
    const past = await api(app.url, tek).post('/v1/admin/rescore', { from: ago(400), to: new Date().toISOString(), dryRun: true });
    expect(past).toMatchObject({ status: 422, body: { code: 'rescore_past_retention', errors: [{ pointer: '/from' }] } });
    expect(past.body.detail).toContain('social.comment.added');
    expect((await api(app.url, tek).post('/v1/admin/rescore', { from: ago(300), to: new Date().toISOString(), dryRun: true })).status).toBe(200);
  });
});
