import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { answerAccepted, api, eventually, infraEnv, spawnApp, TestTenants, uniqueId, type SpawnedService } from '@questline/testing';

jest.setTimeout(240_000);

const run = promisify(execFile);
const ROOT = resolve(__dirname, '../..');
const DAY = 86_400_000;

/**
 * Backup and restore (issue 22) on the real Kafka, Postgres and Redis: a running platform's
 * database is dumped with the repo's script, restored into an EMPTY database, and a second platform
 * started on it with an empty Redis rebuilds its boards from the ledger — balances, levels, badges,
 * finished periods and boards read the same as before, and reconcile finds no drift.
 */
describe('backup and restore: pg_dump → pg_restore into an empty database, boards rebuilt from the ledger', () => {
  const tenants = new TestTenants();
  const tek = tenants.newTenant('tektree', (t) =>
    t.replace('    name: XP (all time)\n    currency: xp\n', '    name: XP (all time)\n    currency: xp\n    windows: [all-time, daily]\n    lifecycle: { publishAfterMinutes: 0, lockAfterHours: 240 }\n'),
  );
  const id = uniqueId('bk').replace(/[^a-z0-9]/g, '');
  const base = new URL(infraEnv().DATABASE_URL);
  const urlOf = (db: string) => Object.assign(new URL(base.toString()), { pathname: `/${db}` }).toString();
  const [src, dst] = [`ql_bk_src_${id}`, `ql_bk_dst_${id}`];
  const redisBase = infraEnv().REDIS_URL!.replace(/\/\d*$/, '');
  let admin: Client;
  let a: SpawnedService | undefined;
  let b: SpawnedService | undefined;
  beforeAll(async () => {
    admin = new Client({ connectionString: infraEnv().DATABASE_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${src}`);
    await admin.query(`CREATE DATABASE ${dst}`);
  });
  afterAll(async () => {
    if (a) await a.stop();
    if (b) expect(await b.stop()).toBe(true);
    await admin.query(`DROP DATABASE IF EXISTS ${src} WITH (FORCE)`);
    await admin.query(`DROP DATABASE IF EXISTS ${dst} WITH (FORCE)`);
    await admin.end();
  });

  it('restores everything the platform keeps; boards come back from the ledger with zero drift', async () => {
    const env = (db: string, redisDb: number) => ({ ...infraEnv(), DATABASE_URL: urlOf(db), REDIS_URL: `${redisBase}/${redisDb}`, PACKS_DIR: tenants.packsDir, QUESTLINE_NAMESPACE: `${uniqueId('bk')}.`, LEADERBOARD_PERIOD_INTERVAL_MS: '3600000' });
    a = await spawnApp('standalone', env(src, 7), 120_000);
    const http = api(a.url, tek);
    const users = ['ann', 'ben', 'cat'].map((n) => `${n}-${id}`);
    const twoDaysAgo = new Date(Date.now() - 2 * DAY).toISOString();
    const events = [
      ...users.flatMap((u, i) => Array.from({ length: i + 1 }, () => answerAccepted({ author: u, occurredAt: twoDaysAgo }))),
      answerAccepted({ author: users[0] }),
    ];
    expect((await http.post('/v1/events/batch', { events })).body).toMatchObject({ accepted: events.length });
    await eventually(() => http.get('/v1/leaderboards/xp?limit=10'), (r) => r.body?.total === 3 && r.body.entries[0].score === 150, { what: 'every event on the board' });
    await eventually(() => http.get(`/v1/users/${users[2]}/achievements`), (r) => JSON.stringify(r.body ?? {}).includes('first-xp'), { what: 'badges unlocked' });
    expect((await http.post('/v1/admin/leaderboards/periods/run', {})).status).toBe(200);
    const day = `d${twoDaysAgo.slice(0, 10)}`;
    await eventually(() => http.get(`/v1/leaderboards/xp?window=daily&period=${day}`), (r) => r.body?.status === 'published', { what: 'the finished day published' });

    // What a user of the platform reads, before.
    const read = async (h: ReturnType<typeof api>) => ({
      profiles: await Promise.all(users.map(async (u) => (await h.get(`/v1/users/${u}/profile`)).body)),
      badges: await Promise.all(users.map(async (u) => (await h.get(`/v1/users/${u}/achievements`)).body)),
      board: (await h.get('/v1/leaderboards/xp?limit=10')).body.entries,
      today: (await h.get('/v1/leaderboards/xp?window=daily&limit=10')).body.entries,
      day: (await h.get(`/v1/leaderboards/xp?window=daily&period=${day}`)).body,
    });
    const before = await read(http);
    expect(before.board.map((e: { score: number }) => e.score)).toEqual([150, 100, 100]); // cat 3 answers, ben 2, ann 1 then and 1 today
    expect(before.day).toMatchObject({ status: 'published', entries: [{ score: 150 }, { score: 100 }, { score: 50 }] });
    expect(await a.stop()).toBe(true);
    a = undefined;

    // The repo's scripts: dump, then restore into the empty database; a second restore is refused.
    const file = join(mkdtempSync(join(tmpdir(), 'questline-backup-')), 'questline.dump');
    const dumped = await run('bash', [join(ROOT, 'tools/backup/backup.sh'), file, urlOf(src)]);
    expect(dumped.stdout).toMatch(/backup: .* written to/);
    await run('bash', [join(ROOT, 'tools/backup/restore.sh'), file, urlOf(dst)]);
    const again = await run('bash', [join(ROOT, 'tools/backup/restore.sh'), file, urlOf(dst)]).then(() => 0, (e: { code: number; stderr: string }) => (e.stderr.includes('already has') ? e.code : -1));
    expect(again).toBe(2);

    // The restored platform, on an empty Redis: boards rebuilt from the ledger, everything reads the same.
    b = await spawnApp('standalone', env(dst, 8), 120_000);
    const restored = api(b.url, tek);
    expect((await restored.get('/v1/leaderboards/xp?limit=10')).body.total ?? 0).toBe(0); // Redis is empty until the rebuild
    const rebuilt = await restored.post('/v1/admin/leaderboards/rebuild', {});
    expect(rebuilt.body).toMatchObject({ boards: expect.any(Number), members: expect.any(Number) });
    expect(rebuilt.body.members).toBeGreaterThanOrEqual(3);
    const after = await read(restored);
    expect(after).toEqual(before);
    expect((await restored.get('/v1/admin/leaderboards/xp/reconcile')).body).toMatchObject({ drift: [] });
    expect((await restored.get('/v1/admin/leaderboards/xp/reconcile?window=daily')).body).toMatchObject({ drift: [] });
  });
});
