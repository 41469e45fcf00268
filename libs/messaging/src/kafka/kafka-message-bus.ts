import { Kafka, logLevel, type Admin, type Consumer, type EachBatchPayload, type Producer } from 'kafkajs';
import type { TopicName } from '@questline/contracts';
import type {
  DeliveredMessage,
  Headers,
  MessageBus,
  OutgoingMessage,
  SubscribeOptions,
  Subscription,
} from '../message-bus.port';
import { injectTraceContext, withConsumerSpan } from '../trace-context';
import { redeliveryDelayMs, sleep } from '../retry';

export interface KafkaBusOptions {
  brokers: string[];
  clientId: string;
  /** Prepended to every topic and group id: isolates environments (or test runs) on one cluster. */
  namespace?: string;
  partitions?: number;
  log?: { warn(obj: object, msg: string): void; error(obj: object, msg: string): void };
}

/**
 * MessageBus over Apache Kafka with kafkajs.
 *
 * Why not @nestjs/microservices' ServerKafka: it is built around request/response patterns,
 * auto-commits offsets on its own schedule and hands messages over one at a time, so it cannot
 * express "commit this partition's offsets only after the database transaction for the whole batch
 * committed". Here each batch is handed to the handler and its offsets are committed afterwards.
 */
export class KafkaMessageBus implements MessageBus {
  private readonly kafka: Kafka;
  private readonly producer: Producer;
  private readonly admin: Admin;
  private producerReady?: Promise<void>;
  private readonly consumers = new Set<Consumer>();
  private readonly ns: string;
  private readonly partitions: number;

  constructor(private readonly options: KafkaBusOptions) {
    this.ns = options.namespace ?? '';
    this.partitions = options.partitions ?? 4;
    this.kafka = new Kafka({
      clientId: options.clientId,
      brokers: options.brokers,
      logLevel: logLevel.WARN,
      retry: { retries: 8, initialRetryTime: 200 },
      logCreator: () => ({ namespace, level, log }) => {
        if (level <= logLevel.ERROR) options.log?.error({ namespace, ...log }, `kafka: ${log.message}`);
        else if (level === logLevel.WARN) options.log?.warn({ namespace, ...log }, `kafka: ${log.message}`);
      },
    });
    // acks=all + idempotent producer: a retried send never duplicates a message in the log.
    this.producer = this.kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
    this.admin = this.kafka.admin();
  }

  private topicName(topic: string): string {
    return this.ns + topic;
  }

  async ensureTopics(topics: readonly TopicName[]): Promise<void> {
    await this.admin.connect();
    const existing = new Set(await this.admin.listTopics());
    const missing = topics.map((t) => this.topicName(t)).filter((t) => !existing.has(t));
    if (missing.length > 0) {
      await this.admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((topic) => ({ topic, numPartitions: this.partitions, replicationFactor: 1 })),
      });
    }
  }

  private connectProducer(): Promise<void> {
    this.producerReady ??= this.producer.connect().catch((err: unknown) => {
      this.producerReady = undefined;
      throw err;
    });
    return this.producerReady;
  }

  async publish<T extends TopicName>(topic: T, messages: OutgoingMessage<T>[]): Promise<void> {
    if (messages.length === 0) return;
    await this.connectProducer();
    await this.producer.send({
      topic: this.topicName(topic),
      acks: -1,
      messages: messages.map((m) => ({
        key: m.key,
        value: JSON.stringify(m.value),
        headers: injectTraceContext({ ...m.headers }),
      })),
    });
  }

  async subscribe<T extends TopicName>(options: SubscribeOptions<T>): Promise<Subscription> {
    const consumer = this.kafka.consumer({
      groupId: this.topicName(options.groupId),
      allowAutoTopicCreation: false,
      maxBytesPerPartition: 1024 * 1024,
      sessionTimeout: 30_000,
      heartbeatInterval: 3_000,
    });
    this.consumers.add(consumer);
    await consumer.connect();
    const topicByName = new Map(options.topics.map((t) => [this.topicName(t), t] as const));
    // fromBeginning: a brand-new group must not skip what was published before it joined.
    await consumer.subscribe({ topics: [...topicByName.keys()], fromBeginning: true });
    const maxBatch = options.maxBatchSize ?? 500;

    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.partitions,
      eachBatch: async (payload: EachBatchPayload) => {
        const { batch } = payload;
        const topic = topicByName.get(batch.topic);
        if (!topic) return;
        for (let start = 0; start < batch.messages.length; start += maxBatch) {
          if (!payload.isRunning() || payload.isStale()) return;
          const slice = batch.messages.slice(start, start + maxBatch);
          const delivered = slice.map((m) => decode<T>(topic, batch.partition, m));
          await this.handleWithRedelivery(options, delivered, payload);
          const last = slice[slice.length - 1]!;
          payload.resolveOffset(last.offset);
          // Commit only after the handler (and its database transaction) succeeded.
          await consumer.commitOffsets([
            { topic: batch.topic, partition: batch.partition, offset: (BigInt(last.offset) + 1n).toString() },
          ]);
          await payload.heartbeat();
        }
      },
    });

    return {
      close: async () => {
        this.consumers.delete(consumer);
        await consumer.disconnect();
      },
    };
  }

  /** At-least-once: a failing batch is retried in place (with backoff) until it succeeds or we lose the partition. */
  private async handleWithRedelivery<T extends TopicName>(
    options: SubscribeOptions<T>,
    delivered: DeliveredMessage<T>[],
    payload: EachBatchPayload,
  ): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        const first = delivered[0]!;
        await withConsumerSpan(
          `${first.topic} process`,
          first.headers,
          { 'messaging.system': 'kafka', 'messaging.destination.name': first.topic, 'messaging.batch.message_count': delivered.length },
          () => options.handler(delivered),
        );
        return;
      } catch (err) {
        this.options.log?.error(
          { err, topic: delivered[0]?.topic, partition: delivered[0]?.partition, attempt, group: options.groupId },
          'batch handler failed; redelivering',
        );
        if (!payload.isRunning() || payload.isStale()) throw err;
        await sleep(redeliveryDelayMs(attempt));
        await payload.heartbeat();
      }
    }
  }

  async isHealthy(): Promise<boolean> {
    try {
      await this.admin.connect();
      await this.admin.describeCluster();
      return true;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    await Promise.allSettled([...this.consumers].map((c) => c.disconnect()));
    this.consumers.clear();
    await Promise.allSettled([this.producer.disconnect(), this.admin.disconnect()]);
  }
}

function decode<T extends TopicName>(
  topic: T,
  partition: number,
  m: { key: Buffer | null; value: Buffer | null; offset: string; headers?: Record<string, unknown> },
): DeliveredMessage<T> {
  const headers: Headers = {};
  for (const [k, v] of Object.entries(m.headers ?? {})) {
    if (v !== undefined && v !== null) headers[k] = Buffer.isBuffer(v) ? v.toString('utf8') : String(v);
  }
  return {
    topic,
    partition,
    offset: m.offset,
    key: m.key?.toString('utf8') ?? '',
    value: JSON.parse(m.value?.toString('utf8') ?? 'null'),
    headers,
  };
}
