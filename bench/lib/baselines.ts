import { performance } from 'node:perf_hooks';
import Fastify from 'fastify';
import Redis from 'ioredis';
import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import { summarize, type Summary } from './stats';

/** A bare Fastify server that takes the same JSON body as POST /v1/events and answers 202. */
export async function startBareFastify(): Promise<{ url: string; close(): Promise<void> }> {
  const app = Fastify({ bodyLimit: 1024 * 1024 });
  app.post('/v1/events', async (req, reply) => reply.code(202).send({ id: (req.body as { idempotencyKey?: string }).idempotencyKey, status: 'queued' }));
  app.post('/v1/events/batch', async (req, reply) => {
    const events = (req.body as { events: { idempotencyKey?: string }[] }).events;
    return reply.code(202).send({ accepted: events.length, results: events.map((e, index) => ({ index, id: e.idempotencyKey, status: 'queued' })) });
  });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  return { url, close: () => app.close() };
}

/** Raw pg: batched INSERT ... SELECT FROM unnest of `rows` ledger-shaped rows into a scratch table. */
export async function rawPgInsert(url: string, rows: number, batch = 500): Promise<{ rowsPerSec: number }> {
  const c = new Client({ connectionString: url });
  await c.connect();
  const table = `bench_raw_${process.pid}`;
  await c.query(`CREATE UNLOGGED TABLE IF NOT EXISTS ${table} (id bigserial primary key, tenant_id text, user_id text, currency text, amount bigint, idempotency_key text unique, occurred_at timestamptz)`);
  const t0 = performance.now();
  for (let start = 0; start < rows; start += batch) {
    const n = Math.min(batch, rows - start);
    const ids = Array.from({ length: n }, (_, i) => `k-${start + i}`);
    await c.query('BEGIN');
    await c.query(
      `INSERT INTO ${table} (tenant_id, user_id, currency, amount, idempotency_key, occurred_at)
       SELECT 'bench', u, 'xp', 50, k, now() FROM unnest($1::text[], $2::text[]) AS t(u, k) ON CONFLICT DO NOTHING`,
      [ids.map((_, i) => `u-${(start + i) % 1000}`), ids],
    );
    await c.query('COMMIT');
  }
  const seconds = (performance.now() - t0) / 1000;
  await c.query(`DROP TABLE ${table}`);
  await c.end();
  return { rowsPerSec: rows / seconds };
}

/** Raw redis: ZINCRBY on one sorted set, pipelined in chunks of 100. */
export async function rawRedisZincrby(url: string, ops: number): Promise<{ opsPerSec: number }> {
  const r = new Redis(url);
  const key = `bench:raw:${process.pid}`;
  const t0 = performance.now();
  for (let start = 0; start < ops; start += 100) {
    const p = r.pipeline();
    for (let i = start; i < Math.min(ops, start + 100); i++) p.zincrby(key, 50, `u-${i % 10000}`);
    await p.exec();
  }
  const seconds = (performance.now() - t0) / 1000;
  await r.del(key);
  await r.quit();
  return { opsPerSec: ops / seconds };
}

/** Bare kafkajs: produce `messages` (acks=all, batches of 100) to a topic of `partitions` and consume them; rate and produce→consume latency. */
export async function rawKafka(brokers: string[], messages: number, partitions = 4): Promise<{ producePerSec: number; endToEndPerSec: number; latency: Summary }> {
  const kafka = new Kafka({ clientId: 'bench-raw', brokers, logLevel: logLevel.NOTHING });
  const topic = `bench.raw.${process.pid}.${Date.now()}`;
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: partitions, replicationFactor: 1 }] });
  const consumer = kafka.consumer({ groupId: `${topic}.g` });
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  const latencies: number[] = [];
  let seen = 0;
  let allSeen!: () => void;
  const done = new Promise<void>((r) => (allSeen = r));
  await consumer.run({
    eachBatch: async ({ batch }) => {
      const now = Date.now();
      for (const m of batch.messages) latencies.push(now - Number(m.timestamp));
      seen += batch.messages.length;
      if (seen >= messages) allSeen();
    },
  });
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  const body = JSON.stringify({ type: 'knowledge.answer.accepted', payload: { question_id: 'q', answer_id: 'a', answer_author_id: 'alice' } });
  const t0 = performance.now();
  for (let start = 0; start < messages; start += 100) {
    const n = Math.min(100, messages - start);
    await producer.send({ topic, acks: -1, messages: Array.from({ length: n }, (_, i) => ({ key: `u-${start + i}`, value: body })) });
  }
  const produceSeconds = (performance.now() - t0) / 1000;
  await Promise.race([done, new Promise((r) => setTimeout(r, 60_000))]);
  const totalSeconds = (performance.now() - t0) / 1000;
  await producer.disconnect();
  await consumer.disconnect();
  await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
  await admin.disconnect();
  return { producePerSec: messages / produceSeconds, endToEndPerSec: seen / totalSeconds, latency: summarize(latencies) };
}
