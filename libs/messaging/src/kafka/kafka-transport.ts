import type { ConnectionOptions } from 'node:tls';
import { Kafka, logLevel, type Message, type SASLOptions, type Admin, type Consumer, type EachBatchPayload, type KafkaMessage, type Producer } from 'kafkajs';
import type { ConsumeOptions, ConsumerLag, Headers, RawDelivered, RawOutgoing, Subscription, Transport } from '../transport.port';
import { MAX_MESSAGE_BYTES, MessageTooLargeError, messageBytes, msUntilDue } from '../transport.port';
import { PartitionWatch, type SkipRequest, type StalledPartition } from '../partition-watch';
import { injectTraceContext } from '../trace-context';
import { redeliveryDelayMs, sleep } from '../retry';
import { isUnavailable, producerStateError } from '../reliable/classify-error';
import { partitionFor } from '../partitioner';
import { CorruptPackError, PACK_HEADER, packMessages, unpackMessages } from './pack';

export interface KafkaTransportOptions {
  brokers: string[];
  clientId: string;
  /** Prepended to every topic and group id: isolates environments (or test runs) on one cluster. */
  namespace?: string;
  partitions?: number;
  /** How long the group waits for a silent member before giving its partitions to others (default 30 s; tests shorten it). */
  sessionTimeoutMs?: number;
  /**
   * A send that has not been acknowledged after this long fails (retryable) and its producer is
   * replaced. Default 60 s: kafkajs bounds each request, but a producer can stay wedged after a
   * broker restart (a suspected cause of the partition that stopped until its instance was killed).
   */
  sendTimeoutMs?: number;
  /**
   * Topics whose messages are sent packed, many per Kafka record (pack.ts). Consumers unpack any
   * packed record whatever this says, so turn it on only once every consumer runs a release that
   * reads packs (a rolling upgrade: readers first).
   */
  pack?: (topic: string) => boolean;
  /**
   * Topics whose packed records are unpacked (default: those `pack` covers). Only the platform's own
   * topics: a record on a topic tenants write to is never unpacked, whatever its headers say.
   */
  packable?: (topic: string) => boolean;
  /** TLS (SSL, SASL_SSL) and SASL credentials, as kafkajs takes them. */
  ssl?: ConnectionOptions;
  sasl?: { mechanism: 'scram-sha-512' | 'scram-sha-256' | 'plain'; username: string; password: string };
  log?: { debug?(obj: object, msg: string): void; warn(obj: object, msg: string): void; error(obj: object, msg: string): void };
}

const TRANSIENT = /Topic creation errors|Response CreateTopics|Response Metadata|no leader|LEADER_NOT_AVAILABLE|does not host this topic-partition|not the leader for that topic-partition|group is rebalancing|coordinator is (loading|not available)|Restarting the consumer/i;

/**
 * Transport over Apache Kafka with kafkajs.
 *
 * Why not @nestjs/microservices' ServerKafka: it is built around request/response patterns,
 * auto-commits offsets on its own schedule and hands messages over one at a time, so it cannot
 * express "commit this partition's offsets only after the database transaction for the whole batch
 * committed". Here each batch is handed to the handler and its offsets are committed afterwards.
 */
export class KafkaTransport implements Transport {
  private readonly kafka: Kafka;
  /** One idempotent producer per topic: sends to different topics never wait for each other. */
  private readonly producers = new Map<string, { producer: Producer; ready?: Promise<void> }>();
  /** Replaced after a failure: a kafkajs admin can stay refused ("ECONNREFUSED", metadata timeouts) after the broker is back. */
  private adminClient: AdminClient;
  private readonly consumers = new Set<Consumer>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly ns: string;
  private readonly partitions: number;
  private readonly known = new Set<string>();
  private readonly watch = new PartitionWatch();
  private readonly partitionCounts = new Map<string, { count: number; at: number }>();
  /** The topics each consumer group of this process reads (consumer lag). */
  private readonly groups = new Map<string, Set<string>>();
  private lagCache?: { at: number; lag: Promise<ConsumerLag[]> };

