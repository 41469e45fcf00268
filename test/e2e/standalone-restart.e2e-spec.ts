import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventually, spawnApp, TestTenants, type SpawnedService } from '@questline/testing';

jest.setTimeout(300_000);

/** The banner's lines, run exactly as printed (through a shell, with curl), as a newcomer would. */
const printed = (out: string, pattern: RegExp) => {
  const line = out.split('\n').map((l) => l.trim()).find((l) => pattern.test(l));
  if (!line) throw new Error(`no line matching ${pattern} in the banner:\n${out}`);
  return line;
};
/** A port free right now: `npm start` keeps its port across restarts (3000), so the test does too. */
const freePort = () =>
  new Promise<number>((resolve) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
const run = (line: string) => JSON.parse(execFileSync('bash', ['-c', line], { encoding: 'utf8', timeout: 30_000 }));

/**
 * `npm start` as a newcomer meets it, on a saved embedded database: the printed curl lines work as
 * written; after a restart the leaderboard is still there (rebuilt from the ledger), the demo key
 * still works, and the new banner's first curl credits again (a fresh idempotency key, the current time).
 */
describe('standalone mode (npm start): the printed walkthrough, across a restart', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'questline-data-'));
  const env: Record<string, string> = { QUESTLINE_DATA_DIR: dataDir, KAFKA_BROKERS: '', DATABASE_URL: '', REDIS_URL: '', PACKS_DIR: '' };
  let app: SpawnedService | undefined;
  afterAll(async () => {
    await app?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('credits the demo event, and keeps the board, the key and a working curl after a restart', async () => {
    Object.assign(env, { PORT: String(await freePort()) });
    app = await spawnApp('standalone', env, 240_000);
    const first = app.output();
    const key = /API key for tenant "tektree" \(events:write, read\): (\S+)/.exec(first)![1]!;
    const accepted = run(printed(first, /^curl -s -X POST .*\/v1\/events /));
    expect(accepted).toMatchObject({ status: 'queued', duplicate: false });
    const board = printed(first, /^curl -s .*\/v1\/leaderboards\/xp /);
    const alice = async () => (run(board).entries as { userId: string; score: number }[]).find((e) => e.userId === 'alice')?.score ?? 0;
    await eventually(alice, (s) => s >= 50, { what: 'alice on the board after the first curl' });
    const before = await alice();
    const status = run(printed(first, new RegExp(`^curl -s .*/v1/events/${accepted.id} `))); // the printed line names the id the answer gives
    expect(status).toMatchObject({ id: accepted.id, status: 'processed' });
    expect(await app.stop()).toBe(true);

    app = await spawnApp('standalone', env, 240_000);
    const second = app.output();
    expect(second).toContain(`API key for tenant "tektree" (events:write, read): ${key}`); // the same key: copied lines keep working
    // The in-memory board is rebuilt from the saved ledger at start: the old curl shows alice at once.
    expect(await alice()).toBe(before);
    const again = run(printed(second, /^curl -s -X POST .*\/v1\/events /));
    expect(again).toMatchObject({ status: 'queued', duplicate: false });
    await eventually(alice, (s) => s === before + 50, { what: "alice credited by the second run's curl" });
    expect(await app.stop()).toBe(true);
    app = undefined;
  });

  it("with a product's own PACKS_DIR (no demo tenant): the banner says so, and its key-minting line works for the product's tenant (Askly trial #7)", async () => {
    const tenants = new TestTenants();
    const own = tenants.newTenant('tektree');
    const ownData = mkdtempSync(join(tmpdir(), 'questline-data-'));
    try {
      app = await spawnApp('standalone', { ...env, QUESTLINE_DATA_DIR: ownData, PACKS_DIR: tenants.packsDir, PORT: String(await freePort()) }, 240_000);
      const out = app.output();
      expect(out).toContain('without the demo pack "tektree" (not in PACKS_DIR)');
      expect(out).not.toContain('<api key>');
      const minted = run(printed(out, /^curl -s -X POST .*\/v1\/admin\/api-keys /).replace('<your tenant>', own));
      expect(minted).toMatchObject({ key: expect.any(String), scopes: ['events:write', 'read'] });
      expect(await app.stop()).toBe(true);
      app = undefined;
    } finally {
      rmSync(ownData, { recursive: true, force: true });
    }
  });
});
