import { dlqTopic, isRetryable, type DeadLetterMessage, type TopicName } from '@questline/contracts';
import type {
  BatchHandler,
  DeliveredMessage,
  DeliveryFailure,
  MessageBus,
  MessageFailure,
  OutgoingMessage,
  Redelivery,
  SubscribeOptions,
  SubscribeRawOptions,
} from '../message-bus.port';
import { DUE_AT_HEADER, type Headers, type RawDelivered, type RawOutgoing, type Subscription, type Transport } from '../transport.port';
import { withConsumerSpan } from '../trace-context';
import { describeError, UndecodableMessageError, type ErrorInfo } from './classify-error';

/** Seed 001: retry immediately, then after 10 s, then after 60 s, then dead-letter. */
export const DEFAULT_RETRY_DELAYS_MS: readonly number[] = [0, 10_000, 60_000];

/** Headers the bus adds to a message it routes; stripped before handing it to a handler. */
export const RetryHeaders = {
  Attempts: 'questline-attempts',
  OriginTopic: 'questline-origin-topic',
  OriginPartition: 'questline-origin-partition',
  OriginOffset: 'questline-origin-offset',
  OriginTimestamp: 'questline-origin-timestamp',
  FirstFailedAt: 'questline-first-failed-at',
  ErrorClass: 'questline-error-class',
  ErrorMessage: 'questline-error-message',
  DueAt: DUE_AT_HEADER,
} as const;
const INTERNAL_HEADERS = new Set<string>(Object.values(RetryHeaders));

export interface ReliableBusOptions {
  /**
   * Delay before each retry. Leading zeros are immediate in-place retries; every other entry is
   * a retry topic per (topic, consumer group). [0, 10000, 60000] → 4 attempts, then the DLQ.
   */
  retryDelaysMs?: readonly number[];
  /** Told about every message routed to a retry topic or the DLQ (status, metrics, logs). */
  onFailure?: (failure: DeliveryFailure) => Promise<void> | void;
  log?: { warn(obj: object, msg: string): void; error(obj: object, msg: string): void };
}

/** Retry topic `tier` (1-based) of `topic` for `groupId`. */
export const retryTopic = (topic: string, groupId: string, tier: number) => `${topic}.${groupId}.retry-${tier}`;

interface Source {
  origin: string;
  /** 0: the topic itself; k ≥ 1: retry topic k. */
  tier: number;
}

interface Item<M> {
  raw: RawDelivered;
  decoded?: M;
  decodeError?: unknown;
}

/** The message bus every service uses: JSON typing, the retry ladder and dead-lettering over any Transport. */
export class ReliableMessageBus implements MessageBus {
  private readonly immediateRetries: number;
  private readonly tierDelays: number[];

  constructor(
    private readonly transport: Transport,
    private readonly options: ReliableBusOptions = {},
  ) {
    const delays = options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
    let i = 0;
    while (i < delays.length && delays[i] === 0) i++;
    this.immediateRetries = i;
    this.tierDelays = delays.slice(i).map((d) => Math.max(0, d));
  }

  ensureTopics(topics: readonly string[]): Promise<void> {
    return this.transport.ensureTopics(topics);
  }

  publish<T extends TopicName>(topic: T, messages: OutgoingMessage<T>[]): Promise<void> {
    return this.transport.send(
      topic,
      messages.map((m) => ({ key: m.key, value: JSON.stringify(m.value), headers: m.headers })),
    );
  }

  publishRaw(topic: string, messages: RawOutgoing[]): Promise<void> {
    return this.transport.send(topic, messages);
  }

  subscribe<T extends TopicName>(options: SubscribeOptions<T>): Promise<Subscription> {
    return this.consumeReliably<DeliveredMessage<T>>(options.groupId, options.topics, options.maxBatchSize, options.handler, (raw, origin, previousAttempts) => {
      if (raw.value === null) throw new UndecodableMessageError('empty message value (tombstone) on a JSON topic');
      return {
        topic: origin as T,
        partition: raw.partition,
        offset: raw.offset,
        key: raw.key,
        value: JSON.parse(raw.value),
        headers: raw.headers,
        previousAttempts,
      };
    });
  }

  async subscribeRaw(options: SubscribeRawOptions): Promise<Subscription> {
    if (options.retry === false) {
      await this.transport.ensureTopics(options.topics);
      return this.transport.consume({
        groupId: options.groupId,
        topics: options.topics,
        maxBatchSize: options.maxBatchSize,
        handler: async (batch) => {
          const failed = await options.handler(batch);
          if (failed && failed.length > 0) throw failed[0]!.error;
        },
      });
    }
    return this.consumeReliably<RawDelivered>(options.groupId, options.topics, options.maxBatchSize, options.handler, (raw, origin) => ({ ...raw, topic: origin }));
  }