  constructor(private readonly options: KafkaTransportOptions) {
    this.ns = options.namespace ?? '';
    this.partitions = options.partitions ?? 4;
    this.kafka = new Kafka({
      clientId: options.clientId,
      brokers: options.brokers,
      ...(options.ssl ? { ssl: options.ssl } : {}),
      ...(options.sasl ? { sasl: options.sasl as SASLOptions } : {}),
      logLevel: logLevel.WARN,
      retry: { retries: 8, initialRetryTime: 200 },
      logCreator: () => ({ namespace, level, log }) => {
        // Our producers bound their retries on purpose (a send fails and the caller answers 5xx
        // rather than hanging); kafkajs warns about that once per producer.
        if (log.message.startsWith('Limiting retries for the idempotent producer')) return;
        // What kafkajs logs as an error but retries on its own (topics being created by a service
        // starting beside this one, a partition without a leader yet, a rebalance): the retry either
        // passes or surfaces as a real error. Logged at debug, so a fresh start is quiet.
        if (TRANSIENT.test(`${log.message} ${String((log as { error?: unknown }).error ?? '')}`)) return void options.log?.debug?.({ namespace, ...log }, `kafka: ${log.message}`);
        if (level <= logLevel.ERROR) options.log?.error({ namespace, ...log }, `kafka: ${log.message}`);
        else if (level === logLevel.WARN) options.log?.warn({ namespace, ...log }, `kafka: ${log.message}`);
      },
    });
    this.adminClient = { admin: this.kafka.admin(), users: 0, retired: false };
  }

  private topicName(topic: string): string {
    return this.ns + topic;
  }

  /**
   * Runs `fn` with the connected admin client. If it fails, that client is dropped and the next call
   * connects a new one (each kafkajs client has its own cluster state): after a broker restart an
   * admin was seen failing every request with ECONNREFUSED or metadata timeouts long after the broker
   * was back, which left a service not ready and its topic creation failing until it was killed.
   */
  private async withAdmin<T>(fn: (admin: Admin) => Promise<T>): Promise<T> {
    const client = this.adminClient;
    client.users++;
    try {
      if (!client.ready) {
        const connecting = client.admin.connect();
        client.ready = connecting;
        // A failed connect is tried again by the next call, whatever the error.
        connecting.catch(() => {
          if (client.ready === connecting) client.ready = undefined;
        });
      }
      await client.ready;
      return await fn(client.admin);
    } catch (err) {
      // Retired, not closed: calls still using it finish first (the last one disconnects it).
      if (this.adminClient === client && isUnavailable(err)) {
        this.adminClient = { admin: this.kafka.admin(), users: 0, retired: false };
        client.retired = true;
      }
      throw err;
    } finally {
      client.users--;
      if (client.retired && client.users === 0) void client.admin.disconnect().catch(() => undefined);
    }
  }

  async ensureTopics(topics: readonly string[]): Promise<void> {
    const wanted = [...new Set(topics.map((t) => this.topicName(t)).filter((t) => !this.known.has(t)))];
    if (wanted.length === 0) return;
    await this.withAdmin((admin) => this.createMissing(admin, wanted));
    for (const t of wanted) this.known.add(t);
  }

  private async createMissing(admin: Admin, wanted: string[]): Promise<void> {
    await retryWhileRetriable(async () => {
      // Metadata of the whole cluster fails while ANY topic is being created (by another service
      // starting at the same time): those errors are retriable, so retry until they clear.
      const existing = new Set(await admin.listTopics());
      const missing = wanted.filter((t) => !existing.has(t));
      if (missing.length === 0) return;
      try {
        await admin.createTopics({
          waitForLeaders: true,
          topics: missing.map((topic) => ({ topic, numPartitions: this.partitions, replicationFactor: 1 })),
        });
      } catch (err) {
        // Another process created some of them first: fine as long as they all exist now.
        const now = new Set(await admin.listTopics());
        if (missing.some((t) => !now.has(t))) throw err;
      }
    });
    // Also for topics that already existed: another process may have created them a moment ago.
    await this.waitForLeaders(admin, wanted);
  }

