// The SDK smoke script. test/e2e/sdk-package.e2e-spec.ts copies it into a scratch project outside
// the repository that installed the packed @questline/sdk tarball, compiles it there with strict
// TypeScript against the package's own declarations, and runs it against a live platform. It
// sends, reads and spends through the generated types, and publishes through the Kafka helper.
// Prints one JSON line with what it saw.
import { Kafka, logLevel } from 'kafkajs';
import { QuestlineClient, createQuestlineApi, type Schemas } from '@questline/sdk';
import { QuestlineKafkaProducer, loadRegistry } from '@questline/sdk/kafka';

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
};
const baseUrl = env('QUESTLINE_URL');
const apiKey = env('QUESTLINE_API_KEY');
const tenantId = env('QUESTLINE_TENANT');
const user = `smoke-${Date.now().toString(36)}`;

async function until<T>(what: string, read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function main() {
  const questline = new QuestlineClient({ baseUrl, apiKey, batch: { maxEvents: 2, maxDelayMs: 200 } });
  const api = createQuestlineApi({ baseUrl, apiKey });

  // Send: one event at once, two batched (the tektree pack: +50 xp for an accepted answer, +10 per answer).
  const occurredAt = new Date();
  const answer = (i: number) => ({ answer_id: `a${i}-${user}`, question_id: `q${i}-${user}`, answer_author_id: user });
  const sent = await questline.send({ type: 'knowledge.answer.accepted', userId: 'asker', occurredAt, payload: answer(0) });
  const tracked = await Promise.all([1, 2].map((i) => questline.track({ type: 'knowledge.answer.submitted', userId: user, occurredAt, payload: answer(i) })));
  const { question_id: _missing, ...incomplete } = answer(3);
  const rejected = await questline
    .track({ type: 'knowledge.answer.submitted', userId: user, occurredAt, payload: incomplete })
    .then(() => null, (err: { problem?: Schemas['ProblemDetails'] }) => err.problem ?? null);
  await questline.close();
  for (const { id } of [sent, ...tracked]) await until(`event ${id}`, () => questline.getEvent(id), (e) => e.status === 'processed');

  // Read through the generated types: path, query and response are all typed.
  const profile = await until(
    'the profile',
    async () => (await api.GET('/v1/users/{userId}/profile', { params: { path: { userId: user } } })).data,
    (p) => (p?.balances['xp']?.lifetime ?? 0) >= 70,
  );
  const board = await api.GET('/v1/leaderboards/{board}', { params: { path: { board: 'xp' }, query: { limit: 50 } } });
  const onBoard: Schemas['LeaderboardPage']['entries'][number] | undefined = board.data?.entries.find((e) => e.userId === user);

  // Spend with an Idempotency-Key header; the same key again is a replay.
  const spendKey = `spend-${user}`;
  const spend = () =>
    api.POST('/v1/users/{userId}/spend', {
      params: { path: { userId: user }, header: { 'Idempotency-Key': spendKey } },
      body: { currency: 'xp', amount: 20, reason: 'smoke test' },
    });
  const first = await spend();
  const again = await spend();
  const overdraft = await api.POST('/v1/users/{userId}/spend', {
    params: { path: { userId: user }, header: { 'Idempotency-Key': `${spendKey}-2` } },
    body: { currency: 'xp', amount: 1_000_000, reason: 'too much' },
  });

  // The compiler refuses what the API refuses: a missing path parameter, an unknown route.
  // @ts-expect-error `board` is a required path parameter
  void (() => api.GET('/v1/leaderboards/{board}', { params: { path: {} } }));
  // @ts-expect-error there is no such route
  void (() => api.GET('/v1/no-such-route'));

  // Kafka: validated before publish, sent to the real inbound topic with the tenant header.
  const kafka = new Kafka({ clientId: 'sdk-smoke', brokers: env('KAFKA_BROKERS').split(','), logLevel: logLevel.NOTHING });
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  let viaKafka: { eventId: string; status: string } | null = null;
  let kafkaRefused: string | null = null;
  try {
    const helper = new QuestlineKafkaProducer({
      producer,
      registry: loadRegistry(env('EVENT_SCHEMAS')),
      tenantId,
      namespace: 'tektree',
      dialects: ['canonical', 'tektree', 'cloudevents'],
      stripTypePrefixes: ['com.tektree.'],
      topic: process.env['KAFKA_TOPIC'],
    });
    await helper.send([{ type: 'knowledge.answer.submitted', userId: user, idempotencyKey: `refused-${user}`, occurredAt: new Date().toISOString(), payload: incomplete }]).catch((err: { errors?: { pointer: string }[] }) => {
      kafkaRefused = err.errors?.[0]?.pointer ?? 'refused';
    });
    const { messages } = await helper.send([{ type: 'knowledge.answer.submitted', userId: user, idempotencyKey: `kafka-${user}`, occurredAt: new Date().toISOString(), payload: answer(4) }]);
    const eventId = messages[0]!.eventId;
    const record = await until(
      'the Kafka event',
      async () => (await api.GET('/v1/events/{id}', { params: { path: { id: eventId } } })).data,
      (e) => e?.status === 'processed',
    );
    viaKafka = { eventId, status: record!.status };
  } finally {
    await producer.disconnect();
  }
  const after = (await api.GET('/v1/users/{userId}/profile', { params: { path: { userId: user } } })).data;

  process.stdout.write(
    `${JSON.stringify({
      user,
      sent: { status: sent.status, duplicate: sent.duplicate },
      tracked: tracked.length,
      rejected: rejected && { code: rejected.code, pointers: rejected.errors?.map((e) => e.pointer) },
      lifetime: profile?.balances['xp']?.lifetime,
      rank: onBoard?.rank ?? null,
      spend: { status: first.response.status, replayed: first.data?.replayed, spendable: first.data?.balance.spendable },
      again: { status: again.response.status, replayed: again.data?.replayed },
      overdraft: { status: overdraft.response.status, code: overdraft.error?.code },
      viaKafka,
      kafkaRefused,
      lifetimeAfterKafka: after?.balances['xp']?.lifetime,
    })}\n`,
  );
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
