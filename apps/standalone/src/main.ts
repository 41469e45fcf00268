import './telemetry';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { canonicalEventId, runService, SERVICES, STANDALONE_PORT } from '@questline/runtime';

const DEMO_TENANT = 'tektree';
const DEMO_KEY_NAME = 'standalone demo';

/**
 * The demo tenant's API key: the one saved beside the embedded database by an earlier run when it
 * still works (a restart keeps the curl lines you copied working), else a new one minted through
 * the admin API (revoking demo keys whose secret was lost) and saved. Nothing is saved in memory mode.
 */
async function demoKey(url: string, rootKey: string, dataDir: string): Promise<string | undefined> {
  const file = dataDir === 'memory' ? null : join(dataDir, 'demo-api-key');
  const saved = file ? readIfExists(file) : null;
  if (saved) {
    const probe = await fetch(`${url}/v1/leaderboards/xp`, { headers: { authorization: `Bearer ${saved}` } });
    if (probe.ok) return saved;
  }
  const key = await mintDemoKey(url, rootKey);
  if (key && file) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, `${key}\n`, { mode: 0o600 });
  }
  return key;
}

function readIfExists(file: string): string | null {
  try {
    return readFileSync(file, 'utf8').trim() || null;
  } catch {
    return null;
  }
}

async function mintDemoKey(url: string, rootKey: string): Promise<string | undefined> {
  const headers = { authorization: `Bearer ${rootKey}`, 'x-questline-tenant': DEMO_TENANT, 'content-type': 'application/json' };
  const list = await fetch(`${url}/v1/admin/api-keys`, { headers });
  if (!list.ok) return undefined; // no demo pack
  const { items } = (await list.json()) as { items: { id: string; name: string; revokedAt: string | null }[] };
  for (const k of items.filter((i) => i.name === DEMO_KEY_NAME && !i.revokedAt)) {
    await fetch(`${url}/v1/admin/api-keys/${k.id}`, { method: 'DELETE', headers: { authorization: headers.authorization, 'x-questline-tenant': DEMO_TENANT } });
  }
  const created = await fetch(`${url}/v1/admin/api-keys`, { method: 'POST', headers, body: JSON.stringify({ name: DEMO_KEY_NAME, scopes: ['events:write', 'read'] }) });
  return created.ok ? ((await created.json()) as { key: string }).key : undefined;
}

/** The live demo page for alice, with a user token minted by the demo key (valid a day). */
async function demoPageLink(url: string, key: string): Promise<string | undefined> {
  const res = await fetch(`${url}/v1/users/alice/tokens`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify({ ttlSeconds: 86_400 }) });
  if (!res.ok) return undefined;
  const { token } = (await res.json()) as { token: string };
  return `${url}/demo/leaderboard?board=xp&token=${token}`;
}

/**
 * Standalone mode: all five services in one process on one port. Kafka, Postgres and Redis are
 * embedded (in-process bus, PGlite, in-memory ranks) unless KAFKA_BROKERS / DATABASE_URL /
 * REDIS_URL point at real ones. Without QUESTLINE_ROOT_KEY a random root key is made per start.
 */
async function main() {
  const generatedRoot = !process.env.QUESTLINE_ROOT_KEY;
  if (generatedRoot) process.env.QUESTLINE_ROOT_KEY = `ql_root_${randomBytes(24).toString('base64url')}`;
  const rootKey = process.env.QUESTLINE_ROOT_KEY!;
  const modules = Object.values(SERVICES).flatMap((s) => s.modules);
  const { url, config } = await runService({ service: 'standalone', mode: 'standalone', defaultPort: STANDALONE_PORT, modules });
  const parts = [
    config.kafkaBrokers ? `kafka ${config.KAFKA_BROKERS}` : 'in-process bus',
    config.DATABASE_URL ? 'postgres (DATABASE_URL)' : 'embedded postgres (PGlite)',
    config.REDIS_URL ? 'redis (REDIS_URL)' : 'in-memory ranks',
  ];
  const key = await demoKey(url, rootKey, config.QUESTLINE_DATA_DIR);
  // A new idempotency key and the current time each run: the first curl always credits alice,
  // whatever the machine's clock and however often the demo is restarted.
  const run = Date.now().toString(36);
  const body = JSON.stringify({
    type: 'knowledge.answer.accepted',
    userId: 'bob',
    idempotencyKey: `demo-accept-${run}`,
    occurredAt: new Date().toISOString(),
    payload: { question_id: `q-${run}`, answer_id: `a-${run}`, answer_author_id: 'alice' },
  });
  if (!key) {
    // No demo tenant among the packs loaded (a product's own PACKS_DIR): say how to get a key for
    // one's own tenant instead of a demo that is not there (Askly trial #7).
    const mint = `curl -s -X POST ${url}/v1/admin/api-keys -H 'authorization: Bearer ${rootKey}' -H 'x-questline-tenant: <your tenant>' -H 'content-type: application/json' -d '{"name": "my-service", "scopes": ["events:write", "read"]}'`;
    process.stdout.write(
      [
        '',
        `Questline is running on ${url} (${parts.join(', ')}), without the demo pack "${DEMO_TENANT}" (not in PACKS_DIR).`,
        generatedRoot ? `Root key for this run (set QUESTLINE_ROOT_KEY to choose your own): ${rootKey}` : 'Root key: QUESTLINE_ROOT_KEY.',
        `API docs: ${url}/docs`,
        `Operator console: ${url}/console`,
        '',
        "An API key for one of your packs' tenants (the root key acts on the tenant it names):",
        '',
        `  ${mint}`,
        '',
      ].join('\n'),
    );
    return;
  }
  const auth = `-H 'authorization: Bearer ${key}'`;
  const demo = await demoPageLink(url, key);
  process.stdout.write(
    [
      '',
      `Questline is running on ${url} (${parts.join(', ')}) with the demo pack "${DEMO_TENANT}".`,
      generatedRoot ? `Root key for this run (set QUESTLINE_ROOT_KEY to choose your own): ${rootKey}` : 'Root key: QUESTLINE_ROOT_KEY.',
      `API key for tenant "${DEMO_TENANT}" (events:write, read): ${key}`,
      `API docs: ${url}/docs`,
      `Operator console: ${url}/console (sign in with the API key above; the root key with tenant "${DEMO_TENANT}" for admin pages)`,
      '',
      'Send a first event (bob accepts alice\'s answer: +50 XP to alice):',
      '',
      `  curl -s -X POST ${url}/v1/events -H 'content-type: application/json' ${auth} -d '${body}'`,
      '',
      'Then look at the event\'s status (its id is the one in the answer), the leaderboard, alice\'s profile and her notifications:',
      '',
      // The id is derived from the tenant and the idempotency key, so it is known before the answer.
      `  curl -s ${url}/v1/events/${canonicalEventId(DEMO_TENANT, `demo-accept-${run}`)} ${auth}`,
      `  curl -s ${url}/v1/leaderboards/xp ${auth}`,
      `  curl -s ${url}/v1/users/alice/profile ${auth}`,
      `  curl -s ${url}/v1/users/alice/notifications ${auth}`,
      '',
      ...(demo ? ["Watch it live: the xp board and alice's notifications, over Server-Sent Events (a user token for alice, valid a day, is in the link):", '', `  ${demo}`, ''] : []),
    ].join('\n'),
  );
}

void main().catch((err: unknown) => {
  process.stderr.write(`questline failed to start: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