  /** Topics another process is still creating may not have leaders yet: wait (up to 30 s) until they do. */
  private async waitForLeaders(admin: Admin, topics: string[]): Promise<void> {
    const deadline = Date.now() + 30_000;
    for (;;) {
      try {
        const { topics: meta } = await admin.fetchTopicMetadata({ topics });
        if (meta.every((t) => t.partitions.length > 0 && t.partitions.every((p) => p.leader >= 0))) return;
      } catch (err) {
        if (Date.now() > deadline) throw err;
      }
      if (Date.now() > deadline) throw new Error(`Kafka topics without leaders after 30 s: ${topics.join(', ')}`);
      await sleep(200);
    }
  }

  /**
   * acks=all + idempotent with one request in flight: a retried send never duplicates or reorders
   * messages in the log. Idempotence is per producer and partition, so a producer per topic keeps
   * that guarantee while letting the ingest path and each consumer's outputs proceed in parallel.
   */
  private async producerFor(topic: string): Promise<Producer> {
    let entry = this.producers.get(topic);
    if (!entry) {
      entry = { producer: this.kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false }) };
      this.producers.set(topic, entry);
    }
    const e = entry;
    e.ready ??= e.producer.connect().catch((err: unknown) => {
      // A producer whose connect failed is not reused: the next send starts from a new client.
      if (this.producers.get(topic) === e) this.producers.delete(topic);
      void e.producer.disconnect().catch(() => undefined);
      throw err;
    });
    await e.ready;
    return e.producer;
  }

  /**
   * Drops a wedged producer: the next send connects a new one (a new producer id, so the broker's
   * sequence state for the old one no longer matters). A message the old one did deliver after
   * all is a duplicate the consumers' idempotency keys absorb.
   */
  private replaceProducer(topic: string, wedged: Producer, why: string): void {
    const entry = this.producers.get(topic);
    if (entry?.producer === wedged) this.producers.delete(topic);
    this.options.log?.warn({ topic, why }, 'kafka: a producer is replaced');
    // Other sends may still be using it (one producer per topic, several partitions in flight): it is
    // closed once they have had their send timeout to finish.
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      void wedged.disconnect().catch(() => undefined);
    }, this.options.sendTimeoutMs ?? 60_000);
    timer.unref();
    this.timers.add(timer);
  }

  /**
   * kafkajs puts all of one call's messages for a partition into ONE record batch, and the broker
   * refuses a batch over message.max.bytes even when every message is small: so a call is split
   * into sends of at most SEND_CHUNK_BYTES, in order (one request in flight keeps the order).
   */
  async send(topic: string, messages: RawOutgoing[]): Promise<void> {
    if (messages.length === 0) return;
    for (const m of messages) {
      const size = messageBytes(m);
      if (size > MAX_MESSAGE_BYTES) throw new MessageTooLargeError(topic, size);
    }
    const records = this.options.pack?.(topic)
      ? await this.packRecords(topic, messages)
      : messages.map((m) => ({ record: { key: m.key, value: m.value, headers: injectTraceContext({ ...m.headers }) } as Message, bytes: messageBytes(m) }));
    const producer = await this.producerFor(topic);
    let chunk: Message[] = [];
    let bytes = 0;
    const flush = async () => {
      if (chunk.length === 0) return;
      const out = chunk;
      chunk = [];
      bytes = 0;
      const timeoutMs = this.options.sendTimeoutMs ?? 60_000;
      let timer: NodeJS.Timeout | undefined;
      try {
        await Promise.race([
          producer.send({
            topic: this.topicName(topic),
            acks: -1,
            messages: out,
          }),
          new Promise<never>((_, reject) => {
            timer = setTimeout(() => reject(new KafkaSendTimeoutError(topic, timeoutMs)), timeoutMs);
          }),
        ]);
      } catch (err) {
        if (isTooLarge(err)) throw new MessageTooLargeError(topic);
        // After a broker restart the broker can lose or disagree with this producer's sequence
        // numbers; kafkajs never recovers from that (tulios/kafkajs#598: every later send fails the
        // same way, or retries until the timeout), and a client can keep failing with refused
        // connections after the broker is back. Any other failed send therefore drops the producer:
        // the next send connects a fresh one (a new producer id starts a clean sequence).
        const why = err instanceof KafkaSendTimeoutError ? 'a send was not acknowledged in time' : (producerStateError(err) ?? (isUnavailable(err) ? `a send failed: ${(err as Error)?.message}` : undefined));
        if (why) this.replaceProducer(topic, producer, why);
        throw err;
      } finally {
        if (timer) clearTimeout(timer);
      }
    };
    for (const { record, bytes: size } of records) {
      if (bytes + size > SEND_CHUNK_BYTES) await flush();
      chunk.push(record);
      bytes += size;
    }
    await flush();
  }

  /**
   * Packs a send's messages (see pack.ts): per partition (Kafka's own partitioner on each key, so a
   * key lands where an unpacked message would), in order, up to PACK_MAX_MESSAGES or
   * PACK_MAX_BYTES per record. A message over PACK_ALONE_BYTES travels alone, unpacked (a dead
   * letter that keeps a reference to its original then points at a record of its own).
   */
  private async packRecords(topic: string, messages: RawOutgoing[]): Promise<{ record: Message; bytes: number }[]> {
    const partitions = await this.partitionCount(topic);
    const out: { record: Message; bytes: number }[] = [];
    const open = new Map<number, { messages: RawOutgoing[]; bytes: number }>();
    const close = (partition: number) => {
      const group = open.get(partition);
      if (!group) return;
      open.delete(partition);
      const value = packMessages(group.messages);
      out.push({ record: { partition, key: group.messages[0]!.key, value, headers: { [PACK_HEADER]: '1' } }, bytes: value.length + 64 });
    };
    // One send runs in one trace context: its headers are the same for every message.
    const trace = injectTraceContext({});
    for (const m of messages) {
      const partition = partitionFor(m.key, partitions);
      const traced: RawOutgoing = { key: m.key, value: m.value, headers: Object.assign({}, m.headers, trace) };
      const size = messageBytes(traced);
      if (size > PACK_ALONE_BYTES) {
        close(partition);
        out.push({ record: { partition, key: m.key, value: m.value, headers: traced.headers }, bytes: size });
        continue;
      }
      let group = open.get(partition);
      if (group && (group.messages.length >= PACK_MAX_MESSAGES || group.bytes + size > PACK_MAX_BYTES)) {
        close(partition);
        group = undefined;
      }
      if (!group) open.set(partition, (group = { messages: [], bytes: 0 }));
      group.messages.push(traced);
      group.bytes += size + 12;
    }
    for (const partition of [...open.keys()]) close(partition);
    return out;
  }

  /** A topic's partition count, from the broker; re-read every 5 minutes, as kafkajs refreshes its metadata (an operator may add partitions). */
  private async partitionCount(topic: string): Promise<number> {
    const known = this.partitionCounts.get(topic);
    if (known !== undefined && Date.now() - known.at < PARTITION_COUNT_MAX_AGE_MS) return known.count;
    const count = await this.withAdmin(async (admin) => {
      const { topics } = await admin.fetchTopicMetadata({ topics: [this.topicName(topic)] });
      return topics[0]?.partitions.length ?? 0;
    });
    if (count <= 0) throw new Error(`no partitions known for ${topic}`);
    this.partitionCounts.set(topic, { count, at: Date.now() });
    return count;
  }

  stalled(minMs = 0): StalledPartition[] {
    return this.watch.stalled(minMs);
  }

  skip(request: SkipRequest): void {
    this.watch.requestSkip(request);
  }

  /**
   * Consumer lag of this process's groups, from the broker: per group and topic, the end offsets
   * minus the committed ones (a partition never committed counts from its first offset). Every
   * instance of a group reports the same figure. Cached 5 s: a scrape costs two admin requests per
   * group and topic at most.
   */
  consumerLag(): Promise<ConsumerLag[]> {
    if (this.lagCache && Date.now() - this.lagCache.at < 5_000) return this.lagCache.lag;
    const lag = this.withAdmin(async (admin) => {
      const out: ConsumerLag[] = [];
      // One request per group for its committed offsets, one per topic for its end offsets. A group
      // or topic the broker does not answer for (a coordinator still loading, a retry topic not
      // created yet) is left out; the others are still reported.
      const endsOf = new Map<string, ReturnType<Admin['fetchTopicOffsets']>>();
      let failures = 0;
      let lastError: unknown;
      for (const [groupId, topics] of this.groups) {
        const names = [...topics].map((t) => this.topicName(t));
        const committed = await admin.fetchOffsets({ groupId: this.topicName(groupId), topics: names }).catch((err: unknown) => {
          failures++;
          lastError = err;
          return [];
        });
        for (const { topic, partitions } of committed) {
          if (!endsOf.has(topic)) endsOf.set(topic, admin.fetchTopicOffsets(topic));
          const ends = await endsOf.get(topic)!.catch((err: unknown) => {
            failures++;
            lastError = err;
            return undefined;
          });
          if (!ends) continue;
          const byPartition = new Map(partitions.map((p) => [p.partition, Number(p.offset)]));
          let total = 0;
          for (const e of ends) {
            const at = byPartition.get(e.partition) ?? -1;
            total += Math.max(0, Number(e.high) - (at >= 0 ? at : Number(e.low)));
          }
          out.push({ groupId, topic: topic.slice(this.ns.length), lag: total });
        }
      }
      // Nothing answered: the broker is away (the scrape leaves the series out; readiness says why).
      if (out.length === 0 && failures > 0) throw lastError;
      return out;
    });
    this.lagCache = { at: Date.now(), lag };
    lag.catch(() => (this.lagCache = undefined));
    return lag;
  }

  async consume(options: ConsumeOptions): Promise<Subscription> {
    const groupTopics = this.groups.get(options.groupId) ?? new Set<string>();
    for (const t of options.topics) groupTopics.add(t);
    this.groups.set(options.groupId, groupTopics);
    const forgetTopics = () => {
      for (const t of options.topics) groupTopics.delete(t);
      if (groupTopics.size === 0) this.groups.delete(options.groupId);
    };
    const state: { consumer?: Consumer; closed: boolean } = { closed: false };
    const start = async (): Promise<void> => {
      const consumer = this.kafka.consumer({
        groupId: this.topicName(options.groupId),
        allowAutoTopicCreation: false,
        maxBytesPerPartition: 1024 * 1024,
        sessionTimeout: this.options.sessionTimeoutMs ?? 30_000,
        heartbeatInterval: Math.max(500, Math.floor((this.options.sessionTimeoutMs ?? 30_000) / 10)),
        // An idle fetch returns after 1 s (kafkajs waits 5 s): disconnecting waits for the fetch in
        // flight, and a service closes several consumers on shutdown.
        maxWaitTimeInMs: 1_000,
      });
      state.consumer = consumer;
      this.consumers.add(consumer);
      // kafkajs restarts a crashed consumer only after retriable errors; any other crash would leave
      // this group's partitions unconsumed for good (a silent stall). Start a new consumer instead.
      consumer.on(consumer.events.CRASH, (event) => {
        if (event.payload.restart || state.closed) return;
        this.options.log?.error({ err: event.payload.error, group: options.groupId }, 'consumer crashed and will not restart itself; starting a new one');
        this.consumers.delete(consumer);
        const timer = setTimeout(() => {
          this.timers.delete(timer);
          void this.restartUntilRunning(state, start, options.groupId);
        }, 1_000);
        this.timers.add(timer);
      });
      await this.run(consumer, options);
    };
    await start();
    return {
      close: async () => {
        state.closed = true;
        forgetTopics();
        if (state.consumer) {
          this.consumers.delete(state.consumer);
          await state.consumer.disconnect();
        }
        this.watch.release(options.groupId);
      },
    };
  }

  private async restartUntilRunning(state: { closed: boolean }, start: () => Promise<void>, groupId: string): Promise<void> {
    for (let attempt = 1; !state.closed; attempt++) {
      try {
        await start();
        return;
      } catch (err) {
        this.options.log?.error({ err, group: groupId, attempt }, 'could not start the consumer again; retrying');
        await sleep(redeliveryDelayMs(attempt));
      }
    }
  }

  private async run(consumer: Consumer, options: ConsumeOptions): Promise<void> {
    await consumer.connect();
    const topicByName = new Map(options.topics.map((t) => [this.topicName(t), t] as const));
    // fromBeginning: a brand-new group must not skip what was published before it joined.
    // Metadata of topics another process just created can lag for a moment.
    await retryWhileRetriable(() => consumer.subscribe({ topics: [...topicByName.keys()], fromBeginning: true }));
    // After a rebalance, a partition that went to another member is no longer stalled here (its
    // stall would otherwise fail this instance's readiness for good).
    consumer.on(consumer.events.GROUP_JOIN, (event) => {
      const owned = new Set(Object.entries(event.payload.memberAssignment).flatMap(([t, partitions]) => partitions.map((p) => `${topicByName.get(t) ?? t}\u0000${p}`)));
      this.watch.release(options.groupId, (topic, partition) => owned.has(`${topic}\u0000${partition}`));
    });
    const maxBatch = options.maxBatchSize ?? 500;
    const packable = this.options.packable ?? this.options.pack;
    const unpack = (t: string) => packable?.(t) ?? false;

    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: Math.max(this.partitions, options.topics.length),
      eachBatch: async (payload: EachBatchPayload) => {
        const { batch } = payload;
        const topic = topicByName.get(batch.topic);
        if (!topic) return;
        let start = 0;
        while (start < batch.messages.length) {
          if (!payload.isRunning() || payload.isStale()) return;
          // Take whole records (a packed one holds many messages) up to maxBatch messages that are
          // due; stop at the first one that is not. Offsets are committed per record, so a packed
          // record is handled whole or not at all.
          const delivered: RawDelivered[] = [];
          let records = 0;
          let waitMs = 0;
          for (let i = start; i < batch.messages.length; i++) {
            const messages = decodeRecord(topic, batch.partition, batch.messages[i]!, unpack);
            // Whole records only, and at most maxBatch messages unless one record alone holds more.
            if (records > 0 && delivered.length + messages.length > maxBatch) break;
            const wait = msUntilDue(messages[0]!.headers);
            if (wait > 0) {
              waitMs = wait;
              break;
            }
            delivered.push(...messages);
            records++;
          }
          if (records > 0) {
            await this.handleWithRedelivery(options, delivered, payload);
            const last = batch.messages[start + records - 1]!;
            payload.resolveOffset(last.offset);
            // Commit only after the handler (and its database transaction) succeeded.
            await consumer.commitOffsets([
              { topic: batch.topic, partition: batch.partition, offset: (BigInt(last.offset) + 1n).toString() },
            ]);
            await payload.heartbeat();
            start += records;
          }
          if (waitMs > 0) {
            // Hold this partition until its head is due; unresolved messages are fetched again on resume.
            const resume = payload.pause();
            const timer = setTimeout(() => {
              this.timers.delete(timer);
              resume();
            }, Math.min(waitMs, 60_000));
            this.timers.add(timer);
            return;
          }
        }
      },
    });
  }

  /**
   * A throwing handler means an infrastructure failure: retry the batch in place, with backoff,
   * until it passes or we lose the partition. Meanwhile the partition is reported stalled (readiness,
   * metric), and an operator may skip a message of it (taken out before each attempt).
   */
  private async handleWithRedelivery(options: ConsumeOptions, delivered: RawDelivered[], payload: EachBatchPayload): Promise<void> {
    const { topic, partition, offset } = delivered[0]!;
    // A handler that never answers (an await without end) must not stop the partition silently:
    // readiness reports it (the watch) and the log says so every minute it goes on.
    this.watch.started(options.groupId, delivered);
    const startedAt = Date.now();
    const nag = setInterval(
      () => this.options.log?.error({ topic, partition, offset, group: options.groupId, runningMs: Date.now() - startedAt }, 'batch handler has not answered; the partition is held'),
      60_000,
    );
    nag.unref();
    try {
      await this.handleAttempts(options, delivered, payload);
    } finally {
      clearInterval(nag);
      this.watch.finished(options.groupId, topic, partition);
    }
  }

  private async handleAttempts(options: ConsumeOptions, delivered: RawDelivered[], payload: EachBatchPayload): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const { keep, skipped } = this.watch.takeSkips(options.groupId, delivered);
      for (const m of skipped) this.options.log?.warn({ topic: m.topic, partition: m.partition, offset: m.offset, group: options.groupId }, 'message skipped by an operator');
      try {
        if (keep.length > 0) await options.handler(keep);
        this.watch.succeeded(options.groupId, delivered[0]!.topic, delivered[0]!.partition);
        return;
      } catch (err) {
        this.watch.failed(options.groupId, delivered, attempt, err);
        // A batch held back by an open circuit is expected while a dependency is down (the circuit logs its own changes).
        const level = (err as Error)?.name === 'CircuitOpenError' ? 'debug' : 'error';
        this.options.log?.[level]?.(
          { err, topic: delivered[0]?.topic, partition: delivered[0]?.partition, attempt, group: options.groupId },
          'batch handler failed; redelivering in place',
        );
        // The partition went to another member (or we are stopping): give the batch up uncommitted.
        // Retriable, so kafkajs restarts the consumer rather than leaving it stopped.
        if (!payload.isRunning() || payload.isStale()) {
          const { topic, partition } = delivered[0]!;
          this.watch.release(options.groupId, (t, p) => !(t === topic && p === partition));
          throw new BatchAbandonedError(topic, partition);
        }
        await sleep(redeliveryDelayMs(attempt));
        await payload.heartbeat();
      }
    }
  }

  async isHealthy(): Promise<boolean> {
    try {
      await this.withAdmin((admin) => admin.describeCluster());
      return true;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    await Promise.allSettled([...this.consumers].map((c) => c.disconnect()));
    this.consumers.clear();
    await Promise.allSettled([...[...this.producers.values()].map((p) => p.producer.disconnect()), this.adminClient.admin.disconnect()]);
    this.producers.clear();
  }
}