  async redeliver(messages: Redelivery[]): Promise<void> {
    const byTopic = new Map<string, RawOutgoing[]>();
    const now = String(Date.now());
    for (const m of messages) {
      // Through the group's first retry topic, so other groups that already processed it are not bothered.
      const topic = this.tierDelays.length > 0 ? retryTopic(m.originTopic, m.groupId, 1) : m.originTopic;
      const headers = stripInternal(m.headers);
      if (topic !== m.originTopic) Object.assign(headers, { [RetryHeaders.Attempts]: '0', [RetryHeaders.OriginTopic]: m.originTopic, [RetryHeaders.DueAt]: now });
      const list = byTopic.get(topic) ?? [];
      list.push({ key: m.key, value: m.value, headers });
      byTopic.set(topic, list);
    }
    await this.transport.ensureTopics([...byTopic.keys()]);
    for (const [topic, list] of byTopic) await this.transport.send(topic, list);
  }

  isHealthy(): Promise<boolean> {
    return this.transport.isHealthy();
  }

  close(): Promise<void> {
    return this.transport.close();
  }

  private async consumeReliably<M>(
    groupId: string,
    topics: readonly string[],
    maxBatchSize: number | undefined,
    handler: BatchHandler<M>,
    decode: (raw: RawDelivered, origin: string, previousAttempts: number) => M,
  ): Promise<Subscription> {
    const sources = new Map<string, Source>();
    for (const origin of topics) {
      sources.set(origin, { origin, tier: 0 });
      this.tierDelays.forEach((_, i) => sources.set(retryTopic(origin, groupId, i + 1), { origin, tier: i + 1 }));
    }
    await this.transport.ensureTopics([...sources.keys(), ...topics.map(dlqTopic)]);
    return this.transport.consume({
      groupId,
      topics: [...sources.keys()],
      maxBatchSize,
      handler: async (batch) => {
        const source = sources.get(batch[0]!.topic)!;
        const items = batch.map((raw): Item<M> => {
          const clean = { ...raw, headers: stripInternal(raw.headers) };
          try {
            return { raw, decoded: decode(clean, source.origin, attemptsSoFar(raw)) };
          } catch (err) {
            return { raw, decodeError: err instanceof SyntaxError ? new UndecodableMessageError(`not JSON: ${err.message}`) : err };
          }
        });
        const failures = await this.process(groupId, source, items, handler);
        if (failures.length > 0) await this.route(groupId, source, failures);
      },
    });
  }

  /** Runs the handler; returns the messages that still fail after isolation and immediate retries. */
  private async process<M>(groupId: string, source: Source, items: Item<M>[], handler: BatchHandler<M>): Promise<{ item: Item<M>; error: unknown; attempts: number }[]> {
    const failed: { item: Item<M>; error: unknown; attempts: number }[] = [];
    const good: Item<M>[] = [];
    for (const item of items) {
      if (item.decodeError !== undefined) failed.push({ item, error: item.decodeError, attempts: attemptsSoFar(item.raw) + 1 });
      else good.push(item);
    }
    if (good.length === 0) return failed;

    const byMessage = new Map(good.map((i) => [i.decoded as M, i]));
    const run = async (batch: Item<M>[]) => {
      const head = batch[0]!.raw;
      const reported = await withConsumerSpan(
        `${source.origin} process`,
        head.headers,
        { 'messaging.system': 'questline', 'messaging.destination.name': source.origin, 'messaging.consumer.group.name': groupId, 'messaging.batch.message_count': batch.length },
        () => handler(batch.map((i) => i.decoded as M)),
      );
      return (reported ?? []).map((f: MessageFailure<M>) => ({ item: byMessage.get(f.message) ?? batch[0]!, error: f.error }));
    };

    // `tries`: handler calls that included the message in this delivery.
    let firstTry: { item: Item<M>; error: unknown; tries: number }[];
    try {
      firstTry = (await run(good)).map((f) => ({ ...f, tries: 1 }));
    } catch (err) {
      if (good.length === 1) firstTry = [{ item: good[0]!, error: err, tries: 1 }];
      else {
        // Something in the batch failed: find out what, one message at a time (in order). For the
        // failing message this second call is its immediate retry.
        firstTry = [];
        for (const item of good) {
          try {
            firstTry.push(...(await run([item])).map((f) => ({ ...f, tries: 2 })));
          } catch (e) {
            firstTry.push({ item, error: e, tries: 2 });
          }
        }
      }
    }

    for (const f of firstTry) {
      let { error, tries } = f;
      // Immediate retries happen only on the first delivery; retry topics give the later ones.
      while (source.tier === 0 && tries <= this.immediateRetries && isRetryable(describeError(error).class)) {
        tries++;
        try {
          const again = await run([f.item]);
          if (again.length === 0) {
            error = undefined;
            break;
          }
          error = again[0]!.error;
        } catch (e) {
          error = e;
        }
      }
      if (error !== undefined) failed.push({ item: f.item, error, attempts: attemptsSoFar(f.item.raw) + tries });
    }
    return failed;
  }

