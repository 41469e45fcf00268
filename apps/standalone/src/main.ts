import './telemetry';
import { runService, SERVICES, STANDALONE_PORT } from '@questline/runtime';

/**
 * Standalone mode: all five services in one process on one port. Kafka, Postgres and Redis are
 * embedded (in-process bus, PGlite, in-memory ranks) unless KAFKA_BROKERS / DATABASE_URL /
 * REDIS_URL point at real ones.
 */
async function main() {
  const modules = Object.values(SERVICES).map((s) => s.module);
  const { url, config } = await runService({ service: 'standalone', mode: 'standalone', defaultPort: STANDALONE_PORT, modules });
  const parts = [
    config.kafkaBrokers ? `kafka ${config.KAFKA_BROKERS}` : 'in-process bus',
    config.DATABASE_URL ? 'postgres (DATABASE_URL)' : 'embedded postgres (PGlite)',
    config.REDIS_URL ? 'redis (REDIS_URL)' : 'in-memory ranks',
  ];
  const body = JSON.stringify({
    type: 'knowledge.answer.accepted',
    userId: 'bob',
    idempotencyKey: 'demo-accept-0001',
    occurredAt: '2026-11-23T10:00:00Z',
    payload: { question_id: 'q-1', answer_id: 'a-1', answer_author_id: 'alice' },
  });
  process.stdout.write(
    [
      '',
      `Questline is running on ${url} (${parts.join(', ')}) with the demo pack "tektree".`,
      'Send a first event (bob accepts alice\'s answer: +50 XP to alice):',
      '',
      `  curl -s -X POST ${url}/v1/events -H 'content-type: application/json' -H 'x-questline-tenant: tektree' -d '${body}'`,
      '',
      'Then look at the leaderboard, alice\'s profile and her notifications:',
      '',
      `  curl -s ${url}/v1/leaderboards/xp -H 'x-questline-tenant: tektree'`,
      `  curl -s ${url}/v1/users/alice/profile -H 'x-questline-tenant: tektree'`,
      `  curl -s ${url}/v1/users/alice/notifications -H 'x-questline-tenant: tektree'`,
      '',
    ].join('\n'),
  );
}

void main().catch((err: unknown) => {
  process.stderr.write(`questline failed to start: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