/** A failing batch given up because its partition moved: nothing was committed, the new owner redelivers it. */
class BatchAbandonedError extends Error {
  readonly retriable = true;
  constructor(topic: string, partition: number) {
    super(`batch of ${topic}/${partition} abandoned uncommitted: the partition moved while it was failing`);
    this.name = 'BatchAbandonedError';
  }
}

/** Sends are split so one partition's record batch stays well under the broker's 1 MiB. */
const SEND_CHUNK_BYTES = 512 * 1024;
/** A packed record holds at most this many messages and bytes; a message over PACK_ALONE_BYTES is sent unpacked. */
const PACK_MAX_MESSAGES = 500;
const PACK_MAX_BYTES = 256 * 1024;
const PACK_ALONE_BYTES = 64 * 1024;
const PARTITION_COUNT_MAX_AGE_MS = 300_000;

interface AdminClient {
  admin: Admin;
  ready?: Promise<void>;
  /** Calls using it now. */
  users: number;
  /** Replaced after a failure: disconnected when its last call ends. */
  retired: boolean;
}

/** kafkajs reports the broker's MESSAGE_TOO_LARGE (error code 10), possibly wrapped. */
function isTooLarge(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && depth < 5; depth++) {
    const x = e as { type?: string; code?: number; cause?: unknown; originalError?: unknown };
    if (x.type === 'MESSAGE_TOO_LARGE' || x.code === 10) return true;
    e = x.originalError ?? x.cause;
  }
  return false;
}

