import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

jest.setTimeout(180_000);

const ROOT = resolve(__dirname, '../..');
const DOC = join(ROOT, 'docs/getting-started.md');

/** The page's ```bash blocks in order; a block after `<!-- test: background … -->` is the long-running start. */
function walkthroughBlocks(markdown: string): { code: string; background: boolean }[] {
  const blocks: { code: string; background: boolean }[] = [];
  const fence = /(<!-- test: background[^>]*-->\s*\n)?```bash\n([\s\S]*?)```/g;
  for (const m of markdown.matchAll(fence)) blocks.push({ code: m[2]!, background: m[1] !== undefined });
  return blocks;
}

const portInUse = (port: number) =>
  new Promise<boolean>((ok) => {
    const socket = createConnection({ host: '127.0.0.1', port }, () => {
      socket.destroy();
      ok(true);
    });
    socket.on('error', () => ok(false));
  });

/**
 * docs/getting-started.md, run as written: every ```bash block in order in one shell, from the
 * clone, the `npm start` block in the background until ready. Only the environment differs from a
 * newcomer's terminal: HOME is a scratch folder (so ~/acme-gamification is fresh), the embedded
 * database lives in a scratch folder, and no infrastructure URLs are set (standalone defaults).
 */
describe('docs/getting-started.md, run as written', () => {
  it('takes a product no shipped dialect knows from nothing to credited events and a rules change without restart', async () => {
    const blocks = walkthroughBlocks(readFileSync(DOC, 'utf8'));
    expect(blocks.filter((b) => b.background)).toHaveLength(1);
    expect(await portInUse(3000)).toBe(false); // the page uses port 3000, as a newcomer would
    const script = [
      'set -euo pipefail',
      'set -m', // the background start gets a process group of its own, stopped as one
      'trap \'[ -n "${QL_BG:-}" ] && kill -TERM -- -$QL_BG 2>/dev/null; wait 2>/dev/null || true\' EXIT',
      ...blocks.map((b, i) =>
        b.background
          ? [
              `echo "=== block ${i} (background)"`,
              `( ${b.code.trim()} ) >"$QL_WALK_LOG" 2>&1 & QL_BG=$!`,
              'for _ in $(seq 1 240); do curl -sf http://127.0.0.1:3000/health/ready >/dev/null && break; kill -0 $QL_BG 2>/dev/null || { cat "$QL_WALK_LOG"; exit 1; }; sleep 0.5; done',
              'curl -sf http://127.0.0.1:3000/health/ready >/dev/null || { cat "$QL_WALK_LOG"; exit 1; }',
            ].join('\n')
          : `echo "=== block ${i}"\n${b.code}`,
      ),
    ].join('\n');
    const home = mkdtempSync(join(tmpdir(), 'questline-walkthrough-home-'));
    const env: Record<string, string> = { ...(process.env as Record<string, string>), HOME: home, QUESTLINE_DATA_DIR: mkdtempSync(join(tmpdir(), 'questline-walkthrough-data-')), QL_WALK_LOG: join(home, 'start.log'), NODE_OPTIONS: '' };
    for (const name of ['DATABASE_URL', 'REDIS_URL', 'KAFKA_BROKERS', 'QUESTLINE_ROOT_KEY', 'PORT', 'SCHEMAS_DIR', 'PACKS_DIR', 'QUESTLINE_URL', 'QUESTLINE_API_KEY', 'npm_config_cache']) delete env[name];
    env['npm_config_cache'] = join(process.env['HOME'] ?? home, '.npm'); // npm keeps using the machine's cache

    const run = spawnSync('bash', ['-c', script], { cwd: ROOT, env, encoding: 'utf8', timeout: 150_000 });
    const out = run.stdout;
    if (run.status !== 0) throw new Error(`the walkthrough failed (exit ${run.status}):\n${out}\n${run.stderr}\n${readFileSync(env['QL_WALK_LOG']!, 'utf8')}`);
    const step = (i: number) => out.split(`=== block ${i}`)[1]?.split('=== block')[0] ?? '';
    const outputs = blocks.map((_, i) => step(i));
    const firstEvent = outputs.findIndex((o) => o.includes('"status":"queued"'));
    expect(JSON.parse(outputs[firstEvent]!.trim())).toMatchObject({ status: 'queued', duplicate: false });
    const seen = outputs[firstEvent + 1]!.trim().split('\n').map((l) => JSON.parse(l) as Record<string, any>);
    const [profile, board, ledger, achievements] = seen;
    expect(profile).toMatchObject({ userId: 'maya', balances: { xp: { lifetime: 15 } } });
    expect(board!['entries']).toEqual([{ rank: 1, userId: 'maya', score: 15 }]);
    expect(ledger!['entries']).toHaveLength(2);
    expect(ledger!['entries'].map((e: { ruleId?: string }) => e.ruleId).sort()).toEqual(['lesson-completed', 'perfect-score']);
    expect(achievements!['achievements'].map((a: { id: string }) => a.id)).toEqual(['first-lesson']);
    const refused = JSON.parse(outputs[firstEvent + 2]!.trim());
    expect(refused).toMatchObject({ status: 422, code: 'schema_validation_failed', errors: [expect.objectContaining({ pointer: '/body/score' })] });
    const [lastProfile, lastLedger] = outputs[outputs.length - 1]!.trim().split('\n').slice(-2).map((l) => JSON.parse(l) as Record<string, any>);
    expect(lastProfile).toMatchObject({ balances: { xp: { lifetime: 35 } } });
    const paid = (lastLedger!['entries'] as { ruleId: string; ruleVersion: number; amount: number }[]).map((e) => `${e.ruleId}@${e.ruleVersion}:${e.amount}`).sort();
    expect(paid).toEqual(['lesson-completed@1:10', 'lesson-completed@2:20', 'perfect-score@1:5']);
  });
});
