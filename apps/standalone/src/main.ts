import './telemetry';
import { randomBytes } from 'node:crypto';
import { runService, SERVICES, STANDALONE_PORT } from '@questline/runtime';

const DEMO_TENANT = 'tektree';
const DEMO_KEY_NAME = 'standalone demo';

/** Mints a fresh demo key for the demo tenant (revoking the previous run's) through the admin API. */
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
  const demoKey = await mintDemoKey(url, rootKey);
  const body = JSON.stringify({
    type: 'knowledge.answer.accepted',
    userId: 'bob',
    idempotencyKey: 'demo-accept-0001',
    occurredAt: '2026-11-23T10:00:00Z',
    payload: { question_id: 'q-1', answer_id: 'a-1', answer_author_id: 'alice' },
  });
  const auth = `-H 'authorization: Bearer ${demoKey ?? '<api key>'}'`;
  process.stdout.write(
    [
      '',
      `Questline is running on ${url} (${parts.join(', ')}) with the demo pack "${DEMO_TENANT}".`,
      generatedRoot ? `Root key for this run (set QUESTLINE_ROOT_KEY to choose your own): ${rootKey}` : 'Root key: QUESTLINE_ROOT_KEY.',
      demoKey ? `API key for tenant "${DEMO_TENANT}" (events:write, read), minted for this run: ${demoKey}` : '',
      `API docs: ${url}/docs`,
      '',
      'Send a first event (bob accepts alice\'s answer: +50 XP to alice):',
      '',
      `  curl -s -X POST ${url}/v1/events -H 'content-type: application/json' ${auth} -d '${body}'`,
      '',
      'Then look at the event\'s status, the leaderboard, alice\'s profile and her notifications:',
      '',
      `  curl -s ${url}/v1/events/<id from the answer> ${auth}`,
      `  curl -s ${url}/v1/leaderboards/xp ${auth}`,
      `  curl -s ${url}/v1/users/alice/profile ${auth}`,
      `  curl -s ${url}/v1/users/alice/notifications ${auth}`,
      '',
    ].join('\n'),
  );
}

void main().catch((err: unknown) => {
  process.stderr.write(`questline failed to start: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