/** Runs `fn` again while it fails with a retriable Kafka error, for up to `ms`. */
async function retryWhileRetriable<T>(fn: () => Promise<T>, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      return await fn();
    } catch (err) {
      if (!(err as { retriable?: boolean }).retriable || Date.now() > deadline) throw err;
      await sleep(250);
    }
  }
}

function decodeHeaders(raw: KafkaMessage['headers']): Headers {
  const headers: Headers = {};
  for (const [k, v] of Object.entries(raw ?? {})) {
    if (v === undefined || v === null) continue;
    const one = Array.isArray(v) ? v[v.length - 1] : v;
    if (one !== undefined) headers[k] = Buffer.isBuffer(one) ? one.toString('utf8') : String(one);
  }
  return headers;
}

/**
 * A record as the messages it carries: one, or those of a packed record (pack.ts), each with the
 * record's timestamp. A packed record that cannot be unpacked is one message whose value
 * is not JSON: the bus dead-letters it as undecodable; it never stops the partition.
 */
function decodeRecord(topic: string, partition: number, m: KafkaMessage, unpack: (topic: string) => boolean): RawDelivered[] {
  const headers = decodeHeaders(m.headers);
  if (headers[PACK_HEADER] === undefined || m.value === null || !unpack(topic)) return [decode(topic, partition, m, headers)];
  try {
    // `<record offset>.<index>`: each message of a packed record has an offset of its own (what the
    // stalled list, a skip and a dead letter name); commits stay per record.
    return unpackMessages(m.value).map((x, i) => ({ topic, partition, offset: `${m.offset}.${i}`, key: x.key, value: x.value, headers: x.headers, timestamp: Number(m.timestamp) }));
  } catch (err) {
    if (!(err instanceof CorruptPackError)) throw err;
    // Not JSON, so the bus dead-letters it (undecodable), with the whole record kept (base64) and
    // without the pack header (its dead letter is an ordinary message).
    const { [PACK_HEADER]: _pack, ...rest } = headers;
    return [{ ...decode(topic, partition, m, rest), value: `${err.message}: ${m.value.toString('base64')}` }];
  }
}

function decode(topic: string, partition: number, m: KafkaMessage, headers = decodeHeaders(m.headers)): RawDelivered {
  return {
    topic,
    partition,
    offset: m.offset,
    key: m.key?.toString('utf8') ?? '',
    value: m.value === null ? null : m.value.toString('utf8'),
    headers,
    timestamp: Number(m.timestamp),
  };
}

/** A send not acknowledged within KafkaTransportOptions.sendTimeoutMs (retryable: the batch is redelivered). */
export class KafkaSendTimeoutError extends Error {
  constructor(topic: string, ms: number) {
    super(`Kafka did not acknowledge a send to ${topic} within ${ms} ms`);
    this.name = 'KafkaSendTimeoutError';
  }
}