  /** Sends each failed message to the next retry topic, or to the DLQ; throws only if that write fails. */
  private async route<M>(groupId: string, source: Source, failures: { item: Item<M>; error: unknown; attempts: number }[]): Promise<void> {
    const now = Date.now();
    const nextTier = source.tier + 1;
    const retries: RawOutgoing[] = [];
    const dead: RawOutgoing[] = [];
    const reports: DeliveryFailure[] = [];
    for (const { item, error, attempts } of failures) {
      const info = describeError(error);
      const raw = item.raw;
      const firstFailedAt = raw.headers[RetryHeaders.FirstFailedAt] ?? new Date(now).toISOString();
      const origin = {
        topic: source.origin,
        partition: Number(raw.headers[RetryHeaders.OriginPartition] ?? raw.partition),
        offset: raw.headers[RetryHeaders.OriginOffset] ?? raw.offset,
        timestamp: Number(raw.headers[RetryHeaders.OriginTimestamp] ?? raw.timestamp),
      };
      const retry = isRetryable(info.class) && nextTier <= this.tierDelays.length;
      const userHeaders = stripInternal(raw.headers);
      if (retry) {
        retries.push({
          key: raw.key,
          value: raw.value,
          headers: {
            ...userHeaders,
            [RetryHeaders.Attempts]: String(attempts),
            [RetryHeaders.OriginTopic]: origin.topic,
            [RetryHeaders.OriginPartition]: String(origin.partition),
            [RetryHeaders.OriginOffset]: origin.offset,
            [RetryHeaders.OriginTimestamp]: String(origin.timestamp),
            [RetryHeaders.FirstFailedAt]: firstFailedAt,
            [RetryHeaders.ErrorClass]: info.class,
            [RetryHeaders.ErrorMessage]: info.message.slice(0, 500),
            [RetryHeaders.DueAt]: String(now + this.tierDelays[nextTier - 1]!),
          },
        });
      } else {
        const value: DeadLetterMessage = {
          originalEvent: parseOrRaw(raw.value),
          originalValue: raw.value,
          error: info,
          timestamp: new Date(now).toISOString(),
          firstFailedAt,
          retryCount: Math.max(0, attempts - 1),
          attempts,
          groupId,
          origin: { ...origin, key: raw.key, timestamp: new Date(origin.timestamp || now).toISOString(), headers: userHeaders },
        };
        dead.push({ key: raw.key, value: JSON.stringify(value), headers: { ...userHeaders, [RetryHeaders.ErrorClass]: info.class, 'questline-dlq-group': groupId } });
      }
      reports.push({ groupId, originTopic: source.origin, message: { ...raw, headers: userHeaders }, error: info, attempts, outcome: retry ? 'retrying' : 'dead_lettered' });
      this.options.log?.warn(
        { group: groupId, topic: source.origin, partition: origin.partition, offset: origin.offset, key: raw.key, attempts, error_class: info.class, err: info.message },
        retry ? `message failed; retrying in ${this.tierDelays[nextTier - 1]} ms` : 'message failed; dead-lettered',
      );
    }
    if (retries.length > 0) await this.transport.send(retryTopic(source.origin, groupId, nextTier), retries);
    if (dead.length > 0) await this.transport.send(dlqTopic(source.origin), dead);
    for (const r of reports) {
      try {
        await this.options.onFailure?.(r);
      } catch (err) {
        this.options.log?.error({ err, group: groupId, topic: source.origin }, 'delivery-failure listener failed');
      }
    }
  }
}

function attemptsSoFar(raw: RawDelivered): number {
  const n = Number(raw.headers[RetryHeaders.Attempts]);
  return Number.isFinite(n) && n > 0 ? n : 0;
}

function stripInternal(headers: Headers): Headers {
  const out: Headers = {};
  for (const [k, v] of Object.entries(headers)) if (!INTERNAL_HEADERS.has(k) && k !== 'questline-dlq-group') out[k] = v;
  return out;
}

function parseOrRaw(value: string | null): unknown {
  if (value === null) return null;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

export type { ErrorInfo };
